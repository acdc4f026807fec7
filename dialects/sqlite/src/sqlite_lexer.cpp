#include "sqlite_lexer.h"

#include <cctype>

#include "retort/error.h"

namespace retort::sqlite {
namespace {

bool IsWordStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool IsWordPart(char c) {
  return IsWordStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

// The end of a quoted run starting at `begin` (a quote character), where a
// doubled closing quote stands for one.
std::size_t QuotedEnd(std::string_view sql, std::size_t begin, char close) {
  for (std::size_t i = begin + 1; i < sql.size(); ++i) {
    if (sql[i] != close) continue;
    if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close) {
      ++i;
      continue;
    }
    return i + 1;
  }
  throw OperationError("unterminated " + std::string(close == '\'' ? "string" : "identifier") +
                       " in SQL: " + std::string(sql.substr(begin, 40)));
}

}  // namespace

std::string Token::Identifier() const {
  if (kind != TokenKind::kQuotedIdentifier) return std::string(text);
  const char close = text.front() == '[' ? ']' : text.front();
  std::string name;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    name += text[i];
    if (text[i] == close && close != ']') ++i;  // "" stands for "
  }
  return name;
}

bool Token::Is(std::string_view keyword) const {
  if (kind != TokenKind::kWord || text.size() != keyword.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) !=
        std::toupper(static_cast<unsigned char>(keyword[i]))) {
      return false;
    }
  }
  return true;
}

std::vector<Token> Tokenize(std::string_view sql) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  auto add = [&](TokenKind kind, std::size_t begin, std::size_t end) {
    tokens.push_back(Token{kind, begin, end, sql.substr(begin, end - begin)});
    i = end;
  };
  while (i < sql.size()) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && next == '-') {
      const auto end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (c == '/' && next == '*') {
      const auto end = sql.find("*/", i + 2);
      if (end == std::string_view::npos) throw OperationError("unterminated comment in SQL");
      i = end + 2;
    } else if (c == '\'') {
      add(TokenKind::kString, i, QuotedEnd(sql, i, '\''));
    } else if (c == '"' || c == '`') {
      add(TokenKind::kQuotedIdentifier, i, QuotedEnd(sql, i, c));
    } else if (c == '[') {
      add(TokenKind::kQuotedIdentifier, i, QuotedEnd(sql, i, ']'));
    } else if ((c == 'x' || c == 'X') && next == '\'') {
      add(TokenKind::kBlob, i, QuotedEnd(sql, i + 1, '\''));
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && std::isdigit(static_cast<unsigned char>(next)))) {
      std::size_t end = i + 1;
      while (end < sql.size() &&
             (std::isalnum(static_cast<unsigned char>(sql[end])) || sql[end] == '.' ||
              ((sql[end] == '+' || sql[end] == '-') &&
               (sql[end - 1] == 'e' || sql[end - 1] == 'E')))) {
        ++end;
      }
      add(TokenKind::kNumber, i, end);
    } else if (IsWordStart(c)) {
      std::size_t end = i + 1;
      while (end < sql.size() && IsWordPart(sql[end])) ++end;
      add(TokenKind::kWord, i, end);
    } else {
      // Two-character operators stay together: ||, <=, >=, <>, !=, ==, <<, >>.
      static constexpr std::string_view kPairs[] = {"||", "<=", ">=", "<>", "!=", "==", "<<", ">>"};
      std::size_t length = 1;
      for (std::string_view pair : kPairs) {
        if (sql.substr(i, 2) == pair) length = 2;
      }
      add(TokenKind::kPunctuation, i, i + length);
    }
  }
  return tokens;
}

}  // namespace retort::sqlite
