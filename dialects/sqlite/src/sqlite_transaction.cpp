// A revision's transaction on SQLite: BEGIN IMMEDIATE, foreign keys turned
// off around table rebuilds and checked at the end, the guards a script
// writes for what only the rows can tell, COMMIT and ROLLBACK.
#include <algorithm>
#include <string>
#include <vector>

#include "retort/error.h"
#include "sqlite_connection.h"
#include "sqlite_rebuild_rules.h"

namespace retort::sqlite {

bool SqliteConnection::InTransaction() const {
  return transaction_pending_ ||
         (handle_ != nullptr && sqlite_api::sqlite3_get_autocommit(handle_) == 0);
}

void SqliteConnection::Run(const std::string& sql) {
  if (script_ != nullptr) script_->Statement(sql);
  Execute(sql);
}

void SqliteConnection::Begin(const std::vector<const RevisionOp*>& ops) {
  const bool may_rebuild = std::any_of(ops.begin(), ops.end(), [&](const RevisionOp* op) {
    return MayRebuild(*op, renderer_);
  });
  if (may_rebuild) {
    const auto enabled = QueryText("PRAGMA foreign_keys");
    const bool on = !enabled.empty() && enabled[0][0] == "1";
    // A script cannot know the setting of the session that will run it, so
    // it turns them off whatever they are, and checks at the end.
    if (on || script_ != nullptr) {
      Run("PRAGMA foreign_keys = OFF");
      foreign_keys_suspended_ = on;
      script_checks_foreign_keys_ = script_ != nullptr;
    }
  }
  // A script's revision that only creates tables and adds columns runs
  // nothing here before its COMMIT (see Defer): its transaction on this
  // database starts with the first statement that does run (Open).
  if (script_ != nullptr) {
    Open();  // now: opening sets PRAGMA foreign_keys, which a transaction ignores
    script_->Statement("BEGIN IMMEDIATE");
    transaction_pending_ = true;
    return;
  }
  // IMMEDIATE takes the write lock now: two deferred writers would both read
  // the version rows and race.
  try {
    RunTransactionStatement("BEGIN IMMEDIATE", &begin_statement_);
  } catch (...) {
    RestoreForeignKeys();
    throw;
  }
}

void SqliteConnection::Commit() {
  if (script_checks_foreign_keys_) {
    script_checks_foreign_keys_ = false;
    WriteGuard("SELECT count(*) FROM pragma_foreign_key_check",
               "foreign_key_check found rows without a parent at the end of a revision that "
               "ran with foreign keys off for a table rebuild");
  } else if (foreign_keys_suspended_) {
    CheckForeignKeys();
  }
  if (transaction_pending_) {
    transaction_pending_ = false;
    script_->Statement("COMMIT");
  } else {
    RunTransactionStatement("COMMIT", &commit_statement_);
  }
  RestoreForeignKeys();
}

void SqliteConnection::StartPendingTransaction() {
  transaction_pending_ = false;
  // Retort's own BEGIN, though it may run amid a revision's SQL, where the
  // revision's would be refused.
  const bool deny = deny_transaction_control_;
  deny_transaction_control_ = false;
  try {
    RunTransactionStatement("BEGIN IMMEDIATE", &begin_statement_, /*write=*/false);
  } catch (...) {
    deny_transaction_control_ = deny;
    throw;
  }
  deny_transaction_control_ = deny;
}

void SqliteConnection::RunTransactionStatement(const char* sql,
                                               sqlite_api::sqlite3_stmt** compiled, bool write) {
  if (write && script_ != nullptr) script_->Statement(sql);
  Open();
  if (*compiled == nullptr) {
    const int code = sqlite_api::sqlite3_prepare_v2(handle_, sql, -1, compiled, nullptr);
    if (code != SQLITE_OK) Fail(code, std::string("SQL failed [") + sql + "]");
  }
  const int code = sqlite_api::sqlite3_step(*compiled);
  if (code != SQLITE_DONE) {
    // The message is the handle's until the statement is reset.
    try {
      Fail(code, std::string("SQL failed [") + sql + "]");
    } catch (...) {
      sqlite_api::sqlite3_reset(*compiled);
      throw;
    }
  }
  sqlite_api::sqlite3_reset(*compiled);
}

void SqliteConnection::Rollback() noexcept {
  script_checks_foreign_keys_ = false;
  transaction_pending_ = false;
  // Deferred statements need no undoing: a script ends at its first failure.
  if (handle_ != nullptr && sqlite_api::sqlite3_get_autocommit(handle_) == 0) {
    sqlite_api::sqlite3_exec(handle_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  RestoreForeignKeys();
}

void SqliteConnection::RestoreForeignKeys() noexcept {
  if (!foreign_keys_suspended_) return;
  foreign_keys_suspended_ = false;
  if (script_ != nullptr) script_->Statement("PRAGMA foreign_keys = ON");
  sqlite_api::sqlite3_exec(handle_, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
}

void SqliteConnection::WriteGuard(const std::string& count_query, const std::string& message) {
  // SQLite has no statement that raises an error outside a trigger; a
  // CHECK constraint named by the message does, and its name is what the
  // error shows: "CHECK constraint failed: <message>".
  const std::string statements[] = {
      "CREATE TEMP TABLE _retort_guard (failures INTEGER CONSTRAINT " +
          renderer_.QuoteIdentifier(message) + " CHECK (failures = 0))",
      "INSERT INTO temp._retort_guard " + count_query, "DROP TABLE temp._retort_guard"};
  for (const std::string& sql : statements) script_->Statement(sql);
  // Deferred statements create empty tables, add columns holding NULL or a
  // constant that reference nothing, and write rows of retort's own tables,
  // which have no foreign keys: that changes no count of the rows the
  // guards count and leaves none without a parent, so a guard that passes
  // without them passes with them. One that fails (or names what they
  // create) is tried again after them: that decides.
  if (!deferred_.empty()) {
    try {
      for (const std::string& sql : statements) ExecuteAsIs(sql);
      return;
    } catch (const DatabaseError&) {
      ExecuteAsIs("DROP TABLE IF EXISTS temp._retort_guard");
      CatchUp();
    }
  }
  for (const std::string& sql : statements) Execute(sql);
}

void SqliteConnection::CheckForeignKeys() {
  // Every table of every attached database: foreign keys were off for the
  // whole revision, so any statement of it, not just a rebuild, may have
  // left a row without its parent (SQLite's procedure, step 10).
  std::string violations;
  int count = 0;
  for (const Row& database : QueryText("PRAGMA database_list")) {
    if (database[1] == "temp") continue;
    for (const Row& row : QueryText("PRAGMA " + renderer_.QuoteIdentifier(database[1].value_or("main")) +
                                ".foreign_key_check")) {
      if (++count <= 10) {
        violations += (violations.empty() ? "" : "; ") + row[0].value_or("?") + " rowid " +
                      row[1].value_or("?") + " has no row in " + row[2].value_or("?");
      }
    }
  }
  if (count > 0) {
    throw OperationError("foreign_key_check found " + std::to_string(count) +
                         " row(s) without a parent at the end of a revision that ran with "
                         "foreign keys off for a table rebuild: " +
                         violations + (count > 10 ? "; ..." : ""));
  }
}

}  // namespace retort::sqlite
