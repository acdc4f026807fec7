// SQL expression text in one canonical form, whichever database stored it:
// what reflection puts in a Schema's defaults, checks and index expressions,
// so that a database that keeps the text as written (SQLite) and one that
// keeps a parsed tree and prints it back (PostgreSQL) compare equal.
//
// Thread-safety: a pure function (see below).
#ifndef RETORT_SQL_EXPRESSION_H_
#define RETORT_SQL_EXPRESSION_H_

#include <string>
#include <string_view>

namespace retort {

// The canonical form of SQL expression text:
// - casts written "::type" are removed ("'x'::character varying" -> "'x'",
//   "(a)::text[]" -> "a"); no SQL dialect but PostgreSQL writes "::";
// - "x = ANY (ARRAY[a, b])", PostgreSQL's print of an IN list, becomes
//   "x in (a, b)";
// - parentheses that only group are removed where that cannot change the
//   meaning under the operator precedence SQLite and PostgreSQL share
//   ("((a > 0) AND (b > 0))" -> "a > 0 and b > 0", while "(a or b) and c"
//   keeps them); those of a call, an IN list or a row are kept;
// - words outside quotes are in lower case (SQL keywords and unquoted names
//   are case-insensitive); string literals and quoted names are kept as
//   written;
// - comments are dropped, and tokens are joined by single blanks, except inside calls and lists
//   ("lower(x)", "x in ('a', 'b')").
// Other rewritings a database does (BETWEEN into two comparisons, negative
// numbers shown as '-1') are not undone. Canonical text canonicalizes to
// itself. Text that is not a well-formed expression is tokenized all the
// same and never throws. Throws only std::bad_alloc; thread-safe.
std::string CanonicalSqlExpression(std::string_view expression);

}  // namespace retort

#endif  // RETORT_SQL_EXPRESSION_H_
