// The rules that decide whether SQLite's own ALTER TABLE can carry out an
// operation, or whether it needs a table rebuild. They follow SQLite's
// documented limits of ALTER TABLE ADD COLUMN and DROP COLUMN, and the fact
// that SQLite cannot change a column or a constraint in place.
#ifndef RETORT_SQLITE_SQLITE_REBUILD_RULES_H_
#define RETORT_SQLITE_SQLITE_REBUILD_RULES_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "retort/operation.h"
#include "retort/revision.h"

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

// Whether `op` may need a table rebuild when it runs, so that foreign keys
// must be off for its transaction. An add_column or alter_column that
// ALTER TABLE can carry out, by what it shows itself, needs none (unless
// rebuild: always); rebuild: never never rebuilds (it fails instead); for
// the rest the live schema decides when it runs, so they may.
bool MayRebuild(const RevisionOp& op, const SqliteRenderer& renderer);

// Whether `op` is an alter_column that renames its column.
bool IsRename(const Operation& op);
// Whether `op` is an alter_column that changes nothing but the name or the
// comment (which rebuild: always does not make a rebuild).
bool IsRenameOrComment(const Operation& op);

// The end of the run of operations from `first` that one rebuild may carry
// out together: consecutive operations on one table. A rename ends it
// (renames stay native: SQLite's RENAME COLUMN also rewrites views and
// triggers), and so does an operation that must never rebuild.
std::size_t RebuildRunEnd(const std::vector<RevisionOp>& ops, std::size_t first);

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_REBUILD_RULES_H_
