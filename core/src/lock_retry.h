// Retrying a revision whose statement gave up waiting for a lock
// (ddl_lock_timeout, ddl_lock_retries): which settings hold for a revision,
// how long to pause, and what to tell the user.
#ifndef RETORT_CORE_LOCK_RETRY_H_
#define RETORT_CORE_LOCK_RETRY_H_

#include <chrono>
#include <optional>
#include <string>

#include "retort/error.h"
#include "retort/migrator.h"
#include "retort/revision.h"

namespace retort {

struct DdlLockSettings {
  std::optional<std::chrono::milliseconds> timeout;  // nullopt: no limit
  int retries = 0;
};

// The revision's own settings where it has them, else the run's.
DdlLockSettings DdlLockSettingsOf(const Revision& revision, const MigrateOptions& options);

// The pause before retry number `retry` (1 for the first): half a second,
// doubling up to 8 s, each scaled by a random factor between 0.8 and 1.2 so
// that deployers that timed out together do not come back together.
std::chrono::milliseconds RetryPause(int retry);

// What the listener hears before a retry: "revision X: lock timeout on
// table public.accounts (held by ...), retry 2 of 3 in 1.0 s". `what` says
// what runs again when it is more than the revision ("the whole run, one
// transaction"); empty otherwise.
std::string RetryNotice(const std::string& revision_id, const LockTimeoutError& error, int retry,
                        int retries, std::chrono::milliseconds pause, const std::string& what);

// `error` once no retry is left (or none may be made), its message saying
// how many attempts were made and what the user can do; `why_not` says why
// no retry may be made at all (empty when retries were up to
// settings.retries).
LockTimeoutError FinalLockTimeout(const LockTimeoutError& error, const DdlLockSettings& settings,
                                  const std::string& why_not);

}  // namespace retort

#endif  // RETORT_CORE_LOCK_RETRY_H_
