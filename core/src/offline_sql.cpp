#include "retort/offline_sql.h"

#include "command_support.h"
#include "retort/dialect_loader.h"
#include "retort/error.h"
#include "retort/migrator.h"
#include "retort/script_connection.h"
#include "scratch_history.h"
#include "text_util.h"

namespace retort {
namespace {

// Collects the script: the statements the migrator reports and those the
// script connection writes, in the order they come, and passes the events
// on to the caller's listener.
class ScriptRecorder : public MigrationListener, public ScriptWriter {
 public:
  explicit ScriptRecorder(MigrationListener& listener) : listener_(listener) {}

  void Statement(std::string_view sql) override {
    sql_.append(sql);
    sql_ += ";\n\n";
  }
  void Comment(std::string_view text) override {
    for (std::size_t start = 0;;) {
      const std::size_t end = text.find('\n', start);
      const std::string_view line = text.substr(start, end == text.npos ? end : end - start);
      sql_ += "--";
      if (!line.empty()) sql_.append(1, ' ').append(line);
      sql_ += '\n';
      if (end == text.npos) break;
      start = end + 1;
    }
    sql_ += "\n";
  }

  void OnPlan(const std::vector<MigrationStep>& plan) override {
    // Room for a generous kilobyte a step at once: a long script grown by
    // doubling copied itself and touched twice its size. Pages reserved but
    // never written cost nothing.
    sql_.reserve(sql_.size() + plan.size() * 1024);
    listener_.OnPlan(plan);
  }
  void OnStepBegin(const MigrationStep& step) override {
    // Built in a kept buffer: a long script has a comment a step.
    line_.assign(step.direction == Direction::kUpgrade ? "Running upgrade " : "Running downgrade ");
    AppendRows(step.heads_before);
    line_ += " -> ";
    AppendRows(step.heads_after);
    if (!step.revision.message.empty()) line_.append(", ").append(step.revision.message);
    Comment(line_);
    listener_.OnStepBegin(step);
  }
  void OnStepEnd(const MigrationStep& step, std::chrono::nanoseconds elapsed) override {
    listener_.OnStepEnd(step, elapsed);
  }
  void OnStatement(std::string_view sql) override {
    Statement(sql);
    listener_.OnStatement(sql);
  }
  void OnProgress(const Progress& progress) override { listener_.OnProgress(progress); }
  // What the person who runs the script should know is in the script too.
  void OnNotice(std::string_view message) override {
    Comment(message);
    listener_.OnNotice(message);
  }

  std::string Take() && { return std::move(sql_); }

 private:
  void AppendRows(const std::vector<std::string>& rows) {
    if (rows.empty()) line_ += "base";
    for (std::size_t i = 0; i < rows.size(); ++i) line_.append(i ? ", " : "").append(rows[i]);
  }

  MigrationListener& listener_;
  std::string sql_;
  std::string line_;  // the step's comment, before it is written
};

// The version rows of a database at `start`: "base", or revisions as a
// stamp of them would leave the rows.
std::vector<std::string> StartRows(const RevisionGraph& graph, std::string_view start) {
  if (start.empty()) throw RevisionError("the start of the range is empty; write base or a revision");
  if (start == "base") return {};
  std::vector<std::string> revisions;
  for (std::string_view revision : text::Split(start, ',')) revisions.emplace_back(revision);
  return graph.PlanStamp({}, revisions, false);
}

// Splits "START:END" (START empty when the range has no colon).
std::pair<std::string, std::string> SplitRange(std::string_view range, bool need_start,
                                               const char* command) {
  const std::size_t colon = range.find(':');
  if (colon == std::string_view::npos) {
    if (need_start) {
      throw RevisionError(std::string(command) + " --sql needs a range START:END, such as "
                          "head:base: offline, the database's revision is not read");
    }
    return {"base", std::string(range)};
  }
  if (range.find(':', colon + 1) != std::string_view::npos) {
    throw RevisionError("the range '" + std::string(range) + "' has more than one ':'");
  }
  return {std::string(range.substr(0, colon)), std::string(range.substr(colon + 1))};
}

// Runs `write` on a script connection of the configured dialect for a
// database at `start`, and returns what it wrote.
template <class Write>
OfflineScript WriteScript(const Config& config, ScriptDirectory& scripts,
                          const std::vector<std::string>& start, MigrationListener& listener,
                          Write&& write) {
  const Dialect& dialect = FindDialectForScheme(ConfiguredUrl(config).scheme);
  ScriptRecorder recorder(listener);
  std::unique_ptr<ScratchDatabase> history;
  if (dialect.traits().script_replays_history) {
    MigrationListener quiet;
    ScratchHistory scratch(config, scripts, quiet);
    scratch.UpgradeTo(start);
    history = std::move(scratch).Release();
  }
  std::unique_ptr<Connection> connection = dialect.OpenScript(recorder, std::move(history));
  Migrator migrator(dialect, *connection, scripts, recorder, config.tables);
  OfflineScript script;
  write(migrator, script);
  script.sql = std::move(recorder).Take();
  return script;
}

OfflineScript MigrationSql(const Config& config, std::string_view range,
                           MigrationListener& listener, Direction direction) {
  const bool up = direction == Direction::kUpgrade;
  const auto [start, end] = SplitRange(range, !up, up ? "upgrade" : "downgrade");
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  scripts.ExpectLoads();
  const std::vector<std::string> rows = StartRows(scripts.graph(), start);
  MigrateOptions options = OptionsOf(config);
  return WriteScript(config, scripts, rows, listener, [&](Migrator& migrator, OfflineScript& script) {
    script.steps = up ? migrator.ScriptUpgrade(rows, end, options)
                      : migrator.ScriptDowngrade(rows, end, options);
    script.rows = script.steps.empty() ? rows : script.steps.back().heads_after;
  });
}

}  // namespace

OfflineScript UpgradeSql(const Config& config, std::string_view range,
                         MigrationListener& listener) {
  return MigrationSql(config, range, listener, Direction::kUpgrade);
}

OfflineScript DowngradeSql(const Config& config, std::string_view range,
                           MigrationListener& listener) {
  return MigrationSql(config, range, listener, Direction::kDowngrade);
}

OfflineScript StampSql(const Config& config, std::string_view start,
                       const std::vector<std::string>& targets, bool purge) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  const std::vector<std::string> rows = StartRows(scripts.graph(), start);
  MigrationListener quiet;
  return WriteScript(config, scripts, rows, quiet, [&](Migrator& migrator, OfflineScript& script) {
    script.rows = migrator.ScriptStamp(rows, targets, purge, OptionsOf(config));
  });
}

}  // namespace retort
