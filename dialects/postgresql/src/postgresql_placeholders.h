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
  std::string sql;  // with $1, $2 ... in place of each :name
  std::size_t placeholders = 0;
};

// Replaces each ":name" (a colon, then a letter or '_', then letters, digits
// and '_') by "$1", "$2" ... in order. Leaves alone what is not one: "::"
// casts, array slices ("[1:2]"), and anything inside string constants
// ('...', E'...' with its backslash escapes), quoted identifiers ("..."),
// dollar-quoted bodies ($tag$...$tag$) and comments (--, nested /* */). Pure.
NumberedSql NumberPlaceholders(std::string_view sql);

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_PLACEHOLDERS_H_
