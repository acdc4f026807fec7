// A lease on the migration lock: the one row of retort's lock table
// (LockTableDefinition), held by whoever wrote their token into it. Where
// the database's session lock cannot keep migrators apart (a lock that is
// node-local on a cluster, a pooler that moves a session between server
// connections), a row is seen alike by every node and every connection.
//
// Every change to the row (take, renewal, release) bumps its generation,
// and a take is a compare-and-set on the generation it saw, so two
// migrators can never both take it. A holder renews the row every third of
// its lease from a thread and a connection of its own (the migrating
// connection's transactions would hide the renewals). A waiter that sees
// the generation unchanged for a whole lease, timed by its own clock, knows
// the holder has stopped and takes the lease over: no clocks need agree.
#ifndef RETORT_CORE_LEASE_H_
#define RETORT_CORE_LEASE_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "retort/config.h"
#include "retort/dialect.h"
#include "retort/error.h"

namespace retort {

class Lease {
 public:
  // `connection` is the lease's own, to the database the migrator works
  // on; `database` names that database in messages. Nothing is asked of
  // the database until Take.
  Lease(const Dialect& dialect, std::unique_ptr<Connection> connection,
        const VersionTableNames& names, std::chrono::milliseconds duration, std::string database);
  // Releases the lease if it is held.
  ~Lease();
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;

  // Takes the lease, waiting up to `timeout` for its holder to release it
  // or for it to lapse, and starts renewing it. Makes the lock table and
  // its row when missing. Throws DatabaseError (code LEASE_TIMEOUT)
  // naming the holder when the wait runs out, and DatabaseError when the
  // table cannot be made or read.
  void Take(std::chrono::milliseconds timeout);

  // Stops renewing and frees the row if it is still this lease's; never
  // throws (a row it cannot free lapses).
  void Release() noexcept;

  bool held() const { return held_; }

  // Why the lease was lost while held, empty while it is held: taken over
  // (a renewal found another token), or not renewed in time, which this
  // process tells by its own clock, so that it stops before a waiter could
  // take the lease over even when a renewal hangs. Once lost, it stays so.
  // Safe to call while the renewing thread runs.
  std::string Lost() const;

 private:
  struct Row {
    bool exists = false;
    std::string token;  // empty: free
    std::string holder;
    std::int64_t generation = 0;
    std::chrono::milliseconds lease{0};
    std::string renewed_at;
  };

  Row Read();
  void MakeTableAndRow();
  // Compare-and-set on `seen`'s generation; returns the row as read after
  // it, which holds this lease's token when the take succeeded.
  Row TryTake(const Row& seen);
  std::string Table() const;
  std::string Now() const;
  void KeepRenewing();
  // Frees the row if it is still this lease's; never throws.
  void FreeRow() noexcept;

  const Dialect& dialect_;
  std::unique_ptr<Connection> connection_;
  const VersionTableNames names_;
  const std::chrono::milliseconds duration_;
  const std::string database_;
  const std::string token_;
  const std::string holder_;
  bool held_ = false;

  // Why the last compare-and-set failed, when the database said so.
  std::optional<DatabaseError> take_failure_;

  mutable std::mutex mutex_;  // guards what follows
  std::condition_variable wake_;
  bool stop_ = false;
  mutable std::string lost_;
  // When the last take or renewal that succeeded was sent.
  std::chrono::steady_clock::time_point renewal_sent_;
  std::string renewal_failure_;  // the last renewal's error, until one succeeds
  std::thread renewer_;
};

}  // namespace retort

#endif  // RETORT_CORE_LEASE_H_
