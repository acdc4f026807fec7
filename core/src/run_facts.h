// What the history table and new revision files record about a run: when,
// and who.
#ifndef RETORT_CORE_RUN_FACTS_H_
#define RETORT_CORE_RUN_FACTS_H_

#include <string>

namespace retort {

// The current UTC time as "YYYY-MM-DD HH:MM:SS.ffffff+00:00"; the first 19
// characters are the time to the second.
std::string UtcTimestamp();

// "user@host" of this process.
std::string ExecutingUser();

}  // namespace retort

#endif  // RETORT_CORE_RUN_FACTS_H_
