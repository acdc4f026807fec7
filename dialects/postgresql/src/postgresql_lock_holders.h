// Who held the lock a statement gave up waiting for. After a lock timeout
// the migrating transaction is aborted and can ask nothing, and the wait is
// over, so pg_blocking_pids() no longer answers: a second, short connection
// looks up the sessions that still hold granted locks on the relations the
// statement names.
#ifndef RETORT_POSTGRESQL_POSTGRESQL_LOCK_HOLDERS_H_
#define RETORT_POSTGRESQL_POSTGRESQL_LOCK_HOLDERS_H_

#include <string>

#include "postgresql_url.h"

namespace retort::postgresql {

struct LockHolders {
  // The relations, with their kind: "table public.accounts"; empty when no
  // other session holds a lock on any relation the statement names.
  std::string object;
  // Each holding session: "server process 4711 (application 'psql', user
  // alice, idle in transaction since 2026-12-03 13:50:01 UTC, 12.3 s ago,
  // holding AccessShareLock on public.accounts; its last query: SELECT
  // ...)"; empty as `object`.
  std::string holders;
  // Why the lookup itself failed ("a second connection failed: ..."); empty
  // when it did not.
  std::string failure;
};

// The sessions other than `waiting_pid` (the migrating connection's server
// process) that hold granted locks on relations whose names appear in
// `statement` as words (a relation named "users" in "ALTER TABLE users",
// also when quoted). Connects with `settings`; never throws: a lookup that
// fails says why in `failure`.
LockHolders FindLockHolders(const ConnectionSettings& settings, int waiting_pid,
                            const std::string& statement);

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_LOCK_HOLDERS_H_
