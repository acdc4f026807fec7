// Choosing how migrators keep apart (lock = auto | session | lease) for a
// connection: the database's own session lock, or a lease, which is a row
// of retort's lock table (by default retort_lock, named after the version
// table as the history table is) that every node of a cluster and every
// connection behind a pooler sees alike.
//
// A lease is taken by a compare-and-set, renewed every third of
// lease_duration from a thread and a connection of its own while the run
// lasts, and freed at the end. The row says who holds it (user, host,
// process) and when it was last renewed. A migrator that was killed stops
// renewing; a waiter that sees the row unchanged for lease_duration, by its
// own clock, takes it over. Choose lock_timeout longer than lease_duration,
// or waiters give up before a dead holder's lease lapses.
#ifndef RETORT_LEASE_LOCK_H_
#define RETORT_LEASE_LOCK_H_

#include <memory>

#include "retort/config.h"
#include "retort/dialect.h"
#include "retort/url.h"

namespace retort {

// Wraps `inner`, a connection of `dialect` to `url`, so that its migration
// lock (Connection::AcquireMigrationLock) is the one `settings` choose:
//   kSession: inner's own;
//   kLease:   a lease in `tables`' lock table;
//   kAuto:    a lease when settings.transaction_pooler is set or inner's
//             SessionLockUnusable() gives a reason, asked at the first
//             acquire; inner's own otherwise.
// The returned connection owns `inner`; `dialect` must outlive it. Taking a
// lease opens a second connection to `url` (Dialect::Connect) for the
// lease's renewals, kept until the connection is destroyed, and throws
// what Lease::Take throws: DatabaseError, with code LEASE_TIMEOUT when the
// holder keeps it past the timeout. Should the lease be lost while held
// (not renewed within lease_duration, by this process's clock, or taken
// over), every later Query, Begin, Commit, Execute, ExecuteBookkeeping and
// Apply throws DatabaseError (code LEASE_LOST) before it runs anything;
// Commit rolls back first. Not thread-safe, as any Connection.
std::unique_ptr<Connection> WithConfiguredLock(std::unique_ptr<Connection> inner,
                                               const Dialect& dialect, const DatabaseUrl& url,
                                               const VersionTableNames& tables,
                                               const LockSettings& settings);

}  // namespace retort

#endif  // RETORT_LEASE_LOCK_H_
