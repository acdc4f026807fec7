// Reading lock, pooler and lease_duration (retort.ini, --lock).
#include <string_view>

#include "retort/config.h"
#include "retort/error.h"
#include "text_util.h"

namespace retort {

LockKind ParseLockKind(const std::string& text, const std::string& where) {
  const std::string_view value = text::Trim(text);
  if (value == "auto") return LockKind::kAuto;
  if (value == "session") return LockKind::kSession;
  if (value == "lease") return LockKind::kLease;
  throw ConfigError(where + ": '" + text + "' is not auto, session or lease");
}

bool ParseTransactionPooler(const std::string& text, const std::string& where) {
  const std::string_view value = text::Trim(text);
  if (value == "transaction") return true;
  if (value == "none" || value == "session") return false;
  throw ConfigError(where + ": '" + text +
                    "' is not none, session or transaction (the pooler's pool_mode; a "
                    "statement pooler cannot run migrations at all)");
}

std::chrono::milliseconds ParseLeaseDuration(const std::string& text, const std::string& where) {
  std::chrono::milliseconds duration;
  try {
    duration = ParseLockTimeout(text, where);
  } catch (const ConfigError&) {
    throw ConfigError(where + ": '" + text + "' is not a number of seconds (1 to 604800)");
  }
  if (duration < std::chrono::seconds(1)) {
    throw ConfigError(where + ": '" + text +
                      "' is less than a second; a lease renewed that often would keep the "
                      "database busy, and one renewal held up would lose it");
  }
  return duration;
}

}  // namespace retort
