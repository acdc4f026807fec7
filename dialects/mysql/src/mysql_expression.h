// MySQL's and MariaDB's print form of an expression, undone: the canonical
// form this dialect's reflection gives and Dialect::CanonicalExpression
// promises.
#ifndef RETORT_MYSQL_MYSQL_EXPRESSION_H_
#define RETORT_MYSQL_MYSQL_EXPRESSION_H_

#include <string>
#include <string_view>

namespace retort::mysql {

// The server keeps a default, a check or a generated column as text it
// prints back in its own way: names in backquotes (`qty` > 0), the
// current time as a call (current_timestamp(), or current_timestamp(6) for
// a column with microseconds), some functions by other names (lcase for
// lower), a string's character set before it (_utf8mb4'x', MySQL). This
// writes a backquoted name as a plain word where it is one (names are
// case-insensitive here) and in double quotes where it is not,
// current_timestamp(...) as current_timestamp, the functions by their
// standard names, and drops the character set; then
// CanonicalSqlExpression's neutral form. Pure;
// throws only std::bad_alloc.
std::string CanonicalExpression(std::string_view expression);

// A view's query as the server keeps it, without the qualifier of
// `database`, which MariaDB writes before every name (`shop`.`t`.`c`): the
// view's text as any connection to that database runs it. The rest stays as
// the server printed it (backquotes, an "AS c" after each column c), which
// DiffSchemas compares as the query written. Pure; throws only
// std::bad_alloc.
std::string ViewDefinition(std::string_view text, std::string_view database);

}  // namespace retort::mysql

#endif  // RETORT_MYSQL_MYSQL_EXPRESSION_H_
