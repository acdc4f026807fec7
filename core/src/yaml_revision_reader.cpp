// The YAML revision format: header keys, then the upgrade and downgrade
// operation lists. Every operation key is checked; see docs/file-format.md.
#include <functional>
#include <map>

#include "retort/error.h"
#include "revision_readers.h"
#include "text_util.h"
#include "yaml_column_ops.h"
#include "yaml_document.h"
#include "yaml_fields.h"
#include "yaml_schema_values.h"

namespace retort {
namespace {

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
    Index existing{op.name.name, {op.name.schema, op.table}, {}, unique, where};
    IndexItems(fields, existing);
    op.existing = std::move(existing);
  } else {
    fields.Node("columns");
  }
  return op;
}

Operation DropConstraintOp(YamlFields& fields) {
  DropConstraint op;
  op.table = TableName(fields);
  // Without a name (an empty one, as autogenerate once wrote, is none) the
  // type and definition find the constraint when the revision runs.
  op.name = fields.OptionalText("name").value_or("");
  if (const std::optional<std::string> type = fields.OptionalText("type")) {
    static const std::map<std::string, ConstraintKind> kinds = {
        {"primary", ConstraintKind::kPrimaryKey}, {"foreignkey", ConstraintKind::kForeignKey},
        {"unique", ConstraintKind::kUnique},      {"check", ConstraintKind::kCheck}};
    auto it = kinds.find(text::Lower(*type));
    if (it == kinds.end()) fields.Fail("type", "must be primary, foreignkey, unique or check");
    op.kind = it->second;
  }
  // The dropped constraint's definition, when given, makes the drop
  // reversible; without a name it is what finds the constraint.
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
  // A table has one primary key at most, so its type alone finds it.
  if (op.name.empty() && !(op.kind && (op.existing || *op.kind == ConstraintKind::kPrimaryKey))) {
    fields.FailHere("drop_constraint needs 'name', or 'type' and the constraint's definition to "
                    "find it by: 'columns' for a unique or primary key, 'columns', "
                    "'referent_table' and 'referent_columns' for a foreign key, 'condition' "
                    "for a check");
  }
  return op;
}

Operation CreateUniqueOp(YamlFields& fields) {
  CreateUniqueConstraint op;
  op.table = TableName(fields);
  op.constraint.columns = fields.RequiredTextList("columns");
  op.using_index = fields.OptionalText("using_index").value_or("");
  if (fields.Has("using_index") && text::Trim(op.using_index).empty()) {
    fields.Fail("using_index", "names the unique index that becomes the constraint");
  }
  // The constraint takes the index's name when it has none of its own, as
  // PostgreSQL names it; every dialect then knows it by the same name.
  op.constraint.name = fields.OptionalText("name").value_or(op.using_index);
  return op;
}

// The view and trigger operations: `definition` is SQL text as execute
// takes it, optional on the drops (where it makes the drop reversible).
Operation CreateViewOp(YamlFields& fields) {
  CreateView op;
  op.name = TableName(fields, "name");
  op.materialized = fields.Bool("materialized", false);
  op.definition = SqlText(fields.path(), fields.RequiredNode("definition"), "definition");
  return op;
}

Operation DropViewOp(YamlFields& fields) {
  DropView op;
  op.name = TableName(fields, "name");
  op.materialized = fields.Bool("materialized", false);
  if (const YamlNode definition = fields.Node("definition"); definition.IsDefined()) {
    op.definition = SqlText(fields.path(), definition, "definition");
  }
  return op;
}

Operation CreateTriggerOp(YamlFields& fields) {
  CreateTrigger op;
  op.name = fields.Text("name");
  op.table = TableName(fields);
  op.definition = SqlText(fields.path(), fields.RequiredNode("definition"), "definition");
  return op;
}

Operation DropTriggerOp(YamlFields& fields) {
  DropTrigger op;
  op.name = fields.Text("name");
  op.table = TableName(fields);
  if (const YamlNode definition = fields.Node("definition"); definition.IsDefined()) {
    op.definition = SqlText(fields.path(), definition, "definition");
  }
  return op;
}

Operation BulkInsertOp(YamlFields& fields) {
  BulkInsert op;
  op.table = TableName(fields);
  const YamlNode rows = fields.RequiredNode("rows");
  if (!rows.IsSequence()) fields.Fail("rows", "must be a list of column: value mappings");
  for (const YamlNode& row : rows) {
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
      {"drop_column", DropColumnOp},
      {"alter_column", AlterColumnOp},
      {"create_index",
       [](YamlFields& f) -> Operation {
         CreateIndex op;
         op.index.name = f.Text("name");
         op.index.table = TableName(f);
         IndexItems(f, op.index);
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
         op.foreign_key.name = f.OptionalText("name").value_or("");
         op.foreign_key.columns = f.RequiredTextList("columns");
         ReadReferent(f, op.foreign_key);
         op.not_valid = f.Bool("not_valid", false);
         return op;
       }},
      {"create_unique_constraint", CreateUniqueOp},
      {"create_check_constraint",
       [](YamlFields& f) -> Operation {
         CreateCheckConstraint op{TableName(f),
                                  {f.OptionalText("name").value_or(""), f.Text("condition")}};
         op.not_valid = f.Bool("not_valid", false);
         return op;
       }},
      {"validate_constraint",
       [](YamlFields& f) -> Operation { return ValidateConstraint{TableName(f), f.Text("name")}; }},
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
      {"create_view", CreateViewOp},
      {"drop_view", DropViewOp},
      {"create_trigger", CreateTriggerOp},
      {"drop_trigger", DropTriggerOp},
  };
  return parsers;
}

std::string KnownOperations() {
  std::string names = "execute";
  for (const auto& [name, parser] : OperationParsers()) names += ", " + name;
  return names;
}

std::optional<RebuildPolicy> RebuildField(YamlFields& fields) {
  const std::optional<std::string> text = fields.OptionalText("rebuild");
  if (!text) return std::nullopt;
  try {
    return ParseRebuildPolicy(*text);
  } catch (const OperationError& error) {
    fields.Fail("rebuild", error.what());
  }
}

// One operation; `rebuild` is the revision's policy, which the operation's
// own "rebuild:" overrides.
RevisionOp ParseOperation(const std::string& path, const YamlNode& item, RebuildPolicy rebuild) {
  const int line = LineOf(item);
  if (!item.IsMap() || item.size() != 1) {
    throw FileError(path, line,
                    "each operation is a mapping with one key, the operation's name "
                    "(e.g. '- add_column: {...}')");
  }
  const std::string name = item.begin()->first.Scalar();
  const YamlNode body = item.begin()->second;
  if (name == "execute") return RevisionOp{SqlText(path, body, "execute"), line, rebuild};
  const auto& parsers = OperationParsers();
  auto parser = parsers.find(name);
  if (parser == parsers.end()) {
    throw FileError(path, line, "unknown operation '" + name + "' (known: " + KnownOperations() + ")");
  }
  // "drop_table: users" is short for "drop_table: {name: users}".
  const bool shorthand = body.IsScalar() && (name == "drop_table" || name == "drop_index");
  const YamlNode mapping =
      shorthand ? YamlNode::SingleEntryMap("name", body.Scalar(), body.line()) : body;
  if (!mapping.IsMap()) throw FileError(path, line, name + " takes a mapping of its arguments");
  YamlFields fields(path, mapping, name);
  const RebuildPolicy policy = RebuildField(fields).value_or(rebuild);
  Operation op = parser->second(fields);
  fields.CheckAllRead();
  return RevisionOp{std::move(op), line, policy};
}

std::vector<RevisionOp> ParseOperations(const std::string& path, const YamlNode& list,
                                        const char* section, RebuildPolicy rebuild) {
  std::vector<RevisionOp> ops;
  if (!list.IsDefined() || list.IsNull()) return ops;
  if (!list.IsSequence()) {
    FailAt(path, list, 0, std::string(section) + " must be a list of operations");
  }
  for (const YamlNode& item : list) ops.push_back(ParseOperation(path, item, rebuild));
  return ops;
}

}  // namespace

Revision ParseYamlRevision(const std::string& path, const std::string& text) {
  return YamlRevisionFromTree(path, LoadYamlDocument(path, text), Sha256Hex(text));
}

namespace {

// Reads into `revision` what comes before the operations (the graph's
// header, transaction, DDL lock settings) and returns the revision's
// rebuild policy.
RebuildPolicy ReadHeaderKeys(const std::string& path, const YamlNode& root, YamlFields& fields,
                             Revision& revision) {
  RevisionHeader& header = revision.header;
  header.path = path;
  header.id = fields.Text("revision");
  header.down_revisions = fields.TextList("down_revision");
  header.branch_labels = fields.TextList("branch_labels");
  header.depends_on = fields.TextList("depends_on");
  header.replaces = fields.TextList("replaces");
  header.message = fields.OptionalText("message").value_or("");
  header.create_date = fields.OptionalText("create_date").value_or("");
  CheckRevisionId(path, header.id, LineOf(root["revision"]));
  revision.transactional = fields.Bool("transaction", true);
  for (const char* key : {"ddl_lock_timeout", "ddl_lock_retries"}) {
    if (const std::optional<std::string> value = fields.OptionalText(key)) {
      ReadDdlLockSetting(revision, key, *value, path, LineOf(root[key]));
    }
  }
  return RebuildField(fields).value_or(RebuildPolicy::kAuto);
}

void RequireMapping(const std::string& path, const YamlNode& root) {
  if (!root.IsMap()) throw FileError(path, 1, "a revision file is a mapping (revision: ...)");
}

}  // namespace

Revision YamlRevisionFromTree(const std::string& path, const YamlNode& root,
                              std::string checksum) {
  RequireMapping(path, root);
  Revision revision;
  YamlFields fields(path, root, "revision file");
  const RebuildPolicy rebuild = ReadHeaderKeys(path, root, fields, revision);
  revision.upgrade = ParseOperations(path, fields.Node("upgrade"), "upgrade", rebuild);
  revision.how_to_add_downgrade = "write a 'downgrade:' section";
  // An absent or empty (null) downgrade reverses upgrade; "downgrade: []"
  // says explicitly that there is nothing to undo.
  if (const YamlNode downgrade = fields.Node("downgrade");
      downgrade.IsDefined() && !downgrade.IsNull()) {
    revision.downgrade = ParseOperations(path, downgrade, "downgrade", rebuild);
  } else {
    RequireDowngradeForCascade(path, revision.upgrade);
  }
  fields.CheckAllRead();
  revision.checksum = std::move(checksum);
  return revision;
}

Revision YamlRevisionHeaderFromTree(const std::string& path, const YamlNode& header_root,
                                    std::string checksum) {
  RequireMapping(path, header_root);
  Revision revision;
  YamlFields fields(path, header_root, "revision file");
  ReadHeaderKeys(path, header_root, fields, revision);
  for (const char* section : {"upgrade", "downgrade"}) {
    if (fields.Has(section)) fields.Fail(section, "is not part of a revision's header");
  }
  fields.CheckAllRead();
  revision.checksum = std::move(checksum);
  return revision;
}

}  // namespace retort
