#include "mysql_url.h"

#include <algorithm>
#include <array>

#include "retort/error.h"

namespace retort::mysql {
namespace {

// What SOCI 4.0's mysql backend reads from its connection string, besides
// the host, port, user, password and database the URL itself holds.
constexpr std::array<std::string_view, 9> kParameters = {
    "charset", "unix_socket", "connect_timeout", "read_timeout", "write_timeout",
    "sslca",   "sslcert",     "sslkey",          "password"};

// A value as SOCI's connection string parser wants it: in single quotes,
// a backslash escaping the character after it.
std::string Quoted(std::string_view value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

}  // namespace

ConnectionSettings SettingsFrom(const DatabaseUrl& url) {
  ConnectionSettings settings;
  settings.shown = url.Redacted();
  if (url.database.empty()) {
    throw ConfigError("MySQL URL " + settings.shown +
                      " names no database: give one after the host, as in "
                      "mysql://user@host/dbname");
  }
  std::string text;
  const auto add = [&](std::string_view key, std::string_view value) {
    text += (text.empty() ? "" : " ") + std::string(key) + "=" + Quoted(value);
  };
  add("db", url.database);
  std::string host = url.host;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (!host.empty()) add("host", host);
  if (url.port) add("port", std::to_string(*url.port));
  if (!url.user.empty()) add("user", url.user);
  if (!url.password.empty()) add("password", url.password);
  settings.password = url.password;
  for (const auto& [key, value] : url.query) {
    if (std::find(kParameters.begin(), kParameters.end(), key) == kParameters.end()) {
      std::string known;
      for (std::string_view name : kParameters) known += " " + std::string(name);
      throw ConfigError("MySQL URL " + settings.shown + ": unknown parameter '" + key +
                        "' (known:" + known + ")");
    }
    if (key == "password") {
      if (!url.password.empty()) {
        throw ConfigError("MySQL URL " + settings.shown +
                          " gives a password twice, after the user and as ?password=");
      }
      settings.password = value;
    }
    add(key, value);
  }
  // Every name and text travels as UTF-8 unless the URL says otherwise.
  if (!url.QueryValue("charset")) add("charset", "utf8mb4");
  settings.connect_string = text;
  settings.database = url.database;
  settings.url = url;
  return settings;
}

}  // namespace retort::mysql
