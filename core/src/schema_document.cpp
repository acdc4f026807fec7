#include "schema_document.h"

#include <algorithm>

#include "text_util.h"

namespace retort {
namespace {

void SetIfNotEmpty(DocNode& map, const char* key, const std::string& value) {
  if (!value.empty()) map.Set(key, DocNode::Text(value));
}

void SetIfTrue(DocNode& map, const char* key, bool value) {
  if (value) map.Set(key, DocNode::Bool(true));
}

void SetActions(DocNode& map, const ForeignKey& key) {
  if (key.on_delete) map.Set("on_delete", DocNode::Text(FormatReferentialAction(*key.on_delete)));
  if (key.on_update) map.Set("on_update", DocNode::Text(FormatReferentialAction(*key.on_update)));
}

// The key written on its column: one unnamed autoincrement column.
const Column* KeyColumnWrittenInline(const Table& table) {
  if (!table.primary_key || !table.primary_key->name.empty() ||
      table.primary_key->columns.size() != 1) {
    return nullptr;
  }
  const Column* column = FindColumn(table, table.primary_key->columns.front());
  return column != nullptr && column->autoincrement ? column : nullptr;
}

DocNode UniqueDoc(const UniqueConstraint& unique) {
  DocNode doc = DocNode::Map();
  SetIfNotEmpty(doc, "name", unique.name);
  doc.Set("columns", DocNode::TextList(unique.columns));
  return doc.Flow();
}

DocNode ExclusionDoc(const ExclusionConstraint& exclusion) {
  DocNode doc = DocNode::Map();
  SetIfNotEmpty(doc, "name", exclusion.name);
  doc.Set("definition", DocNode::Text(exclusion.definition));
  return doc.Flow();
}

}  // namespace

DocNode CheckDoc(const CheckConstraint& check) {
  DocNode doc = DocNode::Map();
  SetIfNotEmpty(doc, "name", check.name);
  doc.Set("condition", DocNode::Text(check.condition));
  return doc.Flow();
}

DocNode TypeDoc(const Type& type) {
  if (type.kind != TypeKind::kNative) return DocNode::Text(FormatType(type));
  DocNode spellings = DocNode::Map();
  for (const auto& [dialect, spelling] : type.native) {
    spellings.Set(dialect, DocNode::Text(spelling));
  }
  return spellings.Flow();
}

DocNode ColumnDoc(const Column& column, const ForeignKey* key) {
  DocNode doc = DocNode::Map();
  doc.Set("name", DocNode::Text(column.name));
  doc.Set("type", TypeDoc(column.type));
  if (!column.nullable) doc.Set("nullable", DocNode::Bool(false));
  if (column.server_default) doc.Set("server_default", DocNode::Text(*column.server_default));
  SetIfTrue(doc, "primary_key", column.primary_key);
  SetIfTrue(doc, "autoincrement", column.autoincrement);
  SetIfTrue(doc, "unique", column.unique);
  if (column.comment) doc.Set("comment", DocNode::Text(*column.comment));
  if (column.generated) {
    DocNode generated = DocNode::Map();
    generated.Set("expression", DocNode::Text(column.generated->expression));
    if (!column.generated->stored) generated.Set("stored", DocNode::Bool(false));
    doc.Set("generated", generated.Flow());
  }
  if (key != nullptr) {
    const std::string referent_column =
        key->referent_columns.empty() ? "" : key->referent_columns.front();
    doc.Set("references", DocNode::Text(ToString(key->referent) + "." + referent_column));
    SetActions(doc, *key);
  }
  return doc.Flow();
}

DocNode ForeignKeyDoc(const ForeignKey& key) {
  DocNode doc = DocNode::Map();
  SetIfNotEmpty(doc, "name", key.name);
  doc.Set("columns", DocNode::TextList(key.columns));
  doc.Set("referent_table", DocNode::Text(key.referent.name));
  SetIfNotEmpty(doc, "referent_schema", key.referent.schema);
  if (!key.referent_columns.empty()) {
    doc.Set("referent_columns", DocNode::TextList(key.referent_columns));
  }
  SetActions(doc, key);
  SetIfTrue(doc, "deferrable", key.deferrable);
  SetIfNotEmpty(doc, "initially", text::Lower(key.initially));
  return doc.Flow();
}

Table WithInlineKey(Table table) {
  if (const Column* key = KeyColumnWrittenInline(table)) {
    const std::string name = key->name;
    for (Column& column : table.columns) column.primary_key = column.name == name;
    table.primary_key.reset();
  }
  return table;
}

DocNode TableDoc(const Table& canonical) {
  const Table table = WithInlineKey(canonical);
  DocNode doc = DocNode::Map();
  doc.Set("name", DocNode::Text(table.name.name));
  SetIfNotEmpty(doc, "schema", table.name.schema);
  if (table.comment) doc.Set("comment", DocNode::Text(*table.comment));
  DocNode columns = DocNode::List();
  for (const Column& column : table.columns) columns.Append(ColumnDoc(column));
  doc.Set("columns", std::move(columns));
  if (table.primary_key) {
    DocNode key = DocNode::Map();
    SetIfNotEmpty(key, "name", table.primary_key->name);
    key.Set("columns", DocNode::TextList(table.primary_key->columns));
    doc.Set("primary_key", key.Flow());
  }
  if (!table.foreign_keys.empty()) {
    doc.Set("foreign_keys", ListOf(table.foreign_keys, ForeignKeyDoc));
  }
  if (!table.unique_constraints.empty()) {
    doc.Set("unique_constraints", ListOf(table.unique_constraints, UniqueDoc));
  }
  if (!table.check_constraints.empty()) {
    doc.Set("check_constraints", ListOf(table.check_constraints, CheckDoc));
  }
  if (!table.exclusion_constraints.empty()) {
    doc.Set("exclusion_constraints", ListOf(table.exclusion_constraints, ExclusionDoc));
  }
  return doc;
}

DocNode IndexItemsDoc(const Index& index) {
  if (index.expressions.empty()) return DocNode::TextList(index.columns);
  // Each item says what it is: {column: name} or {expression: sql}.
  DocNode items = DocNode::List();
  for (std::size_t i = 0; i < index.columns.size(); ++i) {
    const bool expression = std::find(index.expressions.begin(), index.expressions.end(),
                                      static_cast<int>(i)) != index.expressions.end();
    DocNode item = DocNode::Map();
    item.Set(expression ? "expression" : "column", DocNode::Text(index.columns[i]));
    items.Append(item.Flow());
  }
  return items.Flow();
}

DocNode IndexDoc(const Index& index) {
  DocNode doc = DocNode::Map();
  doc.Set("name", DocNode::Text(index.name));
  doc.Set("table", DocNode::Text(index.table.name));
  SetIfNotEmpty(doc, "schema", index.table.schema);
  doc.Set("columns", IndexItemsDoc(index));
  SetIfTrue(doc, "unique", index.unique);
  SetIfNotEmpty(doc, "where", index.where);
  return doc.Flow();
}

void CanonicalizeTable(Table& table) {
  std::vector<std::string> key_columns;
  for (Column& column : table.columns) {
    if (column.primary_key) key_columns.push_back(column.name);
    column.primary_key = false;
    if (column.unique) table.unique_constraints.push_back(UniqueConstraint{"", {column.name}});
    column.unique = false;
  }
  if (!key_columns.empty() && !table.primary_key) {
    table.primary_key = PrimaryKey{"", key_columns};
  }
}

}  // namespace retort
