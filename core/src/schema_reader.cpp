// SchemaFromYaml: a schema file (YAML, or JSON read as YAML) back into the
// model. Tables are read by the revision reader's own create_table code, so
// a schema file and a revision accept the same spellings.

#include <algorithm>
#include <charconv>
#include <set>

#include "retort/error.h"
#include "retort/schema_format.h"
#include "retort/sql_expression.h"
#include "schema_document.h"
#include "yaml_document.h"
#include "yaml_fields.h"
#include "yaml_schema_values.h"

namespace retort {
namespace {

// The items of the list at `key` (none when absent or null).
std::vector<YamlNode> ListAt(YamlFields& fields, const char* key) {
  const YamlNode list = fields.Node(key);
  std::vector<YamlNode> items;
  if (!list.IsDefined() || list.IsNull()) return items;
  if (!list.IsSequence()) fields.Fail(key, "must be a list");
  for (const YamlNode& item : list) items.push_back(item);
  return items;
}

std::int64_t IntegerField(YamlFields& fields, const char* key, std::int64_t fallback) {
  const std::optional<std::string> text = fields.OptionalText(key);
  if (!text) return fallback;
  std::int64_t value = 0;
  const char* end = text->data() + text->size();
  if (auto [ptr, error] = std::from_chars(text->data(), end, value);
      error != std::errc() || ptr != end) {
    fields.Fail(key, "must be a whole number, not '" + *text + "'");
  }
  return value;
}

std::vector<CheckConstraint> Checks(YamlFields& fields) {
  std::vector<CheckConstraint> checks;
  for (const YamlNode& item : ListAt(fields, "check_constraints")) {
    YamlFields check(fields.path(), item, "check constraint");
    checks.push_back({check.OptionalText("name").value_or(""), check.Text("condition")});
    check.CheckAllRead();
  }
  return checks;
}

Table ReadTable(const std::string& path, const YamlNode& node) {
  YamlFields fields(path, node, "table");
  Table table = TableDefinition(fields, true);
  for (const YamlNode& item : ListAt(fields, "exclusion_constraints")) {
    YamlFields exclusion(path, item, "exclusion constraint");
    table.exclusion_constraints.push_back(
        {exclusion.OptionalText("name").value_or(""), exclusion.Text("definition")});
    exclusion.CheckAllRead();
  }
  fields.CheckAllRead();
  CanonicalizeTable(table);
  return table;
}

Index ReadIndex(const std::string& path, const YamlNode& node) {
  YamlFields fields(path, node, "index");
  Index index;
  index.name = fields.Text("name");
  index.table = TableName(fields);
  IndexItems(fields, index);
  index.unique = fields.Bool("unique", false);
  index.where = fields.OptionalText("where").value_or("");
  fields.CheckAllRead();
  return index;
}

View ReadView(const std::string& path, const YamlNode& node) {
  YamlFields fields(path, node, "view");
  View view;
  view.name = TableName(fields, "name");
  view.materialized = fields.Bool("materialized", false);
  view.definition = fields.Text("definition");
  fields.CheckAllRead();
  return view;
}

Trigger ReadTrigger(const std::string& path, const YamlNode& node) {
  YamlFields fields(path, node, "trigger");
  Trigger trigger;
  trigger.name = fields.Text("name");
  trigger.table = TableName(fields);
  trigger.definition = fields.Text("definition");
  fields.CheckAllRead();
  return trigger;
}

Sequence ReadSequence(const std::string& path, const YamlNode& node) {
  YamlFields fields(path, node, "sequence");
  Sequence sequence;
  sequence.name = TableName(fields, "name");
  sequence.type = TypeField(fields, "type");
  sequence.start = IntegerField(fields, "start", sequence.start);
  sequence.increment = IntegerField(fields, "increment", sequence.increment);
  sequence.min_value = IntegerField(fields, "min_value", sequence.min_value);
  sequence.max_value = IntegerField(fields, "max_value", sequence.max_value);
  sequence.cycle = fields.Bool("cycle", false);
  sequence.owned_by = fields.OptionalText("owned_by").value_or("");
  fields.CheckAllRead();
  return sequence;
}

EnumType ReadEnum(const std::string& path, const YamlNode& node) {
  YamlFields fields(path, node, "enum");
  EnumType type;
  type.name = TableName(fields, "name");
  type.labels = fields.RequiredTextList("labels");
  fields.CheckAllRead();
  return type;
}

Domain ReadDomain(const std::string& path, const YamlNode& node) {
  YamlFields fields(path, node, "domain");
  Domain domain;
  domain.name = TableName(fields, "name");
  domain.type = TypeField(fields, "type");
  domain.nullable = fields.Bool("nullable", true);
  domain.server_default = fields.OptionalText("server_default");
  domain.check_constraints = Checks(fields);
  fields.CheckAllRead();
  return domain;
}

// Fails at `node` when `key` names something already read.
void CheckNew(std::set<std::string>& seen, const std::string& key, const std::string& path,
              const YamlNode& node, const std::string& what) {
  if (!seen.insert(key).second) FailAt(path, node, 0, what + " is given twice");
}

template <class T, class Reader>
std::vector<T> ReadList(YamlFields& fields, const char* key, Reader reader) {
  std::vector<T> items;
  for (const YamlNode& item : ListAt(fields, key)) items.push_back(reader(fields.path(), item));
  return items;
}

}  // namespace

Schema SchemaFromYaml(const std::string& text, const std::string& file_name) {
  const YamlNode root = LoadYamlDocument(file_name, text, "YAML or JSON");
  if (!root.IsMap()) {
    throw FileError(file_name, 1, "a schema file is a mapping (tables: ..., indexes: ...)");
  }
  Schema schema;
  YamlFields fields(file_name, root, "schema file");
  std::set<std::string> seen;
  for (const YamlNode& item : ListAt(fields, "tables")) {
    schema.tables.push_back(ReadTable(file_name, item));
    CheckNew(seen, "table " + ToString(schema.tables.back().name), file_name, item,
             "table " + ToString(schema.tables.back().name));
  }
  schema.views = ReadList<View>(fields, "views", ReadView);
  for (const YamlNode& item : ListAt(fields, "indexes")) {
    schema.indexes.push_back(ReadIndex(file_name, item));
    const Index& index = schema.indexes.back();
    CheckNew(seen, "index " + index.table.schema + "." + index.name, file_name, item,
             "index " + index.name);
    const bool on_view =
        std::any_of(schema.views.begin(), schema.views.end(),
                    [&](const View& view) { return view.name.name == index.table.name; });
    if (FindTable(schema, index.table) == nullptr && !on_view) {
      FailAt(file_name, item, 0, "index " + index.name + " is on table " +
                                     ToString(index.table) + ", which the file does not have");
    }
  }
  schema.triggers = ReadList<Trigger>(fields, "triggers", ReadTrigger);
  schema.sequences = ReadList<Sequence>(fields, "sequences", ReadSequence);
  schema.enums = ReadList<EnumType>(fields, "enums", ReadEnum);
  schema.domains = ReadList<Domain>(fields, "domains", ReadDomain);
  fields.CheckAllRead();
  // The neutral form; where the file meets a database, that database's
  // dialect adds its own (Dialect::CanonicalExpression).
  CanonicalizeExpressions(
      schema, [](std::string_view expression) { return CanonicalSqlExpression(expression); });
  SortCanonically(schema);
  return schema;
}

}  // namespace retort
