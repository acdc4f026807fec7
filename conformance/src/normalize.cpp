// NormalizeForComparison: the few documented ways in which two databases show
// one schema differently, undone (see the rules in retort/conformance.h).
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "retort/conformance.h"

namespace retort {
namespace {

// Whether `name` ends with "_<suffix>" and optional digits, as the names
// PostgreSQL makes up for unnamed constraints do ("orders_pkey",
// "orders_sku_key1").
bool HasGeneratedSuffix(std::string_view name, std::string_view suffix) {
  while (!name.empty() && std::isdigit(static_cast<unsigned char>(name.back()))) {
    name.remove_suffix(1);
  }
  const std::string tail = "_" + std::string(suffix);
  return name.size() > tail.size() && name.substr(name.size() - tail.size()) == tail;
}

void ClearGenerated(std::string& name, std::string_view suffix) {
  if (HasGeneratedSuffix(name, suffix)) name.clear();
}

// Rule 1: the table-level forms, which reflection always uses. Only the
// column flag implies NOT NULL: a reflected key's columns say for themselves.
void OneSpelling(Table& table) {
  const std::vector<std::string> key = PrimaryKeyColumns(table);
  if (!table.primary_key && !key.empty()) table.primary_key = PrimaryKey{"", key};
  for (Column& column : table.columns) {
    if (column.unique) table.unique_constraints.push_back(UniqueConstraint{"", {column.name}});
    if (column.primary_key) column.nullable = false;
    column.unique = false;
    column.primary_key = false;
  }
}

// Rule 4 for types: numeric(p) is numeric(p,0).
void SpellOutScale(Type& type) {
  if (type.kind == TypeKind::kNumeric && type.precision && !type.scale) type.scale = 0;
}

// Rule 4 for foreign keys.
void SpellOutForeignKey(ForeignKey& key) {
  if (key.on_delete == ReferentialAction::kNoAction) key.on_delete.reset();
  if (key.on_update == ReferentialAction::kNoAction) key.on_update.reset();
  for (char& c : key.initially) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (key.initially == "IMMEDIATE") key.initially.clear();
}

}  // namespace

Schema NormalizeForComparison(Schema schema) {
  for (Table& table : schema.tables) {
    table.name.schema.clear();  // rule 3
    OneSpelling(table);
    for (Column& column : table.columns) {
      SpellOutScale(column.type);
      if (column.server_default) {
        column.server_default = CanonicalSqlExpression(*column.server_default);  // rule 5
      }
    }
    if (table.primary_key) ClearGenerated(table.primary_key->name, "pkey");  // rule 2
    for (UniqueConstraint& unique : table.unique_constraints) ClearGenerated(unique.name, "key");
    for (ForeignKey& key : table.foreign_keys) {
      ClearGenerated(key.name, "fkey");
      SpellOutForeignKey(key);
    }
    for (CheckConstraint& check : table.check_constraints) {
      ClearGenerated(check.name, "check");
      check.condition = CanonicalSqlExpression(check.condition);
    }
  }
  for (Index& index : schema.indexes) {
    index.table.schema.clear();
    if (!index.where.empty()) index.where = CanonicalSqlExpression(index.where);
  }
  SortCanonically(schema);
  return schema;
}

Schema WithoutComments(Schema schema) {
  for (Table& table : schema.tables) {
    table.comment.reset();
    for (Column& column : table.columns) column.comment.reset();
  }
  return schema;
}

}  // namespace retort
