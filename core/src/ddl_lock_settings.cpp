// Reading ddl_lock_timeout and ddl_lock_retries, wherever they are written:
// retort.ini, the command line, a revision's header.
#include <charconv>
#include <string_view>

#include "retort/config.h"
#include "retort/error.h"
#include "revision_readers.h"
#include "text_util.h"

namespace retort {

std::chrono::milliseconds ParseDdlLockTimeout(const std::string& text, const std::string& where) {
  const std::chrono::milliseconds timeout = ParseLockTimeout(text, where);
  if (timeout.count() < 1) {
    throw ConfigError(where + ": '" + text +
                      "' is less than a millisecond, which PostgreSQL would take as no limit; "
                      "leave ddl_lock_timeout out to wait without a limit");
  }
  return timeout;
}

int ParseDdlLockRetries(const std::string& text, const std::string& where) {
  const std::string_view trimmed = text::Trim(text);
  int retries = -1;
  auto [end, error] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), retries);
  if (error == std::errc() && end == trimmed.data() + trimmed.size() && !trimmed.empty() &&
      retries >= 0 && retries <= kMostDdlLockRetries) {
    return retries;
  }
  throw ConfigError(where + ": '" + text + "' is not a number of retries (a whole number, 0 to " +
                    std::to_string(kMostDdlLockRetries) + ")");
}

void ReadDdlLockSetting(Revision& revision, const std::string& key, const std::string& value,
                        const std::string& path, int line) {
  // The parsers' messages start with where; here that is the file and line.
  try {
    if (key == "ddl_lock_timeout") {
      revision.ddl_lock_timeout = ParseDdlLockTimeout(value, key);
    } else {
      revision.ddl_lock_retries = ParseDdlLockRetries(value, key);
    }
  } catch (const ConfigError& error) {
    throw FileError(path, line, error.what());
  }
}

}  // namespace retort
