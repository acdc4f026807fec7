// Offline SQL for PostgreSQL (`upgrade --sql`). Every operation renders
// without the database but a drop_constraint without a name, whose name an
// online run first looks up in pg_constraint (postgresql_constraint_lookup.h).
// In a script a DO block looks it up where the script runs, by the rules of
// retort/constraint_selector.h, for a primary key, a unique constraint and a
// foreign key. A check constraint is matched by its condition in retort's
// canonical form, which only retort computes, so a script needs its name.
#ifndef RETORT_POSTGRESQL_POSTGRESQL_SCRIPT_H_
#define RETORT_POSTGRESQL_POSTGRESQL_SCRIPT_H_

#include <memory>
#include <string>

#include "postgresql_renderer.h"
#include "retort/script_connection.h"

namespace retort::postgresql {

// A RenderedScriptConnection that writes a drop_constraint without a name
// as DropBySelectorSql's block. Borrows all three, which must outlive it.
std::unique_ptr<Connection> OpenPostgresqlScript(const Dialect& dialect,
                                                 const PostgresqlRenderer& renderer,
                                                 ScriptWriter& script);

// A DO block that drops the one constraint the selector `drop` describes,
// and otherwise raises an error naming the table, what it looked for and
// what it found. Throws OperationError (its message says the drop "has no
// name") for a check constraint's selector.
std::string DropBySelectorSql(const PostgresqlRenderer& renderer, const DropConstraint& drop);

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_SCRIPT_H_
