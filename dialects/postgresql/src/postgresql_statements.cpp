#include "postgresql_statements.h"

#include <cctype>

namespace retort::postgresql {
namespace {

bool IsIdentifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// The end of the dollar-quote opening at `at` ("$tag$"), or npos when the
// '$' there opens none (a parameter like $1, or part of an identifier).
std::size_t DollarTagEnd(std::string_view sql, std::size_t at) {
  std::size_t end = at + 1;
  while (end < sql.size() && IsIdentifierChar(sql[end]) &&
         !(end == at + 1 && std::isdigit(static_cast<unsigned char>(sql[end])))) {
    ++end;
  }
  return end < sql.size() && sql[end] == '$' ? end : std::string_view::npos;
}

// When a comment starts at `at` ("--" to the end of the line, or "/*" to
// its matching "*/", nested), the index of its last character; else npos.
std::size_t CommentEnd(std::string_view sql, std::size_t at) {
  if (sql.compare(at, 2, "--") == 0) {
    const std::size_t newline = sql.find('\n', at);
    return newline == std::string_view::npos ? sql.size() - 1 : newline;
  }
  if (sql.compare(at, 2, "/*") != 0) return std::string_view::npos;
  int depth = 0;
  for (std::size_t i = at; i + 1 < sql.size(); ++i) {
    if (sql.compare(i, 2, "/*") == 0) {
      ++depth;
      ++i;
    } else if (sql.compare(i, 2, "*/") == 0) {
      ++i;
      if (--depth == 0) return i;
    }
  }
  return sql.size() - 1;
}

// Whether `text` holds anything but blanks and comments.
bool HasCode(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (std::isspace(static_cast<unsigned char>(text[i]))) continue;
    const std::size_t comment_end = CommentEnd(text, i);
    if (comment_end == std::string_view::npos) return true;
    i = comment_end;
  }
  return false;
}

}  // namespace

std::vector<std::string> SplitStatements(std::string_view sql) {
  std::vector<std::string> statements;
  std::size_t start = 0;
  int parentheses = 0;
  auto finish = [&](std::size_t end) {
    const std::string_view statement = sql.substr(start, end - start);
    if (HasCode(statement)) statements.emplace_back(statement);
    start = end + 1;
  };
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      // E'...' strings take backslash escapes; doubled quotes escape in all.
      const bool backslashes =
          c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
          (i < 2 || !IsIdentifierChar(sql[i - 2]));
      for (++i; i < sql.size(); ++i) {
        if (backslashes && sql[i] == '\\') {
          ++i;
        } else if (sql[i] == c) {
          if (i + 1 < sql.size() && sql[i + 1] == c) {
            ++i;
          } else {
            break;
          }
        }
      }
    } else if (const std::size_t comment_end = CommentEnd(sql, i);
               comment_end != std::string_view::npos) {
      i = comment_end;
    } else if (c == '$' && (i == 0 || !IsIdentifierChar(sql[i - 1]))) {
      const std::size_t tag_end = DollarTagEnd(sql, i);
      if (tag_end == std::string_view::npos) continue;
      const std::string_view tag = sql.substr(i, tag_end - i + 1);
      const std::size_t close = sql.find(tag, tag_end + 1);
      i = close == std::string_view::npos ? sql.size() : close + tag.size() - 1;
    } else if (c == '(') {
      ++parentheses;
    } else if (c == ')') {
      --parentheses;
    } else if (c == ';' && parentheses <= 0) {
      finish(i);
    }
  }
  if (start < sql.size()) finish(sql.size());
  return statements;
}

}  // namespace retort::postgresql
