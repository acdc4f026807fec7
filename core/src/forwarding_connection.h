// A connection that passes every call on to another one it owns: the base of
// the wrappers that change how the migration lock is taken (a lock held
// across several runs, a lease instead of the session lock) and leave the
// rest alone.
#ifndef RETORT_CORE_FORWARDING_CONNECTION_H_
#define RETORT_CORE_FORWARDING_CONNECTION_H_

#include <memory>
#include <utility>

#include "retort/dialect.h"

namespace retort {

class ForwardingConnection : public Connection {
 public:
  explicit ForwardingConnection(std::unique_ptr<Connection> inner) : inner_(std::move(inner)) {}
  ForwardingConnection(const ForwardingConnection&) = delete;
  ForwardingConnection& operator=(const ForwardingConnection&) = delete;

  QueryRows Query(const std::string& sql, const std::vector<SqlValue>& parameters) override {
    return inner_->Query(sql, parameters);
  }
  void* NativeHandle(std::string_view kind) override { return inner_->NativeHandle(kind); }
  void Execute(const std::string& sql) override { inner_->Execute(sql); }
  void ExecuteBookkeeping(const QualifiedName& table, const std::string& sql) override {
    inner_->ExecuteBookkeeping(table, sql);
  }
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
  std::string SessionLockUnusable() override { return inner_->SessionLockUnusable(); }
  void WaitForReplicas(std::chrono::milliseconds timeout, MigrationListener& listener) override {
    inner_->WaitForReplicas(timeout, listener);
  }
  void AcquireMigrationLock(std::chrono::milliseconds timeout) override {
    inner_->AcquireMigrationLock(timeout);
  }
  void ReleaseMigrationLock() noexcept override { inner_->ReleaseMigrationLock(); }

 protected:
  Connection& inner() { return *inner_; }

 private:
  std::unique_ptr<Connection> inner_;
};

}  // namespace retort

#endif  // RETORT_CORE_FORWARDING_CONNECTION_H_
