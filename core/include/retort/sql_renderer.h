// Rendering of neutral operations as SQL, shared by the dialects. The base
// class writes standard SQL only, and refuses (OperationError naming the
// operation and the dialect) what the standard lacks: USING for a type
// change, comments, building an index concurrently, the UUID type. A dialect
// derives from it and renders its own database's features by overriding,
// in the manner of Alembic's per-dialect impl classes; the spellings beyond
// the standard that most databases share (IF [NOT] EXISTS, RENAME, partial
// indexes) it turns on through extensions(). Indexes, which the standard
// leaves to each database, are written as every database spells them:
// CREATE [UNIQUE] INDEX name ON table (items), DROP INDEX name.
//
// Thread-safety: a renderer holds only its dialect's name, so its const
// members may be called from several threads at once (a dialect keeps one
// renderer for all its connections). The *Sql members and Render throw
// OperationError for what the dialect cannot render; the Render*Type and
// RenderLiteral members as they say; the others throw nothing but
// std::bad_alloc.
#ifndef RETORT_SQL_RENDERER_H_
#define RETORT_SQL_RENDERER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/operation.h"

namespace retort {

class SqlRenderer {
 public:
  // `dialect` is the name Execute's per-dialect SQL is looked up by.
  explicit SqlRenderer(std::string dialect) : dialect_(std::move(dialect)) {}
  virtual ~SqlRenderer() = default;

  // The statements that carry out `op`, in order (none for an operation the
  // dialect treats as a no-op). Throws OperationError when the dialect cannot
  // render it.
  std::vector<std::string> Render(const Operation& op) const;

  const std::string& dialect() const { return dialect_; }

  // An identifier, double-quoted unless it is a lower-case word that is not
  // reserved.
  virtual std::string QuoteIdentifier(std::string_view name) const;
  // schema.name, each part quoted as needed.
  std::string QuoteName(const QualifiedName& name) const;
  // A comma-separated list of quoted identifiers.
  std::string QuoteList(const std::vector<std::string>& names) const;
  // An index's key items, comma-separated: names quoted, expressions (the
  // positions Index::expressions lists) as written, in parentheses.
  std::string IndexItems(const Index& index) const;

  // The SQL standard's type names: INTEGER, BIGINT, SMALLINT, BOOLEAN,
  // VARCHAR(n), CLOB (text), REAL, DOUBLE PRECISION, NUMERIC(p,s), DATE,
  // TIME, TIMESTAMP, TIMESTAMP WITH TIME ZONE, BLOB, JSON; uuid, which the
  // standard lacks, throws OperationError. A dialect overrides those its
  // database spells otherwise. A native type is its spelling for dialect();
  // one without throws OperationError naming the type.
  virtual std::string RenderType(const Type& type) const;
  // RenderType for the type of `column`; a native type with no spelling for
  // dialect() throws OperationError naming the column and the dialects the
  // type has spellings for.
  std::string RenderColumnType(const std::string& column, const Type& type) const;
  virtual std::string RenderLiteral(const Literal& value) const;
  // The expression after DEFAULT: literals as written, anything else in
  // parentheses (which every dialect accepts).
  virtual std::string RenderDefault(const std::string& expression) const;

  // "name TYPE NOT NULL DEFAULT ..."; `inline_primary_key` adds the column's
  // PRIMARY KEY clause (a table with a one-column key).
  virtual std::string ColumnDefinition(const Column& column, bool inline_primary_key) const;
  virtual std::string ForeignKeyClause(const ForeignKey& key) const;
  // "CONSTRAINT name " before a named constraint's clause; nothing for an
  // unnamed one, which the database names itself or keeps without a name.
  std::string ConstraintPrefix(const std::string& name) const;
  // "REFERENCES t (c) ON DELETE ..." without the FOREIGN KEY (cols) part.
  std::string ReferencesClause(const ForeignKey& key) const;

 protected:
  virtual bool IsReservedWord(std::string_view word) const = 0;

  // Spellings beyond the standard that most databases share. The base writes
  // one only when the dialect's database has it, and otherwise refuses the
  // operation that asks for it.
  struct Extensions {
    bool if_exists = false;        // CREATE ... IF NOT EXISTS, DROP ... IF EXISTS
    bool rename = false;           // ALTER TABLE t RENAME TO u, RENAME COLUMN a TO b
    bool partial_indexes = false;  // CREATE INDEX ... WHERE condition
  };
  virtual Extensions extensions() const { return {}; }

  // One method per operation; each returns the statements for it.
  virtual std::vector<std::string> CreateTableSql(const CreateTable& op) const;
  virtual std::vector<std::string> DropTableSql(const DropTable& op) const;
  virtual std::vector<std::string> RenameTableSql(const RenameTable& op) const;
  virtual std::vector<std::string> AddColumnSql(const AddColumn& op) const;
  virtual std::vector<std::string> DropColumnSql(const DropColumn& op) const;
  virtual std::vector<std::string> AlterColumnSql(const AlterColumn& op) const;
  virtual std::vector<std::string> CreateIndexSql(const CreateIndex& op) const;
  virtual std::vector<std::string> DropIndexSql(const DropIndex& op) const;
  virtual std::vector<std::string> CreateForeignKeySql(const CreateForeignKey& op) const;
  virtual std::vector<std::string> CreateUniqueSql(const CreateUniqueConstraint& op) const;
  virtual std::vector<std::string> CreateCheckSql(const CreateCheckConstraint& op) const;
  virtual std::vector<std::string> CreatePrimaryKeySql(const CreatePrimaryKey& op) const;
  virtual std::vector<std::string> DropConstraintSql(const DropConstraint& op) const;
  virtual std::vector<std::string> ExecuteSql(const Execute& op) const;
  virtual std::vector<std::string> BulkInsertSql(const BulkInsert& op) const;
  virtual std::vector<std::string> CreateTableCommentSql(const CreateTableComment& op) const;
  virtual std::vector<std::string> DropTableCommentSql(const DropTableComment& op) const;
  // Standard SQL has no materialized view: the base throws OperationError for one.
  virtual std::vector<std::string> CreateViewSql(const CreateView& op) const;
  virtual std::vector<std::string> DropViewSql(const DropView& op) const;
  virtual std::vector<std::string> CreateTriggerSql(const CreateTrigger& op) const;
  // The standard's DROP TRIGGER name (a trigger named within its schema).
  virtual std::vector<std::string> DropTriggerSql(const DropTrigger& op) const;
  // Standard SQL checks a constraint when it is added (not_valid asks for
  // what it lacks, and is ignored): the base has nothing left to validate
  // and renders no statement.
  virtual std::vector<std::string> ValidateConstraintSql(const ValidateConstraint& op) const;
  // The statements of alter_column's nullable: false (after the NULLs are
  // filled): the base sets NOT NULL, ignoring via_check.
  virtual std::vector<std::string> SetNotNullSql(const AlterColumn& op) const;
  // alter_column's type change: the standard's SET DATA TYPE; the base
  // refuses a `using` expression, which the standard lacks.
  virtual std::vector<std::string> AlterColumnTypeSql(const AlterColumn& op) const;
  // Sets (or, with nullopt, removes) the comment of `column`; used by
  // create_table, add_column and alter_column. The standard has no
  // comments: the base throws OperationError, as the table comment
  // operations do.
  virtual std::vector<std::string> ColumnCommentSql(
      const QualifiedName& table, const std::string& column,
      const std::optional<std::string>& comment) const;

  // CREATE [UNIQUE] INDEX `modifier`[IF NOT EXISTS] name ON table (items)
  // [WHERE ...], and DROP INDEX `modifier`[IF EXISTS] name, for a dialect
  // whose index statements take a keyword the standard lacks
  // ("CONCURRENTLY "). Refuse what extensions() does not have.
  std::string CreateIndexStatement(const CreateIndex& op, std::string_view modifier) const;
  std::string DropIndexStatement(const DropIndex& op, std::string_view modifier) const;
  // Throws OperationError saying that `what` of `operation` is not standard
  // SQL and this dialect does not render it.
  [[noreturn]] void ThrowNotStandard(const std::string& operation, std::string_view what) const;
  // " IF NOT EXISTS" / " IF EXISTS" clause text when asked for and had;
  // throws as ThrowNotStandard when asked for and not had.
  std::string IfExists(const std::string& operation, bool asked, std::string_view clause) const;

  // The text of `sql` for dialect(), trimmed. Throws OperationError, naming
  // `what` ("execute", "create_view v"), when it has none for dialect() or
  // a per-dialect key looks like a misspelling of it.
  std::string DialectText(const Execute& sql, const std::string& what) const;

  // The body lines of CREATE TABLE: columns, then table constraints.
  std::vector<std::string> TableElements(const Table& table) const;

 private:
  std::string dialect_;
};

}  // namespace retort

#endif  // RETORT_SQL_RENDERER_H_
