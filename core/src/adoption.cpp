// Adopting a database made before retort: which revision's schema it has,
// found by replaying the history once on a scratch database, comparing after
// each revision.
#include <exception>
#include <sstream>

#include "adoption.h"
#include "retort/error.h"
#include "retort/schema_diff.h"
#include "scratch_history.h"
#include "text_util.h"

namespace retort {
namespace {

// What does not change how the database behaves: comments. A difference in
// them alone does not block adoption, and is listed.
Schema Behaviour(Schema schema) {
  for (Table& table : schema.tables) {
    table.comment.reset();
    for (Column& column : table.columns) column.comment.reset();
  }
  return schema;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Compares the scratch database with the live schema after each step of the
// replay. The newest matching state wins: a revision that changes only data
// leaves the schema as it was, and the database is taken to be past it.
class StateComparer : public MigrationListener {
 public:
  StateComparer(const Schema& live, Adoption& result) : live_(live), result_(result) {}

  void Attach(ScratchHistory& scratch) { scratch_ = &scratch; }

  // The state before any revision: an empty database.
  void Compare(const std::vector<std::string>& rows) {
    const Schema state = scratch_->Reflect();
    const std::string diff = DiffSchemas(state, live_);
    if (diff.empty()) {
      Match(rows, {});
    } else if (DiffSchemas(Behaviour(state), Behaviour(live_)).empty()) {
      Match(rows, Lines(diff));
    } else if (!matched_) {
      const std::size_t size = Lines(diff).size();
      if (closest_size_ == 0 || size <= closest_size_) {
        closest_size_ = size;
        result_.closest = rows;
        result_.diff = diff;
      }
    }
  }

  void OnStepEnd(const MigrationStep& step, std::chrono::nanoseconds) override {
    if (failure_) return;
    try {
      Compare(step.heads_after);
    } catch (...) {
      failure_ = std::current_exception();  // a listener must not throw
    }
  }

  void Rethrow() const {
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  void Match(const std::vector<std::string>& rows, std::vector<std::string> tolerated) {
    matched_ = true;
    result_.revisions = rows;
    result_.tolerated = std::move(tolerated);
    result_.closest.clear();
    result_.diff.clear();
  }

  const Schema& live_;
  Adoption& result_;
  ScratchHistory* scratch_ = nullptr;
  bool matched_ = false;
  std::size_t closest_size_ = 0;
  std::exception_ptr failure_;
};

Adoption FindAdoptionOf(const Config& config, ScriptDirectory& scripts, const Schema& live) {
  Adoption result;
  StateComparer comparer(live, result);
  ScratchHistory scratch(config, scripts, comparer);
  comparer.Attach(scratch);
  comparer.Compare({});
  scratch.UpgradeTo({"heads"});
  comparer.Rethrow();
  return result;
}

std::string Revisions(const std::vector<std::string>& rows) {
  return rows.empty() ? std::string("base (no revision)") : text::Join(rows, " ");
}

}  // namespace

Adoption FindAdoption(const Config& config) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  Database database = Open(config);
  return FindAdoptionOf(config, scripts,
                        ReflectUserSchema(*database.connection, config.tables));
}

std::string DescribeNoAdoption(const Adoption& adoption) {
  return "no revision's schema matches the database; the closest is " +
         Revisions(adoption.closest) + ", which differs by:\n" + adoption.diff;
}

void AdoptIfUnversioned(const Config& config, ScriptDirectory& scripts, Database& database,
                        MigrationListener& listener) {
  Connection& connection = *database.connection;
  if (connection.TableExists({config.tables.schema, config.tables.version})) return;
  const Schema live = ReflectUserSchema(connection, config.tables);
  if (live.tables.empty()) return;
  const Adoption adoption = FindAdoptionOf(config, scripts, live);
  const std::string unversioned = "the database holds tables but no version table (" +
                                  config.tables.version + "): it was made before retort";
  if (adoption.revisions.empty()) {
    throw RevisionError(unversioned + "; " + DescribeNoAdoption(adoption) +
                        "Bring the database to a revision's schema and run 'retort upgrade "
                        "--adopt', or, if these tables are not the history's to manage, "
                        "create the version table with 'retort ensure_version'");
  }
  const std::string revisions = Revisions(adoption.revisions);
  if (!config.adopt_unversioned) {
    throw RevisionError(unversioned + ". Its schema matches revision " + revisions +
                        ": run 'retort upgrade --adopt' (or set adopt_unversioned = true) to "
                        "stamp it as " + revisions + " and upgrade from there");
  }
  MigrationListener quiet;
  Migrator migrator = MigratorOf(config, database, scripts, quiet);
  MigrateOptions options = OptionsOf(config);
  options.adopt = true;
  try {
    migrator.Stamp(adoption.revisions, false, options);
  } catch (const RevisionError&) {
    // Another migrator adopted it first; the upgrade goes on from there.
    if (migrator.CurrentHeads().empty()) throw;
    return;
  }
  std::string notice = "adopted the database as revision " + revisions;
  for (const std::string& line : adoption.tolerated) notice += "\n  tolerated: " + line;
  listener.OnNotice(notice);
}

Adoption Adopt(const Config& config) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  Database database = Open(config);
  MigrationListener quiet;
  Migrator migrator = MigratorOf(config, database, scripts, quiet);
  if (const std::vector<std::string> rows = migrator.CurrentHeads(); !rows.empty()) {
    throw ConfigError("the database is already at " + text::Join(rows, " ") +
                      "; adoption is for a database made before retort");
  }
  const Adoption adoption = FindAdoptionOf(
      config, scripts, ReflectUserSchema(*database.connection, config.tables));
  if (adoption.revisions.empty() && !adoption.diff.empty()) {
    throw RevisionError(DescribeNoAdoption(adoption));
  }
  MigrateOptions options = OptionsOf(config);
  options.adopt = true;
  migrator.Stamp(adoption.revisions, false, options);
  return adoption;
}

}  // namespace retort
