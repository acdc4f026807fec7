// NormalizeForComparison: a schema written by hand, as revision files
// describe tables, in the canonical form reflection gives (see the rules in
// retort/conformance.h). Reflected schemas need nothing: each dialect's
// reflection is canonical already.
#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retort/conformance.h"
#include "retort/dialect.h"
#include "retort/sql_expression.h"

namespace retort {
namespace {

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

// Rule 2 for types: numeric(p) is numeric(p,0).
void SpellOutScale(Type& type) {
  if (type.kind == TypeKind::kNumeric && type.precision && !type.scale) type.scale = 0;
}

// Rule 2 for foreign keys.
void SpellOutForeignKey(ForeignKey& key) {
  if (key.on_delete == ReferentialAction::kNoAction) key.on_delete.reset();
  if (key.on_update == ReferentialAction::kNoAction) key.on_update.reset();
  for (char& c : key.initially) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (key.initially == "IMMEDIATE") key.initially.clear();
}

}  // namespace

Schema NormalizeForComparison(Schema schema, const Dialect& dialect) {
  schema = NormalizeForComparison(std::move(schema));
  // Rule 3 in the dialect's own form, over the neutral one.
  CanonicalizeExpressions(
      schema, [&](std::string_view text) { return dialect.CanonicalExpression(text); });
  // Rule 4.
  return dialect.StoredForm(std::move(schema));
}

Schema NormalizeForComparison(Schema schema) {
  for (Table& table : schema.tables) {
    OneSpelling(table);
    for (Column& column : table.columns) SpellOutScale(column.type);
    for (ForeignKey& key : table.foreign_keys) SpellOutForeignKey(key);
  }
  for (Domain& domain : schema.domains) SpellOutScale(domain.type);
  // Rule 3.
  CanonicalizeExpressions(
      schema, [](std::string_view expression) { return CanonicalSqlExpression(expression); });
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
