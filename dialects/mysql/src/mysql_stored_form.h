// What MySQL and MariaDB do not tell apart, spelled the one way this
// dialect's reflection reports it (Dialect::StoredForm).
#ifndef RETORT_MYSQL_MYSQL_STORED_FORM_H_
#define RETORT_MYSQL_MYSQL_STORED_FORM_H_

#include "retort/schema.h"

namespace retort::mysql {

// Whether `index`'s predicate only leaves out rows where some of its own
// columns are NULL ("a IS NOT NULL AND b IS NOT NULL", a and b among its
// columns). A full index means the same: NULLs never conflict in a unique
// index, and which rows an index holds changes no result. MySQL has no
// partial indexes, so it builds such an index full.
bool OnlyLeavesOutNulls(const Index& index);

// `schema` as MariaDB would report it once created there:
// - a primary key has no name (the server calls every one PRIMARY);
// - an index that only leaves out NULLs (OnlyLeavesOutNulls) is full;
// - a full unique index on columns is a unique constraint of its table, by
//   the same name (to the server, a unique constraint is such an index);
// - RESTRICT is no action given (InnoDB checks at once either way, and
//   reports both as RESTRICT).
// In SortCanonically's order. Pure; throws only std::bad_alloc.
Schema StoredForm(Schema schema);

}  // namespace retort::mysql

#endif  // RETORT_MYSQL_MYSQL_STORED_FORM_H_
