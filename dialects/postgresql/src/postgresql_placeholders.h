// The dialect contract writes query parameters as ":name"; libpq binds "$1",
// "$2" ... . This turns one into the other where PostgreSQL would read a
// placeholder, and nowhere else.
#ifndef RETORT_POSTGRESQL_POSTGRESQL_PLACEHOLDERS_H_
#define RETORT_POSTGRESQL_POSTGRESQL_PLACEHOLDERS_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace retort::postgresql {

struct NumberedSql {
  std::string sql;               // with $1, $2 ... in place of each :name
  std::size_t placeholders = 0;  // distinct names, so the values to bind
};

// Replaces each ":name" (a colon, then a letter or '_', then letters, digits
// and '_') by "$1", "$2" ... in the order the names first appear; a name
// used again gets its first number, so it takes the same value (as SQLite
// binds it). Leaves alone what is not one: "::" casts, a colon after a
// name, a digit, ']' or ')' (an array slice "a[1:n]"), and anything inside
// string constants ('...', E'...' with its backslash escapes), quoted
// identifiers ("..."), dollar-quoted bodies ($tag$...$tag$) and comments
// (--, nested /* */). A slice with no lower bound ("a[:n]") reads as a
// placeholder: write "a[1:n]". Pure.
NumberedSql NumberPlaceholders(std::string_view sql);

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_PLACEHOLDERS_H_
