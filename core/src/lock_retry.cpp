#include "lock_retry.h"

#include <algorithm>
#include <cstdio>
#include <random>

namespace retort {
namespace {

constexpr std::chrono::milliseconds kFirstPause{500};
constexpr std::chrono::milliseconds kLongestPause{8'000};

std::string Seconds(std::chrono::milliseconds duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(duration.count()) / 1000);
  return text;
}

}  // namespace

DdlLockSettings DdlLockSettingsOf(const Revision& revision, const MigrateOptions& options) {
  return DdlLockSettings{revision.ddl_lock_timeout ? revision.ddl_lock_timeout
                                                   : options.ddl_lock_timeout,
                         revision.ddl_lock_retries.value_or(options.ddl_lock_retries)};
}

std::chrono::milliseconds RetryPause(int retry) {
  thread_local std::mt19937 generator{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  std::chrono::milliseconds pause = kFirstPause;
  for (int k = 1; k < retry && pause < kLongestPause; ++k) pause *= 2;
  pause = std::min(pause, kLongestPause);
  return std::chrono::milliseconds(
      static_cast<long long>(static_cast<double>(pause.count()) * jitter(generator)));
}

std::string RetryNotice(const std::string& revision_id, const LockTimeoutError& error, int retry,
                        int retries, std::chrono::milliseconds pause, const std::string& what) {
  std::string notice = "revision " + revision_id + ": lock timeout";
  if (!error.object().empty()) notice += " on " + error.object();
  if (!error.holders().empty()) notice += " (held by " + error.holders() + ")";
  notice += ", retry " + std::to_string(retry) + " of " + std::to_string(retries);
  if (!what.empty()) notice += " of " + what;
  return notice + " in " + Seconds(pause);
}

LockTimeoutError FinalLockTimeout(const LockTimeoutError& error, const DdlLockSettings& settings,
                                  const std::string& why_not) {
  std::string message = error.what();
  if (!why_not.empty()) {
    message += ". Not retried (whatever ddl_lock_retries says): " + why_not;
  } else if (settings.retries == 0) {
    message += ". Retry when the lock is free, end the session that holds it, or set "
               "ddl_lock_retries to try again after a pause";
  } else {
    message += ". Gave up after " + std::to_string(settings.retries + 1) +
               " attempts (ddl_lock_retries = " + std::to_string(settings.retries) +
               "); retry when the lock is free, or end the session that holds it";
  }
  return LockTimeoutError(message, error.code(), error.object(), error.holders());
}

}  // namespace retort
