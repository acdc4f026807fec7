#include "mysql_renderer.h"

#include <algorithm>

#include "mysql_stored_form.h"
#include "retort/error.h"

namespace retort::mysql {
namespace {

// The longest name MySQL and MariaDB take for a table, column, index or
// constraint.
constexpr std::size_t kLongestName = 64;

// Whether a column of type `type` (as rendered) holds text in a character
// set.
bool IsTextual(std::string_view type) {
  for (std::string_view prefix :
       {"VARCHAR", "CHAR", "TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT", "ENUM", "SET", "varchar",
        "char", "tinytext", "text", "mediumtext", "longtext", "enum", "set"}) {
    if (type.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

bool IsIntegerKind(TypeKind kind) {
  return kind == TypeKind::kInteger || kind == TypeKind::kBigInt || kind == TypeKind::kSmallInt;
}

}  // namespace

std::string MysqlRenderer::QuoteIdentifier(std::string_view name) const {
  if (name.size() > kLongestName) {
    throw OperationError("the name '" + std::string(name) + "' is " + std::to_string(name.size()) +
                         " characters long; MySQL and MariaDB " + "take at most " +
                         std::to_string(kLongestName) + ": choose a shorter name");
  }
  std::string quoted = "`";
  for (char c : name) {
    quoted += c;
    if (c == '`') quoted += '`';
  }
  return quoted + "`";
}

std::string MysqlRenderer::RenderType(const Type& type) const {
  switch (type.kind) {
    case TypeKind::kInteger:
      return "INT";
    // VARCHAR needs a length; a string without one is as long as it
    // likes, up to 16 MiB.
    case TypeKind::kString:
      return type.length ? "VARCHAR(" + std::to_string(*type.length) + ")" : "MEDIUMTEXT";
    // TEXT holds 64 KiB; what text holds in the other databases needs more.
    case TypeKind::kText:
      return "LONGTEXT";
    case TypeKind::kFloat:
      return "FLOAT";
    case TypeKind::kDouble:
      return "DOUBLE";
    case TypeKind::kNumeric:
      if (!type.precision) {
        throw OperationError(
            "type numeric has no precision; MySQL's DECIMAL would be "
            "DECIMAL(10,0) and round every value: write numeric(p,s)");
      }
      return "DECIMAL(" + std::to_string(*type.precision) + "," +
             std::to_string(type.scale.value_or(0)) + ")";
    // Microseconds, as SQLite's text and PostgreSQL's types keep them.
    case TypeKind::kTime:
      return "TIME(6)";
    case TypeKind::kDateTime:
      return "DATETIME(6)";
    case TypeKind::kTimestampTz:
      return "TIMESTAMP(6)";
    case TypeKind::kBlob:
      return "LONGBLOB";
    case TypeKind::kUuid:
      return "UUID";
    default:
      return SqlRenderer::RenderType(type);
  }
}

std::string MysqlRenderer::RenderLiteral(const Literal& value) const {
  const auto* text = std::get_if<std::string>(&value);
  if (text == nullptr) return SqlRenderer::RenderLiteral(value);
  std::string quoted = "'";
  for (char c : *text) {
    if (c == '\'' || c == '\\') quoted += c;
    quoted += c;
  }
  return quoted + "'";
}

std::string MysqlRenderer::ColumnDefinition(const Column& column, bool inline_primary_key) const {
  return Definition(column, ColumnExtras{}, inline_primary_key);
}

std::string MysqlRenderer::Definition(const Column& column, const ColumnExtras& extras,
                                      bool inline_primary_key) const {
  const std::string type = RenderColumnType(column.name, column.type);
  std::string sql = QuoteIdentifier(column.name) + " " + type;
  if (IsTextual(type)) {
    if (!extras.charset.empty()) sql += " CHARACTER SET " + extras.charset;
    if (!extras.collation.empty()) sql += " COLLATE " + extras.collation;
  }
  if (column.autoincrement) {
    if (!IsIntegerKind(column.type.kind)) {
      throw OperationError("column " + column.name + " is autoincrement but of type " +
                           FormatType(column.type) +
                           "; MySQL numbers only integer, bigint and smallint columns");
    }
    if (column.server_default) {
      throw OperationError("column " + column.name +
                           " is autoincrement and has a server_default; it can have only one");
    }
  }
  if (column.generated) {
    sql += " AS (" + column.generated->expression + ")" +
           (column.generated->stored ? " STORED" : " VIRTUAL");
  } else {
    sql += column.nullable && !column.primary_key ? " NULL" : " NOT NULL";
  }
  if (column.server_default) sql += " DEFAULT " + RenderDefault(*column.server_default);
  if (!extras.on_update.empty()) sql += " ON UPDATE " + extras.on_update;
  if (column.autoincrement) sql += " AUTO_INCREMENT";
  if (inline_primary_key) sql += " PRIMARY KEY";
  if (column.unique) sql += " UNIQUE";
  if (column.comment) sql += " COMMENT " + RenderLiteral(*column.comment);
  for (const std::string& check : extras.checks) sql += " CHECK (" + check + ")";
  return sql;
}

std::string MysqlRenderer::Alter(const QualifiedName& table, const std::string& change,
                                 Algorithm algorithm) const {
  return "ALTER TABLE " + QuoteName(table) + " " + change +
         (ask_algorithms_ ? AlgorithmClause(algorithm) : std::string());
}

std::vector<std::string> MysqlRenderer::CreateTableSql(const CreateTable& op) const {
  std::vector<std::string> statements = SqlRenderer::CreateTableSql(op);
  if (op.table.comment) {
    // The table's comment in its CREATE TABLE, not in a statement after it.
    statements.front() += " COMMENT=" + RenderLiteral(*op.table.comment);
    statements.erase(statements.begin() + 1);
  }
  return statements;
}

std::vector<std::string> MysqlRenderer::RenameTableSql(const RenameTable& op) const {
  return {"RENAME TABLE " + QuoteName(op.name) + " TO " +
          QuoteName(QualifiedName{op.name.schema, op.new_name})};
}

std::vector<std::string> MysqlRenderer::AddColumnSql(const AddColumn& op) const {
  const Column& column = op.column;
  // A key or an AUTO_INCREMENT builds an index over the rows; a stored
  // generated column computes every row's value.
  Algorithm algorithm = Algorithm::kInstant;
  if (column.autoincrement || column.primary_key || column.unique) algorithm = Algorithm::kCopy;
  if (column.generated && column.generated->stored) algorithm = Algorithm::kCopy;
  std::vector<std::string> statements = {
      Alter(op.table, "ADD COLUMN " + ColumnDefinition(column, column.primary_key), algorithm)};
  if (op.foreign_key) {
    CreateForeignKey key{op.table, *op.foreign_key, false};
    key.foreign_key.columns = {column.name};
    for (std::string& sql : CreateForeignKeySql(key)) statements.push_back(std::move(sql));
  }
  return statements;
}

std::vector<std::string> MysqlRenderer::DropColumnSql(const DropColumn& op) const {
  if (op.cascade) {
    throw OperationError(Describe(op) +
                         ": cascade is PostgreSQL's; MySQL drops a column's "
                         "indexes with it and refuses while a foreign key or a check uses it");
  }
  return {Alter(op.table, "DROP COLUMN " + QuoteIdentifier(op.column), Algorithm::kInstant)};
}

std::vector<std::string> MysqlRenderer::ColumnCommentSql(const QualifiedName&, const std::string&,
                                                         const std::optional<std::string>&) const {
  return {};
}

std::vector<std::string> MysqlRenderer::CreateTableCommentSql(const CreateTableComment& op) const {
  return {Alter(op.table, "COMMENT=" + RenderLiteral(op.comment), Algorithm::kInstant)};
}

std::vector<std::string> MysqlRenderer::DropTableCommentSql(const DropTableComment& op) const {
  return {Alter(op.table, "COMMENT=''", Algorithm::kInstant)};
}

// concurrently asks for what InnoDB does anyway (ALGORITHM=INPLACE,
// LOCK=NONE: writes go on while the index is built), so it is accepted.
std::vector<std::string> MysqlRenderer::CreateIndexSql(const CreateIndex& op) const {
  if (!op.index.expressions.empty()) {
    throw OperationError(Describe(op) +
                         ": MariaDB indexes columns only, not expressions; "
                         "index a generated column that holds the expression");
  }
  if (!op.index.where.empty() && !OnlyLeavesOutNulls(op.index)) {
    throw OperationError(Describe(op) +
                         ": MySQL has no partial indexes (WHERE); only one that leaves out "
                         "rows where its own columns are NULL means the same as a full index");
  }
  return {Alter(op.index.table,
                std::string(op.index.unique ? "ADD UNIQUE INDEX " : "ADD INDEX ") +
                    IfExists(Describe(op), op.if_not_exists, "IF NOT EXISTS") +
                    QuoteIdentifier(op.index.name) + " (" + IndexItems(op.index) + ")",
                Algorithm::kInplace)};
}

std::vector<std::string> MysqlRenderer::DropIndexSql(const DropIndex& op) const {
  if (op.table.empty()) {
    throw OperationError(Describe(op) +
                         ": MySQL drops an index from its table, and the "
                         "operation names none; give table:, or run it online");
  }
  return {Alter(QualifiedName{op.name.schema, op.table},
                "DROP INDEX " + IfExists(Describe(op), op.if_exists, "IF EXISTS") +
                    QuoteIdentifier(op.name.name),
                Algorithm::kInplace)};
}

std::string MysqlRenderer::ForeignKeyClause(const ForeignKey& key) const {
  const std::string which =
      "foreign key " + (key.name.empty() ? "(" + QuoteList(key.columns) + ")" : key.name);
  if (key.deferrable) {
    throw OperationError(which +
                         ": MySQL checks every foreign key at once; it has no "
                         "DEFERRABLE");
  }
  for (const auto& action : {key.on_delete, key.on_update}) {
    if (action == ReferentialAction::kSetDefault) {
      throw OperationError(which + ": InnoDB has no SET DEFAULT action");
    }
  }
  return SqlRenderer::ForeignKeyClause(key);
}

std::vector<std::string> MysqlRenderer::CreateForeignKeySql(const CreateForeignKey& op) const {
  // Checking the rows makes the server copy the table.
  return {Alter(op.table, "ADD " + ForeignKeyClause(op.foreign_key), Algorithm::kCopy)};
}

std::vector<std::string> MysqlRenderer::CreateUniqueSql(const CreateUniqueConstraint& op) const {
  // The unique index is the constraint already; only its name may change.
  if (!op.using_index.empty()) {
    if (op.using_index == op.constraint.name) return {};
    return {Alter(op.table,
                  "RENAME INDEX " + QuoteIdentifier(op.using_index) + " TO " +
                      QuoteIdentifier(op.constraint.name),
                  Algorithm::kInstant)};
  }
  return {Alter(op.table,
                "ADD " + ConstraintPrefix(op.constraint.name) + "UNIQUE (" +
                    QuoteList(op.constraint.columns) + ")",
                Algorithm::kInplace)};
}

std::vector<std::string> MysqlRenderer::CreateCheckSql(const CreateCheckConstraint& op) const {
  return {Alter(
      op.table,
      "ADD " + ConstraintPrefix(op.constraint.name) + "CHECK (" + op.constraint.condition + ")",
      Algorithm::kCopy)};
}

std::vector<std::string> MysqlRenderer::CreatePrimaryKeySql(const CreatePrimaryKey& op) const {
  return {Alter(op.table, "ADD PRIMARY KEY (" + QuoteList(op.constraint.columns) + ")",
                Algorithm::kInplace)};
}

std::vector<std::string> MysqlRenderer::DropConstraintSql(const DropConstraint& op) const {
  if (op.kind == ConstraintKind::kPrimaryKey) {
    return {Alter(op.table, "DROP PRIMARY KEY", Algorithm::kInplace)};
  }
  if (op.name.empty()) {
    throw OperationError("drop_constraint on " + ToString(op.table) +
                         " has no name: it is found in the database when the revision runs, "
                         "and SQL rendered without the database needs the name");
  }
  const std::string name = QuoteIdentifier(op.name);
  if (op.kind == ConstraintKind::kForeignKey) return {DropForeignKey(op.table, op.name, "")};
  if (op.kind == ConstraintKind::kUnique) {
    return {Alter(op.table, "DROP INDEX " + name, Algorithm::kInplace)};
  }
  return {Alter(op.table, "DROP CONSTRAINT " + name, Algorithm::kInstant)};
}

std::string MysqlRenderer::DropForeignKey(const QualifiedName& table, const std::string& key,
                                          const std::string& index) const {
  if (index.empty()) {
    return Alter(table, "DROP FOREIGN KEY " + QuoteIdentifier(key), Algorithm::kInstant);
  }
  return Alter(
      table, "DROP FOREIGN KEY " + QuoteIdentifier(key) + ", DROP INDEX " + QuoteIdentifier(index),
      Algorithm::kInplace);
}

std::vector<std::string> MysqlRenderer::DropTriggerSql(const DropTrigger& op) const {
  return {"DROP TRIGGER " + QuoteName(QualifiedName{op.table.schema, op.name})};
}

}  // namespace retort::mysql
