#include "sqlite_renderer.h"

#include <sqlite3.h>

#include "retort/error.h"
#include "sqlite_rebuild_rules.h"

namespace retort::sqlite {
namespace {

// Offline, without the live table, a rebuild cannot be rendered.
[[noreturn]] void NeedsRebuild(const Operation& op, const std::string& why) {
  throw OperationError(Describe(op) + ": SQLite's ALTER TABLE " + why +
                       "; the table rebuild this needs works on a live database only");
}

}  // namespace

bool SqliteRenderer::IsReservedWord(std::string_view word) const {
  return sqlite3_keyword_check(word.data(), static_cast<int>(word.size())) != 0;
}

std::string SqliteRenderer::RenderType(const Type& type) const {
  // A STRICT table accepts only its five names; the spelling is the
  // revision author's to choose.
  if (type.kind == TypeKind::kNative) return SqlRenderer::RenderType(type);
  if (strict_types_) {
    switch (type.kind) {
      case TypeKind::kInteger:
      case TypeKind::kBigInt:
      case TypeKind::kSmallInt:
      case TypeKind::kBoolean: return "INTEGER";
      case TypeKind::kFloat:
      case TypeKind::kDouble: return "REAL";
      case TypeKind::kNumeric: return "ANY";  // keeps decimals as given, REAL would round
      case TypeKind::kBlob: return "BLOB";
      default: return "TEXT";
    }
  }
  switch (type.kind) {
    case TypeKind::kFloat: return "FLOAT";
    case TypeKind::kDouble: return "DOUBLE";
    case TypeKind::kText: return "TEXT";
    case TypeKind::kDateTime: return "DATETIME";
    case TypeKind::kTimestampTz: return "TIMESTAMPTZ";
    // TEXT affinity: a UUID written without dashes could otherwise read as a
    // number and be converted.
    case TypeKind::kUuid: return "CHAR(36)";
    default: return SqlRenderer::RenderType(type);
  }
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
  if (const std::string why = WhyRebuild(op, *this, nullptr); !why.empty()) NeedsRebuild(op, why);
  return SqlRenderer::AddColumnSql(op);
}

std::vector<std::string> SqliteRenderer::AlterColumnSql(const AlterColumn& op) const {
  if (const std::string why = WhyRebuild(op, *this, nullptr); !why.empty()) NeedsRebuild(op, why);
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
         QuoteIdentifier(op.index.table.name) + " (" + IndexItems(op.index) + ")";
  if (!op.index.where.empty()) sql += " WHERE " + op.index.where;
  return {sql};
}

std::vector<std::string> SqliteRenderer::DropIndexSql(const DropIndex& op) const {
  return {std::string("DROP INDEX ") + (op.if_exists ? "IF EXISTS " : "") + QuoteName(op.name)};
}

std::vector<std::string> SqliteRenderer::CreateForeignKeySql(const CreateForeignKey& op) const {
  NeedsRebuild(op, WhyRebuild(op, *this, nullptr));
}

std::vector<std::string> SqliteRenderer::CreateUniqueSql(const CreateUniqueConstraint& op) const {
  NeedsRebuild(op, WhyRebuild(op, *this, nullptr));
}

std::vector<std::string> SqliteRenderer::CreateCheckSql(const CreateCheckConstraint& op) const {
  NeedsRebuild(op, WhyRebuild(op, *this, nullptr));
}

std::vector<std::string> SqliteRenderer::CreatePrimaryKeySql(const CreatePrimaryKey& op) const {
  NeedsRebuild(op, WhyRebuild(op, *this, nullptr));
}

std::vector<std::string> SqliteRenderer::DropConstraintSql(const DropConstraint& op) const {
  NeedsRebuild(op, WhyRebuild(op, *this, nullptr));
}

std::vector<std::string> SqliteRenderer::ColumnCommentSql(const QualifiedName&, const std::string&,
                                                          const std::optional<std::string>&) const {
  return {};
}

std::vector<std::string> SqliteRenderer::CreateTableCommentSql(const CreateTableComment&) const {
  return {};
}

std::vector<std::string> SqliteRenderer::DropTableCommentSql(const DropTableComment&) const {
  return {};
}

}  // namespace retort::sqlite
