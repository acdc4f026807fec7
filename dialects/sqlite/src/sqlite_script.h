// Offline SQL for SQLite. A table rebuild is written from the table's own
// CREATE TABLE text, which only a database that has run the history knows:
// the script connection writes every statement and runs it on an in-memory
// database that has run the history up to the script's start (new tables
// and columns only once something needs them: sqlite_deferred_tables.cpp).
// What online reads from the rows (whether a column holds NULLs, whether
// values convert losslessly, the AUTOINCREMENT counter, foreign_key_check)
// becomes SQL that does the same where the script runs (see
// SqliteConnection::WriteGuard).
#ifndef RETORT_SQLITE_SQLITE_SCRIPT_H_
#define RETORT_SQLITE_SQLITE_SCRIPT_H_

#include <memory>

#include "retort/dialect.h"
#include "retort/script_connection.h"

namespace retort::sqlite {

// A connection that writes to `script` what runs on `history`'s database
// (which must be a SQLite one), and owns `history`.
std::unique_ptr<Connection> OpenSqliteScript(ScriptWriter& script,
                                             std::unique_ptr<ScratchDatabase> history);

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_SCRIPT_H_
