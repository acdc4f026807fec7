// A live SQLite database: SOCI's session for queries, SQLite's own handle
// for migration SQL (SOCI's sqlite3 backend runs only the first statement of
// a string).
#ifndef RETORT_SQLITE_SQLITE_CONNECTION_H_
#define RETORT_SQLITE_SQLITE_CONNECTION_H_

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "retort/dialect.h"
#include "retort/script_connection.h"
#include "sqlite_renderer.h"

namespace retort::sqlite {

struct ConnectionSettings {
  std::string path;  // a file path, or ":memory:"
  std::chrono::milliseconds busy_timeout{30'000};
  std::optional<bool> foreign_keys;  // nullopt: leave SQLite's setting
};

class SqliteConnection : public Connection {
 public:
  // Opens the database if its file exists; a missing file is created only
  // when something is written (a transaction begins), so reading commands
  // and early failures leave no empty file behind. Throws DatabaseError.
  SqliteConnection(const SqliteRenderer& renderer, const ConnectionSettings& settings);
  ~SqliteConnection() override;

  soci::session& session() override;
  void Execute(const std::string& sql) override;
  bool TableExists(const QualifiedName& table) override;
  // Turns foreign keys off before the transaction when `ops` may rebuild a
  // table (a rebuild's DROP TABLE would otherwise fire ON DELETE CASCADE),
  // since SQLite cannot change that setting inside a transaction.
  void Begin(const std::vector<const Operation*>& ops) override;
  // With foreign keys turned off for rebuilds, first checks the rebuilt
  // tables and the tables that reference them (PRAGMA foreign_key_check),
  // throwing OperationError that lists the offending rows.
  void Commit() override;
  void Rollback() noexcept override;
  void Apply(const std::vector<RevisionOp>& ops, MigrationListener& listener,
             Span* current) override;
  // See sqlite_reflect.h for how SQLite's catalogue maps onto the model.
  Schema Reflect() override;
  void AcquireMigrationLock(std::chrono::milliseconds timeout) override;
  void ReleaseMigrationLock() noexcept override;
  // Ignored: SQLite has one write lock for the whole database, not a lock per
  // table, and Begin takes it (BEGIN IMMEDIATE, waiting as long as the URL's
  // ?timeout= says) before any statement of a revision runs; from then on no
  // statement waits for a lock, so there is no wait per statement to bound.
  void SetStatementLockTimeout(std::optional<std::chrono::milliseconds>) override {}

  using Row = std::vector<std::optional<std::string>>;
  // Rows of a query with ?1, ?2 ... bound to `parameters`, as text (nullopt
  // for NULL). Throws DatabaseError.
  std::vector<Row> Query(const std::string& sql, const std::vector<std::string>& parameters = {});
  // Whether a transaction is open (a revision with transaction: false runs
  // its operations without one).
  bool InTransaction() const;
  // Rows changed by the last statement.
  long long Changes() const;
  // SQLite's message for why the one statement `sql` does not compile, or
  // "" when it does. Runs nothing: compiling resolves every name it uses,
  // and those of the views it reads and the triggers it would fire.
  std::string CompileError(const std::string& sql);
  // The renderer for `table`'s column types: STRICT tables accept only a
  // few type names.
  const SqliteRenderer& RendererFor(const QualifiedName& table);

  // Script mode (offline SQL, see sqlite_script.h): from now on the
  // transaction statements and guards are also written to `script`, and
  // what online depends on the rows is decided for any rows. Borrows it.
  void WriteScriptTo(ScriptWriter& script) { script_ = &script; }
  bool scripting() const { return script_ != nullptr; }
  // Makes the transaction fail, naming `message`, unless `count_query`
  // counts zero: a check of the rows that a script cannot make when it is
  // written. Script mode only; runs on this database too. Throws
  // DatabaseError when it fails here.
  void WriteGuard(const std::string& count_query, const std::string& message);
  // A line for whoever runs the script; script mode only.
  void WriteComment(const std::string& text) { script_->Comment(text); }

 private:
  // Executes `sql`, and in script mode writes it first.
  void Run(const std::string& sql);
  void Open();
  // Fails, before anything runs, on an operation marked rebuild: never that
  // the live schema already shows to need a rebuild, as far as earlier
  // operations of the revision leave its table alone.
  void CheckForbiddenRebuilds(const std::vector<RevisionOp>& ops, Span* current);
  void ApplyNatively(const Operation& op, MigrationListener& listener);
  void RestoreForeignKeys() noexcept;
  void CheckForeignKeys();
  [[noreturn]] void Fail(int code, const std::string& doing) const;

  const SqliteRenderer& renderer_;
  const SqliteRenderer strict_renderer_{true};  // for STRICT tables
  ConnectionSettings settings_;
  soci::session session_;
  sqlite_api::sqlite3* handle_ = nullptr;
  int lock_descriptor_ = -1;
  bool foreign_keys_suspended_ = false;  // turned off by Begin, on again after
  ScriptWriter* script_ = nullptr;       // set in script mode
  bool script_checks_foreign_keys_ = false;  // the open transaction's guard
};

// "SQLITE_CONSTRAINT_UNIQUE"-style name of an extended result code where it
// is a common one, else "SQLITE_<primary> (<extended number>)".
std::string ResultCodeName(int extended_code);

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_CONNECTION_H_
