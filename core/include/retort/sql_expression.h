// SQL expression text in one canonical form, whichever database stored it:
// what reflection puts in a Schema's defaults, checks and index expressions,
// so that a database that keeps the text as written (SQLite) and one that
// keeps a parsed tree and prints it back (PostgreSQL) compare equal.
//
// The form has two halves. The neutral half, here, is what every database
// shares: grouping, case, blanks and comments. The other half is each
// database's own print form (PostgreSQL's "::" casts, MariaDB's backquoted
// names), which only its dialect knows: Dialect::CanonicalExpression undoes
// it on the tokens below and then applies the neutral half.
//
// Thread-safety: pure functions; they throw only std::bad_alloc.
#ifndef RETORT_SQL_EXPRESSION_H_
#define RETORT_SQL_EXPRESSION_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace retort {

struct Schema;

enum class SqlTokenKind {
  kWord,     // a keyword or unquoted name, in lower case
  kQuoted,   // a name in double quotes or backquotes, as written
  kLiteral,  // a string constant with its quotes, as written
  kNumber,   // a numeric constant, in lower case ("1e5")
  kSymbol,   // an operator or punctuation; "::", "<=", ">=", "<>", "!=", "||", "==" are one
};

struct SqlToken {
  SqlTokenKind kind;
  std::string text;

  // Whether this is the word or symbol `text` (never a literal or a name).
  bool Is(std::string_view text) const;
};

// The tokens of `expression`, without blanks and comments. Text that is not
// a well-formed expression is tokenized all the same (an unterminated quote
// runs to the end).
std::vector<SqlToken> TokenizeSqlExpression(std::string_view expression);

// The index just past the bracket that closes the "(" or "[" at `open`;
// tokens.size() when it is never closed.
std::size_t PastClosingBracket(const std::vector<SqlToken>& tokens, std::size_t open);

// The neutral half of the canonical form, on tokens a dialect may have
// rewritten:
// - parentheses that only group are removed where that cannot change the
//   meaning under the operator precedence SQL databases share
//   ("((a > 0) AND (b > 0))" -> "a > 0 and b > 0", while "(a or b) and c"
//   keeps them); those of a call, an IN list or a row are kept;
// - words outside quotes are in lower case (SQL keywords and unquoted names
//   are case-insensitive); string literals and quoted names are kept as
//   written;
// - tokens are joined by single blanks, except inside calls and lists and
//   around a qualifying dot ("lower(x)", "x in ('a', 'b')", "\"T\".c").
// Canonical text canonicalizes to itself.
std::string CanonicalSqlExpression(std::vector<SqlToken> tokens);

// CanonicalSqlExpression(TokenizeSqlExpression(expression)): comments are
// dropped too. What a database rewrites when it prints an expression back
// is not undone here (see Dialect::CanonicalExpression).
std::string CanonicalSqlExpression(std::string_view expression);

// A canonical form for expression text: CanonicalSqlExpression's, or a
// dialect's (Dialect::CanonicalExpression).
using ExpressionCanonicalizer = std::function<std::string(std::string_view)>;

// Puts every expression of `schema` through `canonical`: column defaults and
// generated columns, check conditions of tables and domains, index
// predicates and index expression items.
void CanonicalizeExpressions(Schema& schema, const ExpressionCanonicalizer& canonical);

}  // namespace retort

#endif  // RETORT_SQL_EXPRESSION_H_
