// A SQLite table rebuild ("batch mode"): what SQLite's ALTER TABLE cannot
// do, done by SQLite's documented procedure. The new table is derived from
// the table's own CREATE TABLE text, so that everything the change does not
// touch stays as it was.
//
//   CREATE TABLE "_retort_rebuild_<t>" (...);   -- the changed definition
//   INSERT INTO "_retort_rebuild_<t>" (...) SELECT ... FROM t;   -- rowids kept
//   DROP TABLE t;
//   ALTER TABLE "_retort_rebuild_<t>" RENAME TO t;   -- legacy_alter_table on,
//                                                   -- so views stay as written
//   CREATE INDEX ...; CREATE TRIGGER ...;   -- as they were
//   -- the AUTOINCREMENT counter and ANALYZE statistics restored
//
// It runs inside the revision's transaction, with foreign keys off (see
// SqliteConnection::Begin); a failure anywhere rolls all of it back.
#ifndef RETORT_SQLITE_SQLITE_REBUILD_H_
#define RETORT_SQLITE_SQLITE_REBUILD_H_

#include <map>
#include <string>
#include <vector>

#include "retort/events.h"
#include "retort/operation.h"
#include "sqlite_table_sql.h"

namespace retort::sqlite {

class SqliteConnection;
class SqliteRenderer;

class TableRebuild {
 public:
  // Reads `table`'s definition. Throws OperationError when there is no such
  // table.
  TableRebuild(SqliteConnection& connection, const SqliteRenderer& renderer,
               const QualifiedName& table);

  // Applies one more operation to the new definition. Throws OperationError,
  // before anything is written, for what would lose something: dropping a
  // column an index, view, trigger or other constraint uses; a constraint
  // name that is taken or missing; a second primary key.
  void Add(const Operation& op);

  // Builds the new table and swaps it in, reporting statements and the rows
  // copied to `listener`. Throws OperationError or DatabaseError.
  void Run(MigrationListener& listener);

 private:
  struct SavedObject {
    std::string name;
    std::string sql;
  };

  void AddColumn(const AddColumn& op);
  void DropColumn(const DropColumn& op);
  void AlterColumn(const AlterColumn& op);
  void AddConstraint(TableConstraintSql constraint);
  void DropConstraint(const DropConstraint& op);
  ColumnSql& Column(const std::string& name, const char* doing);
  void CheckNotUsedElsewhere(const std::string& column, const std::vector<SavedObject>& objects,
                             const char* kind) const;
  void CheckNotNulls();
  // Each index on the table (named or automatic) -> its columns, as listed.
  std::map<std::string, std::string> IndexColumns();
  void CopyRows(const std::string& temporary, MigrationListener& listener);
  std::string Quote(const std::string& name) const;

  SqliteConnection& connection_;
  const SqliteRenderer& renderer_;
  QualifiedName name_;
  TableSql table_;
  std::vector<std::string> old_columns_;  // stored (not generated) columns before the change
  // New column name -> the expression that fills it from the old row, for
  // the columns the change converts (CAST, fill_nulls).
  std::map<std::string, std::string> conversions_;
  std::vector<std::string> dropped_columns_;
  std::vector<std::string> now_not_null_;  // columns made NOT NULL without a fill value
  std::vector<std::string> added_not_null_;  // added NOT NULL columns without a default
  std::vector<SavedObject> indexes_;
  std::vector<SavedObject> triggers_;        // on the table: dropped with it, made again
  std::vector<SavedObject> other_triggers_;  // on other tables, naming it
  std::vector<SavedObject> views_;           // naming it
};

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_REBUILD_H_
