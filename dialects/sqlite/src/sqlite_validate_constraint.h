// validate_constraint on SQLite. SQLite checks a constraint when a table
// rebuild adds it (every row is copied into the new table), so there is no
// unchecked constraint to validate; what is left to make sure of is that the
// named constraint exists and that the rows hold it even where a setting
// let them escape (foreign_keys off, ignore_check_constraints on).
#ifndef RETORT_SQLITE_SQLITE_VALIDATE_CONSTRAINT_H_
#define RETORT_SQLITE_SQLITE_VALIDATE_CONSTRAINT_H_

#include "retort/operation.h"

namespace retort::sqlite {

class SqliteConnection;

// Throws OperationError when `op.table` does not exist, has no constraint
// named `op.name` (listing those it has), or has rows that violate it (a
// CHECK or a FOREIGN KEY; naming the first rowids). Writes nothing.
void ValidateNamedConstraint(SqliteConnection& connection, const ValidateConstraint& op);

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_VALIDATE_CONSTRAINT_H_
