// MySQL's and MariaDB's spelling of the neutral operations: native ALTER
// TABLE (MODIFY COLUMN, RENAME COLUMN, ALTER COLUMN ... SET DEFAULT),
// backquoted names, the type mapping, AUTO_INCREMENT, comments in the
// column definition, and each ALTER TABLE asking for the algorithm the
// change should get (mysql_algorithm.h).
//
// MODIFY COLUMN states the whole column again: what it leaves out (NOT NULL,
// the default, the comment, AUTO_INCREMENT) the column loses. A type,
// nullability or comment change is therefore rendered from the column as it
// is: online, from the live table (MysqlConnection looks it up); offline,
// from the operation's existing_type, existing_nullable,
// existing_server_default and existing_comment, as Alembic asks of MySQL
// users too.
#ifndef RETORT_MYSQL_MYSQL_RENDERER_H_
#define RETORT_MYSQL_MYSQL_RENDERER_H_

#include <optional>
#include <string>
#include <vector>

#include "mysql_algorithm.h"
#include "retort/sql_renderer.h"

namespace retort::mysql {

// What a column has beyond the neutral Column, which MODIFY COLUMN must
// state again or lose: read from the live table (mysql_reflect.h).
struct ColumnExtras {
  std::string charset;              // CHARACTER SET, for a textual type; empty: the table's
  std::string collation;            // COLLATE, likewise
  std::string on_update;            // ON UPDATE expression, as the server shows it
  std::vector<std::string> checks;  // column-level CHECK conditions, as the server shows them
};

class MysqlRenderer : public SqlRenderer {
 public:
  // `ask_algorithms`: each ALTER TABLE asks for the algorithm the change
  // should get (online runs, which step down when the server refuses one,
  // and lint). Without it (offline SQL), the server picks its best one, so
  // that a script never stops on a refusal the online run would have
  // stepped past.
  explicit MysqlRenderer(bool ask_algorithms = true)
      : SqlRenderer("mysql"), ask_algorithms_(ask_algorithms) {}

  // INT, BIGINT, SMALLINT, BOOLEAN, VARCHAR(n) (MEDIUMTEXT for a string
  // without a length), LONGTEXT, FLOAT, DOUBLE, DECIMAL(p,s), DATE,
  // TIME(6), DATETIME(6), TIMESTAMP(6), LONGBLOB, JSON, UUID. A numeric
  // needs a precision: MySQL's DECIMAL(10,0) would round every value.
  std::string RenderType(const Type& type) const override;
  // Strings escape backslashes too, which MySQL reads as escapes.
  std::string RenderLiteral(const Literal& value) const override;
  // AUTO_INCREMENT for an autoincrement column; COMMENT '...' inline.
  std::string ColumnDefinition(const Column& column, bool inline_primary_key) const override;
  // Refuses (OperationError) DEFERRABLE and SET DEFAULT, which InnoDB lacks.
  std::string ForeignKeyClause(const ForeignKey& key) const override;
  // Always backquoted; a name longer than 64 characters is refused
  // (OperationError), as the server would refuse it.
  std::string QuoteIdentifier(std::string_view name) const override;

  // alter_column against `live`, the column as it is (with
  // live.comment and live.autoincrement) and what else it has (`extras`);
  // see the file comment. mysql_alter_column.cpp.
  std::vector<std::string> AlterColumnAgainst(const AlterColumn& op, const Column& live,
                                              const ColumnExtras& extras = {}) const;
  // ALTER TABLE `table` DROP FOREIGN KEY `key`, and, in the same statement
  // (so that both go or neither), DROP INDEX `index` unless it is empty.
  std::string DropForeignKey(const QualifiedName& table, const std::string& key,
                             const std::string& index) const;
  // MODIFY COLUMN stating `column` and `extras` as they are: the way to drop
  // a column-level check, which MariaDB drops only with its column's
  // definition.
  std::string Restate(const QualifiedName& table, const Column& column,
                      const ColumnExtras& extras) const;

 protected:
  bool IsReservedWord(std::string_view) const override { return true; }
  Extensions extensions() const override { return {true, true, false}; }

  std::vector<std::string> CreateTableSql(const CreateTable& op) const override;
  std::vector<std::string> RenameTableSql(const RenameTable& op) const override;
  std::vector<std::string> AddColumnSql(const AddColumn& op) const override;
  std::vector<std::string> DropColumnSql(const DropColumn& op) const override;
  // From existing_* (see the file comment); OperationError naming what is
  // missing when the change needs MODIFY and the operation lacks it.
  std::vector<std::string> AlterColumnSql(const AlterColumn& op) const override;
  // Comments are part of the column definition (ColumnDefinition), so no
  // statement of their own.
  std::vector<std::string> ColumnCommentSql(
      const QualifiedName& table, const std::string& column,
      const std::optional<std::string>& comment) const override;
  std::vector<std::string> CreateTableCommentSql(const CreateTableComment& op) const override;
  std::vector<std::string> DropTableCommentSql(const DropTableComment& op) const override;
  // ALTER TABLE t ADD INDEX, INPLACE with LOCK=NONE (so concurrently is
  // what it does anyway); expression items and WHERE are refused (MariaDB
  // indexes columns only, and whole tables).
  std::vector<std::string> CreateIndexSql(const CreateIndex& op) const override;
  // DROP INDEX needs the table: OperationError without one.
  std::vector<std::string> DropIndexSql(const DropIndex& op) const override;
  std::vector<std::string> CreateForeignKeySql(const CreateForeignKey& op) const override;
  std::vector<std::string> CreateUniqueSql(const CreateUniqueConstraint& op) const override;
  std::vector<std::string> CreateCheckSql(const CreateCheckConstraint& op) const override;
  std::vector<std::string> CreatePrimaryKeySql(const CreatePrimaryKey& op) const override;
  // By kind: DROP PRIMARY KEY, DROP FOREIGN KEY, DROP INDEX (a unique
  // constraint is its index), DROP CONSTRAINT (a check, or no kind given).
  std::vector<std::string> DropConstraintSql(const DropConstraint& op) const override;
  std::vector<std::string> DropTriggerSql(const DropTrigger& op) const override;

 private:
  // "ALTER TABLE t " + change + the algorithm's clause.
  std::string Alter(const QualifiedName& table, const std::string& change,
                    Algorithm algorithm) const;
  // `column`'s definition with `extras` in their places.
  std::string Definition(const Column& column, const ColumnExtras& extras,
                         bool inline_primary_key) const;

  bool ask_algorithms_;
};

}  // namespace retort::mysql

#endif  // RETORT_MYSQL_MYSQL_RENDERER_H_
