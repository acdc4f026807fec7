#include "retort/sql_renderer.h"

#include <algorithm>

#include "overloaded.h"
#include "retort/error.h"
#include "text_util.h"

namespace retort {
namespace {

// Rows per INSERT statement: long enough to amortise parsing, short enough
// to stay clear of statement-length limits.
constexpr std::size_t kRowsPerInsert = 500;

bool IsPlainWord(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// A literal that needs no parentheses after DEFAULT: a number, a string
// literal, NULL, TRUE/FALSE, or CURRENT_DATE/TIME/TIMESTAMP.
bool IsSimpleLiteral(std::string_view expression) {
  if (expression.empty()) return false;
  const std::string upper = text::Upper(expression);
  for (const char* keyword :
       {"NULL", "TRUE", "FALSE", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP"}) {
    if (upper == keyword) return true;
  }
  if (expression.front() == '\'') {
    // One string literal: quotes inside come in pairs.
    if (expression.size() < 2 || expression.back() != '\'') return false;
    std::string_view inner = expression.substr(1, expression.size() - 2);
    for (std::size_t i = 0; i < inner.size(); ++i) {
      if (inner[i] != '\'') continue;
      if (i + 1 >= inner.size() || inner[i + 1] != '\'') return false;
      ++i;
    }
    return true;
  }
  std::string_view number = expression;
  if (number.front() == '-' || number.front() == '+') number.remove_prefix(1);
  bool digits = false, dot = false;
  for (char c : number) {
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits;
}

// Whether the whole expression is one parenthesised group: "(a || b)" but
// not "(a) || (b)". Quotes are skipped so that a ')' in a string counts not.
bool IsParenthesized(std::string_view expression) {
  if (expression.size() < 2 || expression.front() != '(' || expression.back() != ')') {
    return false;
  }
  int depth = 0;
  char quote = '\0';
  for (std::size_t i = 0; i < expression.size(); ++i) {
    const char c = expression[i];
    if (quote != '\0') {
      if (c == quote) quote = '\0';
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0 && i + 1 < expression.size()) {
      return false;  // the first group closes before the end
    }
  }
  return depth == 0;
}

std::string UpperAction(ReferentialAction action) {
  return text::Upper(FormatReferentialAction(action));
}

}  // namespace

std::vector<std::string> SqlRenderer::Render(const Operation& op) const {
  return std::visit(
      Overloaded{
          [&](const CreateTable& o) { return CreateTableSql(o); },
          [&](const DropTable& o) { return DropTableSql(o); },
          [&](const RenameTable& o) { return RenameTableSql(o); },
          [&](const AddColumn& o) { return AddColumnSql(o); },
          [&](const DropColumn& o) { return DropColumnSql(o); },
          [&](const AlterColumn& o) { return AlterColumnSql(o); },
          [&](const CreateIndex& o) { return CreateIndexSql(o); },
          [&](const DropIndex& o) { return DropIndexSql(o); },
          [&](const CreateForeignKey& o) { return CreateForeignKeySql(o); },
          [&](const CreateUniqueConstraint& o) { return CreateUniqueSql(o); },
          [&](const CreateCheckConstraint& o) { return CreateCheckSql(o); },
          [&](const CreatePrimaryKey& o) { return CreatePrimaryKeySql(o); },
          [&](const DropConstraint& o) { return DropConstraintSql(o); },
          [&](const Execute& o) { return ExecuteSql(o); },
          [&](const BulkInsert& o) { return BulkInsertSql(o); },
          [&](const CreateTableComment& o) { return CreateTableCommentSql(o); },
          [&](const DropTableComment& o) { return DropTableCommentSql(o); },
          [&](const CreateView& o) { return CreateViewSql(o); },
          [&](const DropView& o) { return DropViewSql(o); },
          [&](const CreateTrigger& o) { return CreateTriggerSql(o); },
          [&](const DropTrigger& o) { return DropTriggerSql(o); },
          [&](const ValidateConstraint& o) { return ValidateConstraintSql(o); },
      },
      op);
}

std::string SqlRenderer::QuoteIdentifier(std::string_view name) const {
  if (IsPlainWord(name) && !IsReservedWord(name)) return std::string(name);
  std::string quoted = "\"";
  for (char c : name) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  return quoted + "\"";
}

std::string SqlRenderer::QuoteName(const QualifiedName& name) const {
  if (name.schema.empty()) return QuoteIdentifier(name.name);
  return QuoteIdentifier(name.schema) + "." + QuoteIdentifier(name.name);
}

std::string SqlRenderer::QuoteList(const std::vector<std::string>& names) const {
  std::string list;
  for (const std::string& name : names) {
    if (!list.empty()) list += ", ";
    list += QuoteIdentifier(name);
  }
  return list;
}

std::string SqlRenderer::RenderDefault(const std::string& expression) const {
  std::string_view trimmed = text::Trim(expression);
  if (IsSimpleLiteral(trimmed) || IsParenthesized(trimmed)) return std::string(trimmed);
  return "(" + std::string(trimmed) + ")";
}

std::string SqlRenderer::ColumnDefinition(const Column& column, bool inline_primary_key) const {
  std::string sql =
      QuoteIdentifier(column.name) + " " + RenderColumnType(column.name, column.type);
  if (!column.nullable || column.primary_key) sql += " NOT NULL";
  if (column.server_default) sql += " DEFAULT " + RenderDefault(*column.server_default);
  if (inline_primary_key) sql += " PRIMARY KEY";
  if (column.unique) sql += " UNIQUE";
  return sql;
}

std::string SqlRenderer::ReferencesClause(const ForeignKey& key) const {
  std::string sql = "REFERENCES " + QuoteName(key.referent);
  if (!key.referent_columns.empty()) sql += " (" + QuoteList(key.referent_columns) + ")";
  if (key.on_delete) sql += " ON DELETE " + UpperAction(*key.on_delete);
  if (key.on_update) sql += " ON UPDATE " + UpperAction(*key.on_update);
  if (key.deferrable) {
    sql += " DEFERRABLE";
    if (!key.initially.empty()) sql += " INITIALLY " + key.initially;
  }
  return sql;
}

std::string SqlRenderer::ForeignKeyClause(const ForeignKey& key) const {
  return ConstraintPrefix(key.name) + "FOREIGN KEY (" + QuoteList(key.columns) + ") " +
         ReferencesClause(key);
}

std::string SqlRenderer::ConstraintPrefix(const std::string& name) const {
  return name.empty() ? "" : "CONSTRAINT " + QuoteIdentifier(name) + " ";
}

std::vector<std::string> SqlRenderer::TableElements(const Table& table) const {
  std::vector<std::string> elements;
  int inline_keys = 0;
  for (const Column& column : table.columns) inline_keys += column.primary_key ? 1 : 0;
  const bool key_inline = !table.primary_key && inline_keys == 1;
  const std::vector<std::string> key_columns = PrimaryKeyColumns(table);
  for (const Column& column : table.columns) {
    // Key columns are NOT NULL however the key is declared (SQLite would
    // otherwise let NULLs, and so duplicates, into a non-integer key).
    Column definition = column;
    if (std::find(key_columns.begin(), key_columns.end(), column.name) != key_columns.end()) {
      definition.nullable = false;
    }
    elements.push_back(ColumnDefinition(definition, key_inline && column.primary_key));
  }
  if (!key_inline && !key_columns.empty()) {
    const std::string name = table.primary_key ? table.primary_key->name : std::string();
    elements.push_back(ConstraintPrefix(name) + "PRIMARY KEY (" + QuoteList(key_columns) + ")");
  }
  for (const UniqueConstraint& unique : table.unique_constraints) {
    elements.push_back(ConstraintPrefix(unique.name) + "UNIQUE (" + QuoteList(unique.columns) +
                       ")");
  }
  for (const CheckConstraint& check : table.check_constraints) {
    elements.push_back(ConstraintPrefix(check.name) + "CHECK (" + check.condition + ")");
  }
  for (const ForeignKey& key : table.foreign_keys) elements.push_back(ForeignKeyClause(key));
  return elements;
}

void SqlRenderer::ThrowNotStandard(const std::string& operation, std::string_view what) const {
  throw OperationError(operation + ": " + std::string(what) + " is not standard SQL, and the " +
                       dialect_ + " dialect does not render it");
}

std::string SqlRenderer::IfExists(const std::string& operation, bool asked,
                                  std::string_view clause) const {
  if (!asked) return {};
  if (!extensions().if_exists) ThrowNotStandard(operation, clause);
  return std::string(clause) + " ";
}

std::vector<std::string> SqlRenderer::CreateTableSql(const CreateTable& op) const {
  std::string sql = "CREATE TABLE ";
  sql += IfExists(Describe(op), op.if_not_exists, "IF NOT EXISTS");
  sql += QuoteName(op.table.name) + " (";
  const std::vector<std::string> elements = TableElements(op.table);
  for (std::size_t i = 0; i < elements.size(); ++i) {
    sql += (i == 0 ? "\n    " : ",\n    ") + elements[i];
  }
  sql += "\n)";
  std::vector<std::string> statements = {sql};
  if (op.table.comment) {
    auto comment = CreateTableCommentSql(CreateTableComment{op.table.name, *op.table.comment, {}});
    statements.insert(statements.end(), comment.begin(), comment.end());
  }
  for (const Column& column : op.table.columns) {
    if (!column.comment) continue;
    for (std::string& comment : ColumnCommentSql(op.table.name, column.name, column.comment)) {
      statements.push_back(std::move(comment));
    }
  }
  return statements;
}

std::vector<std::string> SqlRenderer::DropTableSql(const DropTable& op) const {
  return {"DROP TABLE " + IfExists(Describe(op), op.if_exists, "IF EXISTS") + QuoteName(op.name)};
}

std::vector<std::string> SqlRenderer::RenameTableSql(const RenameTable& op) const {
  if (!extensions().rename) ThrowNotStandard(Describe(op), "RENAME TO");
  return {"ALTER TABLE " + QuoteName(op.name) + " RENAME TO " + QuoteIdentifier(op.new_name)};
}

std::vector<std::string> SqlRenderer::AddColumnSql(const AddColumn& op) const {
  std::string sql = "ALTER TABLE " + QuoteName(op.table) + " ADD COLUMN " +
                    ColumnDefinition(op.column, op.column.primary_key);
  if (op.foreign_key) {
    if (!op.foreign_key->name.empty()) {
      sql += " CONSTRAINT " + QuoteIdentifier(op.foreign_key->name);
    }
    sql += " " + ReferencesClause(*op.foreign_key);
  }
  std::vector<std::string> statements = {sql};
  if (op.column.comment) {
    for (std::string& comment : ColumnCommentSql(op.table, op.column.name, op.column.comment)) {
      statements.push_back(std::move(comment));
    }
  }
  return statements;
}

std::vector<std::string> SqlRenderer::DropColumnSql(const DropColumn& op) const {
  return {"ALTER TABLE " + QuoteName(op.table) + " DROP COLUMN " + QuoteIdentifier(op.column)};
}

std::vector<std::string> SqlRenderer::AlterColumnSql(const AlterColumn& op) const {
  const std::string table = "ALTER TABLE " + QuoteName(op.table);
  const std::string column = QuoteIdentifier(op.column);
  std::vector<std::string> statements;
  if (op.type) {
    for (std::string& sql : AlterColumnTypeSql(op)) statements.push_back(std::move(sql));
  }
  if (op.nullable) {
    // The NULLs become the fill value first, or SET NOT NULL would fail.
    if (!*op.nullable && !op.fill_nulls.empty()) {
      statements.push_back("UPDATE " + QuoteName(op.table) + " SET " + column + " = " +
                           op.fill_nulls + " WHERE " + column + " IS NULL");
    }
    if (*op.nullable) {
      statements.push_back(table + " ALTER COLUMN " + column + " DROP NOT NULL");
    } else {
      for (std::string& sql : SetNotNullSql(op)) statements.push_back(std::move(sql));
    }
  }
  if (op.server_default) {
    statements.push_back(table + " ALTER COLUMN " + column +
                         (*op.server_default ? " SET DEFAULT " + RenderDefault(**op.server_default)
                                             : std::string(" DROP DEFAULT")));
  }
  if (op.comment) {
    for (std::string& sql : ColumnCommentSql(op.table, op.column, *op.comment)) {
      statements.push_back(std::move(sql));
    }
  }
  if (op.new_column_name) {
    if (!extensions().rename) ThrowNotStandard(Describe(op), "RENAME COLUMN");
    statements.push_back(table + " RENAME COLUMN " + column + " TO " +
                         QuoteIdentifier(*op.new_column_name));
  }
  return statements;
}

std::string SqlRenderer::IndexItems(const Index& index) const {
  std::string items;
  for (std::size_t i = 0; i < index.columns.size(); ++i) {
    const bool expression = std::find(index.expressions.begin(), index.expressions.end(),
                                      static_cast<int>(i)) != index.expressions.end();
    if (i > 0) items += ", ";
    // Every database takes an expression item in parentheses.
    items += expression ? "(" + index.columns[i] + ")" : QuoteIdentifier(index.columns[i]);
  }
  return items;
}

std::vector<std::string> SqlRenderer::AlterColumnTypeSql(const AlterColumn& op) const {
  if (!op.using_expression.empty()) ThrowNotStandard(Describe(op), "USING");
  return {"ALTER TABLE " + QuoteName(op.table) + " ALTER COLUMN " + QuoteIdentifier(op.column) +
          " SET DATA TYPE " + RenderColumnType(op.column, *op.type)};
}

std::vector<std::string> SqlRenderer::ColumnCommentSql(const QualifiedName& table,
                                                       const std::string& column,
                                                       const std::optional<std::string>&) const {
  ThrowNotStandard("the comment of column " + ToString(table) + "." + column, "COMMENT");
}

std::vector<std::string> SqlRenderer::SetNotNullSql(const AlterColumn& op) const {
  return {"ALTER TABLE " + QuoteName(op.table) + " ALTER COLUMN " + QuoteIdentifier(op.column) +
          " SET NOT NULL"};
}

std::vector<std::string> SqlRenderer::ValidateConstraintSql(const ValidateConstraint&) const {
  return {};
}

std::string SqlRenderer::CreateIndexStatement(const CreateIndex& op,
                                              std::string_view modifier) const {
  std::string sql = op.index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
  sql += modifier;
  sql += IfExists(Describe(op), op.if_not_exists, "IF NOT EXISTS");
  sql += QuoteIdentifier(op.index.name) + " ON " + QuoteName(op.index.table) + " (" +
         IndexItems(op.index) + ")";
  if (!op.index.where.empty()) {
    if (!extensions().partial_indexes) ThrowNotStandard(Describe(op), "a partial index (WHERE)");
    sql += " WHERE " + op.index.where;
  }
  return sql;
}

std::string SqlRenderer::DropIndexStatement(const DropIndex& op, std::string_view modifier) const {
  return "DROP INDEX " + std::string(modifier) + IfExists(Describe(op), op.if_exists, "IF EXISTS") +
         QuoteName(op.name);
}

std::vector<std::string> SqlRenderer::CreateIndexSql(const CreateIndex& op) const {
  if (op.concurrently) ThrowNotStandard(Describe(op), "CONCURRENTLY");
  return {CreateIndexStatement(op, "")};
}

std::vector<std::string> SqlRenderer::DropIndexSql(const DropIndex& op) const {
  if (op.concurrently) ThrowNotStandard(Describe(op), "CONCURRENTLY");
  return {DropIndexStatement(op, "")};
}

std::vector<std::string> SqlRenderer::CreateForeignKeySql(const CreateForeignKey& op) const {
  return {"ALTER TABLE " + QuoteName(op.table) + " ADD " + ForeignKeyClause(op.foreign_key)};
}

std::vector<std::string> SqlRenderer::CreateUniqueSql(const CreateUniqueConstraint& op) const {
  return {"ALTER TABLE " + QuoteName(op.table) + " ADD " + ConstraintPrefix(op.constraint.name) +
          "UNIQUE (" + QuoteList(op.constraint.columns) + ")"};
}

std::vector<std::string> SqlRenderer::CreateCheckSql(const CreateCheckConstraint& op) const {
  return {"ALTER TABLE " + QuoteName(op.table) + " ADD " + ConstraintPrefix(op.constraint.name) +
          "CHECK (" + op.constraint.condition + ")"};
}

std::vector<std::string> SqlRenderer::CreatePrimaryKeySql(const CreatePrimaryKey& op) const {
  return {"ALTER TABLE " + QuoteName(op.table) + " ADD " + ConstraintPrefix(op.constraint.name) +
          "PRIMARY KEY (" + QuoteList(op.constraint.columns) + ")"};
}

std::vector<std::string> SqlRenderer::DropConstraintSql(const DropConstraint& op) const {
  return {"ALTER TABLE " + QuoteName(op.table) + " DROP CONSTRAINT " + QuoteIdentifier(op.name)};
}

std::vector<std::string> SqlRenderer::ExecuteSql(const Execute& op) const {
  return {DialectText(op, "execute")};
}

std::vector<std::string> SqlRenderer::BulkInsertSql(const BulkInsert& op) const {
  std::vector<std::string> statements;
  const std::string head =
      "INSERT INTO " + QuoteName(op.table) + " (" + QuoteList(op.columns) + ") VALUES ";
  for (std::size_t first = 0; first < op.rows.size(); first += kRowsPerInsert) {
    std::string sql = head;
    const std::size_t last = std::min(op.rows.size(), first + kRowsPerInsert);
    for (std::size_t r = first; r < last; ++r) {
      const std::vector<Literal>& row = op.rows[r];
      if (row.size() != op.columns.size()) {
        throw OperationError("bulk_insert into " + ToString(op.table) + ": row " +
                             std::to_string(r + 1) + " has " + std::to_string(row.size()) +
                             " values for " + std::to_string(op.columns.size()) + " columns");
      }
      sql += r == first ? "(" : ", (";
      for (std::size_t c = 0; c < row.size(); ++c) {
        sql += (c == 0 ? "" : ", ") + RenderLiteral(row[c]);
      }
      sql += ")";
    }
    statements.push_back(std::move(sql));
  }
  return statements;
}

std::vector<std::string> SqlRenderer::CreateTableCommentSql(const CreateTableComment& op) const {
  ThrowNotStandard("the comment of table " + ToString(op.table), "COMMENT");
}

std::vector<std::string> SqlRenderer::DropTableCommentSql(const DropTableComment& op) const {
  ThrowNotStandard("the comment of table " + ToString(op.table), "COMMENT");
}

}  // namespace retort
