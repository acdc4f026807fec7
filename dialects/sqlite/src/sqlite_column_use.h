// Where a column of a SQLite table is used, read from the schema's SQL text:
// what a drop_column must not drop silently (see sqlite_rebuild.h).
#ifndef RETORT_SQLITE_SQLITE_COLUMN_USE_H_
#define RETORT_SQLITE_SQLITE_COLUMN_USE_H_

#include <string>
#include <string_view>
#include <vector>

#include "retort/schema.h"
#include "sqlite_table_sql.h"

namespace retort::sqlite {

class SqliteConnection;
class SqliteRenderer;

// Whether `text`, a REFERENCES clause or a FOREIGN KEY constraint, points at
// `column` of `table`. A reference that names no columns means the parent's
// primary key, so it points at the column when `column_is_key`.
bool ReferencesColumn(std::string_view text, std::string_view table, std::string_view column,
                      bool column_is_key);

// Whether `column` is (part of) `table`'s primary key.
bool IsKeyColumn(const TableSql& table, std::string_view column);

// Whether the CREATE INDEX statement `sql` uses `column`: as a key, in an
// expression or in its WHERE clause. (The index's and table's names do not
// count.)
bool IndexUses(std::string_view sql, std::string_view column);

// A foreign key of another table that points at a column.
struct ReferencingKey {
  std::string table;  // the referencing (child) table
  std::string description;  // "the foreign key of table child (parent_id)"
};

// The foreign keys of the other tables of `table`'s schema that point at
// `column` of `table`. Throws DatabaseError.
std::vector<ReferencingKey> ForeignKeysReferencing(SqliteConnection& connection,
                                                   const SqliteRenderer& renderer,
                                                   const QualifiedName& table,
                                                   const std::string& column, bool column_is_key);

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_COLUMN_USE_H_
