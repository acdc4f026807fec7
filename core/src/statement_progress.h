// What a revision that no transaction protects has done, statement by
// statement. While such a revision runs (transaction: false, or on a
// database whose DDL commits as it runs), its incomplete mark holds this
// record, rewritten before each statement, so that a failure, or a process
// killed part-way, says what ran, what was running and what did not run;
// nothing has to be guessed, and nothing is run twice.
#ifndef RETORT_CORE_STATEMENT_PROGRESS_H_
#define RETORT_CORE_STATEMENT_PROGRESS_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/dialect.h"
#include "retort/events.h"
#include "retort/revision.h"

namespace retort {

class StatementProgress : public MigrationListener {
 public:
  // Passes every event on to `inner`. Before each statement runs, calls
  // `record` with Running(). Should `record` throw an Error (a revision's
  // own SQL may have changed the session so that retort's table cannot be
  // written), the revision goes on: `inner` is told once, and nothing more
  // is recorded. `ops` are the revision's operations and `current` the span
  // Connection::Apply sets before each; all are borrowed and must outlive
  // this.
  StatementProgress(MigrationListener& inner, const std::vector<RevisionOp>& ops,
                    const Connection::Span& current,
                    std::function<void(const std::string&)> record);

  void OnPlan(const std::vector<MigrationStep>& plan) override { inner_.OnPlan(plan); }
  void OnStepBegin(const MigrationStep& step) override { inner_.OnStepBegin(step); }
  void OnStepEnd(const MigrationStep& step, std::chrono::nanoseconds elapsed) override {
    inner_.OnStepEnd(step, elapsed);
  }
  void OnStatement(std::string_view sql) override;
  void OnProgress(const Progress& progress) override { inner_.OnProgress(progress); }
  void OnNotice(std::string_view message) override { inner_.OnNotice(message); }

  // The record, one line per statement, oldest first:
  //   ran: line 12, add_column users.email: ALTER TABLE ...
  //   running: line 13, create_index ...: CREATE INDEX ...
  //   not run: line 14, drop_column ...
  // (an execute's line is its description, which holds its statement).
  // Only the last kShownStatements that ran are listed, after a count of
  // those before them, and the first kShownStatements operations not run,
  // so that each write stays small however long the revision. Statements
  // are cut at 200 characters. Empty before the first statement.
  std::string Running() const;
  // The same after Apply threw: the last statement "failed" when the
  // operation that failed is the one it belongs to; when the operation
  // failed before running a statement of its own (a check of the live
  // database), every statement "ran" and that operation "failed".
  std::string Failed() const;
  // The same when every statement ran.
  std::string Finished() const;

  static constexpr std::size_t kShownStatements = 20;

 private:
  struct Statement {
    std::size_t op;  // index in ops_
    std::string sql;
  };

  // The lines: every statement "ran" but the last, which is `last` unless
  // `last` is empty; then `failed_op` as failed when given; then what did
  // not run after the last operation named.
  std::string Text(std::string_view last, const std::size_t* failed_op) const;
  std::string Line(std::string_view state, std::size_t op, const std::string& sql) const;

  MigrationListener& inner_;
  const std::vector<RevisionOp>& ops_;
  const Connection::Span& current_;
  std::function<void(const std::string&)> record_;
  std::vector<Statement> statements_;
  bool recording_ = true;
};

}  // namespace retort

#endif  // RETORT_CORE_STATEMENT_PROGRESS_H_
