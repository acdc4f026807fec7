// CanonicalSqlExpression's neutral half: SQL expression text in a form that
// does not depend on how it was spaced, cased or grouped. A database that
// keeps a parsed tree prints it back with a parenthesis around every
// operation; one that keeps the text keeps the writer's.
#include "retort/sql_expression.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "retort/schema.h"

namespace retort {
namespace {

using Kind = SqlTokenKind;
using Token = SqlToken;

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

}  // namespace

std::vector<SqlToken> TokenizeSqlExpression(std::string_view text) {
  static constexpr std::array<std::string_view, 7> kTwoCharSymbols = {"::", "<=", ">=", "<>",
                                                                      "!=", "||", "=="};
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (text.substr(i, 2) == "--") {  // comments, as SQL has them, are blanks
      const std::size_t end = text.find('\n', i);
      i = end == std::string_view::npos ? text.size() : end + 1;
    } else if (text.substr(i, 2) == "/*") {
      const std::size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
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

namespace {

bool Is(const std::vector<Token>& tokens, std::size_t i, std::string_view text) {
  return i < tokens.size() && tokens[i].Is(text);
}

bool IsOneOf(const Token& token, std::initializer_list<std::string_view> texts) {
  if (token.kind == Kind::kLiteral) return false;
  return std::find(texts.begin(), texts.end(), token.text) != texts.end();
}

// Words after which "(" groups an operand rather than opening an argument
// list.
bool IsOperatorWord(const Token& token) {
  return token.kind == Kind::kWord &&
         IsOneOf(token, {"and", "or", "not", "is", "like", "ilike", "glob", "regexp", "similar",
                         "escape", "between", "case", "when", "then", "else"});
}

// Binding strength of operators, weakest first, as SQLite and PostgreSQL
// agree on them. Comparisons, IS, LIKE, IN and BETWEEN share a level because
// the two order them differently among themselves; so do operators whose
// place differs (||, which SQLite binds tightest and PostgreSQL below +).
enum Level : int {
  kDelimiter = 0,  // no operator: the start, a comma, an opening bracket, THEN
  kOr = 1,
  kAnd,
  kNot,
  kComparison,
  kOther,  // ||, and operators only one database has
  kAdditive,
  kMultiplicative,
  kUnary,
  kOpaque = 99,  // beside an operand, a level the databases disagree on
  kAtom = 100,   // inside: no operator at all
  kRow = 101,    // inside: a list or a subquery, which needs its parentheses
};

// Whether the "+" or "-" at `i` is a sign rather than a binary operator.
bool IsSign(const std::vector<Token>& tokens, std::size_t i) {
  if (!IsOneOf(tokens[i], {"+", "-"}) || tokens[i].kind != Kind::kSymbol) return false;
  if (i == 0) return true;
  const Token& before = tokens[i - 1];
  if (before.kind == Kind::kSymbol) return !IsOneOf(before, {")", "]"});
  return IsOperatorWord(before) || IsOneOf(before, {"in", "any"});
}

// The level of the operator at `i`; kOpaque for text that is no operator
// this knows.
int OperatorLevel(const std::vector<Token>& tokens, std::size_t i) {
  const Token& token = tokens[i];
  if (token.kind == Kind::kWord) {
    if (token.text == "or") return kOr;
    if (token.text == "and") return kAnd;
    if (token.text == "not") return kNot;
    if (IsOneOf(token, {"is", "isnull", "notnull", "like", "ilike", "glob", "regexp", "similar",
                        "escape", "in", "between"})) {
      return kComparison;
    }
    return kOpaque;
  }
  if (token.kind != Kind::kSymbol) return kOpaque;
  if (IsSign(tokens, i)) return kUnary;
  if (IsOneOf(token, {"=", "==", "<>", "!=", "<", ">", "<=", ">="})) return kComparison;
  if (IsOneOf(token, {"+", "-"})) return kAdditive;
  if (IsOneOf(token, {"*", "/", "%"})) return kMultiplicative;
  return kOther;
}

// The weakest operator directly inside the parentheses [open, close], or
// kAtom when there is none, or kRow for a list or a subquery.
int InnerLevel(const std::vector<Token>& tokens, std::size_t open, std::size_t close) {
  int weakest = kAtom;
  int depth = 0, cases = 0;
  for (std::size_t i = open + 1; i < close; ++i) {
    const Token& token = tokens[i];
    if (IsOneOf(token, {"(", "["})) ++depth;
    if (IsOneOf(token, {")", "]"})) --depth;
    if (token.kind == Kind::kWord && token.text == "case") ++cases;
    if (token.kind == Kind::kWord && token.text == "end") --cases;
    if (depth != 0 || cases != 0 || IsOneOf(token, {")", "]", "end", "."})) continue;
    if (IsOneOf(token, {",", "select", "values", "with"})) return kRow;
    const int level = OperatorLevel(tokens, i);
    if (level != kOpaque) weakest = std::min(weakest, level);
  }
  return weakest;
}

// The level of what stands just outside a group, at `i` (before or after it).
int NeighbourLevel(const std::vector<Token>& tokens, std::size_t i, bool before) {
  if (i >= tokens.size()) return kDelimiter;
  const Token& token = tokens[i];
  if (IsOneOf(token, {",", before ? "(" : ")", before ? "[" : "]"}) ||
      (token.kind == Kind::kWord && IsOneOf(token, {"case", "when", "then", "else", "end"}))) {
    return kDelimiter;
  }
  const int level = OperatorLevel(tokens, i);
  if (level == kOther) return kOpaque;
  if (!before && level == kNot) return kComparison;  // "(a) NOT LIKE b"
  return level;
}

bool Associative(int level) {
  return level == kOr || level == kAnd || level == kAdditive || level == kMultiplicative;
}

// Whether the parentheses [open, close] only group, so that removing them
// keeps the meaning.
bool IsRemovable(const std::vector<Token>& tokens, std::size_t open, std::size_t close) {
  if (open > 0) {
    const Token& before = tokens[open - 1];
    const bool name = before.kind == Kind::kQuoted ||
                      (before.kind == Kind::kWord && !IsOperatorWord(before));
    if (name) return false;  // a call's arguments, an IN list
  }
  const int inner = InnerLevel(tokens, open, close);
  if (inner == kRow) return false;
  if (inner == kAtom) return true;
  const int left = open == 0 ? kDelimiter : NeighbourLevel(tokens, open - 1, true);
  const int right = NeighbourLevel(tokens, close + 1, false);
  // Equal levels: "a AND (b AND c)" regroups freely; "(a - b) - c" only on
  // the left, as operators group left to right.
  const bool left_ok = inner > left || (inner == left && (inner == kOr || inner == kAnd));
  const bool right_ok = inner > right || (inner == right && Associative(inner));
  return left_ok && right_ok;
}

// Outermost first, each group judged with the groups around it already
// gone: "((a OR b)) AND c" loses only its outer pair.
std::vector<Token> WithoutGroupingParentheses(std::vector<Token> tokens) {
  for (std::size_t i = 0; i < tokens.size();) {
    if (!Is(tokens, i, "(")) {
      ++i;
      continue;
    }
    const std::size_t past = PastClosingBracket(tokens, i);
    if (past > tokens.size() || !Is(tokens, past - 1, ")") || !IsRemovable(tokens, i, past - 1)) {
      ++i;
      continue;
    }
    tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(past - 1));
    tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(i));
  }
  return tokens;
}

}  // namespace

bool SqlToken::Is(std::string_view word) const {
  return kind != Kind::kLiteral && kind != Kind::kQuoted && text == word;
}

std::size_t PastClosingBracket(const std::vector<SqlToken>& tokens, std::size_t open) {
  const std::string_view opening = tokens[open].text;
  const std::string_view closing = opening == "(" ? ")" : "]";
  int depth = 0;
  for (std::size_t i = open; i < tokens.size(); ++i) {
    if (Is(tokens, i, opening)) ++depth;
    if (Is(tokens, i, closing) && --depth == 0) return i + 1;
  }
  return tokens.size();
}

std::string CanonicalSqlExpression(std::vector<SqlToken> tokens) {
  tokens = WithoutGroupingParentheses(std::move(tokens));
  // Blanks between tokens, except where people leave them out, so that a
  // diff reads like SQL: "lower('x')", "x in ('a', 'b')", "-1".
  std::string text;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const bool call = Is(tokens, i, "(") && i > 0 && !IsOperatorWord(tokens[i - 1]) &&
                      !IsOneOf(tokens[i - 1], {"in", "any", "from", "join"}) &&
                      (tokens[i - 1].kind == Kind::kWord || tokens[i - 1].kind == Kind::kQuoted);
    const bool tight = i == 0 || call || Is(tokens, i, ")") || Is(tokens, i, "]") ||
                       Is(tokens, i, ",") || Is(tokens, i - 1, "(") || Is(tokens, i - 1, "[") ||
                       Is(tokens, i, ".") || Is(tokens, i - 1, ".") || IsSign(tokens, i - 1);
    if (!tight) text += ' ';
    text += tokens[i].text;
  }
  return text;
}

std::string CanonicalSqlExpression(std::string_view expression) {
  return CanonicalSqlExpression(TokenizeSqlExpression(expression));
}

void CanonicalizeExpressions(Schema& schema, const ExpressionCanonicalizer& canonical) {
  const auto each = [&](std::string& expression) { expression = canonical(expression); };
  for (Table& table : schema.tables) {
    for (Column& column : table.columns) {
      if (column.server_default) each(*column.server_default);
      if (column.generated) each(column.generated->expression);
    }
    for (CheckConstraint& check : table.check_constraints) each(check.condition);
  }
  for (Index& index : schema.indexes) {
    if (!index.where.empty()) each(index.where);
    for (const int position : index.expressions) {
      each(index.columns.at(static_cast<std::size_t>(position)));
    }
  }
  for (Domain& domain : schema.domains) {
    if (domain.server_default) each(*domain.server_default);
    for (CheckConstraint& check : domain.check_constraints) each(check.condition);
  }
}

}  // namespace retort
