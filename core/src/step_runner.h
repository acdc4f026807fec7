// Running the steps of a plan: every revision read and checked before any
// runs, then each carried out in its transaction with its version-row change
// and history row. The Migrator's engine, for its online and offline runs.
#ifndef RETORT_CORE_STEP_RUNNER_H_
#define RETORT_CORE_STEP_RUNNER_H_

#include <string>
#include <utility>
#include <vector>

#include "lock_retry.h"
#include "retort/dialect.h"
#include "retort/error.h"
#include "retort/events.h"
#include "retort/migrator.h"
#include "retort/script_directory.h"
#include "version_table.h"

namespace retort {

// A step with everything it will run, read and checked before anything runs.
struct PreparedStep {
  const MigrationStep* step = nullptr;  // in the plan, which outlives it
  Revision revision;  // without its operations: those that run are in ops
  std::vector<RevisionOp> ops;
  DdlLockSettings ddl_lock;
};

// "base" for no rows, else the rows joined by commas.
std::string RowsText(const std::vector<std::string>& rows);

// Rolls back unless committed.
class TransactionGuard {
 public:
  TransactionGuard(Connection& connection, const std::vector<const RevisionOp*>& ops)
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

// Every operation of the steps, for the Begin of a whole-run transaction.
std::vector<const RevisionOp*> OperationsOf(const std::vector<PreparedStep>& steps);

// Reads the step's revision and checks each operation it runs with the
// dialect: ReadStep, then CheckStep. Throws OperationError (naming file and
// line) or what loading throws. Safe to call from several threads at once.
PreparedStep PrepareStep(const MigrationStep& step, Direction direction,
                         const ScriptDirectory& scripts, const Dialect& dialect,
                         const MigrateOptions& options);
// The reading half: the revision (as listed for the graph when `as_listed`,
// see ScriptDirectory::LoadAsListed), the operations that run, the
// revision-level checks. Throws OperationError or what loading throws.
PreparedStep ReadStep(const MigrationStep& step, Direction direction,
                      const ScriptDirectory& scripts, const MigrateOptions& options,
                      bool as_listed);
// The checking half: each operation with the dialect. Throws
// OperationError naming file and line.
void CheckStep(const PreparedStep& prepared, const Dialect& dialect);

// Reads every revision of the plan and checks each operation with the
// dialect, so that nothing runs when any revision cannot.
// Throws OperationError (naming file and line) or what loading throws.
std::vector<PreparedStep> Prepare(const std::vector<MigrationStep>& plan, Direction direction,
                                  const ScriptDirectory& scripts, const Dialect& dialect,
                                  const MigrateOptions& options);

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
  // Writing a script (offline SQL): a failure leaves no database behind,
  // only no script.
  bool offline = false;

  // Runs one prepared step in its transaction (or the run's), with its
  // version-row change and history row; `first`: the run's first step.
  void Run(const PreparedStep& prepared, bool first, bool create_tables);
  // Whether a failure of `prepared` part-way is rolled back. A revision
  // that says transaction: false is not, and, in a run of a transaction per
  // revision, neither is any on a database whose DDL commits as it runs
  // (DialectTraits::transactional_ddl): such a revision is marked incomplete
  // before it starts, so that what it did is never run again.
  bool RollsBack(const PreparedStep& prepared) const;
  // Throws DatabaseError unless the version rows are `expected`.
  void CheckRows(std::vector<std::string> expected);
  // Runs `work`, adding `context` and the outcome to the errors it throws.
  template <class Work>
  void WithContext(const std::string& context, Work&& work) {
    WithContextOf([&] { return context; }, std::forward<Work>(work));
  }
  // As WithContext, with the context made by `context()` only on failure:
  // a long script runs tens of thousands of steps that do not fail.
  template <class Context, class Work>
  void WithContextOf(Context&& context, Work&& work) {
    try {
      work();
    } catch (const LockTimeoutError& error) {
      const std::string what = context() + error.what();
      throw LockTimeoutError(what + Outcome(what), error.code(), error.object(), error.holders());
    } catch (const DatabaseError& error) {
      const std::string what = context() + error.what();
      throw DatabaseError(what + Outcome(what), error.code());
    } catch (const OperationError& error) {
      const std::string what = context() + error.what();
      throw OperationError(what + Outcome(what));
    }
  }
  // What a failure leaves behind, for its message.
  std::string Outcome(const std::string& failure);
};
// Runs one step of a transaction-per-revision run, tried again after a
// pause as often as its ddl_lock_retries allow when a statement times out.
void RunRetryingRevision(StepRunner& runner, const PreparedStep& prepared, bool create_tables);

// Tells the listener that a revision is tried again and waits.
void PauseBeforeRetry(MigrationListener& listener, const PreparedStep& failed,
                      const LockTimeoutError& error, int retry, const std::string& what);

}  // namespace retort

#endif  // RETORT_CORE_STEP_RUNNER_H_
