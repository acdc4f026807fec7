#include "step_runner.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

#include "code_revision_run.h"
#include "incomplete_revision.h"
#include "parallel_for.h"
#include "run_facts.h"
#include "statement_progress.h"
#include "text_util.h"
#include "x_arguments.h"

namespace retort {
namespace {

using Clock = std::chrono::steady_clock;

// Reading a small revision takes some 20 µs, starting a thread some 50 µs:
// a second thread pays from a few hundred revisions on.
constexpr std::size_t kRevisionsPerThread = 256;

}  // namespace

PreparedStep ReadStep(const MigrationStep& step, Direction direction,
                      const ScriptDirectory& scripts, const MigrateOptions& options,
                      bool as_listed) {
  PreparedStep prepared{
      &step, as_listed ? scripts.LoadAsListed(step.revision) : scripts.Load(step.revision), {}, {}};
  prepared.ddl_lock = DdlLockSettingsOf(prepared.revision, options);
  if (!prepared.revision.transactional && !options.transaction_per_revision) {
    throw OperationError(DescribeLocation(prepared.revision.header, 0) +
                         " says transaction: false, so it cannot run inside the single "
                         "transaction of --single-transaction (transaction_per_revision = "
                         "false); nothing was run");
  }
  if (prepared.revision.code) {
    CheckCodeRunnable(prepared.revision, direction);
    return prepared;
  }
  prepared.ops = direction == Direction::kUpgrade ? std::move(prepared.revision.upgrade)
                                                  : DowngradeOperations(prepared.revision);
  // Only what runs is kept: a long plan holds all its revisions at once.
  prepared.revision.upgrade.clear();
  prepared.revision.downgrade.reset();
  // After the checksum was taken: it is of the file, whatever -x says.
  SubstituteXArguments(prepared.revision.header, prepared.ops, options.x_arguments);
  return prepared;
}

void CheckStep(const PreparedStep& prepared, const Dialect& dialect) {
  for (const RevisionOp& op : prepared.ops) {
    try {
      dialect.Check(op);
    } catch (const OperationError& error) {
      throw OperationError(DescribeLocation(prepared.revision.header, op.line) + ": " +
                           error.what() + "; nothing was run");
    }
  }
}

PreparedStep PrepareStep(const MigrationStep& step, Direction direction,
                         const ScriptDirectory& scripts, const Dialect& dialect,
                         const MigrateOptions& options) {
  PreparedStep prepared = ReadStep(step, direction, scripts, options, /*as_listed=*/false);
  CheckStep(prepared, dialect);
  return prepared;
}

std::string RowsText(const std::vector<std::string>& rows) {
  return rows.empty() ? std::string("base") : text::Join(rows, ", ");
}

std::vector<const RevisionOp*> OperationsOf(const std::vector<PreparedStep>& steps) {
  std::vector<const RevisionOp*> ops;
  for (const PreparedStep& prepared : steps) {
    for (const RevisionOp& op : prepared.ops) ops.push_back(&op);
  }
  return ops;
}

std::vector<PreparedStep> Prepare(const std::vector<MigrationStep>& plan, Direction direction,
                                  const ScriptDirectory& scripts, const Dialect& dialect,
                                  const MigrateOptions& options) {
  // Every file is read and checked before anything runs, so that a broken
  // one stops the run before it starts; on every core, since the files are
  // independent and a dialect's const members may be called from several
  // threads. The first step in the plan's order that fails is reported.
  std::vector<PreparedStep> steps(plan.size());
  ParallelFor(plan.size(), kRevisionsPerThread, [&](std::size_t i) {
    steps[i] = PrepareStep(plan[i], direction, scripts, dialect, options);
  });
  return steps;
}

bool StepRunner::RollsBack(const PreparedStep& prepared) const {
  return prepared.revision.transactional &&
         (dialect.traits().transactional_ddl || !transaction_per_revision);
}

void StepRunner::Run(const PreparedStep& prepared, bool first, bool create_tables) {
  const bool transactional = RollsBack(prepared);
  connection.SetStatementLockTimeout(prepared.ddl_lock.timeout);
  std::vector<const RevisionOp*> ops;
  for (const RevisionOp& op : prepared.ops) ops.push_back(&op);
  // A revision outside a transaction is marked incomplete first, in a
  // transaction of its own, so that a failure (or a kill) part-way shows.
  std::unique_ptr<TransactionGuard> transaction;
  if (transaction_per_revision) {
    transaction = std::make_unique<TransactionGuard>(connection,
                                                     transactional ? ops : std::vector<const RevisionOp*>{});
  }
  rows_if_failed = transaction_per_revision ? prepared.step->heads_before : rows_before_run;
  incomplete = nullptr;
  const auto where = [&] { return DescribeLocation(prepared.revision.header, 0) + ": "; };
  if (create_tables) WithContextOf(where, [&] { versions.Create(); });
  // Inside the transaction the rows must still be what the plan expects;
  // anything else means someone migrated without taking the lock.
  if (first || transaction_per_revision) CheckRows(prepared.step->heads_before);

  listener.OnStepBegin(*prepared.step);
  const std::string started_at = UtcTimestamp();
  const Clock::time_point started = Clock::now();
  const char* const direction_name = direction == Direction::kUpgrade ? "upgrade" : "downgrade";
  std::optional<IncompleteRevision> mark;
  if (!transactional) {
    mark.emplace(IncompleteRevision{prepared.revision.header.id, direction_name,
                                    text::Join(prepared.step->heads_before, " "),
                                    text::Join(prepared.step->heads_after, " "), started_at,
                                    executed_by, "", ""});
    WithContextOf(where, [&] {
      versions.MarkIncomplete(*mark);
      transaction->Commit();
    });
    incomplete = &*mark;
  }
  Connection::Span current;
  // Unprotected, it keeps its progress in its mark, statement by statement
  // (a C++ revision's statements are whatever it queries: not kept).
  std::optional<StatementProgress> progress;
  if (mark && !offline && !prepared.revision.code) {
    progress.emplace(listener, prepared.ops, current, [&](const std::string& text) {
      versions.RecordProgress(mark->revision, text);
    });
  }
  MigrationListener& reporter = progress ? static_cast<MigrationListener&>(*progress) : listener;
  try {
    if (prepared.revision.code) {
      RunCodeRevision(prepared.revision, direction, connection, dialect.name(), reporter);
    } else {
      connection.Apply(prepared.ops, reporter, &current);
    }
  } catch (const Error&) {
    if (progress) mark->progress = progress->Failed();
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
  if (progress) mark->progress = progress->Finished();  // for a failure of the bookkeeping
  const auto elapsed = Clock::now() - started;
  WithContextOf(where, [&] {
    if (!transactional) transaction = std::make_unique<TransactionGuard>(connection, ops);
    versions.Replace(prepared.step->heads_before, prepared.step->heads_after);
    HistoryRow row;
    row.revision = prepared.revision.header.id;
    row.direction = direction_name;
    row.checksum = prepared.revision.checksum;
    row.started_at = started_at;
    row.finished_at = UtcTimestamp();
    row.duration_ms = std::chrono::duration<double, std::milli>(elapsed).count();
    row.executed_by = executed_by;
    row.tag = tag;
    versions.Record(row);
    if (mark) versions.ClearIncomplete(mark->revision);
    if (transaction) {
      transaction->Commit();
      versions.RecordCommitted();  // the run holds the migration lock
    }
  });
  incomplete = nullptr;
  listener.OnStepEnd(*prepared.step, elapsed);
}

void StepRunner::CheckRows(std::vector<std::string> expected) {
  std::sort(expected.begin(), expected.end());
  if (const std::vector<std::string> actual = versions.Read(); actual != expected) {
    throw DatabaseError("the version table changed under retort (expected " +
                            RowsText(expected) + ", found " + RowsText(actual) +
                            "): another process migrated without the lock; run again",
                        "");
  }
}

std::string StepRunner::Outcome(const std::string& failure) {
  if (offline) {
    return "; no script was written (fix the revision, or end the range before it: run as "
           "written, the script would stop here)";
  }
  if (incomplete) {
    // Keep why, for `current` and the next upgrade; the database may be
    // unreachable by now, and the error at hand matters more.
    incomplete->failure = failure;
    try {
      versions.RecordFailure(incomplete->revision, failure);
      if (!incomplete->progress.empty()) {
        versions.RecordProgress(incomplete->revision, incomplete->progress);
      }
    } catch (const Error&) {
    }
    const std::string why =
        dialect.traits().transactional_ddl
            ? "the revision ran outside a transaction (transaction: false)"
            : dialect.name() + " commits each DDL statement as it runs, so what the revision did "
                               "before the failure stays done";
    return "; " + why + ", and it is marked incomplete. " + RecoveryAdvice(*incomplete);
  }
  return dialect.traits().transactional_ddl
             ? "; rolled back, the database is at " + RowsText(rows_if_failed)
             : "; the version table says " + RowsText(rows_if_failed) + ", but " +
                   dialect.name() + " does not roll back DDL: check the schema";
}

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
      if (!runner.RollsBack(prepared)) {
        throw FinalLockTimeout(error, prepared.ddl_lock,
                               "the revision is not in a transaction that a failure rolls back "
                               "(transaction: false, or DDL that commits as it runs), so its "
                               "statements before the one that timed out stay done, and running "
                               "it again would repeat them");
      }
      if (retry > prepared.ddl_lock.retries) throw FinalLockTimeout(error, prepared.ddl_lock, "");
      PauseBeforeRetry(runner.listener, prepared, error, retry, "");
    }
  }
}

}  // namespace retort
