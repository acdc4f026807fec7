#include "postgresql_placeholders.h"

#include <map>

namespace retort::postgresql {
namespace {

bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

// The position just past the constant, identifier or comment that starts at
// `at`, or `at` itself when none does.
std::size_t SkipQuoted(std::string_view sql, std::size_t at) {
  const char c = sql[at];
  const auto closing = [&](char quote, std::size_t from, bool backslashes) {
    for (std::size_t i = from; i < sql.size(); ++i) {
      if (backslashes && sql[i] == '\\') {
        ++i;
      } else if (sql[i] == quote) {
        if (i + 1 < sql.size() && sql[i + 1] == quote) {
          ++i;  // a doubled quote stands for itself
        } else {
          return i + 1;
        }
      }
    }
    return sql.size();
  };
  if (c == '\'') {
    const bool escapes = at > 0 && (sql[at - 1] == 'E' || sql[at - 1] == 'e') &&
                         (at == 1 || !IsNameChar(sql[at - 2]));
    return closing('\'', at + 1, escapes);
  }
  if (c == '"') return closing('"', at + 1, false);
  if (c == '-' && sql.substr(at, 2) == "--") {
    const std::size_t end = sql.find('\n', at);
    return end == std::string_view::npos ? sql.size() : end + 1;
  }
  if (c == '/' && sql.substr(at, 2) == "/*") {
    int depth = 0;
    for (std::size_t i = at; i + 1 < sql.size(); ++i) {
      if (sql[i] == '/' && sql[i + 1] == '*') {
        ++depth;
        ++i;
      } else if (sql[i] == '*' && sql[i + 1] == '/') {
        ++i;
        if (--depth == 0) return i + 1;
      }
    }
    return sql.size();
  }
  if (c == '$' && (at == 0 || !IsNameChar(sql[at - 1]))) {
    // $tag$ or $$: the tag is a name without '$'; "$1" is a parameter.
    std::size_t i = at + 1;
    if (i < sql.size() && sql[i] != '$' && !IsNameStart(sql[i])) return at;
    while (i < sql.size() && sql[i] != '$' && IsNameChar(sql[i])) ++i;
    if (i >= sql.size() || sql[i] != '$') return at;
    const std::string_view tag = sql.substr(at, i + 1 - at);
    const std::size_t end = sql.find(tag, i + 1);
    return end == std::string_view::npos ? sql.size() : end + tag.size();
  }
  return at;
}

}  // namespace

NumberedSql NumberPlaceholders(std::string_view sql) {
  NumberedSql result;
  result.sql.reserve(sql.size());
  std::map<std::string_view, std::size_t> numbers;
  std::size_t i = 0;
  while (i < sql.size()) {
    const std::size_t skipped = SkipQuoted(sql, i);
    if (skipped != i) {
      result.sql.append(sql.substr(i, skipped - i));
      i = skipped;
      continue;
    }
    if (sql[i] == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {
      result.sql += "::";
      i += 2;
      continue;
    }
    // After a name, a digit or ']' a colon is a slice bound ("a[1:n]"), but
    // after ':' or '[' or an operator it starts a placeholder.
    const bool follows_value =
        i > 0 && (IsNameChar(sql[i - 1]) || sql[i - 1] == ']' || sql[i - 1] == ')');
    if (sql[i] == ':' && i + 1 < sql.size() && IsNameStart(sql[i + 1]) && !follows_value) {
      std::size_t end = i + 1;
      while (end < sql.size() && IsNameChar(sql[end])) ++end;
      const auto [number, added] =
          numbers.emplace(sql.substr(i + 1, end - i - 1), result.placeholders + 1);
      if (added) ++result.placeholders;
      result.sql += '$';
      result.sql += std::to_string(number->second);
      i = end;
      continue;
    }
    result.sql += sql[i++];
  }
  return result;
}

}  // namespace retort::postgresql
