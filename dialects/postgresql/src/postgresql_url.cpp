#include "postgresql_url.h"

#include <libpq-fe.h>

#include <memory>
#include <set>

#include "retort/error.h"

namespace retort::postgresql {
namespace {

// A value as libpq's connection string wants it: single-quoted, with
// backslashes and quotes escaped.
std::string Quoted(std::string_view value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

// The keywords this libpq accepts, from libpq itself.
const std::set<std::string>& Keywords() {
  static const std::set<std::string> keywords = [] {
    std::set<std::string> names;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconndefaults(),
                                                                           &PQconninfoFree);
    for (const PQconninfoOption* option = options.get(); option && option->keyword; ++option) {
      names.insert(option->keyword);
    }
    return names;
  }();
  return keywords;
}

}  // namespace

ConnectionSettings SettingsFrom(const DatabaseUrl& url) {
  ConnectionSettings settings;
  settings.shown = url.Redacted();
  std::string conninfo;
  auto add = [&](const std::string& keyword, const std::string& value) {
    conninfo += (conninfo.empty() ? "" : " ") + keyword + "=" + Quoted(value);
  };
  std::string host = url.host;
  // A bracketed IPv6 address: libpq wants the address alone.
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (!host.empty()) add("host", host);
  if (url.port) add("port", std::to_string(*url.port));
  if (!url.database.empty()) add("dbname", url.database);
  if (!url.user.empty()) add("user", url.user);
  if (!url.password.empty()) add("password", url.password);
  settings.password = url.password;
  for (const auto& [key, value] : url.query) {
    if (Keywords().count(key) == 0 || key == "dbname" || key == "replication") {
      std::string known;
      for (const std::string& keyword : Keywords()) {
        if (keyword != "dbname" && keyword != "replication") known += " " + keyword;
      }
      throw ConfigError("PostgreSQL URL " + settings.shown + ": unknown parameter '" + key +
                        "' (libpq knows:" + known + ")");
    }
    if (key == "password") settings.password = value;
    add(key, value);
  }
  settings.conninfo = conninfo;
  return settings;
}

}  // namespace retort::postgresql
