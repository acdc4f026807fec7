// sqlitewal: SQLite in write-ahead-log mode, for applications that read
// while they migrate. URLs are those of the sqlite dialect with the scheme
// sqlitewal:// (sqlitewal:///app.db). Before the first write, the database
// is switched to journal_mode=WAL (a setting SQLite keeps in the file);
// everything else is the host's own sqlite dialect, which this plugin finds
// in retort's dialect registry and delegates to.
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "retort/dialect_module.h"
#include "retort/dialect_registry.h"
#include "retort/error.h"

namespace {

using retort::Connection;
using retort::Dialect;

// `op` as the sqlite dialect should see it: an execute's SQL written for
// sqlitewal is what sqlite runs.
retort::Operation ForSqlite(const retort::Operation& op) {
  const auto* execute = std::get_if<retort::Execute>(&op);
  if (execute == nullptr) return op;
  retort::Execute copy = *execute;
  if (auto own = copy.dialect_sql.find("sqlitewal"); own != copy.dialect_sql.end()) {
    copy.dialect_sql["sqlite"] = own->second;
    copy.dialect_sql.erase(own);
  }
  return copy;
}

class WalConnection : public Connection {
 public:
  explicit WalConnection(std::unique_ptr<Connection> inner) : inner_(std::move(inner)) {}

  retort::QueryRows Query(const std::string& sql,
                          const std::vector<retort::SqlValue>& parameters) override {
    return inner_->Query(sql, parameters);
  }
  void* NativeHandle(std::string_view kind) override { return inner_->NativeHandle(kind); }
  void Execute(const std::string& sql) override { inner_->Execute(sql); }
  bool TableExists(const retort::QualifiedName& table) override {
    return inner_->TableExists(table);
  }
  void Begin(const std::vector<const retort::RevisionOp*>& ops) override {
    // journal_mode cannot change inside a transaction; reading commands
    // never get here, so they never create a database file.
    if (!wal_) {
      inner_->Execute("PRAGMA journal_mode = WAL");
      wal_ = true;
    }
    inner_->Begin(ops);
  }
  void Commit() override { inner_->Commit(); }
  void Rollback() noexcept override { inner_->Rollback(); }
  void Apply(const std::vector<retort::RevisionOp>& ops, retort::MigrationListener& listener,
             Span* current) override {
    std::vector<retort::RevisionOp> translated = ops;
    for (retort::RevisionOp& op : translated) op.op = ForSqlite(op.op);
    inner_->Apply(translated, listener, current);
  }
  retort::Schema Reflect() override { return inner_->Reflect(); }
  void AcquireMigrationLock(std::chrono::milliseconds timeout) override {
    inner_->AcquireMigrationLock(timeout);
  }
  void ReleaseMigrationLock() noexcept override { inner_->ReleaseMigrationLock(); }
  void SetStatementLockTimeout(std::optional<std::chrono::milliseconds> timeout) override {
    inner_->SetStatementLockTimeout(timeout);
  }

 private:
  std::unique_ptr<Connection> inner_;
  bool wal_ = false;
};

// Where retort runs a history to learn the schema it makes: in memory.
class WalScratch : public retort::ScratchDatabase {
 public:
  explicit WalScratch(std::unique_ptr<Connection> connection)
      : connection_(std::move(connection)) {}
  Connection& connection() override { return *connection_; }
  std::string description() const override { return "an in-memory SQLite database"; }

 private:
  std::unique_ptr<Connection> connection_;
};

class WalDialect : public Dialect {
 public:
  explicit WalDialect(const Dialect& sqlite) : sqlite_(sqlite) {}

  std::string name() const override { return "sqlitewal"; }
  std::vector<std::string> url_schemes() const override { return {"sqlitewal"}; }
  retort::DialectTraits traits() const override {
    retort::DialectTraits traits = sqlite_.traits();
    traits.migration_lock += " (journal_mode=WAL)";
    return traits;
  }
  std::unique_ptr<Connection> Connect(const retort::DatabaseUrl& url) const override {
    retort::DatabaseUrl plain = url;
    plain.scheme = "sqlite";
    return std::make_unique<WalConnection>(sqlite_.Connect(plain));
  }
  // The same folder lock as SQLite's, so the same scope.
  std::string MigrationLockScope(const retort::DatabaseUrl& url) const override {
    retort::DatabaseUrl plain = url;
    plain.scheme = "sqlite";
    return sqlite_.MigrationLockScope(plain);
  }
  void Check(const retort::RevisionOp& op) const override {
    retort::RevisionOp translated = op;
    translated.op = ForSqlite(op.op);
    sqlite_.Check(translated);
  }
  std::vector<std::string> Render(const retort::Operation& op) const override {
    return sqlite_.Render(ForSqlite(op));
  }
  std::unique_ptr<retort::ScratchDatabase> OpenScratch(
      const retort::DatabaseUrl& live, const retort::DatabaseUrl* /*dev*/) const override {
    retort::DatabaseUrl memory = live;
    memory.database = ":memory:";
    return std::make_unique<WalScratch>(Connect(memory));
  }
  std::string QuoteIdentifier(std::string_view name) const override {
    return sqlite_.QuoteIdentifier(name);
  }
  std::string RenderType(const retort::Type& type) const override {
    return sqlite_.RenderType(type);
  }
  std::vector<retort::LintFinding> Lint(const retort::Operation& op,
                                        const retort::LintContext& context) const override {
    return sqlite_.Lint(ForSqlite(op), context);
  }

 private:
  const Dialect& sqlite_;  // the host's; dialects live as long as the process
};

std::unique_ptr<Dialect> MakeWalDialect() {
  const Dialect* sqlite = retort::DialectRegistry::Global().Find("sqlite");
  if (sqlite == nullptr) {
    throw retort::ConfigError("the sqlitewal dialect needs the sqlite dialect, which this "
                              "retort does not have");
  }
  return std::make_unique<WalDialect>(*sqlite);
}

}  // namespace

RETORT_DEFINE_DIALECT_MODULE(MakeWalDialect)
