// The YAML revision format: header keys, then the upgrade and downgrade
// operation lists. Every operation key is checked; see docs/file-format.md.
#include <charconv>
#include <cmath>
#include <functional>
#include <map>

#include "retort/error.h"
#include "revision_readers.h"
#include "text_util.h"
#include "yaml_fields.h"

namespace retort {
namespace {

QualifiedName TableName(YamlFields& fields, const char* key = "table") {
  QualifiedName name;
  name.name = fields.Text(key);
  name.schema = fields.OptionalText("schema").value_or("");
  return name;
}

Type TypeField(YamlFields& fields, const char* key) {
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

std::optional<ReferentialAction> ActionField(YamlFields& fields, const char* key) {
  std::optional<std::string> text = fields.OptionalText(key);
  if (!text) return std::nullopt;
  try {
    return ParseReferentialAction(*text);
  } catch (const OperationError& error) {
    fields.Fail(key, error.what());
  }
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
    if (key.initially != "deferred" && key.initially != "immediate") {
      fields.Fail("initially", "must be deferred or immediate");
    }
    for (char& c : key.initially) c = static_cast<char>(std::toupper(c));
  }
}

ForeignKey ForeignKeyMap(const std::string& path, const YAML::Node& node, const char* what) {
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

// A column mapping; its inline foreign key (references:) goes to `key`.
Column ColumnMap(const std::string& path, const YAML::Node& node,
                 std::optional<ForeignKey>* key) {
  YamlFields fields(path, node, "column");
  Column column;
  column.name = fields.Text("name");
  column.type = TypeField(fields, "type");
  column.nullable = fields.Bool("nullable", true);
  column.server_default = fields.OptionalText("server_default");
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

YAML::Node SequenceField(YamlFields& fields, const char* key) {
  YAML::Node list = fields.Node(key);
  if (list.IsDefined() && !list.IsNull() && !list.IsSequence()) fields.Fail(key, "must be a list");
  return list;
}

// The keys create_table and drop_table (its existing definition) share.
Table TableDefinition(YamlFields& fields, bool columns_required) {
  Table table;
  table.name = TableName(fields, "name");
  table.comment = fields.OptionalText("comment");
  const YAML::Node columns = SequenceField(fields, "columns");
  if (columns_required && (!columns.IsDefined() || columns.size() == 0)) {
    fields.FailHere("create_table needs 'columns'");
  }
  if (columns.IsDefined()) {
    for (const YAML::Node& item : columns) {
      std::optional<ForeignKey> key;
      Column column = ColumnMap(fields.path(), item, &key);
      if (FindColumn(table, column.name)) {
        FailAt(fields.path(), item, fields.line(), "column '" + column.name + "' is given twice");
      }
      table.columns.push_back(std::move(column));
      if (key) table.foreign_keys.push_back(std::move(*key));
    }
  }
  if (const YAML::Node key = fields.Node("primary_key"); key.IsDefined() && !key.IsNull()) {
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
  if (const YAML::Node list = SequenceField(fields, "foreign_keys"); list.IsDefined()) {
    for (const YAML::Node& item : list) {
      table.foreign_keys.push_back(ForeignKeyMap(fields.path(), item, "foreign key"));
    }
  }
  if (const YAML::Node list = SequenceField(fields, "unique_constraints"); list.IsDefined()) {
    for (const YAML::Node& item : list) {
      YamlFields unique(fields.path(), item, "unique constraint");
      table.unique_constraints.push_back(
          UniqueConstraint{unique.OptionalText("name").value_or(""),
                           unique.RequiredTextList("columns")});
      unique.CheckAllRead();
    }
  }
  if (const YAML::Node list = SequenceField(fields, "check_constraints"); list.IsDefined()) {
    for (const YAML::Node& item : list) {
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

Literal LiteralOf(const std::string& path, const YAML::Node& node) {
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
  double real = 0;
  if (auto [ptr, error] = std::from_chars(begin, end, real);
      error == std::errc() && ptr == end && std::isfinite(real)) {
    return real;
  }
  return text;
}

using OpParser = std::function<Operation(YamlFields&)>;

// Scalar shorthands: "drop_table: users", "drop_index: ix_users_phone".
Operation DropTableOp(YamlFields& fields) {
  DropTable op;
  op.if_exists = fields.Bool("if_exists", false);
  if (fields.Has("columns")) {
    op.existing = TableDefinition(fields, true);
    op.name = op.existing->name;
  } else {
    op.name = TableName(fields, "name");
    fields.Node("columns");
  }
  return op;
}

// Fails when any of `keys` is given (they do not apply), else marks them read.
void Reject(YamlFields& fields, std::initializer_list<const char*> keys, const std::string& why) {
  for (const char* key : keys) {
    if (fields.Has(key)) fields.Fail(key, why);
    fields.Node(key);
  }
}

Operation DropIndexOp(YamlFields& fields) {
  DropIndex op;
  op.name.name = fields.Text("name");
  op.name.schema = fields.OptionalText("schema").value_or("");
  op.table = fields.OptionalText("table").value_or("");
  op.if_exists = fields.Bool("if_exists", false);
  op.concurrently = fields.Bool("concurrently", false);
  if (!fields.Has("columns")) {
    Reject(fields, {"unique", "where"}, "describes the dropped index: give its columns too");
  }
  const bool unique = fields.Bool("unique", false);
  const std::string where = fields.OptionalText("where").value_or("");
  if (fields.Has("columns")) {
    if (op.table.empty()) fields.FailHere("drop_index with columns needs 'table' too");
    op.existing = Index{op.name.name, {op.name.schema, op.table}, fields.TextList("columns"),
                        unique, where};
  } else {
    fields.Node("columns");
  }
  return op;
}

Operation DropConstraintOp(YamlFields& fields) {
  DropConstraint op;
  op.table = TableName(fields);
  op.name = fields.Text("name");
  if (const std::optional<std::string> type = fields.OptionalText("type")) {
    static const std::map<std::string, ConstraintKind> kinds = {
        {"primary", ConstraintKind::kPrimaryKey}, {"foreignkey", ConstraintKind::kForeignKey},
        {"unique", ConstraintKind::kUnique},      {"check", ConstraintKind::kCheck}};
    auto it = kinds.find(text::Lower(*type));
    if (it == kinds.end()) fields.Fail("type", "must be primary, foreignkey, unique or check");
    op.kind = it->second;
  }
  // The dropped constraint's definition, when given, makes the drop reversible.
  const std::initializer_list<const char*> referent_keys = {
      "referent_table", "referent_schema", "referent_columns", "on_delete",
      "on_update",      "deferrable",      "initially"};
  if (!op.kind) {
    Reject(fields, {"columns", "condition"}, "needs 'type' to say what was dropped");
    Reject(fields, referent_keys, "needs 'type: foreignkey'");
  } else if (*op.kind == ConstraintKind::kCheck) {
    if (fields.Has("condition")) op.existing = CheckConstraint{op.name, fields.Text("condition")};
    fields.Node("condition");
    Reject(fields, {"columns"}, "does not apply to a check constraint");
    Reject(fields, referent_keys, "does not apply to a check constraint");
  } else if (*op.kind == ConstraintKind::kForeignKey) {
    if (fields.Has("columns")) {
      ForeignKey key;
      key.name = op.name;
      key.columns = fields.RequiredTextList("columns");
      ReadReferent(fields, key);
      op.existing = key;
    } else {
      fields.Node("columns");
      Reject(fields, referent_keys, "needs 'columns' too");
    }
    Reject(fields, {"condition"}, "does not apply to a foreign key");
  } else {
    if (fields.Has("columns")) {
      std::vector<std::string> columns = fields.RequiredTextList("columns");
      if (*op.kind == ConstraintKind::kUnique) {
        op.existing = UniqueConstraint{op.name, std::move(columns)};
      } else {
        op.existing = PrimaryKey{op.name, std::move(columns)};
      }
    }
    fields.Node("columns");
    Reject(fields, {"condition"}, "does not apply to this constraint type");
    Reject(fields, referent_keys, "does not apply to this constraint type");
  }
  return op;
}

Operation ExecuteOp(const std::string& path, const YAML::Node& node) {
  Execute op;
  if (node.IsScalar()) {
    op.sql = node.Scalar();
    if (text::Trim(op.sql).empty()) FailAt(path, node, 0, "execute has no SQL");
    return op;
  }
  if (!node.IsMap()) {
    FailAt(path, node, 0, "execute takes SQL text, or a mapping of dialect: SQL");
  }
  CheckUniqueKeys(path, node, "execute");
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    if (!entry.second.IsScalar()) FailAt(path, entry.second, 0, "execute '" + key + "' must be SQL text");
    if (key == "sql") {
      op.sql = entry.second.Scalar();
    } else {
      op.dialect_sql[key] = entry.second.Scalar();
    }
  }
  if (op.sql.empty() && op.dialect_sql.empty()) FailAt(path, node, 0, "execute has no SQL");
  return op;
}

Operation BulkInsertOp(YamlFields& fields) {
  BulkInsert op;
  op.table = TableName(fields);
  const YAML::Node rows = fields.RequiredNode("rows");
  if (!rows.IsSequence()) fields.Fail("rows", "must be a list of column: value mappings");
  for (const YAML::Node& row : rows) {
    if (!row.IsMap()) FailAt(fields.path(), row, fields.line(), "a bulk_insert row must be a mapping");
    CheckUniqueKeys(fields.path(), row, "a bulk_insert row");
    std::vector<std::string> columns;
    std::vector<Literal> values;
    for (const auto& cell : row) {
      columns.push_back(cell.first.Scalar());
      values.push_back(LiteralOf(fields.path(), cell.second));
    }
    if (op.rows.empty()) {
      op.columns = columns;
    } else if (columns != op.columns) {
      FailAt(fields.path(), row, fields.line(),
             "every bulk_insert row must name the same columns in the same order (" +
                 text::Join(op.columns, ", ") + ")");
    }
    op.rows.push_back(std::move(values));
  }
  return op;
}

const std::map<std::string, OpParser>& OperationParsers() {
  static const std::map<std::string, OpParser> parsers = {
      {"create_table",
       [](YamlFields& f) -> Operation {
         CreateTable op;
         op.if_not_exists = f.Bool("if_not_exists", false);
         op.table = TableDefinition(f, true);
         return op;
       }},
      {"drop_table", DropTableOp},
      {"rename_table",
       [](YamlFields& f) -> Operation {
         return RenameTable{TableName(f, "name"), f.Text("new_name")};
       }},
      {"add_column",
       [](YamlFields& f) -> Operation {
         AddColumn op;
         op.table = TableName(f);
         op.column = ColumnMap(f.path(), f.RequiredNode("column"), &op.foreign_key);
         return op;
       }},
      {"drop_column",
       [](YamlFields& f) -> Operation {
         DropColumn op;
         op.table = TableName(f);
         op.column = f.Text("column");
         const std::optional<Type> type = OptionalTypeField(f, "existing_type");
         const bool nullable = f.Bool("existing_nullable", true);
         const std::optional<std::string> server_default =
             f.OptionalText("existing_server_default");
         if (type) {
           Column existing;
           existing.name = op.column;
           existing.type = *type;
           existing.nullable = nullable;
           existing.server_default = server_default;
           op.existing = existing;
         } else if (f.Has("existing_nullable") || f.Has("existing_server_default")) {
           f.FailHere("drop_column: existing_nullable and existing_server_default need "
                      "existing_type");
         }
         return op;
       }},
      {"alter_column",
       [](YamlFields& f) -> Operation {
         AlterColumn op;
         op.table = TableName(f);
         op.column = f.Text("column");
         op.type = OptionalTypeField(f, "type");
         op.nullable = f.OptionalBool("nullable");
         op.server_default = f.NullableText("server_default");
         op.new_column_name = f.OptionalText("new_column_name");
         op.comment = f.NullableText("comment");
         op.existing_type = OptionalTypeField(f, "existing_type");
         op.existing_nullable = f.OptionalBool("existing_nullable");
         op.existing_server_default = f.NullableText("existing_server_default");
         op.existing_comment = f.NullableText("existing_comment");
         op.using_expression = f.OptionalText("using").value_or("");
         if (!op.type && !op.nullable && !op.server_default && !op.new_column_name &&
             !op.comment) {
           f.FailHere("alter_column changes nothing: give type, nullable, server_default, "
                      "new_column_name or comment");
         }
         return op;
       }},
      {"create_index",
       [](YamlFields& f) -> Operation {
         CreateIndex op;
         op.index.name = f.Text("name");
         op.index.table = TableName(f);
         op.index.columns = f.RequiredTextList("columns");
         op.index.unique = f.Bool("unique", false);
         op.index.where = f.OptionalText("where").value_or("");
         op.if_not_exists = f.Bool("if_not_exists", false);
         op.concurrently = f.Bool("concurrently", false);
         return op;
       }},
      {"drop_index", DropIndexOp},
      {"create_foreign_key",
       [](YamlFields& f) -> Operation {
         CreateForeignKey op;
         op.table = TableName(f);
         op.foreign_key.name = f.Text("name");
         op.foreign_key.columns = f.RequiredTextList("columns");
         ReadReferent(f, op.foreign_key);
         return op;
       }},
      {"create_unique_constraint",
       [](YamlFields& f) -> Operation {
         return CreateUniqueConstraint{TableName(f),
                                       {f.Text("name"), f.RequiredTextList("columns")}};
       }},
      {"create_check_constraint",
       [](YamlFields& f) -> Operation {
         return CreateCheckConstraint{TableName(f), {f.Text("name"), f.Text("condition")}};
       }},
      {"create_primary_key",
       [](YamlFields& f) -> Operation {
         return CreatePrimaryKey{TableName(f),
                                 {f.OptionalText("name").value_or(""),
                                  f.RequiredTextList("columns")}};
       }},
      {"drop_constraint", DropConstraintOp},
      {"bulk_insert", BulkInsertOp},
      {"create_table_comment",
       [](YamlFields& f) -> Operation {
         return CreateTableComment{TableName(f), f.Text("comment"),
                                   f.NullableText("existing_comment")};
       }},
      {"drop_table_comment",
       [](YamlFields& f) -> Operation {
         return DropTableComment{TableName(f), f.NullableText("existing_comment")};
       }},
  };
  return parsers;
}

std::string KnownOperations() {
  std::string names = "execute";
  for (const auto& [name, parser] : OperationParsers()) names += ", " + name;
  return names;
}

YAML::Node NameMapping(const std::string& name) {
  YAML::Node mapping(YAML::NodeType::Map);
  mapping["name"] = name;
  return mapping;
}

RevisionOp ParseOperation(const std::string& path, const YAML::Node& item) {
  const int line = LineOf(item);
  if (!item.IsMap() || item.size() != 1) {
    throw FileError(path, line,
                    "each operation is a mapping with one key, the operation's name "
                    "(e.g. '- add_column: {...}')");
  }
  const std::string name = item.begin()->first.Scalar();
  const YAML::Node body = item.begin()->second;
  if (name == "execute") return RevisionOp{ExecuteOp(path, body), line};
  const auto& parsers = OperationParsers();
  auto parser = parsers.find(name);
  if (parser == parsers.end()) {
    throw FileError(path, line, "unknown operation '" + name + "' (known: " + KnownOperations() + ")");
  }
  // "drop_table: users" is short for "drop_table: {name: users}". (Assigning
  // to a yaml-cpp node that refers to `body` would overwrite body itself.)
  const bool shorthand = body.IsScalar() && (name == "drop_table" || name == "drop_index");
  const YAML::Node mapping = shorthand ? NameMapping(body.Scalar()) : body;
  if (!mapping.IsMap()) throw FileError(path, line, name + " takes a mapping of its arguments");
  YamlFields fields(path, mapping, name);
  Operation op = parser->second(fields);
  fields.CheckAllRead();
  return RevisionOp{std::move(op), line};
}

std::vector<RevisionOp> ParseOperations(const std::string& path, const YAML::Node& list,
                                        const char* section) {
  std::vector<RevisionOp> ops;
  if (!list.IsDefined() || list.IsNull()) return ops;
  if (!list.IsSequence()) {
    FailAt(path, list, 0, std::string(section) + " must be a list of operations");
  }
  for (const YAML::Node& item : list) ops.push_back(ParseOperation(path, item));
  return ops;
}

}  // namespace

Revision ParseYamlRevision(const std::string& path, const std::string& text) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& error) {
    throw FileError(path, error.mark.line >= 0 ? error.mark.line + 1 : 0,
                    "not valid YAML: " + error.msg);
  }
  if (!root.IsMap()) throw FileError(path, 1, "a revision file is a mapping (revision: ...)");
  Revision revision;
  try {
    YamlFields fields(path, root, "revision file");
    RevisionHeader& header = revision.header;
    header.path = path;
    header.id = fields.Text("revision");
    header.down_revisions = fields.TextList("down_revision");
    header.branch_labels = fields.TextList("branch_labels");
    header.depends_on = fields.TextList("depends_on");
    header.message = fields.OptionalText("message").value_or("");
    header.create_date = fields.OptionalText("create_date").value_or("");
    CheckRevisionId(path, header.id, LineOf(root["revision"]));
    revision.upgrade = ParseOperations(path, fields.Node("upgrade"), "upgrade");
    // An absent or empty (null) downgrade reverses upgrade; "downgrade: []"
    // says explicitly that there is nothing to undo.
    if (const YAML::Node downgrade = fields.Node("downgrade");
        downgrade.IsDefined() && !downgrade.IsNull()) {
      revision.downgrade = ParseOperations(path, downgrade, "downgrade");
    }
    fields.CheckAllRead();
  } catch (const YAML::Exception& error) {
    throw FileError(path, error.mark.line >= 0 ? error.mark.line + 1 : 0, error.msg);
  }
  revision.checksum = Sha256Hex(text);
  return revision;
}

}  // namespace retort
