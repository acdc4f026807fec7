// PostgreSQL's print form of an expression, undone: the canonical form its
// reflection gives and Dialect::CanonicalExpression promises.
#ifndef RETORT_DIALECTS_POSTGRESQL_EXPRESSION_H_
#define RETORT_DIALECTS_POSTGRESQL_EXPRESSION_H_

#include <string>
#include <string_view>

namespace retort::postgresql {

// PostgreSQL keeps a default, a check or an index predicate as a parsed tree
// and prints it back (pg_get_expr) with a cast after constants and columns
// and a parenthesis around every operation. This removes every "::type"
// cast ("'x'::character varying" -> "'x'", "(a)::text[]" -> "(a)") and
// turns "x = ANY (ARRAY[a, b])", its print of an IN list, back into
// "x in (a, b)"; then CanonicalSqlExpression's neutral form drops the
// parentheses. Text a person wrote comes out as the print of what it
// declares does. Pure; throws only std::bad_alloc.
std::string CanonicalExpression(std::string_view expression);

}  // namespace retort::postgresql

#endif  // RETORT_DIALECTS_POSTGRESQL_EXPRESSION_H_
