// Database URLs as users write them, and their conversion for SOCI.
//   sqlite:///relative/path.db   sqlite:////absolute/path.db   sqlite://:memory:
//   postgresql://user:password@host:port/dbname?sslmode=require
//
// Thread-safety: plain values and pure functions, callable from several
// threads at once. Only ParseDatabaseUrl throws (ConfigError).
#ifndef RETORT_URL_H_
#define RETORT_URL_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace retort {

struct DatabaseUrl {
  std::string scheme;  // selects the dialect: "sqlite", "postgresql", ...
  std::string user;
  std::string password;
  std::string host;
  std::optional<int> port;
  // The path after the authority, percent-decoded: a database name, or for
  // SQLite a file path (relative unless it starts with '/') or ":memory:".
  std::string database;
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order

  // The value of query parameter `key`, if given.
  std::optional<std::string> QueryValue(std::string_view key) const;

  // The URL written back, with any password (also a password= parameter)
  // shown as "***".
  std::string Redacted() const;
};

// `text` with every occurrence of `secret` replaced by "***": a last guard
// for messages that may quote a password back (a driver's error, a
// connection string). Secrets shorter than 3 characters are left alone:
// scrubbing them would garble the message more than it could hide.
std::string ScrubSecret(std::string text, std::string_view secret);

// Parses `text`. Throws ConfigError naming the (redacted) URL and what is
// wrong with it; never echoes a password.
DatabaseUrl ParseDatabaseUrl(std::string_view text);

}  // namespace retort

#endif  // RETORT_URL_H_
