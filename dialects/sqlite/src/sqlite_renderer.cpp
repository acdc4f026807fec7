#include "sqlite_renderer.h"

#include <sqlite3.h>

#include "retort/error.h"

namespace retort::sqlite {
namespace {

[[noreturn]] void NeedsRebuild(const Operation& op, const std::string& what) {
  throw OperationError(Describe(op) + ": SQLite's ALTER TABLE cannot " + what +
                       "; that needs a table rebuild, which this version of retort does not do "
                       "on SQLite");
}

bool IsNullKeyword(std::string expression) {
  for (char& c : expression) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return expression == "null";
}

bool IsCurrentTimeKeyword(const std::string& expression) {
  std::string upper;
  for (char c : expression) {
    if (c != ' ') upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return upper == "CURRENT_TIME" || upper == "CURRENT_DATE" || upper == "CURRENT_TIMESTAMP";
}

}  // namespace

bool SqliteRenderer::IsReservedWord(std::string_view word) const {
  return sqlite3_keyword_check(word.data(), static_cast<int>(word.size())) != 0;
}

std::string SqliteRenderer::RenderType(const Type& type) const {
  switch (type.kind) {
    case TypeKind::kInteger: return "INTEGER";
    case TypeKind::kBigInt: return "BIGINT";
    case TypeKind::kSmallInt: return "SMALLINT";
    case TypeKind::kBoolean: return "BOOLEAN";
    case TypeKind::kString:
      return type.length ? "VARCHAR(" + std::to_string(*type.length) + ")" : "VARCHAR";
    case TypeKind::kText: return "TEXT";
    case TypeKind::kFloat: return "FLOAT";
    case TypeKind::kDouble: return "DOUBLE";
    case TypeKind::kNumeric: {
      std::string text = "NUMERIC";
      if (type.precision) {
        text += "(" + std::to_string(*type.precision);
        if (type.scale) text += ", " + std::to_string(*type.scale);
        text += ")";
      }
      return text;
    }
    case TypeKind::kDate: return "DATE";
    case TypeKind::kTime: return "TIME";
    case TypeKind::kDateTime: return "DATETIME";
    case TypeKind::kTimestampTz: return "TIMESTAMPTZ";
    case TypeKind::kBlob: return "BLOB";
    case TypeKind::kJson: return "JSON";
    // TEXT affinity: a UUID written without dashes could otherwise read as a
    // number and be converted.
    case TypeKind::kUuid: return "CHAR(36)";
  }
  return "TEXT";
}

std::string SqliteRenderer::ColumnDefinition(const Column& column, bool inline_primary_key) const {
  if (!(inline_primary_key && column.autoincrement)) {
    return SqlRenderer::ColumnDefinition(column, inline_primary_key);
  }
  // AUTOINCREMENT exists only on a rowid alias, whose type must be INTEGER.
  std::string sql = QuoteIdentifier(column.name) + " INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT";
  if (column.unique) sql += " UNIQUE";
  return sql;
}

std::vector<std::string> SqliteRenderer::CreateTableSql(const CreateTable& op) const {
  const std::vector<std::string> key = PrimaryKeyColumns(op.table);
  for (const Column& column : op.table.columns) {
    if (column.autoincrement && (op.table.primary_key || key.size() != 1)) {
      throw OperationError(Describe(op) + ": autoincrement column " + column.name +
                           " must be the table's only primary key column");
    }
    if (column.autoincrement && column.type.kind != TypeKind::kInteger &&
        column.type.kind != TypeKind::kBigInt && column.type.kind != TypeKind::kSmallInt) {
      throw OperationError(Describe(op) + ": autoincrement column " + column.name +
                           " must have an integer type");
    }
  }
  return SqlRenderer::CreateTableSql(op);
}

std::vector<std::string> SqliteRenderer::AddColumnSql(const AddColumn& op) const {
  // The limits of ALTER TABLE ADD COLUMN, from SQLite's documentation.
  const Column& column = op.column;
  if (column.primary_key) NeedsRebuild(op, "add a PRIMARY KEY column");
  if (column.unique) NeedsRebuild(op, "add a UNIQUE column");
  const std::string rendered_default =
      column.server_default ? RenderDefault(*column.server_default) : std::string("NULL");
  const bool null_default = IsNullKeyword(rendered_default);
  if (rendered_default.front() == '(' || IsCurrentTimeKeyword(rendered_default)) {
    NeedsRebuild(op, "add a column whose default is an expression (" + rendered_default + ")");
  }
  if (!column.nullable && null_default) {
    NeedsRebuild(op, "add a NOT NULL column without a default");
  }
  // Refused whenever foreign keys are enforced, which the connection may do.
  if (op.foreign_key && !null_default) {
    NeedsRebuild(op, "add a column with REFERENCES and a default other than NULL");
  }
  return SqlRenderer::AddColumnSql(op);
}

std::vector<std::string> SqliteRenderer::AlterColumnSql(const AlterColumn& op) const {
  if (op.type) NeedsRebuild(op, "change a column's type");
  if (op.nullable) NeedsRebuild(op, "change a column's nullability");
  if (op.server_default) NeedsRebuild(op, "change a column's default");
  // SQLite keeps no comments: a comment change alone does nothing.
  if (!op.new_column_name) return {};
  return {"ALTER TABLE " + QuoteName(op.table) + " RENAME COLUMN " + QuoteIdentifier(op.column) +
          " TO " + QuoteIdentifier(*op.new_column_name)};
}

std::vector<std::string> SqliteRenderer::CreateIndexSql(const CreateIndex& op) const {
  // SQLite qualifies the index name, not the table; CONCURRENTLY has no
  // meaning where every write holds the database lock.
  std::string sql = op.index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
  if (op.if_not_exists) sql += "IF NOT EXISTS ";
  sql += QuoteName({op.index.table.schema, op.index.name}) + " ON " +
         QuoteIdentifier(op.index.table.name) + " (" + QuoteList(op.index.columns) + ")";
  if (!op.index.where.empty()) sql += " WHERE " + op.index.where;
  return {sql};
}

std::vector<std::string> SqliteRenderer::DropIndexSql(const DropIndex& op) const {
  return {std::string("DROP INDEX ") + (op.if_exists ? "IF EXISTS " : "") + QuoteName(op.name)};
}

std::vector<std::string> SqliteRenderer::CreateForeignKeySql(const CreateForeignKey& op) const {
  NeedsRebuild(op, "add a foreign key to an existing table");
}

std::vector<std::string> SqliteRenderer::CreateUniqueSql(const CreateUniqueConstraint& op) const {
  NeedsRebuild(op, "add a UNIQUE constraint to an existing table (a unique index can)");
}

std::vector<std::string> SqliteRenderer::CreateCheckSql(const CreateCheckConstraint& op) const {
  NeedsRebuild(op, "add a CHECK constraint to an existing table");
}

std::vector<std::string> SqliteRenderer::CreatePrimaryKeySql(const CreatePrimaryKey& op) const {
  NeedsRebuild(op, "add a primary key to an existing table");
}

std::vector<std::string> SqliteRenderer::DropConstraintSql(const DropConstraint& op) const {
  NeedsRebuild(op, "drop a constraint");
}

std::vector<std::string> SqliteRenderer::CreateTableCommentSql(const CreateTableComment&) const {
  return {};  // SQLite keeps no comments
}

std::vector<std::string> SqliteRenderer::DropTableCommentSql(const DropTableComment&) const {
  return {};
}

}  // namespace retort::sqlite
