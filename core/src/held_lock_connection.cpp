#include "held_lock_connection.h"

#include "retort/error.h"
#include "retort/startup.h"

namespace retort {

HeldLockConnection::HeldLockConnection(std::unique_ptr<Connection> inner)
    : ForwardingConnection(std::move(inner)) {}

HeldLockConnection::~HeldLockConnection() {
  if (held_) inner().ReleaseMigrationLock();
}

LockWait HeldLockConnection::Hold(std::chrono::milliseconds timeout, const std::string& database,
                                  const std::string& timeout_origin) {
  using Clock = std::chrono::steady_clock;
  LockWait wait;
  // A first attempt that does not wait tells a free lock from a taken one,
  // which the time a successful wait took cannot.
  try {
    inner().AcquireMigrationLock(std::chrono::milliseconds(0));
    held_ = true;
    return wait;
  } catch (const DatabaseError&) {
    wait.waited = true;
  }
  const Clock::time_point start = Clock::now();
  try {
    inner().AcquireMigrationLock(timeout);
  } catch (const DatabaseError& error) {
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    // Failing sooner means the lock could not be asked for (an SQLite
    // folder that cannot be opened), which is no timeout.
    if (waited < timeout) throw;
    throw MigrationLockTimeoutError(
        "could not migrate " + database + " at start-up: another instance held its migration "
            "lock for longer than the " + std::to_string(timeout.count()) + " ms allowed (" +
            timeout_origin + "); nothing was changed. " + error.what(),
        error.code(), waited);
  }
  wait.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  held_ = true;
  return wait;
}

void HeldLockConnection::AcquireMigrationLock(std::chrono::milliseconds timeout) {
  if (!held_) inner().AcquireMigrationLock(timeout);
}

void HeldLockConnection::ReleaseMigrationLock() noexcept {
  if (!held_) inner().ReleaseMigrationLock();
}

}  // namespace retort
