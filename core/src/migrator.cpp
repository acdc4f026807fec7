#include "retort/migrator.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "code_revision_run.h"
#include "incomplete_revision.h"
#include "lock_retry.h"
#include "retort/error.h"
#include "text_util.h"
#include "run_facts.h"
#include "version_table.h"
#include "x_arguments.h"

namespace retort {
namespace {

using Clock = std::chrono::steady_clock;

// A step with everything it will run, read and checked before anything runs.
struct PreparedStep {
  MigrationStep step;
  Revision revision;
  std::vector<RevisionOp> ops;
  DdlLockSettings ddl_lock;
};

std::string RowsText(const std::vector<std::string>& rows) {
  return rows.empty() ? std::string("base") : text::Join(rows, ", ");
}

// Holds the migration lock for a scope.
class LockGuard {
 public:
  LockGuard(Connection& connection, std::chrono::milliseconds timeout) : connection_(connection) {
    connection_.AcquireMigrationLock(timeout);
  }
  ~LockGuard() { connection_.ReleaseMigrationLock(); }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

 private:
  Connection& connection_;
};

// Rolls back unless committed.
class TransactionGuard {
 public:
  TransactionGuard(Connection& connection, const std::vector<const Operation*>& ops)
      : connection_(connection) {
    connection_.Begin(ops);
  }
  ~TransactionGuard() {
    if (open_) connection_.Rollback();
  }
  void Commit() {
    connection_.Commit();
    open_ = false;
  }
  TransactionGuard(const TransactionGuard&) = delete;
  TransactionGuard& operator=(const TransactionGuard&) = delete;

 private:
  Connection& connection_;
  bool open_ = true;
};

std::vector<const Operation*> OperationsOf(const std::vector<PreparedStep>& steps) {
  std::vector<const Operation*> ops;
  for (const PreparedStep& prepared : steps) {
    for (const RevisionOp& op : prepared.ops) ops.push_back(&op.op);
  }
  return ops;
}

// Reads every revision of the plan and checks each operation with the
// dialect, so that nothing runs when any revision cannot.
std::vector<PreparedStep> Prepare(const std::vector<MigrationStep>& plan, Direction direction,
                                  const ScriptDirectory& scripts, const Dialect& dialect,
                                  const MigrateOptions& options) {
  std::vector<PreparedStep> steps;
  steps.reserve(plan.size());
  for (const MigrationStep& step : plan) {
    PreparedStep prepared{step, scripts.Load(step.revision), {}, {}};
    prepared.ddl_lock = DdlLockSettingsOf(prepared.revision, options);
    if (!prepared.revision.transactional && !options.transaction_per_revision) {
      throw OperationError(DescribeLocation(prepared.revision.header, 0) +
                           " says transaction: false, so it cannot run inside the single "
                           "transaction of --single-transaction (transaction_per_revision = "
                           "false); nothing was run");
    }
    if (prepared.revision.code) {
      CheckCodeRunnable(prepared.revision, direction);
      steps.push_back(std::move(prepared));
      continue;
    }
    prepared.ops = direction == Direction::kUpgrade ? prepared.revision.upgrade
                                                    : DowngradeOperations(prepared.revision);
    // After the checksum was taken: it is of the file, whatever -x says.
    SubstituteXArguments(prepared.revision.header, prepared.ops, options.x_arguments);
    for (const RevisionOp& op : prepared.ops) {
      try {
        dialect.Check(op);
      } catch (const OperationError& error) {
        throw OperationError(DescribeLocation(prepared.revision.header, op.line) + ": " + error.what() +
                             "; nothing was run");
      }
    }
    steps.push_back(std::move(prepared));
  }
  return steps;
}

// Runs prepared steps: operations, version rows, history row, commit. Every
// error leaving it names the revision and what the database is left at.
struct StepRunner {
  const Dialect& dialect;
  Connection& connection;
  VersionTable& versions;
  MigrationListener& listener;
  Direction direction;
  std::string executed_by;
  std::string tag;
  bool transaction_per_revision;
  std::vector<std::string> rows_before_run;
  std::vector<std::string> rows_if_failed;  // what a failure leaves the database at
  IncompleteRevision* incomplete = nullptr;  // the running revision's mark, if it has one

  void Run(const PreparedStep& prepared, bool first, bool create_tables) {
    const bool transactional = prepared.revision.transactional;
    connection.SetStatementLockTimeout(prepared.ddl_lock.timeout);
    std::vector<const Operation*> ops;
    for (const RevisionOp& op : prepared.ops) ops.push_back(&op.op);
    // A revision outside a transaction is marked incomplete first, in a
    // transaction of its own, so that a failure (or a kill) part-way shows.
    std::unique_ptr<TransactionGuard> transaction;
    if (transaction_per_revision) {
      transaction = std::make_unique<TransactionGuard>(connection,
                                                       transactional ? ops : std::vector<const Operation*>{});
    }
    rows_if_failed = transaction_per_revision ? prepared.step.heads_before : rows_before_run;
    incomplete = nullptr;
    const std::string where = DescribeLocation(prepared.revision.header, 0) + ": ";
    if (create_tables) WithContext(where, [&] { versions.Create(); });
    // Inside the transaction the rows must still be what the plan expects;
    // anything else means someone migrated without taking the lock.
    if (first || transaction_per_revision) CheckRows(prepared.step.heads_before);

    listener.OnStepBegin(prepared.step);
    const std::string started_at = UtcTimestamp();
    const Clock::time_point started = Clock::now();
    IncompleteRevision mark{prepared.revision.header.id,
                            direction == Direction::kUpgrade ? "upgrade" : "downgrade",
                            text::Join(prepared.step.heads_before, " "),
                            text::Join(prepared.step.heads_after, " "), started_at, executed_by,
                            ""};
    if (!transactional) {
      WithContext(where, [&] {
        versions.MarkIncomplete(mark);
        transaction->Commit();
      });
      incomplete = &mark;
    }
    Connection::Span current;
    try {
      if (prepared.revision.code) {
        RunCodeRevision(prepared.revision, direction, connection, dialect.name(), listener);
      } else {
        connection.Apply(prepared.ops, listener, &current);
      }
    } catch (const Error&) {
      // Name the operations that failed, then add what every failure says.
      std::string what;
      if (prepared.revision.code) {
        what = DescribeCodeRevision(prepared.revision);
      } else if (current.first < prepared.ops.size()) {
        const RevisionOp& failed = prepared.ops[current.first];
        what = DescribeLocation(prepared.revision.header, failed.line) + ", " + Describe(failed.op);
        if (current.count > 1) {
          what += " (with the next " + std::to_string(current.count - 1) +
                  " operation(s), in one table rebuild)";
        }
      }
      WithContext(what + ": ", [] { throw; });
    }
    const auto elapsed = Clock::now() - started;
    WithContext(where, [&] {
      if (!transactional) transaction = std::make_unique<TransactionGuard>(connection, ops);
      versions.Replace(prepared.step.heads_before, prepared.step.heads_after);
      HistoryRow row;
      row.revision = prepared.revision.header.id;
      row.direction = mark.direction;
      row.checksum = prepared.revision.checksum;
      row.started_at = started_at;
      row.finished_at = UtcTimestamp();
      row.duration_ms = std::chrono::duration<double, std::milli>(elapsed).count();
      row.executed_by = executed_by;
      row.tag = tag;
      versions.Record(row);
      if (!transactional) versions.ClearIncomplete(mark.revision);
      if (transaction) transaction->Commit();
    });
    incomplete = nullptr;
    listener.OnStepEnd(prepared.step, elapsed);
  }

  void CheckRows(std::vector<std::string> expected) {
    std::sort(expected.begin(), expected.end());
    if (const std::vector<std::string> actual = versions.Read(); actual != expected) {
      throw DatabaseError("the version table changed under retort (expected " +
                              RowsText(expected) + ", found " + RowsText(actual) +
                              "): another process migrated without the lock; run again",
                          "");
    }
  }

  // Runs `work`, adding `context` and the outcome to the errors it throws.
  template <class Work>
  void WithContext(const std::string& context, Work&& work) {
    try {
      work();
    } catch (const LockTimeoutError& error) {
      throw LockTimeoutError(context + error.what() + Outcome(context + error.what()),
                             error.code(), error.object(), error.holders());
    } catch (const DatabaseError& error) {
      throw DatabaseError(context + error.what() + Outcome(context + error.what()), error.code());
    } catch (const OperationError& error) {
      throw OperationError(context + error.what() + Outcome(context + error.what()));
    }
  }

  // What a failure leaves behind, for its message.
  std::string Outcome(const std::string& failure) {
    if (incomplete) {
      // Keep why, for `current` and the next upgrade; the database may be
      // unreachable by now, and the error at hand matters more.
      incomplete->failure = failure;
      try {
        versions.RecordFailure(incomplete->revision, failure);
      } catch (const Error&) {
      }
      return "; the revision ran outside a transaction (transaction: false) and is marked "
             "incomplete. " + RecoveryAdvice(*incomplete);
    }
    return dialect.traits().transactional_ddl
               ? "; rolled back, the database is at " + RowsText(rows_if_failed)
               : "; the version table says " + RowsText(rows_if_failed) + ", but " +
                     dialect.name() + " does not roll back DDL: check the schema";
  }
};

void PauseBeforeRetry(MigrationListener& listener, const PreparedStep& failed,
                      const LockTimeoutError& error, int retry, const std::string& what) {
  const std::chrono::milliseconds pause = RetryPause(retry);
  listener.OnNotice(RetryNotice(failed.revision.header.id, error, retry,
                                 failed.ddl_lock.retries, pause, what));
  std::this_thread::sleep_for(pause);
}

void RunRetryingRevision(StepRunner& runner, const PreparedStep& prepared, bool create_tables) {
  for (int retry = 1;; ++retry) {
    try {
      runner.Run(prepared, /*first=*/true, create_tables);
      return;
    } catch (const LockTimeoutError& error) {
      // Its transaction was rolled back as the error left Run.
      if (!prepared.revision.transactional) {
        throw FinalLockTimeout(error, prepared.ddl_lock,
                               "the revision runs outside a transaction (transaction: false), "
                               "so its statements before the one that timed out stay done, and "
                               "running it again would repeat them");
      }
      if (retry > prepared.ddl_lock.retries) throw FinalLockTimeout(error, prepared.ddl_lock, "");
      PauseBeforeRetry(runner.listener, prepared, error, retry, "");
    }
  }
}

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
  return Run(Direction::kUpgrade, target, options);
}

std::vector<MigrationStep> Migrator::Downgrade(std::string_view target,
                                               const MigrateOptions& options) {
  return Run(Direction::kDowngrade, target, options);
}

std::vector<MigrationStep> Migrator::Run(Direction direction, std::string_view target,
                                         const MigrateOptions& options) {
  const RevisionGraph& graph = scripts_.graph();
  VersionTable versions(dialect_, connection_, listener_, tables_);
  LockGuard lock(connection_, options.lock_timeout);

  // A revision that stopped part-way outside a transaction must be resolved
  // by a person first: running again could repeat what it did.
  if (const std::vector<IncompleteRevision> marks = versions.ReadIncomplete(); !marks.empty()) {
    throw RevisionError(DescribeIncomplete(marks.front()));
  }
  // Plan from the rows as they are once the lock is held: a migrator that
  // waited finds the work of the one before it done.
  const std::vector<std::string> current = versions.Read();
  const std::vector<MigrationStep> plan = direction == Direction::kUpgrade
                                              ? graph.PlanUpgrade(current, target)
                                              : graph.PlanDowngrade(current, target);
  if (plan.empty()) return plan;
  const std::vector<PreparedStep> steps = Prepare(plan, direction, scripts_, dialect_, options);

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
  const bool need_tables = !versions.HasTables();
  StatementLockTimeoutReset reset{connection_};
  std::vector<MigrationStep> done;
  if (options.transaction_per_revision) {
    for (std::size_t index = 0; index < steps.size(); ++index) {
      RunRetryingRevision(runner, steps[index], index == 0 && need_tables);
      done.push_back(steps[index].step);
    }
    return done;
  }
  // One transaction: a lock timeout rolls back every revision of the run,
  // so the whole run is what is tried again, as often as the revision that
  // timed out allows.
  for (int retry = 1;; ++retry) {
    std::size_t index = 0;
    try {
      TransactionGuard whole_run(connection_, OperationsOf(steps));
      done.clear();
      for (; index < steps.size(); ++index) {
        runner.Run(steps[index], /*first=*/index == 0, /*create_tables=*/index == 0 && need_tables);
        done.push_back(steps[index].step);
      }
      runner.WithContext("committing the run: ", [&] { whole_run.Commit(); });
      return done;
    } catch (const LockTimeoutError& error) {
      // Rolled back by now: nothing stays locked during the pause.
      const PreparedStep& failed = steps[std::min(index, steps.size() - 1)];
      if (retry > failed.ddl_lock.retries) throw FinalLockTimeout(error, failed.ddl_lock, "");
      PauseBeforeRetry(listener_, failed, error, retry, "the whole run (one transaction)");
    }
  }
}

std::vector<std::string> Migrator::Stamp(const std::vector<std::string>& targets, bool purge,
                                         const MigrateOptions& options) {
  const RevisionGraph& graph = scripts_.graph();
  VersionTable versions(dialect_, connection_, listener_, tables_);
  LockGuard lock(connection_, options.lock_timeout);
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
  return rows;
}

}  // namespace retort
