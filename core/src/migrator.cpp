#include "retort/migrator.h"

#include <algorithm>
#include <optional>

#include "checksum_check.h"
#include "migration_lock.h"
#include "retort/error.h"
#include "run_facts.h"
#include "step_runner.h"
#include "steps_ahead.h"
#include "text_util.h"
#include "version_table.h"

namespace retort {
namespace {

// Sets the statement lock timeout back to none when a run ends, so that
// what the connection runs next (a stamp, an application's own work) is not
// bounded by the run's ddl_lock_timeout.
class StatementLockTimeoutReset {
 public:
  explicit StatementLockTimeoutReset(Connection& connection) : connection_(connection) {}
  ~StatementLockTimeoutReset() {
    try {
      connection_.SetStatementLockTimeout(std::nullopt);
    } catch (const Error&) {
      // The connection is broken; whatever runs next on it fails anyway.
    }
  }
  StatementLockTimeoutReset(const StatementLockTimeoutReset&) = delete;
  StatementLockTimeoutReset& operator=(const StatementLockTimeoutReset&) = delete;

 private:
  Connection& connection_;
};

}  // namespace

Migrator::Migrator(const Dialect& dialect, Connection& connection, ScriptDirectory& scripts,
                   MigrationListener& listener, VersionTableNames tables)
    : dialect_(dialect),
      connection_(connection),
      scripts_(scripts),
      listener_(listener),
      tables_(std::move(tables)) {}

std::vector<std::string> Migrator::CurrentHeads() {
  return VersionTable(dialect_, connection_, listener_, tables_).Read();
}

std::vector<HistoryRow> Migrator::History() {
  return VersionTable(dialect_, connection_, listener_, tables_).ReadHistory();
}

std::vector<IncompleteRevision> Migrator::Incomplete() {
  return VersionTable(dialect_, connection_, listener_, tables_).ReadIncomplete();
}

bool Migrator::EnsureVersionTables(const MigrateOptions& options) {
  VersionTable versions(dialect_, connection_, listener_, tables_);
  LockGuard lock(connection_, options.lock_timeout);
  if (versions.HasTables()) return false;  // looked up outside the transaction
  TransactionGuard transaction(connection_, {});
  const bool changed = versions.Create();
  transaction.Commit();
  return changed;
}

std::vector<MigrationStep> Migrator::Upgrade(std::string_view target,
                                             const MigrateOptions& options) {
  return Run(Direction::kUpgrade, target, options, nullptr);
}

std::vector<MigrationStep> Migrator::Downgrade(std::string_view target,
                                               const MigrateOptions& options) {
  return Run(Direction::kDowngrade, target, options, nullptr);
}

std::vector<MigrationStep> Migrator::ScriptUpgrade(const std::vector<std::string>& start,
                                                   std::string_view target,
                                                   const MigrateOptions& options) {
  return Run(Direction::kUpgrade, target, options, &start);
}

std::vector<MigrationStep> Migrator::ScriptDowngrade(const std::vector<std::string>& start,
                                                     std::string_view target,
                                                     const MigrateOptions& options) {
  return Run(Direction::kDowngrade, target, options, &start);
}

std::vector<std::string> Migrator::ScriptStamp(const std::vector<std::string>& start,
                                               const std::vector<std::string>& targets,
                                               bool purge, const MigrateOptions& options) {
  return RunStamp(targets, purge, options, &start);
}

std::vector<std::string> Migrator::Stamp(const std::vector<std::string>& targets, bool purge,
                                         const MigrateOptions& options) {
  return RunStamp(targets, purge, options, nullptr);
}

std::vector<MigrationStep> Migrator::Run(Direction direction, std::string_view target,
                                         const MigrateOptions& options,
                                         const std::vector<std::string>* offline_start) {
  const RevisionGraph& graph = scripts_.graph();
  VersionTable versions(dialect_, connection_, listener_, tables_);
  std::optional<LockGuard> lock;
  if (offline_start) {
    versions.AssumeOffline(*offline_start);
  } else {
    lock.emplace(connection_, options.lock_timeout);
  }

  // A revision that stopped part-way outside a transaction must be resolved
  // by a person first: running again could repeat what it did.
  if (const std::vector<IncompleteRevision> marks = versions.ReadIncomplete(); !marks.empty()) {
    throw RevisionError(DescribeIncomplete(marks.front()));
  }
  // Plan from the rows as they are once the lock is held: a migrator that
  // waited finds the work of the one before it done.
  const std::vector<std::string> current = versions.Read();
  CheckAppliedChecksums(versions, current, scripts_, options.on_checksum_mismatch, listener_);
  std::vector<MigrationStep> plan = direction == Direction::kUpgrade
                                        ? graph.PlanUpgrade(current, target)
                                        : graph.PlanDowngrade(current, target);
  if (plan.empty()) return plan;
  // A script (offline) has no database to protect from a revision that
  // turns out broken part-way, so its revisions are read while the steps
  // before them are written, a window ahead; a run against a database reads
  // and checks every one first.
  const bool read_ahead = offline_start != nullptr && options.transaction_per_revision;
  std::optional<StepsAhead> ahead;
  std::vector<PreparedStep> steps;
  if (read_ahead) {
    ahead.emplace(plan, direction, scripts_, dialect_, options);
  } else {
    steps = Prepare(plan, direction, scripts_, dialect_, options);
  }
  listener_.OnPlan(plan);

  StepRunner runner{dialect_,
                    connection_,
                    versions,
                    listener_,
                    direction,
                    ExecutingUser(),
                    options.tag,
                    options.transaction_per_revision,
                    current,
                    current};
  runner.offline = offline_start != nullptr;
  const bool need_tables = !versions.HasTables();
  StatementLockTimeoutReset reset{connection_};
  // Success is reported once every node of a cluster has the run.
  const auto ran = [&] {
    if (!offline_start) connection_.WaitForReplicas(options.lock_timeout, listener_);
    return plan;
  };
  if (options.transaction_per_revision) {
    for (std::size_t index = 0; index < plan.size(); ++index) {
      // Each step is let go once it ran: only the window ahead is held.
      const PreparedStep step = ahead ? ahead->Take(index) : std::move(steps[index]);
      RunRetryingRevision(runner, step, index == 0 && need_tables);
    }
    ahead.reset();  // its thread reads the plan until it stops
    return ran();   // every step ran
  }
  // One transaction: a lock timeout rolls back every revision of the run,
  // so the whole run is what is tried again, as often as the revision that
  // timed out allows.
  for (int retry = 1;; ++retry) {
    std::size_t index = 0;
    try {
      TransactionGuard whole_run(connection_, OperationsOf(steps));
      for (; index < steps.size(); ++index) {
        runner.Run(steps[index], /*first=*/index == 0, /*create_tables=*/index == 0 && need_tables);
      }
      runner.WithContext("committing the run: ", [&] { whole_run.Commit(); });
      return ran();
    } catch (const LockTimeoutError& error) {
      // Rolled back by now: nothing stays locked during the pause.
      const PreparedStep& failed = steps[std::min(index, steps.size() - 1)];
      if (retry > failed.ddl_lock.retries) throw FinalLockTimeout(error, failed.ddl_lock, "");
      PauseBeforeRetry(listener_, failed, error, retry, "the whole run (one transaction)");
    }
  }
}

std::vector<std::string> Migrator::RunStamp(const std::vector<std::string>& targets, bool purge,
                                            const MigrateOptions& options,
                                            const std::vector<std::string>* offline_start) {
  const RevisionGraph& graph = scripts_.graph();
  VersionTable versions(dialect_, connection_, listener_, tables_);
  std::optional<LockGuard> lock;
  if (offline_start) {
    versions.AssumeOffline(*offline_start);
  } else {
    lock.emplace(connection_, options.lock_timeout);
  }
  const std::vector<std::string> current = versions.Read();
  if (options.adopt && !current.empty()) {
    throw RevisionError("the database is already at " + text::Join(current, " ") +
                        ", so there is nothing to adopt");
  }
  std::vector<std::string> rows = graph.PlanStamp(current, targets, purge);
  std::sort(rows.begin(), rows.end());
  const std::vector<IncompleteRevision> marks = versions.ReadIncomplete();
  if (rows == current && !purge && marks.empty()) return rows;

  const bool need_tables = !versions.HasTables();
  TransactionGuard transaction(connection_, {});
  if (need_tables) versions.Create();
  if (!marks.empty()) versions.ClearIncomplete();
  versions.Replace(current, rows);
  const std::string now = UtcTimestamp();
  const std::string who = ExecutingUser();
  auto record = [&](const std::string& id, const char* direction) {
    HistoryRow row;
    row.revision = id;
    row.direction = direction;
    row.started_at = now;
    row.finished_at = now;
    row.executed_by = who;
    row.tag = options.tag;
    versions.Record(row);
  };
  for (const std::string& id : current) {
    if (std::find(rows.begin(), rows.end(), id) == rows.end()) record(id, "unstamp");
  }
  for (const std::string& id : rows) {
    if (std::find(current.begin(), current.end(), id) == current.end()) {
      record(id, options.adopt ? "adopt" : "stamp");
    }
  }
  transaction.Commit();
  if (!offline_start) connection_.WaitForReplicas(options.lock_timeout, listener_);
  return rows;
}

}  // namespace retort
