// CanonicalSqlExpression: SQL expression text in a form that does not depend
// on how a database stores and shows it. PostgreSQL keeps a default, a check
// or an index predicate as a parsed tree and prints it back with casts and
// parentheses added; SQLite keeps the text as written.
#include <array>
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "retort/conformance.h"

namespace retort {
namespace {

enum class Kind { kWord, kQuoted, kLiteral, kNumber, kSymbol };

struct Token {
  Kind kind;
  std::string text;
};

bool IsWordStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsWordPart(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// Text quoted with `quote`, a doubled quote standing for itself; runs to the
// end of `text` when unterminated.
std::size_t QuotedEnd(std::string_view text, std::size_t begin, char quote) {
  std::size_t i = begin + 1;
  while (i < text.size()) {
    if (text[i] == quote) {
      if (i + 1 < text.size() && text[i + 1] == quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    ++i;
  }
  return text.size();
}

std::vector<Token> Tokenize(std::string_view text) {
  static constexpr std::array<std::string_view, 7> kTwoCharSymbols = {"::", "<=", ">=", "<>",
                                                                      "!=", "||", "=="};
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '\'' || c == '"' || c == '`') {
      const std::size_t end = QuotedEnd(text, i, c);
      tokens.push_back({c == '\'' ? Kind::kLiteral : Kind::kQuoted,
                        std::string(text.substr(i, end - i))});
      i = end;
    } else if (IsWordStart(c)) {
      std::size_t end = i + 1;
      while (end < text.size() && IsWordPart(text[end])) ++end;
      tokens.push_back({Kind::kWord, Lower(text.substr(i, end - i))});
      i = end;
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < text.size() &&
                std::isdigit(static_cast<unsigned char>(text[i + 1])))) {
      std::size_t end = i + 1;
      while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                                   text[end] == '.')) {
        ++end;
      }
      tokens.push_back({Kind::kNumber, Lower(text.substr(i, end - i))});
      i = end;
    } else {
      std::size_t length = 1;
      for (std::string_view symbol : kTwoCharSymbols) {
        if (text.substr(i, 2) == symbol) length = 2;
      }
      tokens.push_back({Kind::kSymbol, std::string(text.substr(i, length))});
      i += length;
    }
  }
  return tokens;
}

bool Is(const std::vector<Token>& tokens, std::size_t i, std::string_view text) {
  return i < tokens.size() && tokens[i].kind != Kind::kLiteral && tokens[i].text == text;
}

// The index just past the bracket that closes the one at `open`.
std::size_t PastClosing(const std::vector<Token>& tokens, std::size_t open) {
  const std::string_view opening = tokens[open].text;
  const std::string_view closing = opening == "(" ? ")" : "]";
  int depth = 0;
  for (std::size_t i = open; i < tokens.size(); ++i) {
    if (Is(tokens, i, opening)) ++depth;
    if (Is(tokens, i, closing) && --depth == 0) return i + 1;
  }
  return tokens.size();
}

// PostgreSQL's type names of more than one word, as format_type() writes them.
constexpr std::array<std::array<std::string_view, 4>, 7> kMultiWordTypes = {{
    {"timestamp", "without", "time", "zone"},
    {"timestamp", "with", "time", "zone"},
    {"time", "without", "time", "zone"},
    {"time", "with", "time", "zone"},
    {"character", "varying", "", ""},
    {"double", "precision", "", ""},
    {"bit", "varying", "", ""},
}};

// The index past the type name that starts at `i` (after "::"): one or more
// words, a quoted name, then any "(modifiers)" and "[]".
std::size_t PastTypeName(const std::vector<Token>& tokens, std::size_t i) {
  if (i >= tokens.size()) return i;
  std::size_t end = i + 1;
  if (tokens[i].kind == Kind::kWord) {
    for (const auto& words : kMultiWordTypes) {
      std::size_t n = 0;
      while (n < words.size() && !words[n].empty() && tokens.size() > i + n &&
             tokens[i + n].kind == Kind::kWord && tokens[i + n].text == words[n]) {
        ++n;
      }
      if (n == words.size() || words[n].empty()) {
        end = i + n;
        break;
      }
    }
  }
  if (Is(tokens, end, "(")) end = PastClosing(tokens, end);
  while (Is(tokens, end, "[") && Is(tokens, end + 1, "]")) end += 2;
  return end;
}

std::vector<Token> WithoutCasts(const std::vector<Token>& tokens) {
  std::vector<Token> kept;
  for (std::size_t i = 0; i < tokens.size();) {
    if (Is(tokens, i, "::")) {
      i = PastTypeName(tokens, i + 1);
    } else {
      kept.push_back(tokens[i++]);
    }
  }
  return kept;
}

// Words after which "(" is an operand's parenthesis, not an argument list.
bool IsOperatorWord(const Token& token) {
  static constexpr std::array<std::string_view, 11> kWords = {
      "and", "or", "not", "is", "like", "ilike", "between", "case", "when", "then", "else"};
  if (token.kind != Kind::kWord) return false;
  for (std::string_view word : kWords) {
    if (token.text == word) return true;
  }
  return false;
}

std::vector<Token> WithoutGroupingParentheses(const std::vector<Token>& tokens) {
  std::vector<bool> drop(tokens.size(), false);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!Is(tokens, i, "(")) continue;
    const bool after_name =
        i > 0 && (tokens[i - 1].kind == Kind::kQuoted ||
                  (tokens[i - 1].kind == Kind::kWord && !IsOperatorWord(tokens[i - 1])));
    if (after_name) continue;
    const std::size_t past = PastClosing(tokens, i);
    drop[i] = true;
    if (past <= tokens.size() && past > 0 && Is(tokens, past - 1, ")")) drop[past - 1] = true;
  }
  std::vector<Token> kept;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!drop[i]) kept.push_back(tokens[i]);
  }
  return kept;
}

// "= any ( array [ a , b ] )" becomes "in ( a , b )".
std::vector<Token> InListsBack(const std::vector<Token>& tokens) {
  std::vector<Token> result;
  for (std::size_t i = 0; i < tokens.size();) {
    if (Is(tokens, i, "=") && Is(tokens, i + 1, "any") && Is(tokens, i + 2, "(") &&
        Is(tokens, i + 3, "array") && Is(tokens, i + 4, "[")) {
      const std::size_t past_list = PastClosing(tokens, i + 4);
      if (Is(tokens, past_list, ")") && PastClosing(tokens, i + 2) == past_list + 1) {
        result.push_back({Kind::kWord, "in"});
        result.push_back({Kind::kSymbol, "("});
        for (std::size_t k = i + 5; k + 1 < past_list; ++k) result.push_back(tokens[k]);
        result.push_back({Kind::kSymbol, ")"});
        i = past_list + 1;
        continue;
      }
    }
    result.push_back(tokens[i++]);
  }
  return result;
}

}  // namespace

std::string CanonicalSqlExpression(const std::string& expression) {
  const std::vector<Token> tokens =
      InListsBack(WithoutGroupingParentheses(WithoutCasts(Tokenize(expression))));
  // Blanks between tokens, except where people leave them out, so that a
  // diff reads like SQL: "lower('x')", "x in ('a', 'b')".
  std::string text;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const bool call = Is(tokens, i, "(") && i > 0 && !IsOperatorWord(tokens[i - 1]) &&
                      tokens[i - 1].text != "in" && tokens[i - 1].text != "any" &&
                      (tokens[i - 1].kind == Kind::kWord || tokens[i - 1].kind == Kind::kQuoted);
    const bool tight = i == 0 || call || Is(tokens, i, ")") || Is(tokens, i, "]") ||
                       Is(tokens, i, ",") || Is(tokens, i - 1, "(") || Is(tokens, i - 1, "[");
    if (!tight) text += ' ';
    text += tokens[i].text;
  }
  return text;
}

}  // namespace retort
