// What the history table and new revision files record about a run: when,
// and who.
#ifndef RETORT_CORE_RUN_FACTS_H_
#define RETORT_CORE_RUN_FACTS_H_

#include <string>

namespace retort {

// The current UTC time as "YYYY-MM-DD HH:MM:SS.ffffff+00:00"; the first 19
// characters are the time to the second.
std::string UtcTimestamp();

// A timestamp as a database gives it back ("2026-11-24 03:30:30.87-05",
// "2026-11-24 08:30:30.870000+00:00"), in UTC as UtcTimestamp writes it.
// PostgreSQL shows timestamptz in the session's time zone. Text that is not
// such a timestamp comes back unchanged.
std::string ToUtcTimestamp(const std::string& stored);

// "user@host" of this process.
std::string ExecutingUser();

}  // namespace retort

#endif  // RETORT_CORE_RUN_FACTS_H_
