#include "retort/url.h"

#include <cctype>
#include <charconv>

#include "retort/error.h"

namespace retort {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentEncode(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return encoded;
}

// What a parse error may show of the URL. The URL may be malformed, so this
// assumes the worst: everything between "user:" and the last '@' is a
// password, and so is the value of a password= parameter.
std::string Shown(std::string_view text) {
  std::string shown(text);
  const auto scheme_end = shown.find("://");
  if (scheme_end == std::string::npos) return shown;
  const auto authority = scheme_end + 3;
  const auto last_at = shown.rfind('@');
  if (last_at != std::string::npos && last_at > authority) {
    const auto colon = shown.find(':', authority);
    if (colon != std::string::npos && colon < last_at) {
      shown = shown.substr(0, colon) + ":***" + shown.substr(last_at);
    }
  }
  for (auto key = shown.find("password="); key != std::string::npos;
       key = shown.find("password=", key + 1)) {
    const auto value = key + 9;
    const auto end = shown.find('&', value);
    shown = shown.substr(0, value) + "***" + (end == std::string::npos ? "" : shown.substr(end));
  }
  return shown;
}

[[noreturn]] void Fail(std::string_view text, const std::string& why) {
  throw ConfigError("bad database URL '" + Shown(text) + "': " + why);
}

std::string Decode(std::string_view whole, std::string_view part) {
  std::string decoded;
  for (std::size_t i = 0; i < part.size(); ++i) {
    if (part[i] != '%') {
      decoded += part[i];
      continue;
    }
    if (i + 2 >= part.size() || HexValue(part[i + 1]) < 0 || HexValue(part[i + 2]) < 0) {
      Fail(whole, "'%' must be followed by two hex digits");
    }
    const char byte = static_cast<char>(HexValue(part[i + 1]) * 16 + HexValue(part[i + 2]));
    // A NUL would cut a file name or a server's string short, silently
    // naming something else.
    if (byte == '\0') Fail(whole, "'%00' (a NUL character) cannot be part of a name");
    decoded += byte;
    i += 2;
  }
  return decoded;
}

}  // namespace

std::optional<std::string> DatabaseUrl::QueryValue(std::string_view key) const {
  for (const auto& [name, value] : query) {
    if (name == key) return value;
  }
  return std::nullopt;
}

std::string ScrubSecret(std::string text, std::string_view secret) {
  if (secret.size() < 3) return text;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

std::string DatabaseUrl::Redacted() const {
  std::string text = scheme + "://";
  if (!user.empty() || !password.empty()) {
    text += PercentEncode(user);
    if (!password.empty()) text += ":***";
    text += "@";
  }
  text += host;
  if (port) text += ":" + std::to_string(*port);
  // The path keeps its '/' (an SQLite file path) and ':' (":memory:");
  // anything else that would not read back the same is escaped.
  if (!database.empty()) {
    text += "/";
    for (char c : database) {
      text += c == '/' || c == ':' ? std::string(1, c) : PercentEncode(std::string_view(&c, 1));
    }
  }
  for (std::size_t i = 0; i < query.size(); ++i) {
    const bool secret = query[i].first == "password";
    text += (i == 0 ? "?" : "&") + PercentEncode(query[i].first) + "=" +
            (secret ? std::string("***") : PercentEncode(query[i].second));
  }
  return text;
}

DatabaseUrl ParseDatabaseUrl(std::string_view text) {
  DatabaseUrl url;
  if (text.empty()) {
    throw ConfigError("no database URL: set url in retort.ini, RETORT_URL, or --url");
  }
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) {
    Fail(text, "expected scheme://..., e.g. sqlite:///app.db or postgresql://user@host/db");
  }
  url.scheme = std::string(text.substr(0, scheme_end));
  for (char c : url.scheme) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      Fail(text, "the scheme '" + url.scheme + "' has characters a scheme cannot have");
    }
  }
  std::string_view rest = text.substr(scheme_end + 3);

  if (const auto question = rest.find('?'); question != std::string_view::npos) {
    std::string_view query = rest.substr(question + 1);
    rest = rest.substr(0, question);
    while (!query.empty()) {
      const auto amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
      if (pair.empty()) continue;
      const auto equals = pair.find('=');
      if (equals == std::string_view::npos || equals == 0) {
        // Not echoed: a '?' inside an unencoded password lands here.
        Fail(text, "a query parameter is not key=value (percent-encode '?', '/' and '@' "
                   "inside a password)");
      }
      url.query.emplace_back(Decode(text, pair.substr(0, equals)),
                             Decode(text, pair.substr(equals + 1)));
    }
  }

  // Authority: [user[:password]@]host[:port], up to the first '/'.
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  url.database = slash == std::string_view::npos ? std::string()
                                                 : Decode(text, rest.substr(slash + 1));
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view credentials = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const auto colon = credentials.find(':');
    url.user = Decode(text, credentials.substr(0, colon));
    if (colon != std::string_view::npos) url.password = Decode(text, credentials.substr(colon + 1));
  }
  // A bracketed IPv6 host keeps its colons.
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) Fail(text, "'[' without ']' in the host");
    host = authority.substr(0, close + 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') Fail(text, "unexpected text after ']'");
      port = authority.substr(close + 2);
    }
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos &&
                                                      authority != ":memory:") {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  url.host = Decode(text, host);
  if (url.host == ":memory:" && url.database.empty()) {
    // sqlite://:memory: names a database, not a host.
    url.host.clear();
    url.database = ":memory:";
  }
  if (!port.empty()) {
    int value = 0;
    auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (error != std::errc() || end != port.data() + port.size() || value <= 0 || value > 65535) {
      // Not echoed: with an unencoded '/' in a password, this is the password.
      Fail(text, "the port is not a number from 1 to 65535 (percent-encode '?', '/' and '@' "
                 "inside a password)");
    }
    url.port = value;
  }
  return url;
}

}  // namespace retort
