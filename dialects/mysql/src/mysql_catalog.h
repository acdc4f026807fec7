// What an operation learns from the live database before it is rendered,
// where MySQL's statements need more than the operation says.
#ifndef RETORT_MYSQL_MYSQL_CATALOG_H_
#define RETORT_MYSQL_MYSQL_CATALOG_H_

#include <string>
#include <vector>

#include "retort/operation.h"

namespace retort::mysql {

class MysqlConnection;

// `drop` with its name and kind as the table has them: a selector (no
// name) finds its constraint by definition (SelectConstraint), and a name
// without a kind gets its kind, since MySQL drops each kind its own way.
// Throws OperationError when the table has no such constraint.
DropConstraint ResolveConstraint(MysqlConnection& connection, const DropConstraint& drop);

// The table of the index `index` (in its schema, or the connection's
// database); empty when there is none and `if_exists`. Throws
// OperationError when there is none (without `if_exists`), or several
// tables have an index of that name.
std::string TableOfIndex(MysqlConnection& connection, const QualifiedName& index, bool if_exists);

// The names of `table`'s foreign keys that hold `column`, which MySQL
// refuses to drop under them (PostgreSQL drops them with the column).
std::vector<std::string> ForeignKeysOver(MysqlConnection& connection, const QualifiedName& table,
                                         const std::string& column);

// The index MySQL made for `table`'s foreign key `key` when it was added
// (named after the key, over exactly its columns, and needed by no other
// key), which dropping the key would leave behind; empty when there is
// none. The index of an unnamed key is named after its first column, like
// an index a user may have made: it is never taken.
std::string IndexMadeFor(MysqlConnection& connection, const QualifiedName& table,
                         const std::string& key);

// Throws OperationError unless `unique.using_index` is a unique index of
// `unique.table` over exactly the constraint's columns, in order: MySQL
// keeps the constraint as that index, renamed, so the index must already
// enforce it (PostgreSQL checks the same).
void RequireUniqueIndexFor(MysqlConnection& connection, const CreateUniqueConstraint& unique);

// Whether `check` (a check constraint of its table, by name) is a
// column-level one: named after its column, dropped only with the column's
// definition.
bool IsColumnCheck(MysqlConnection& connection, const DropConstraint& check);

// The other sessions that may hold a lock `op` waited for: those in a
// transaction or running a statement, as "connection 12 (user app, Query
// for 30 s)", comma-separated; empty when there are none or they cannot be
// read.
std::string LockHolders(MysqlConnection& connection, const Operation& op);

}  // namespace retort::mysql

#endif  // RETORT_MYSQL_MYSQL_CATALOG_H_
