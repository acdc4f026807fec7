// The names PostgreSQL makes up for constraints created without one, so that
// reflection can tell them from names a person chose.
#ifndef RETORT_POSTGRESQL_POSTGRESQL_REFLECT_NAMES_H_
#define RETORT_POSTGRESQL_POSTGRESQL_REFLECT_NAMES_H_

#include <string>
#include <string_view>
#include <vector>

namespace retort::postgresql {

// Whether `name` is exactly what PostgreSQL generates for an unnamed
// constraint of `owner` (a table, or a domain) whose name part is `columns`
// and whose kind is `label` ("pkey", "key", "fkey", "check", "excl"):
// "<owner>_<columns joined by _>_<label>", or with a number after the label
// ("_key1") as PostgreSQL adds when the name is taken, both cut to 63 bytes
// as PostgreSQL cuts them (the longer of the owner and column parts loses
// characters first, never inside a UTF-8 character). The column part is
// left out when `columns` is empty (a primary key, a check on several or no
// columns). A generated name kept after a rename of the table or column no
// longer matches, and reads as chosen. Thread-safe; throws only
// std::bad_alloc.
bool IsGeneratedConstraintName(std::string_view name, std::string_view owner,
                               const std::vector<std::string>& columns, std::string_view label);

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_REFLECT_NAMES_H_
