// Finding, in the live database, the name of the constraint a
// drop_constraint without a name describes. PostgreSQL drops a constraint
// only by name, and names every constraint, making one up for those created
// without ("orders_total_check"); a revision cannot know which name it made,
// so the drop is resolved when it runs, from pg_constraint.
#ifndef RETORT_POSTGRESQL_POSTGRESQL_CONSTRAINT_LOOKUP_H_
#define RETORT_POSTGRESQL_POSTGRESQL_CONSTRAINT_LOOKUP_H_

#include <vector>

#include "postgresql_connection.h"
#include "postgresql_renderer.h"
#include "retort/operation.h"

namespace retort::postgresql {

// The primary key, unique, foreign key and check constraints of `table`
// (found in its schema, or along the search_path), each with the name
// PostgreSQL knows it by, ordered by name: columns in key order, a foreign
// key's referent with its schema, a check's condition in
// CanonicalExpression's form (postgresql_expression.h). A partition's clones of a foreign key are
// left out. Throws OperationError when there is no such table, DatabaseError
// when a query fails.
std::vector<Constraint> TableConstraints(PostgresqlConnection& connection,
                                         const PostgresqlRenderer& renderer,
                                         const QualifiedName& table);

// `drop` with the name of the one constraint its selector describes
// (retort/constraint_selector.h: SelectConstraint, names compared exactly),
// for rendering. Throws OperationError, listing the table's constraints,
// when none or several match; as TableConstraints otherwise. `drop` must
// have no name.
DropConstraint ResolveConstraintName(PostgresqlConnection& connection,
                                     const PostgresqlRenderer& renderer,
                                     const DropConstraint& drop);

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_CONSTRAINT_LOOKUP_H_
