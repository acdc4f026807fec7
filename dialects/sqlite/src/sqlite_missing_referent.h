// SQLite accepts a foreign key to a table that does not exist without a
// word, and fails only later, on the first write to the child table with
// foreign keys on ("no such table"), or never checks it at all. A revision
// that leaves one behind is refused instead.
#ifndef RETORT_SQLITE_SQLITE_MISSING_REFERENT_H_
#define RETORT_SQLITE_SQLITE_MISSING_REFERENT_H_

#include <vector>

#include "retort/dialect.h"
#include "retort/revision.h"

namespace retort::sqlite {

class SqliteConnection;

// Checks, after all of `ops` ran (so a referent that a later operation of
// the revision creates is fine, and a table may reference itself), that
// each foreign key an operation declared (create_table, add_column with
// references, create_foreign_key, natively or through a rebuild) points at
// a table that exists and at columns it has. Keys that a later operation
// removed, or whose table went, are not checked. Throws OperationError
// naming the missing table (or columns), with `current` set to the
// operation that declared the key. Throws DatabaseError.
void RefuseMissingReferents(SqliteConnection& connection, const std::vector<RevisionOp>& ops,
                            Connection::Span* current);

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_MISSING_REFERENT_H_
