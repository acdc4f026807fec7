#include "sqlite_script.h"

#include "retort/error.h"
#include "sqlite_connection.h"

namespace retort::sqlite {
namespace {

class SqliteScriptConnection : public Connection {
 public:
  SqliteScriptConnection(ScriptWriter& script, std::unique_ptr<ScratchDatabase> history)
      : history_(std::move(history)), database_(dynamic_cast<SqliteConnection&>(history_->connection())) {
    database_.WriteScriptTo(script);
  }

  // A C++ revision that reads would read the in-memory database, not the
  // one the script will run on.
  QueryRows Query(const std::string&, const std::vector<SqlValue>&) override {
    ThrowNeedsDatabase("a query");
  }
  void* NativeHandle(std::string_view kind) override {
    ThrowNeedsDatabase("the database driver's own handle (" + std::string(kind) + ")");
  }
  Schema Reflect() override { ThrowNeedsDatabase("reading the schema"); }

  // The migrator reports its statements (written through the listener)
  // before it runs them, here on the in-memory database only.
  void Execute(const std::string& sql) override { database_.Execute(sql); }
  // Compiling each version row's statement on the in-memory database was
  // a third of writing a long history's script; they wait with the new
  // tables (Defer) until something reads retort's tables, which offline
  // nothing does but a revision's own SQL. (A trigger a revision put on
  // one of them fires then, not before: a failure it causes shows when the
  // script runs.)
  void ExecuteBookkeeping(const QualifiedName& table, const std::string& sql) override {
    database_.Defer(table, sql, /*creates_table=*/false);
  }
  bool TableExists(const QualifiedName& table) override { return database_.TableExists(table); }
  void Begin(const std::vector<const RevisionOp*>& ops) override { database_.Begin(ops); }
  void Commit() override { database_.Commit(); }
  void Rollback() noexcept override { database_.Rollback(); }
  void Apply(const std::vector<RevisionOp>& ops, MigrationListener& listener,
             Span* current) override {
    database_.Apply(ops, listener, current);
  }
  void SetStatementLockTimeout(std::optional<std::chrono::milliseconds>) override {}
  // The person who runs the script holds off other migrators.
  void AcquireMigrationLock(std::chrono::milliseconds) override {}
  void ReleaseMigrationLock() noexcept override {}

 private:
  std::unique_ptr<ScratchDatabase> history_;
  SqliteConnection& database_;
};

}  // namespace

std::unique_ptr<Connection> OpenSqliteScript(ScriptWriter& script,
                                             std::unique_ptr<ScratchDatabase> history) {
  return std::make_unique<SqliteScriptConnection>(script, std::move(history));
}

}  // namespace retort::sqlite
