// A live SQLite database: SOCI's session for queries, SQLite's own handle
// for migration SQL (SOCI's sqlite3 backend runs only the first statement of
// a string).
#ifndef RETORT_SQLITE_SQLITE_CONNECTION_H_
#define RETORT_SQLITE_SQLITE_CONNECTION_H_

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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

  // Typed as SQLite stores each value: integer, real, text, a blob's bytes
  // as text, or NULL. Placeholders may also be written as SQLite allows
  // (?1, @name, $name); they are bound in the order SQLite numbers them.
  QueryRows Query(const std::string& sql, const std::vector<SqlValue>& parameters) override;
  // "soci::session" and "sqlite3"; either runs the deferred statements (see
  // Defer) first.
  void* NativeHandle(std::string_view kind) override;
  void Execute(const std::string& sql) override;
  bool TableExists(const QualifiedName& table) override;
  // Turns foreign keys off before the transaction when `ops` may rebuild a
  // table (MayRebuild, from the operations and their rebuild policies;
  // a rebuild's DROP TABLE would otherwise fire ON DELETE CASCADE),
  // since SQLite cannot change that setting inside a transaction.
  void Begin(const std::vector<const RevisionOp*>& ops) override;
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
  std::vector<Row> QueryText(const std::string& sql,
                             const std::vector<std::string>& parameters = {});
  // QueryText, without first running deferred statements (see Defer):
  // for reads that no added column changes, such as whether a table exists,
  // whether it is STRICT, or its foreign keys.
  std::vector<Row> QueryAsIs(const std::string& sql,
                             const std::vector<std::string>& parameters = {});
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

  // Script mode: `sql`, a statement of a create_table of `table` (which
  // `creates_table` says it is the CREATE TABLE of), of an add_column on it
  // whose column has no REFERENCES, or that writes rows of one of retort's
  // own tables (ExecuteBookkeeping), already written to the script, runs on
  // this database only when something needs it: a statement or read that
  // may see the table (see sqlite_deferred_tables.cpp). SQLite scans its
  // schema after each CREATE TABLE and parses all of it again after each
  // ADD COLUMN, so running each at once made writing a long history's
  // script quadratic.
  void Defer(const QualifiedName& table, const std::string& sql, bool creates_table);
  // The deferred CREATE TABLE of `table`, or nullopt. Valid until the next
  // Defer or CatchUp.
  std::optional<std::string_view> DeferredCreation(const QualifiedName& table) const;
  // Runs, in order, the deferred statements of `table`, or of every table.
  // Throws DatabaseError naming the statement when one fails.
  void CatchUp(const QualifiedName& table);
  void CatchUp();

  // While set, BEGIN, COMMIT, ROLLBACK and END are refused (SQLite's
  // authorizer), and transaction_control_denied() says whether one was.
  void DenyTransactionControl(bool deny);
  bool transaction_control_denied() const { return transaction_control_denied_; }

 private:
  struct DeferredStatement {
    const std::string* table;  // its key in deferred_tables_
    std::string_view text;     // in deferred_chunks_
  };
  struct DeferredTable {
    // Its CREATE TABLE, in deferred_chunks_; empty when it was created before.
    std::string_view creation;
  };
  // A copy of `sql` in deferred_chunks_, where it stays until they are cleared.
  std::string_view KeepDeferred(std::string_view sql);

  // Executes `sql`, and in script mode writes it first.
  void Run(const std::string& sql);
  // Executes `sql` without running deferred statements first.
  void ExecuteAsIs(const std::string& sql);
  // Executes `sql` one statement at a time, each through Compile.
  void ExecuteCatchingUp(const std::string& sql);
  // sqlite3_prepare_v2 of the statement at `sql` (`size` bytes, or -1 up to
  // its NUL), noting through the authorizer whether it may read or change
  // what a deferred statement would; if so (or if it does not compile, as a
  // statement naming a deferred table would not), runs the deferred
  // statements and compiles it again. Returns SQLite's code.
  int Compile(const char* sql, int size, sqlite_api::sqlite3_stmt** statement,
              const char** tail);
  std::vector<Row> QueryTextRows(const std::string& sql,
                                 const std::vector<std::string>& parameters, bool catch_up);
  // Compiles `sql` (through Compile when `catch_up`), lets `bind` bind its
  // parameters, and hands the statement to `take` at each row; finalizes it
  // on every path. Throws DatabaseError naming `sql`.
  void RunQuery(const std::string& sql, bool catch_up,
                const std::function<void(sqlite_api::sqlite3_stmt*)>& bind,
                const std::function<void(sqlite_api::sqlite3_stmt*)>& take);
  // SQLite's authorizer, installed when the database opens; see
  // DenyTransactionControl and Compile.
  static int Authorize(void* self, int action, const char* first, const char* second,
                       const char* database, const char* trigger);
  bool TouchesDeferred(int action, const char* first, const char* second,
                       const char* database) const;
  // Opens the database, and starts a script's transaction that waits to
  // (see Begin).
  void Open();
  void StartPendingTransaction();
  // Fails, before anything runs, on an operation marked rebuild: never that
  // the live schema already shows to need a rebuild, as far as earlier
  // operations of the revision leave its table alone.
  void CheckForbiddenRebuilds(const std::vector<RevisionOp>& ops, Span* current);
  void ApplyNatively(const Operation& op, MigrationListener& listener);
  void RestoreForeignKeys() noexcept;
  void CheckForeignKeys();
  [[noreturn]] void Fail(int code, const std::string& doing) const;
  // Runs (and, in script mode when `write`, writes) BEGIN IMMEDIATE or
  // COMMIT through `*compiled`, compiled on first use: they run once per
  // revision, and compiling them each time was more than running them.
  void RunTransactionStatement(const char* sql, sqlite_api::sqlite3_stmt** compiled,
                               bool write = true);

  const SqliteRenderer& renderer_;
  const SqliteRenderer strict_renderer_{true};  // for STRICT tables
  ConnectionSettings settings_;
  soci::session session_;
  sqlite_api::sqlite3* handle_ = nullptr;
  int lock_descriptor_ = -1;
  bool foreign_keys_suspended_ = false;  // turned off by Begin, on again after
  ScriptWriter* script_ = nullptr;       // set in script mode
  bool script_checks_foreign_keys_ = false;  // the open transaction's guard
  // Script mode: BEGIN is written, and runs here before the next statement.
  bool transaction_pending_ = false;
  std::vector<DeferredStatement> deferred_;  // in the order written
  // Their text, one after another in chunks that never move once written:
  // one string grown by doubling copied a long script's bookkeeping over and
  // over, and touched twice its size.
  struct DeferredChunk {
    std::unique_ptr<char[]> bytes;
    std::size_t size = 0;
    std::size_t capacity = 0;
  };
  std::deque<DeferredChunk> deferred_chunks_;
  // The tables with deferred statements, by "schema.name" in lower case.
  std::unordered_map<std::string, DeferredTable> deferred_tables_;
  bool classifying_ = false;      // Compile is noting what a statement touches
  bool touches_deferred_ = false;  // what the authorizer found
  bool deny_transaction_control_ = false;
  bool transaction_control_denied_ = false;
  sqlite_api::sqlite3_stmt* begin_statement_ = nullptr;   // finalized with the connection
  sqlite_api::sqlite3_stmt* commit_statement_ = nullptr;
};

// "SQLITE_CONSTRAINT_UNIQUE"-style name of an extended result code where it
// is a common one, else "SQLITE_<primary> (<extended number>)".
std::string ResultCodeName(int extended_code);

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_CONNECTION_H_
