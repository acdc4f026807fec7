// What a DROP COLUMN would take with it on PostgreSQL. ALTER TABLE ... DROP
// COLUMN drops the column's indexes and constraints without a word (and
// refuses only for views and other tables' foreign keys), so retort asks
// pg_depend first: a drop_column never drops another object silently.
#ifndef RETORT_POSTGRESQL_POSTGRESQL_COLUMN_DEPENDENTS_H_
#define RETORT_POSTGRESQL_POSTGRESQL_COLUMN_DEPENDENTS_H_

#include <string>
#include <vector>

#include "retort/events.h"
#include "retort/operation.h"

namespace retort::postgresql {

class PostgresqlConnection;
class PostgresqlRenderer;

// Every object that dropping `op`'s column (with CASCADE) would drop too,
// as PostgreSQL describes it ("index idx_film_language", "view v_film",
// "constraint fk_x on table other"), sorted: indexes, constraints, views
// and what depends on them in turn, triggers, policies, statistics and
// generated columns. Left out: what belongs to the column itself (its
// default, the sequence it owns) and what `op.existing` and
// `op.existing_foreign_key` describe (its own one-column UNIQUE, PRIMARY
// KEY or foreign key, which reversing the drop makes again). Empty when the
// column does not exist (the DROP then says so). Throws DatabaseError.
std::vector<std::string> ColumnDependents(PostgresqlConnection& connection,
                                          const PostgresqlRenderer& renderer,
                                          const DropColumn& op);

// Before `op` runs: without cascade, throws OperationError listing the
// dependents, if there are any; with cascade, tells `listener` (a notice)
// what goes with the column.
void CheckColumnDependents(PostgresqlConnection& connection, const PostgresqlRenderer& renderer,
                           const DropColumn& op, MigrationListener& listener);

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_COLUMN_DEPENDENTS_H_
