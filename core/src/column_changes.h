// The column part of PlanSchemaChanges: drops, changes in place and adds on
// one table that both schemas have.
#ifndef RETORT_CORE_COLUMN_CHANGES_H_
#define RETORT_CORE_COLUMN_CHANGES_H_

#include <vector>

#include "retort/schema.h"
#include "retort/schema_changes.h"

namespace retort {

// Appends the operations that take the columns of `from` to those of `to`
// (the same table): drop_column for columns only `from` has (remarked as a
// possible rename when `to` adds one of the same type), alter_column for
// type, nullability, default and comment, add_column for the new ones.
// Every operation carries what reversing it needs.
void AppendColumnChanges(const Table& from, const Table& to, std::vector<PlannedChange>& changes);

}  // namespace retort

#endif  // RETORT_CORE_COLUMN_CHANGES_H_
