// The connection wrapper behind WithConfiguredLock (retort/lease_lock.h).
#include <optional>

#include "forwarding_connection.h"
#include "lease.h"
#include "retort/error.h"
#include "retort/lease_lock.h"

namespace retort {
namespace {

class ConfiguredLockConnection : public ForwardingConnection {
 public:
  ConfiguredLockConnection(std::unique_ptr<Connection> inner, const Dialect& dialect,
                           const DatabaseUrl& url, const VersionTableNames& tables,
                           const LockSettings& settings)
      : ForwardingConnection(std::move(inner)),
        dialect_(dialect),
        url_(url),
        tables_(tables),
        settings_(settings) {}

  ~ConfiguredLockConnection() override {
    // The lease is freed before the migrating connection closes, as the
    // session lock would be.
    lease_.reset();
  }

  void AcquireMigrationLock(std::chrono::milliseconds timeout) override {
    if (!UsesLease()) {
      inner().AcquireMigrationLock(timeout);
      return;
    }
    if (!lease_) {
      lease_ = std::make_unique<Lease>(dialect_, dialect_.Connect(url_), tables_,
                                       settings_.lease_duration, url_.Redacted());
    }
    lease_->Take(timeout);
  }

  void ReleaseMigrationLock() noexcept override {
    if (lease_) {
      lease_->Release();
    } else {
      inner().ReleaseMigrationLock();
    }
  }

  QueryRows Query(const std::string& sql, const std::vector<SqlValue>& parameters) override {
    RefuseIfLost();
    return inner().Query(sql, parameters);
  }
  void Begin(const std::vector<const RevisionOp*>& ops) override {
    RefuseIfLost();
    inner().Begin(ops);
  }
  void Commit() override {
    if (lease_ && !lease_->Lost().empty()) Rollback();
    RefuseIfLost();
    inner().Commit();
  }
  void Execute(const std::string& sql) override {
    RefuseIfLost();
    inner().Execute(sql);
  }
  void ExecuteBookkeeping(const QualifiedName& table, const std::string& sql) override {
    RefuseIfLost();
    inner().ExecuteBookkeeping(table, sql);
  }
  void Apply(const std::vector<RevisionOp>& ops, MigrationListener& listener,
             Span* current) override {
    RefuseIfLost();
    inner().Apply(ops, listener, current);
  }

 private:
  bool UsesLease() {
    if (!uses_lease_) {
      switch (settings_.kind) {
        case LockKind::kSession:
          uses_lease_ = false;
          break;
        case LockKind::kLease:
          uses_lease_ = true;
          break;
        case LockKind::kAuto:
          uses_lease_ = settings_.transaction_pooler || !inner().SessionLockUnusable().empty();
          break;
      }
    }
    return *uses_lease_;
  }

  void RefuseIfLost() {
    if (!lease_) return;
    if (const std::string why = lease_->Lost(); !why.empty()) {
      throw DatabaseError("stopped before running anything more on " + url_.Redacted() +
                              ": this process lost its migration lease, because " + why +
                              "; a revision under way stays marked incomplete where its "
                              "changes were not rolled back",
                          "LEASE_LOST");
    }
  }

  const Dialect& dialect_;
  const DatabaseUrl url_;
  const VersionTableNames tables_;
  const LockSettings settings_;
  std::optional<bool> uses_lease_;
  std::unique_ptr<Lease> lease_;
};

}  // namespace

std::unique_ptr<Connection> WithConfiguredLock(std::unique_ptr<Connection> inner,
                                               const Dialect& dialect, const DatabaseUrl& url,
                                               const VersionTableNames& tables,
                                               const LockSettings& settings) {
  return std::make_unique<ConfiguredLockConnection>(std::move(inner), dialect, url, tables,
                                                    settings);
}

}  // namespace retort
