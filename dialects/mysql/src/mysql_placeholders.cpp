#include "mysql_placeholders.h"

#include <cctype>

namespace retort::mysql {
namespace {

bool IsNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsNamePart(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The index past the quoted text that starts at `i`: a doubled quote stands
// for itself and, in strings, a backslash escapes the next character.
std::size_t PastQuoted(std::string_view sql, std::size_t i) {
  const char quote = sql[i];
  for (std::size_t k = i + 1; k < sql.size(); ++k) {
    if (quote != '`' && sql[k] == '\\') {
      ++k;
    } else if (sql[k] == quote) {
      if (k + 1 < sql.size() && sql[k + 1] == quote) {
        ++k;
      } else {
        return k + 1;
      }
    }
  }
  return sql.size();
}

std::size_t PastLine(std::string_view sql, std::size_t i) {
  const std::size_t end = sql.find('\n', i);
  return end == std::string_view::npos ? sql.size() : end + 1;
}

// Calls `code(i)` for every character of `sql` outside strings, quoted
// names and comments; `code` returns where to go on from.
template <class Code>
void ForEachCodeCharacter(std::string_view sql, Code code) {
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {
      i = PastQuoted(sql, i);
    } else if (c == '#' ||
               (sql.substr(i, 2) == "--" &&
                (i + 2 == sql.size() || std::isspace(static_cast<unsigned char>(sql[i + 2]))))) {
      i = PastLine(sql, i);
    } else if (sql.substr(i, 3) == "/*!" || sql.substr(i, 4) == "/*M!") {
      // An executable comment is code to the server: only its opening goes.
      i += sql[i + 2] == '!' ? 3 : 4;
    } else if (sql.substr(i, 2) == "/*") {
      const std::size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      i = code(i);
    }
  }
}

}  // namespace

std::vector<Placeholder> FindPlaceholders(std::string_view sql) {
  std::vector<Placeholder> found;
  ForEachCodeCharacter(sql, [&](std::size_t i) {
    if (sql[i] != ':' || i + 1 >= sql.size() || !IsNameStart(sql[i + 1]) ||
        (i > 0 && IsNamePart(sql[i - 1]))) {
      return i + 1;
    }
    std::size_t end = i + 2;
    while (end < sql.size() && IsNamePart(sql[end])) ++end;
    found.push_back({i, end, std::string(sql.substr(i + 1, end - i - 1))});
    return end;
  });
  return found;
}

bool HoldsSeveralStatements(std::string_view sql) {
  bool after_semicolon = false, several = false;
  ForEachCodeCharacter(sql, [&](std::size_t i) {
    if (sql[i] == ';') {
      after_semicolon = true;
    } else if (after_semicolon && !std::isspace(static_cast<unsigned char>(sql[i]))) {
      several = true;
    }
    return i + 1;
  });
  return several;
}

}  // namespace retort::mysql
