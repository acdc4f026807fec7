#include "run_facts.h"

#include <pwd.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace retort {

std::string UtcTimestamp() {
  const auto since_epoch = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  // Floor division, so that a clock before 1970 still gives a second and a
  // microsecond in range.
  const std::chrono::seconds whole = std::chrono::floor<std::chrono::seconds>(since_epoch);
  const long long micros = (since_epoch - whole).count();
  const std::time_t seconds = static_cast<std::time_t>(whole.count());
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  // Written digit by digit: every step stamps its start and end, and
  // strftime with snprintf cost more than the rest of a history row. Each
  // field has its width (a year past 9999 keeps its last four digits).
  std::string stamp = "0000-00-00 00:00:00.000000+00:00";
  const auto put = [&stamp](std::size_t end, std::size_t width, long long value) {
    for (std::size_t at = end; at > end - width; value /= 10) {
      stamp[--at] = static_cast<char>('0' + value % 10);
    }
  };
  put(4, 4, utc.tm_year + 1900LL);
  put(7, 2, utc.tm_mon + 1LL);
  put(10, 2, utc.tm_mday);
  put(13, 2, utc.tm_hour);
  put(16, 2, utc.tm_min);
  put(19, 2, utc.tm_sec);
  put(26, 6, micros);
  return stamp;
}

std::string ToUtcTimestamp(const std::string& stored) {
  std::tm local{};
  int consumed = 0;
  if (std::sscanf(stored.c_str(), "%d-%d-%d %d:%d:%d%n", &local.tm_year, &local.tm_mon,
                  &local.tm_mday, &local.tm_hour, &local.tm_min, &local.tm_sec,
                  &consumed) != 6) {
    return stored;
  }
  std::size_t at = static_cast<std::size_t>(consumed);
  std::string fraction;
  if (at < stored.size() && stored[at] == '.') {
    while (++at < stored.size() && std::isdigit(static_cast<unsigned char>(stored[at]))) {
      fraction += stored[at];
    }
  }
  // The offset: +HH, +HH:MM or +HHMM; none means UTC already.
  long offset_seconds = 0;
  if (at < stored.size() && (stored[at] == '+' || stored[at] == '-')) {
    const int sign = stored[at] == '-' ? -1 : 1;
    int hours = 0, minutes = 0;
    const std::string zone = stored.substr(at + 1);
    if (std::sscanf(zone.c_str(), "%2d:%2d", &hours, &minutes) < 1 &&
        std::sscanf(zone.c_str(), "%2d%2d", &hours, &minutes) < 1) {
      return stored;
    }
    offset_seconds = sign * (hours * 3600L + minutes * 60L);
  } else if (at != stored.size()) {
    return stored;
  }
  local.tm_year -= 1900;
  local.tm_mon -= 1;
  const std::time_t seconds = ::timegm(&local) - offset_seconds;
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  fraction.resize(6, '0');
  char buffer[64];
  const std::size_t length = std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &utc);
  std::snprintf(buffer + length, sizeof buffer - length, ".%s+00:00", fraction.c_str());
  return buffer;
}

std::string ExecutingUser() {
  std::string user;
  passwd entry{};
  passwd* found = nullptr;
  char buffer[4096];
  if (::getpwuid_r(::geteuid(), &entry, buffer, sizeof buffer, &found) == 0 && found &&
      found->pw_name) {
    user = found->pw_name;
  } else if (const char* name = std::getenv("USER")) {
    user = name;
  } else {
    user = "uid" + std::to_string(::geteuid());
  }
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return user + "@" + (host[0] ? host : "localhost");
}

}  // namespace retort
