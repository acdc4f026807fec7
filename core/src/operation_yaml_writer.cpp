#include "operation_yaml_writer.h"

#include "overloaded.h"
#include "retort/document_tree.h"
#include "schema_document.h"
#include "text_util.h"

namespace retort {
namespace {

// `table:` and, outside the default schema, `schema:`.
DocNode TableKeys(const QualifiedName& table) {
  DocNode doc = DocNode::Map();
  doc.Set("table", DocNode::Text(table.name));
  if (!table.schema.empty()) doc.Set("schema", DocNode::Text(table.schema));
  return doc;
}

// `name:` and, outside the default schema, `schema:`.
DocNode NameKeys(const QualifiedName& name) {
  DocNode doc = DocNode::Map();
  doc.Set("name", DocNode::Text(name.name));
  if (!name.schema.empty()) doc.Set("schema", DocNode::Text(name.schema));
  return doc;
}

// A text that may be set or removed: the text, or null.
DocNode Nullable(const OptionalText& text) { return text ? DocNode::Text(*text) : DocNode(); }

// Appends the entries of the mapping `extra` to `doc`, but for `skip`.
void Merge(DocNode& doc, const DocNode& extra, const std::string& skip = "") {
  for (const auto& [key, value] : extra.entries()) {
    if (key != skip) doc.Set(key, value);
  }
}

DocNode LiteralDoc(const Literal& value) {
  return std::visit(Overloaded{
                        [](std::monostate) { return DocNode(); },
                        [](bool flag) { return DocNode::Bool(flag); },
                        [](long long number) { return DocNode::Integer(number); },
                        [](double number) { return DocNode::Real(number); },
                        [](const std::string& text) { return DocNode::QuotedText(text); },
                    },
                    value);
}

DocNode AlterDoc(const AlterColumn& o) {
  DocNode doc = TableKeys(o.table);
  doc.Set("column", DocNode::Text(o.column));
  if (o.type) doc.Set("type", TypeDoc(*o.type));
  if (o.nullable) doc.Set("nullable", DocNode::Bool(*o.nullable));
  if (o.server_default) doc.Set("server_default", Nullable(*o.server_default));
  if (o.new_column_name) doc.Set("new_column_name", DocNode::Text(*o.new_column_name));
  if (o.comment) doc.Set("comment", Nullable(*o.comment));
  if (o.existing_type) doc.Set("existing_type", TypeDoc(*o.existing_type));
  if (o.existing_nullable) doc.Set("existing_nullable", DocNode::Bool(*o.existing_nullable));
  if (o.existing_server_default) {
    doc.Set("existing_server_default", Nullable(*o.existing_server_default));
  }
  if (o.existing_comment) doc.Set("existing_comment", Nullable(*o.existing_comment));
  if (!o.using_expression.empty()) doc.Set("using", DocNode::Text(o.using_expression));
  if (!o.fill_nulls.empty()) doc.Set("fill_nulls", DocNode::Text(o.fill_nulls));
  if (o.lossy_allowed) doc.Set("lossy", DocNode::Text("allow"));
  if (o.via_check) doc.Set("via_check", DocNode::Bool(true));
  return doc.Flow();
}

DocNode DropConstraintDoc(const DropConstraint& o) {
  DocNode doc = TableKeys(o.table);
  // Without a name, the type and definition below find the constraint.
  if (!o.name.empty()) doc.Set("name", DocNode::Text(o.name));
  if (o.kind) {
    static const char* const kKinds[] = {"primary", "foreignkey", "unique", "check"};
    doc.Set("type", DocNode::Text(kKinds[static_cast<int>(*o.kind)]));
  }
  if (!o.existing) return doc.Flow();
  std::visit(Overloaded{
                 [&](const PrimaryKey& key) { doc.Set("columns", DocNode::TextList(key.columns)); },
                 [&](const UniqueConstraint& unique) {
                   doc.Set("columns", DocNode::TextList(unique.columns));
                 },
                 [&](const CheckConstraint& check) {
                   doc.Set("condition", DocNode::Text(check.condition));
                 },
                 [&](const ForeignKey& key) { Merge(doc, ForeignKeyDoc(key), "name"); },
             },
             *o.existing);
  return doc.Flow();
}

DocNode DropIndexDoc(const DropIndex& o) {
  DocNode doc = DocNode::Map();
  doc.Set("name", DocNode::Text(o.name.name));
  if (!o.name.schema.empty()) doc.Set("schema", DocNode::Text(o.name.schema));
  if (!o.table.empty()) doc.Set("table", DocNode::Text(o.table));
  if (o.existing) {
    // The dropped index's items, spelled as create_index spells them.
    doc.Set("columns", IndexItemsDoc(*o.existing));
    if (o.existing->unique) doc.Set("unique", DocNode::Bool(true));
    if (!o.existing->where.empty()) doc.Set("where", DocNode::Text(o.existing->where));
  }
  if (o.if_exists) doc.Set("if_exists", DocNode::Bool(true));
  if (o.concurrently) doc.Set("concurrently", DocNode::Bool(true));
  return doc.Flow();
}

DocNode DropColumnDoc(const DropColumn& o) {
  DocNode doc = TableKeys(o.table);
  doc.Set("column", DocNode::Text(o.column));
  if (o.existing) {
    doc.Set("existing_type", TypeDoc(o.existing->type));
    if (!o.existing->nullable) doc.Set("existing_nullable", DocNode::Bool(false));
    if (o.existing->server_default) {
      doc.Set("existing_server_default", DocNode::Text(*o.existing->server_default));
    }
  }
  if (o.cascade) doc.Set("cascade", DocNode::Bool(true));
  return doc.Flow();
}

DocNode ExecuteDoc(const Execute& o) {
  if (o.dialect_sql.empty()) return DocNode::Text(o.sql);
  DocNode doc = DocNode::Map();
  if (!o.sql.empty()) doc.Set("sql", DocNode::Text(o.sql));
  for (const auto& [dialect, sql] : o.dialect_sql) doc.Set(dialect, DocNode::Text(sql));
  return doc;
}

DocNode ViewDoc(const QualifiedName& name, bool materialized,
                const std::optional<Execute>& definition) {
  DocNode doc = NameKeys(name);
  if (materialized) doc.Set("materialized", DocNode::Bool(true));
  if (definition) doc.Set("definition", ExecuteDoc(*definition));
  return doc;
}

DocNode TriggerDoc(const std::string& name, const QualifiedName& table,
                   const std::optional<Execute>& definition) {
  DocNode doc = DocNode::Map();
  doc.Set("name", DocNode::Text(name));
  Merge(doc, TableKeys(table));
  if (definition) doc.Set("definition", ExecuteDoc(*definition));
  return doc;
}

DocNode BulkInsertDoc(const BulkInsert& o) {
  DocNode doc = TableKeys(o.table);
  DocNode rows = DocNode::List();
  for (const std::vector<Literal>& row : o.rows) {
    DocNode cells = DocNode::Map();
    for (std::size_t i = 0; i < o.columns.size() && i < row.size(); ++i) {
      cells.Set(o.columns[i], LiteralDoc(row[i]));
    }
    rows.Append(cells.Flow());
  }
  doc.Set("rows", std::move(rows));
  return doc;
}

DocNode Body(const Operation& op) {
  return std::visit(
      Overloaded{
          [](const CreateTable& o) {
            DocNode doc = TableDoc(o.table);
            if (o.if_not_exists) doc.Set("if_not_exists", DocNode::Bool(true));
            return doc;
          },
          [](const DropTable& o) {
            DocNode doc = DocNode::Map();
            if (o.existing) {
              doc = TableDoc(*o.existing);
            } else {
              doc = NameKeys(o.name).Flow();
            }
            if (o.if_exists) doc.Set("if_exists", DocNode::Bool(true));
            return doc;
          },
          [](const RenameTable& o) {
            DocNode doc = NameKeys(o.name);
            doc.Set("new_name", DocNode::Text(o.new_name));
            return doc.Flow();
          },
          [](const AddColumn& o) {
            DocNode doc = TableKeys(o.table);
            doc.Set("column", ColumnDoc(o.column, o.foreign_key ? &*o.foreign_key : nullptr));
            return doc.Flow();
          },
          [](const DropColumn& o) { return DropColumnDoc(o); },
          [](const AlterColumn& o) { return AlterDoc(o); },
          [](const CreateIndex& o) {
            DocNode doc = IndexDoc(o.index);
            if (o.if_not_exists) doc.Set("if_not_exists", DocNode::Bool(true));
            if (o.concurrently) doc.Set("concurrently", DocNode::Bool(true));
            return doc;
          },
          [](const DropIndex& o) { return DropIndexDoc(o); },
          [](const CreateForeignKey& o) {
            DocNode doc = TableKeys(o.table);
            Merge(doc, ForeignKeyDoc(o.foreign_key));
            if (o.not_valid) doc.Set("not_valid", DocNode::Bool(true));
            return doc.Flow();
          },
          [](const CreateUniqueConstraint& o) {
            DocNode doc = TableKeys(o.table);
            if (!o.constraint.name.empty()) doc.Set("name", DocNode::Text(o.constraint.name));
            doc.Set("columns", DocNode::TextList(o.constraint.columns));
            if (!o.using_index.empty()) doc.Set("using_index", DocNode::Text(o.using_index));
            return doc.Flow();
          },
          [](const CreateCheckConstraint& o) {
            DocNode doc = TableKeys(o.table);
            if (!o.constraint.name.empty()) doc.Set("name", DocNode::Text(o.constraint.name));
            doc.Set("condition", DocNode::Text(o.constraint.condition));
            if (o.not_valid) doc.Set("not_valid", DocNode::Bool(true));
            return doc.Flow();
          },
          [](const ValidateConstraint& o) {
            DocNode doc = TableKeys(o.table);
            doc.Set("name", DocNode::Text(o.name));
            return doc.Flow();
          },
          [](const CreatePrimaryKey& o) {
            DocNode doc = TableKeys(o.table);
            if (!o.constraint.name.empty()) doc.Set("name", DocNode::Text(o.constraint.name));
            doc.Set("columns", DocNode::TextList(o.constraint.columns));
            return doc.Flow();
          },
          [](const DropConstraint& o) { return DropConstraintDoc(o); },
          [](const Execute& o) { return ExecuteDoc(o); },
          [](const BulkInsert& o) { return BulkInsertDoc(o); },
          [](const CreateTableComment& o) {
            DocNode doc = TableKeys(o.table);
            doc.Set("comment", DocNode::Text(o.comment));
            if (o.existing_comment) doc.Set("existing_comment", Nullable(*o.existing_comment));
            return doc.Flow();
          },
          [](const DropTableComment& o) {
            DocNode doc = TableKeys(o.table);
            if (o.existing_comment) doc.Set("existing_comment", Nullable(*o.existing_comment));
            return doc.Flow();
          },
          [](const CreateView& o) { return ViewDoc(o.name, o.materialized, o.definition); },
          [](const DropView& o) { return ViewDoc(o.name, o.materialized, o.definition); },
          [](const CreateTrigger& o) { return TriggerDoc(o.name, o.table, o.definition); },
          [](const DropTrigger& o) { return TriggerDoc(o.name, o.table, o.definition); },
      },
      op);
}

}  // namespace

std::string OperationToYaml(const Operation& op) {
  DocNode item = DocNode::Map();
  item.Set(std::string(OperationName(op)), Body(op));
  DocNode list = DocNode::List();
  list.Append(std::move(item));
  return list.ToYaml();
}

std::string OperationSection(const std::string& key, const std::vector<PlannedChange>& changes) {
  std::string section = key + ":\n";
  for (const PlannedChange& change : changes) {
    if (!change.remark.empty()) {
      for (std::string_view line : text::Split(change.remark, '\n')) {
        section += "  # " + std::string(line) + "\n";
      }
    }
    std::string item = OperationToYaml(change.operation);
    item.pop_back();  // the final line break
    for (std::string_view line : text::Split(item, '\n')) {
      section += line.empty() ? "\n" : "  " + std::string(line) + "\n";
    }
  }
  return section;
}

}  // namespace retort
