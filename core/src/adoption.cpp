// Adopting a database made before retort: which revision's schema it has,
// found by replaying the history once on a scratch database, comparing after
// each revision.
#include <algorithm>
#include <exception>
#include <iterator>
#include <optional>
#include <set>
#include <sstream>
#include <utility>
#include <variant>

#include "adoption.h"
#include "overloaded.h"
#include "retort/error.h"
#include "retort/schema_diff.h"
#include "scratch_history.h"
#include "text_util.h"

namespace retort {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

using TableNames = std::set<std::string>;

TableNames NamesOf(const Schema& schema) {
  TableNames names;
  for (const Table& table : schema.tables) names.insert(table.name.name);
  return names;
}

// Follows what `op` does to the set of tables; false when it cannot tell
// (raw SQL may do anything).
bool FollowTables(const Operation& op, TableNames& names) {
  return std::visit(Overloaded{
                        [&](const CreateTable& create) {
                          names.insert(create.table.name.name);
                          return true;
                        },
                        [&](const DropTable& drop) {
                          names.erase(drop.name.name);
                          return true;
                        },
                        [&](const RenameTable& rename) {
                          names.erase(rename.name.name);
                          names.insert(rename.new_name);
                          return true;
                        },
                        [](const Execute&) { return false; },
                        [](const auto&) { return true; },
                    },
                    op);
}

std::size_t Distance(const TableNames& a, const TableNames& b) {
  std::vector<std::string> differing;
  std::set_symmetric_difference(a.begin(), a.end(), b.begin(), b.end(),
                                std::back_inserter(differing));
  return differing.size();
}

// Compares the scratch database with the live schema after each step of the
// replay. Reflecting a whole schema at every step would make the search
// quadratic; the set of tables, followed through the operations, is cheap,
// and only a state with the live database's tables (or after raw SQL, whose
// effect is unknown) is reflected. The newest matching state wins: a
// revision that changes only data leaves the schema as it was, and the
// database is taken to be past it. When none matches, the closest is the
// newest with the fewest differing tables, then the fewest differences.
class StateComparer : public MigrationListener {
 public:
  StateComparer(const ScriptDirectory& scripts, const Schema& live)
      : scripts_(scripts), live_(live), live_names_(NamesOf(live)) {}

  void Attach(ScratchHistory& scratch) { scratch_ = &scratch; }

  // The state before any revision: an empty database.
  void Start() { Consider({}, true); }

  void OnStepEnd(const MigrationStep& step, std::chrono::nanoseconds) override {
    if (failure_) return;
    try {
      const Revision revision = scripts_.Load(step.revision);
      // What C++ code did to the tables is unknown, as after raw SQL.
      bool followed = !revision.code;
      for (const RevisionOp& op : revision.upgrade) {
        followed = FollowTables(op.op, names_) && followed;
      }
      Consider(step.heads_after, !followed);
    } catch (...) {
      failure_ = std::current_exception();  // a listener must not throw
    }
  }

  // What the replay found. When nothing matched and the closest state was
  // never reflected, replays up to it on a fresh scratch database.
  Adoption Finish(const Config& config, ScriptDirectory& scripts) {
    if (failure_) std::rethrow_exception(failure_);
    if (matched_) {
      result_.closest.clear();
      return result_;
    }
    if (closest_diff_) {
      result_.diff = *closest_diff_;
      return result_;
    }
    MigrationListener quiet;
    ScratchHistory scratch(config, scripts, quiet);
    scratch.UpgradeTo(result_.closest);
    result_.diff = CompareSchemas(scratch.Reflect(), live_).diff;
    return result_;
  }

 private:
  void Consider(const std::vector<std::string>& rows, bool must_reflect) {
    std::optional<Schema> state;
    if (must_reflect) {
      state = scratch_->Reflect();
      names_ = NamesOf(*state);
    }
    const std::size_t distance = Distance(names_, live_names_);
    std::optional<std::string> diff;
    if (distance == 0) {
      if (!state) state = scratch_->Reflect();
      // What does not change behaviour (CompareSchemas' tolerated
      // differences) does not block adoption, and is listed.
      SchemaComparison comparison = CompareSchemas(*state, live_);
      if (comparison.matches()) return Match(rows, std::move(comparison.tolerated));
      diff = std::move(comparison.diff);
    }
    if (matched_ || distance > closest_distance_) return;
    const std::size_t lines = diff ? Lines(*diff).size() : 0;
    if (distance == closest_distance_ && diff && closest_diff_ &&
        lines > Lines(*closest_diff_).size()) {
      return;
    }
    closest_distance_ = distance;
    result_.closest = rows;
    closest_diff_ = diff;
  }

  void Match(const std::vector<std::string>& rows, std::vector<std::string> tolerated) {
    matched_ = true;
    result_.revisions = rows;
    result_.tolerated = std::move(tolerated);
  }

  const ScriptDirectory& scripts_;
  const Schema& live_;
  const TableNames live_names_;
  TableNames names_;
  ScratchHistory* scratch_ = nullptr;
  Adoption result_;
  bool matched_ = false;
  std::size_t closest_distance_ = static_cast<std::size_t>(-1);
  std::optional<std::string> closest_diff_;
  std::exception_ptr failure_;
};

Adoption FindAdoptionOf(const Config& config, ScriptDirectory& scripts, const Schema& live) {
  StateComparer comparer(scripts, live);
  {
    ScratchHistory scratch(config, scripts, comparer);
    comparer.Attach(scratch);
    comparer.Start();
    scratch.UpgradeTo({"heads"});
  }
  return comparer.Finish(config, scripts);
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
  const QualifiedName version_table{config.tables.schema, config.tables.version};
  if (connection.TableExists(version_table)) return;
  const Schema live = ReflectUserSchema(connection, config.tables);
  if (live.tables.empty()) return;
  // Asked again, after the tables were read: another migrator may have just
  // committed its first revision. It makes the version table before its
  // tables or in the same transaction, so tables read here with no version
  // table read after them are tables made without retort.
  if (connection.TableExists(version_table)) return;
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
