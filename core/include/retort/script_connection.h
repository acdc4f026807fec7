// Offline SQL (`upgrade --sql`): a migration written out as a script for
// someone else to run, instead of run. The migrator runs exactly as it would
// online, on a connection that writes: every statement it reports
// (MigrationListener::OnStatement) goes to the script, and the connection
// adds the transaction statements its database's online run would have.
//
// Thread-safety: none of these is thread-safe; one script per thread.
#ifndef RETORT_SCRIPT_CONNECTION_H_
#define RETORT_SCRIPT_CONNECTION_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/dialect.h"

namespace retort {

// Where an offline run's SQL goes.
class ScriptWriter {
 public:
  virtual ~ScriptWriter() = default;
  // One statement, without its terminating semicolon.
  virtual void Statement(std::string_view sql) = 0;
  // A line for the person who reads or runs the script.
  virtual void Comment(std::string_view text) = 0;
};

// A script connection for a dialect whose every operation renders without
// looking at a database (native ALTER TABLE): Apply writes Dialect::Render's
// statements, Begin and Commit write BEGIN and COMMIT, and nothing is ever
// sent anywhere. It is what Dialect::OpenScript returns unless a dialect
// overrides it; a dialect may derive from it to add its own transaction
// statements. Borrows the dialect and the writer, which must outlive it.
class RenderedScriptConnection : public Connection {
 public:
  RenderedScriptConnection(const Dialect& dialect, ScriptWriter& script);

  // A script has no database to read: these throw OperationError saying
  // that what asked needs a live database (a C++ revision that queries, a
  // drop_constraint whose name is looked up).
  QueryRows Query(const std::string& sql, const std::vector<SqlValue>& parameters) override;
  void* NativeHandle(std::string_view kind) override;
  bool TableExists(const QualifiedName& table) override;
  Schema Reflect() override;
  // Does nothing: the statements reached the script through the listener
  // (OnStatement), as every statement of a migration does.
  void Execute(const std::string& sql) override;
  void Begin(const std::vector<const RevisionOp*>& ops) override;
  void Commit() override;
  void Rollback() noexcept override {}
  // Reports each operation's rendered statements to `listener`. Throws
  // OperationError, naming the operation, for one that cannot be rendered
  // without the database.
  void Apply(const std::vector<RevisionOp>& ops, MigrationListener& listener,
             Span* current) override;
  void SetStatementLockTimeout(std::optional<std::chrono::milliseconds>) override {}
  // The person who runs the script holds off other migrators.
  void AcquireMigrationLock(std::chrono::milliseconds) override {}
  void ReleaseMigrationLock() noexcept override {}

 protected:
  ScriptWriter& script() { return script_; }

 private:
  const Dialect& dialect_;
  ScriptWriter& script_;
};

// Throws OperationError saying that `what` ("a query", "reflection") needs a
// live database and so cannot be part of offline SQL. For the members of a
// script connection that would read the database.
[[noreturn]] void ThrowNeedsDatabase(std::string_view what);

}  // namespace retort

#endif  // RETORT_SCRIPT_CONNECTION_H_
