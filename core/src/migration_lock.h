// The migration lock held for a scope, by every writer of retort's tables
// (the migrator, validate --accept). Transactions: step_runner.h.
#ifndef RETORT_CORE_MIGRATION_LOCK_H_
#define RETORT_CORE_MIGRATION_LOCK_H_

#include <chrono>

#include "retort/dialect.h"

namespace retort {

// Holds the migration lock for a scope.
class LockGuard {
 public:
  LockGuard(Connection& connection, std::chrono::milliseconds timeout) : connection_(connection) {
    connection_.AcquireMigrationLock(timeout);
  }
  ~LockGuard() { connection_.ReleaseMigrationLock(); }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

 private:
  Connection& connection_;
};

}  // namespace retort

#endif  // RETORT_CORE_MIGRATION_LOCK_H_
