// Configuration: retort.ini, then the environment, then the command line.
//
//   [retort]
//   # relative to the ini file's folder
//   script_location = migrations
//   # ${VAR} and ${VAR:-default} read the environment
//   url = sqlite:///${APP_DB:-app.db}
//   transaction_per_revision = true
//   # seconds
//   lock_timeout = 60
//
// '#' starts a comment anywhere on a line; each option may be given once.
// RETORT_URL overrides url; an explicit override (--url) overrides both.
#ifndef RETORT_CONFIG_H_
#define RETORT_CONFIG_H_

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace retort {

struct Config {
  std::filesystem::path config_file;  // the ini file read; empty when none
  std::filesystem::path script_location;
  std::string url;         // empty when none is configured
  std::string url_origin;  // where url came from, for messages: "--url", "RETORT_URL", a file
  bool transaction_per_revision = true;
  std::chrono::milliseconds lock_timeout{60'000};
};

struct ConfigOverrides {
  std::optional<std::string> url;
  std::optional<std::filesystem::path> script_location;
};

// Looks up an environment variable; nullopt when unset.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string&)>;

// Seconds as written in retort.ini or on the command line ("2.5"), 0 to a
// week. Throws ConfigError naming `where` for anything else.
std::chrono::milliseconds ParseLockTimeout(const std::string& text, const std::string& where);

// The process environment.
std::optional<std::string> ProcessEnvironment(const std::string& name);

// Reads `ini_file` and applies RETORT_URL and `overrides`. A missing file is
// an error unless the overrides give both script_location and url. Throws
// ConfigError naming the file and the option.
Config LoadConfig(const std::filesystem::path& ini_file, const ConfigOverrides& overrides = {},
                  const EnvironmentLookup& environment = ProcessEnvironment);

// Replaces ${VAR} and ${VAR:-default} (the default also when VAR is empty,
// as in the shell) in `text`; "$$" is a literal '$'. The
// variable "here" is `here` (the ini file's folder) unless set. Throws
// ConfigError naming `where` for an unset variable without default.
std::string Interpolate(std::string_view text, const EnvironmentLookup& environment,
                        const std::string& here, const std::string& where);

}  // namespace retort

#endif  // RETORT_CONFIG_H_
