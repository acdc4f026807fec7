// Which views and triggers a column drop would break, decided by SQLite's
// own name resolution rather than by where the column's name appears: a
// view that joins the table and reads another table's column of the same
// name keeps working, and must not block the drop.
#ifndef RETORT_SQLITE_SQLITE_DROP_PROBE_H_
#define RETORT_SQLITE_SQLITE_DROP_PROBE_H_

#include <string>
#include <string_view>
#include <vector>

#include "retort/schema.h"

namespace retort::sqlite {

class SqliteConnection;
class SqliteRenderer;

// The views and triggers of a schema that stop compiling, in the order of
// the schema (by rowid).
struct BrokenObjects {
  std::vector<std::string> views;
  std::vector<std::string> triggers;
};

// Tries the drop on a stand-in: inside a savepoint, `table` is renamed
// aside and an empty table of the same name with only `kept_columns` takes
// its place; then SQLite compiles every view (SELECT * FROM it) and, each
// trigger alone, the INSERT, UPDATE and DELETE that would fire it. An
// object that compiled before and does not after depends on what goes (one
// that was broken already is not blamed). The savepoint is rolled back, so
// the database is as it was, and nothing is reported as run. Must be called
// inside a transaction. Throws DatabaseError.
BrokenObjects ObjectsBrokenByDrop(SqliteConnection& connection, const SqliteRenderer& renderer,
                                  const QualifiedName& table,
                                  const std::vector<std::string>& kept_columns);

// Whether the trigger `sql` fires on UPDATE OF a list that names `column`:
// such a trigger can no longer fire once the column is gone, though SQLite
// still compiles it.
bool TriggerFiresOnUpdateOf(std::string_view sql, std::string_view column);

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_DROP_PROBE_H_
