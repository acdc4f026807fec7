// A connection whose migration lock one caller holds across several
// commands. The migrator takes and releases the lock around each run; an
// adoption's stamp and the upgrade after it are two runs, and between them
// another instance could slip in. Wrapped in this, the inner acquire and
// release calls do nothing, while the lock itself stays taken from Hold()
// until the connection is destroyed.
#ifndef RETORT_CORE_HELD_LOCK_CONNECTION_H_
#define RETORT_CORE_HELD_LOCK_CONNECTION_H_

#include <chrono>
#include <memory>
#include <string>

#include "retort/dialect.h"

namespace retort {

// How taking the lock went.
struct LockWait {
  bool waited = false;  // another holder had it when it was asked for
  std::chrono::milliseconds duration{0};
};

class HeldLockConnection : public Connection {
 public:
  // Owns `inner`, which must not hold the migration lock yet.
  explicit HeldLockConnection(std::unique_ptr<Connection> inner);
  // Releases the lock if Hold() took it.
  ~HeldLockConnection() override;
  HeldLockConnection(const HeldLockConnection&) = delete;
  HeldLockConnection& operator=(const HeldLockConnection&) = delete;

  // Takes the migration lock, waiting up to `timeout`, and keeps it until
  // destruction. `database` names the database in the message of the
  // MigrationLockTimeoutError thrown when the wait runs out, and
  // `timeout_origin` the setting the wait came from. Other DatabaseErrors
  // (the lock cannot be asked for at all) pass unchanged.
  LockWait Hold(std::chrono::milliseconds timeout, const std::string& database,
                const std::string& timeout_origin);

  QueryRows Query(const std::string& sql, const std::vector<SqlValue>& parameters) override {
    return inner_->Query(sql, parameters);
  }
  void* NativeHandle(std::string_view kind) override { return inner_->NativeHandle(kind); }
  void Execute(const std::string& sql) override { inner_->Execute(sql); }
  bool TableExists(const QualifiedName& table) override { return inner_->TableExists(table); }
  void Begin(const std::vector<const RevisionOp*>& ops) override { inner_->Begin(ops); }
  void Commit() override { inner_->Commit(); }
  void Rollback() noexcept override { inner_->Rollback(); }
  void Apply(const std::vector<RevisionOp>& ops, MigrationListener& listener,
             Span* current) override {
    inner_->Apply(ops, listener, current);
  }
  Schema Reflect() override { return inner_->Reflect(); }
  void SetStatementLockTimeout(std::optional<std::chrono::milliseconds> timeout) override {
    inner_->SetStatementLockTimeout(timeout);
  }

  // While Hold() is in force these do nothing; without it they pass on.
  void AcquireMigrationLock(std::chrono::milliseconds timeout) override;
  void ReleaseMigrationLock() noexcept override;

 private:
  std::unique_ptr<Connection> inner_;
  bool held_ = false;
};

}  // namespace retort

#endif  // RETORT_CORE_HELD_LOCK_CONNECTION_H_
