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

#include "forwarding_connection.h"

namespace retort {

// How taking the lock went.
struct LockWait {
  bool waited = false;  // another holder had it when it was asked for
  std::chrono::milliseconds duration{0};
};

class HeldLockConnection : public ForwardingConnection {
 public:
  // Owns `inner`, which must not hold the migration lock yet.
  explicit HeldLockConnection(std::unique_ptr<Connection> inner);
  // Releases the lock if Hold() took it.
  ~HeldLockConnection() override;

  // Takes the migration lock, waiting up to `timeout`, and keeps it until
  // destruction. `database` names the database in the message of the
  // MigrationLockTimeoutError thrown when the wait runs out, and
  // `timeout_origin` the setting the wait came from. Other DatabaseErrors
  // (the lock cannot be asked for at all) pass unchanged.
  LockWait Hold(std::chrono::milliseconds timeout, const std::string& database,
                const std::string& timeout_origin);

  // While Hold() is in force these do nothing; without it they pass on.
  void AcquireMigrationLock(std::chrono::milliseconds timeout) override;
  void ReleaseMigrationLock() noexcept override;

 private:
  bool held_ = false;
};

}  // namespace retort

#endif  // RETORT_CORE_HELD_LOCK_CONNECTION_H_
