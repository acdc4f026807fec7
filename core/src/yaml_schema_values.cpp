// Schema values as revision files spell them: table names, types, columns,
// foreign keys, table definitions, literal values.
#include "yaml_schema_values.h"

#include <charconv>
#include <cmath>

#include "retort/error.h"
#include "text_util.h"

namespace retort {
namespace {

std::optional<ReferentialAction> ActionField(YamlFields& fields, const char* key) {
  std::optional<std::string> text = fields.OptionalText(key);
  if (!text) return std::nullopt;
  try {
    return ParseReferentialAction(*text);
  } catch (const OperationError& error) {
    fields.Fail(key, error.what());
  }
}

ForeignKey ForeignKeyMap(const std::string& path, const YamlNode& node, const char* what) {
  YamlFields fields(path, node, what);
  ForeignKey key;
  key.name = fields.OptionalText("name").value_or("");
  key.columns = fields.RequiredTextList("columns");
  ReadReferent(fields, key);
  fields.CheckAllRead();
  return key;
}

// "users.id" or "schema.users.id".
ForeignKey InlineReference(YamlFields& fields, const std::string& column) {
  const std::string target = fields.Text("references");
  const auto dot = target.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == target.size()) {
    fields.Fail("references", "must be table.column, not '" + target + "'");
  }
  ForeignKey key;
  key.columns = {column};
  const std::string table = target.substr(0, dot);
  const auto schema_dot = table.rfind('.');
  key.referent.name = schema_dot == std::string::npos ? table : table.substr(schema_dot + 1);
  key.referent.schema = schema_dot == std::string::npos ? "" : table.substr(0, schema_dot);
  key.referent_columns = {target.substr(dot + 1)};
  key.on_delete = ActionField(fields, "on_delete");
  key.on_update = ActionField(fields, "on_update");
  return key;
}

YamlNode SequenceField(YamlFields& fields, const char* key) {
  YamlNode list = fields.Node(key);
  if (list.IsDefined() && !list.IsNull() && !list.IsSequence()) fields.Fail(key, "must be a list");
  return list;
}

}  // namespace

QualifiedName TableName(YamlFields& fields, const char* key) {
  QualifiedName name;
  name.name = fields.Text(key);
  name.schema = fields.OptionalText("schema").value_or("");
  return name;
}

// `type: {postgresql: tsvector, sqlite: TEXT}`: a native type, each entry
// a dialect's name and its spelling there.
Type NativeTypeMap(YamlFields& fields, const char* key, const YamlNode& map) {
  CheckUniqueKeys(fields.path(), map, std::string("the native type at '") + key + "'");
  Type type;
  type.kind = TypeKind::kNative;
  for (const auto& entry : map) {
    const std::string dialect = entry.first.IsScalar() ? entry.first.Scalar() : "";
    if (dialect.empty()) {
      FailAt(fields.path(), entry.first, fields.line(),
             std::string("a native type at '") + key + "' maps dialect names to spellings");
    }
    if (!entry.second.IsScalar() || text::Trim(entry.second.Scalar()).empty()) {
      FailAt(fields.path(), entry.second, fields.line(),
             "the native type's " + dialect + " spelling must be non-empty text");
    }
    type.native[dialect] = std::string(text::Trim(entry.second.Scalar()));
  }
  if (type.native.empty()) {
    fields.Fail(key, "is an empty map; a native type needs a spelling for at least one dialect "
                     "({postgresql: tsvector})");
  }
  return type;
}

Type TypeField(YamlFields& fields, const char* key) {
  if (const YamlNode node = fields.Node(key); node.IsMap()) {
    return NativeTypeMap(fields, key, node);
  }
  const std::string text = fields.Text(key);
  try {
    return ParseType(text);
  } catch (const OperationError& error) {
    // In a flow mapping {..., type: numeric(6,2)} YAML splits at the comma.
    const bool split_by_yaml = text.find('(') != std::string::npos &&
                               text.find(')') == std::string::npos;
    fields.Fail(key, std::string(error.what()) +
                         (split_by_yaml ? "; inside {...} quote a type with a comma: "
                                          "\"numeric(6,2)\""
                                        : ""));
  }
}

std::optional<Type> OptionalTypeField(YamlFields& fields, const char* key) {
  if (!fields.Has(key)) {
    fields.Node(key);
    return std::nullopt;
  }
  return TypeField(fields, key);
}

// The parts of a foreign key every spelling shares; the caller reads
// `columns` first (a column's inline key has none of these keys).
void ReadReferent(YamlFields& fields, ForeignKey& key) {
  key.referent.name = fields.Text("referent_table");
  key.referent.schema = fields.OptionalText("referent_schema").value_or("");
  key.referent_columns = fields.RequiredTextList("referent_columns");
  if (key.columns.size() != key.referent_columns.size()) {
    fields.FailHere("the foreign key has " + std::to_string(key.columns.size()) +
                    " columns but " + std::to_string(key.referent_columns.size()) +
                    " referent_columns");
  }
  key.on_delete = ActionField(fields, "on_delete");
  key.on_update = ActionField(fields, "on_update");
  key.deferrable = fields.Bool("deferrable", false);
  key.initially = text::Lower(fields.OptionalText("initially").value_or(""));
  if (!key.initially.empty()) {
    if (!key.deferrable) fields.Fail("initially", "needs deferrable: true");
    if (key.initially != "deferred" && key.initially != "immediate") {
      fields.Fail("initially", "must be deferred or immediate");
    }
    key.initially = text::Upper(key.initially);
  }
}

// A column mapping; its inline foreign key (references:) goes to `key`.
Column ColumnMap(const std::string& path, const YamlNode& node,
                 std::optional<ForeignKey>* key) {
  YamlFields fields(path, node, "column");
  Column column;
  column.name = fields.Text("name");
  column.type = TypeField(fields, "type");
  column.nullable = fields.Bool("nullable", true);
  column.server_default = fields.OptionalText("server_default");
  if (column.server_default && text::Trim(*column.server_default).empty()) {
    fields.Fail("server_default", "is empty; leave it out, or write NULL or \"''\" for an "
                                  "empty string");
  }
  column.primary_key = fields.Bool("primary_key", false);
  column.unique = fields.Bool("unique", false);
  column.autoincrement = fields.Bool("autoincrement", false);
  column.comment = fields.OptionalText("comment");
  if (fields.Has("references")) {
    *key = InlineReference(fields, column.name);
  } else {
    fields.Node("references");
    if (fields.Has("on_delete") || fields.Has("on_update")) {
      fields.FailHere("on_delete and on_update need 'references'");
    }
    fields.Node("on_delete");
    fields.Node("on_update");
  }
  if (column.autoincrement && !column.primary_key) {
    fields.Fail("autoincrement", "needs primary_key: true");
  }
  fields.CheckAllRead();
  return column;
}

// The keys create_table and drop_table (its existing definition) share.
Table TableDefinition(YamlFields& fields, bool columns_required) {
  Table table;
  table.name = TableName(fields, "name");
  table.comment = fields.OptionalText("comment");
  const YamlNode columns = SequenceField(fields, "columns");
  if (columns_required && (!columns.IsDefined() || columns.size() == 0)) {
    fields.FailHere("create_table needs 'columns'");
  }
  if (columns.IsDefined()) {
    for (const YamlNode& item : columns) {
      std::optional<ForeignKey> key;
      Column column = ColumnMap(fields.path(), item, &key);
      if (FindColumn(table, column.name)) {
        FailAt(fields.path(), item, fields.line(), "column '" + column.name + "' is given twice");
      }
      table.columns.push_back(std::move(column));
      if (key) table.foreign_keys.push_back(std::move(*key));
    }
  }
  if (const YamlNode key = fields.Node("primary_key"); key.IsDefined() && !key.IsNull()) {
    YamlFields key_fields(fields.path(), key, "primary_key");
    table.primary_key = PrimaryKey{key_fields.OptionalText("name").value_or(""),
                                   key_fields.RequiredTextList("columns")};
    key_fields.CheckAllRead();
    for (const Column& column : table.columns) {
      if (column.primary_key) {
        key_fields.FailHere("the table has a primary_key mapping and column " + column.name +
                            " says primary_key: true; use one form");
      }
    }
  }
  if (const YamlNode list = SequenceField(fields, "foreign_keys"); list.IsDefined()) {
    for (const YamlNode& item : list) {
      table.foreign_keys.push_back(ForeignKeyMap(fields.path(), item, "foreign key"));
    }
  }
  if (const YamlNode list = SequenceField(fields, "unique_constraints"); list.IsDefined()) {
    for (const YamlNode& item : list) {
      YamlFields unique(fields.path(), item, "unique constraint");
      table.unique_constraints.push_back(
          UniqueConstraint{unique.OptionalText("name").value_or(""),
                           unique.RequiredTextList("columns")});
      unique.CheckAllRead();
    }
  }
  if (const YamlNode list = SequenceField(fields, "check_constraints"); list.IsDefined()) {
    for (const YamlNode& item : list) {
      YamlFields check(fields.path(), item, "check constraint");
      table.check_constraints.push_back(
          CheckConstraint{check.OptionalText("name").value_or(""), check.Text("condition")});
      check.CheckAllRead();
    }
  }
  // Every column a constraint names must exist.
  auto check_columns = [&](const std::vector<std::string>& names, const std::string& what) {
    for (const std::string& name : names) {
      if (!FindColumn(table, name)) {
        fields.FailHere(what + " names column '" + name + "', which table " +
                        ToString(table.name) + " does not have");
      }
    }
  };
  if (table.primary_key) check_columns(table.primary_key->columns, "primary_key");
  for (const ForeignKey& key : table.foreign_keys) check_columns(key.columns, "a foreign key");
  for (const UniqueConstraint& unique : table.unique_constraints) {
    check_columns(unique.columns, "a unique constraint");
  }
  return table;
}

Literal LiteralOf(const std::string& path, const YamlNode& node) {
  if (node.IsNull()) return std::monostate();
  if (!node.IsScalar()) FailAt(path, node, 0, "a bulk_insert value must be a single value");
  const std::string& text = node.Scalar();
  // Quoted ("!") or tagged !!str: always text.
  if (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str") return text;
  const std::string lowered = text::Lower(text);
  if (lowered == "true") return true;
  if (lowered == "false") return false;
  long long integer = 0;
  const char* end = text.data() + text.size();
  const char* begin = text.data() + (!text.empty() && text[0] == '+' ? 1 : 0);
  if (auto [ptr, error] = std::from_chars(begin, end, integer); error == std::errc() && ptr == end) {
    return integer;
  }
  // A real number only when written as one: an integer too large for 64
  // bits stays text rather than losing digits.
  double real = 0;
  if (text.find_first_of(".eE") != std::string::npos) {
    if (auto [ptr, error] = std::from_chars(begin, end, real);
        error == std::errc() && ptr == end && std::isfinite(real)) {
      return real;
    }
  }
  return text;
}

void IndexItems(YamlFields& fields, Index& index) {
  const YamlNode columns = fields.RequiredNode("columns");
  if (columns.IsScalar()) {  // one column, as a plain value
    index.columns.push_back(columns.Scalar());
    return;
  }
  if (!columns.IsSequence() || columns.size() == 0) {
    fields.Fail("columns", "must be a list of columns");
  }
  for (const YamlNode& item : columns) {
    if (item.IsScalar()) {
      index.columns.push_back(item.Scalar());
      continue;
    }
    YamlFields column(fields.path(), item, "index column");
    if (column.Has("expression")) {
      index.expressions.push_back(static_cast<int>(index.columns.size()));
      index.columns.push_back(column.Text("expression"));
    } else {
      index.columns.push_back(column.Text("column"));
    }
    column.CheckAllRead({"column", "expression"});
  }
}

Execute SqlText(const std::string& path, const YamlNode& node, const std::string& what) {
  Execute sql;
  if (node.IsScalar()) {
    sql.sql = node.Scalar();
    if (text::Trim(sql.sql).empty()) FailAt(path, node, 0, what + " has no SQL");
    return sql;
  }
  if (!node.IsMap()) FailAt(path, node, 0, what + " takes SQL text, or a mapping of dialect: SQL");
  CheckUniqueKeys(path, node, what);
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    if (!entry.second.IsScalar()) {
      FailAt(path, entry.second, 0, what + " '" + key + "' must be SQL text");
    }
    if (key == "sql") {
      sql.sql = entry.second.Scalar();
    } else {
      sql.dialect_sql[key] = entry.second.Scalar();
    }
  }
  if (sql.sql.empty() && sql.dialect_sql.empty()) FailAt(path, node, 0, what + " has no SQL");
  return sql;
}

}  // namespace retort
