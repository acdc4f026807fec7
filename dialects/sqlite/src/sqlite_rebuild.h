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

#include "retort/error.h"
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
  // column that an index, view, trigger, constraint, another column or
  // another table's foreign key depends on (all of them listed; with
  // cascade: true they are dropped too); a constraint name that is taken or
  // missing; a second primary key.
  void Add(const Operation& op);

  // Builds the new table and swaps it in, reporting statements, the rows
  // copied and what a cascade drops to `listener`. Before anything is
  // written, refuses a type change whose CAST would change a value (see
  // docs/sqlite.md). Throws OperationError or DatabaseError.
  void Run(MigrationListener& listener);

  // Removes the foreign keys of this table that point at `column` of
  // `parent` (a drop_column with cascade: true of the parent's column).
  void DropReferencesTo(const std::string& parent, const std::string& column,
                        bool column_is_key);

 private:
  struct SavedObject {
    std::string name;
    std::string sql;
  };
  // A type change that the copy converts with CAST: `input` is the SQL of
  // the value before it (over the old row), `type` the new declared type.
  struct Conversion {
    std::string column;
    std::string input;
    std::string type;
  };
  // A column the copy fills: its name in the new table and the SQL that
  // computes it from the old row.
  struct CopiedColumn {
    std::string name;
    std::string source;
  };
  // A foreign key of another table that a cascade drops with a column.
  struct Reference {
    std::string table;
    std::string column;
    bool column_is_key = false;
  };

  void AddColumn(const AddColumn& op);
  void DropColumn(const DropColumn& op);
  void AlterColumn(const AlterColumn& op);
  void AddConstraint(TableConstraintSql constraint);
  // create_unique_constraint's using_index: the unique index on the same
  // columns is not made again, its constraint takes its place.
  void AbsorbIndex(const CreateUniqueConstraint& op);
  void DropConstraint(const DropConstraint& op);
  ColumnSql& Column(const std::string& name, const char* doing);
  // Lists what depends on `column` in `found` and, when `remove`, takes it
  // out of the new definition or schedules its drop; `op` says what the
  // drop_column describes (and so need not list) of its own column.
  void CollectDependents(const std::string& column, const retort::DropColumn& op, bool remove,
                         std::vector<std::string>& found);
  // The views and triggers that would stop compiling without `column`
  // (and the table's triggers that fire on UPDATE OF it), likewise.
  void CollectBrokenObjects(const std::string& column, bool remove,
                            std::vector<std::string>& found);
  void RemoveColumn(const std::string& column);
  void CheckNotNulls();
  void CheckConversions();
  // Each index on the table (named or automatic) -> its columns, as listed.
  std::map<std::string, std::string> IndexColumns();
  void CopyRows(const std::string& temporary, MigrationListener& listener);
  // When `error`, from the copy into `temporary`, is a CHECK, UNIQUE or
  // PRIMARY KEY violation, throws OperationError naming the old table's rows
  // that break it (by rowid when `by_rowid`, else by their values) and the
  // values that do; returns for any other error. The database is left as
  // the failed copy left it. Throws DatabaseError.
  void ExplainCopyViolation(const DatabaseError& error, const std::string& temporary,
                            const std::vector<CopiedColumn>& copied, bool by_rowid);
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
  std::vector<Conversion> checked_conversions_;  // refused if they would change a value
  std::vector<std::string> cascade_drops_;     // DROP VIEW / DROP TRIGGER a cascade needs
  std::vector<std::string> cascade_dropped_objects_;  // the views and triggers they drop
  std::vector<Reference> cascade_references_;  // other tables' keys a cascade drops
  std::vector<std::string> cascade_notices_;
  std::vector<std::string> now_not_null_;  // columns made NOT NULL without a fill value
  std::vector<std::string> added_not_null_;  // added NOT NULL columns without a default
  std::vector<SavedObject> indexes_;
  std::vector<SavedObject> triggers_;  // on the table: dropped with it, made again
};

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_REBUILD_H_
