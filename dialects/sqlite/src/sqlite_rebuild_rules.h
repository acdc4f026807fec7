// The rules that decide whether SQLite's own ALTER TABLE can carry out an
// operation, or whether it needs a table rebuild. They follow SQLite's
// documented limits of ALTER TABLE ADD COLUMN and DROP COLUMN, and the fact
// that SQLite cannot change a column or a constraint in place.
#ifndef RETORT_SQLITE_SQLITE_REBUILD_RULES_H_
#define RETORT_SQLITE_SQLITE_REBUILD_RULES_H_

#include <optional>
#include <string>

#include "retort/operation.h"

namespace retort::sqlite {

class SqliteConnection;
class SqliteRenderer;

// The table a rebuild would change to carry out `op`, or nullopt for an
// operation a rebuild never does (create_table, create_index, execute...).
std::optional<QualifiedName> RebuildTarget(const Operation& op);

// Why ALTER TABLE cannot carry out `op` (so a rebuild must), or "" when it
// can. Without `live`, only what the operation itself shows is judged;
// with it, also what the live schema shows (a dropped column that is part of
// a key, an index or a constraint).
std::string WhyRebuild(const Operation& op, const SqliteRenderer& renderer,
                       SqliteConnection* live);

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_REBUILD_RULES_H_
