#include "sqlite_validate_constraint.h"

#include "retort/constraint_selector.h"
#include "retort/error.h"
#include "sqlite_connection.h"
#include "sqlite_constraint_sql.h"
#include "sqlite_renderer.h"

namespace retort::sqlite {
namespace {

// How many offending rowids a message names.
constexpr int kRowsNamed = 5;

const std::string& NameOf(const Constraint& constraint) {
  return std::visit([](const auto& each) -> const std::string& { return each.name; }, constraint);
}

std::string Lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

std::string Rowids(const std::vector<SqliteConnection::Row>& rows) {
  std::string listed;
  for (const SqliteConnection::Row& row : rows) {
    listed += (listed.empty() ? "" : ", ") + row[0].value_or("NULL");
  }
  return listed;
}

void CheckRows(SqliteConnection& connection, const std::string& table,
               const CheckConstraint& check) {
  const auto rows = connection.QueryText("SELECT rowid FROM " + table + " WHERE NOT (" +
                                     check.condition + ") LIMIT " + std::to_string(kRowsNamed));
  if (rows.empty()) return;
  throw OperationError("rows violate CHECK (" + check.condition + "), rowid " + Rowids(rows));
}

// The rows whose foreign key `key` finds no parent row: PRAGMA
// foreign_key_check lists them by the key's id, which pragma
// foreign_key_list gives with the key's columns and parent.
void ForeignKeyRows(SqliteConnection& connection, const QualifiedName& table,
                    const ForeignKey& key) {
  const std::string schema = table.schema.empty() ? "main" : table.schema;
  const auto keys = connection.QueryText(
      "SELECT id, \"table\", group_concat(\"from\", ',') FROM pragma_foreign_key_list(?1, ?2) "
      "GROUP BY id",
      {table.name, schema});
  std::string joined;
  for (const std::string& column : key.columns) joined += (joined.empty() ? "" : ",") + column;
  for (const SqliteConnection::Row& row : keys) {
    if (Lower(row[1].value_or("")) != Lower(key.referent.name) ||
        Lower(row[2].value_or("")) != Lower(joined)) {
      continue;
    }
    const auto rows = connection.QueryText(
        "SELECT rowid FROM pragma_foreign_key_check(?1, ?2) WHERE fkid = CAST(?3 AS INTEGER) "
        "LIMIT " +
            std::to_string(kRowsNamed),
        {table.name, schema, row[0].value_or("")});
    if (rows.empty()) return;
    throw OperationError("rows refer to no row of " + ToString(key.referent) + ", rowid " +
                         Rowids(rows));
  }
}

}  // namespace

void ValidateNamedConstraint(SqliteConnection& connection, const ValidateConstraint& op) {
  const std::string schema = op.table.schema.empty() ? "main" : op.table.schema;
  const SqliteRenderer& renderer = connection.RendererFor(op.table);
  const auto definition = connection.QueryText(
      "SELECT sql FROM " + renderer.QuoteIdentifier(schema) +
          ".sqlite_schema WHERE type = 'table' AND name = ?1 COLLATE NOCASE",
      {op.table.name});
  if (definition.empty() || !definition[0][0]) {
    throw OperationError("there is no table " + ToString(op.table));
  }
  std::vector<Constraint> constraints;
  const TableSql parsed = ParseCreateTable(*definition[0][0]);
  for (const DeclaredConstraint& declared : DeclaredConstraints(parsed)) {
    constraints.push_back(declared.constraint);
  }
  for (const Constraint& constraint : constraints) {
    if (NameOf(constraint).empty() || !MentionsIdentifier({NameOf(constraint)}, op.name)) continue;
    const std::string table = renderer.QuoteName(op.table);
    if (const auto* check = std::get_if<CheckConstraint>(&constraint)) {
      CheckRows(connection, table, *check);
    } else if (const auto* key = std::get_if<ForeignKey>(&constraint)) {
      ForeignKeyRows(connection, op.table, *key);
    }
    // A UNIQUE or PRIMARY KEY constraint is its index: it always holds.
    return;
  }
  throw OperationError("table " + ToString(op.table) + " has no constraint named " + op.name +
                       " (" + ListConstraints(constraints) + ")");
}

}  // namespace retort::sqlite
