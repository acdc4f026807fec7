// SchemaToYaml and SchemaToJson: one document, two spellings.
#include "retort/schema_format.h"

#include "retort/document_tree.h"
#include "schema_document.h"

namespace retort {
namespace {

void SetName(DocNode& doc, const QualifiedName& name) {
  doc.Set("name", DocNode::Text(name.name));
  if (!name.schema.empty()) doc.Set("schema", DocNode::Text(name.schema));
}

DocNode ViewDoc(const View& view) {
  DocNode doc = DocNode::Map();
  SetName(doc, view.name);
  if (view.materialized) doc.Set("materialized", DocNode::Bool(true));
  doc.Set("definition", DocNode::Text(view.definition));
  return doc;
}

DocNode TriggerDoc(const Trigger& trigger) {
  DocNode doc = DocNode::Map();
  doc.Set("name", DocNode::Text(trigger.name));
  doc.Set("table", DocNode::Text(trigger.table.name));
  if (!trigger.table.schema.empty()) doc.Set("schema", DocNode::Text(trigger.table.schema));
  doc.Set("definition", DocNode::Text(trigger.definition));
  return doc;
}

// Every number is written: a sequence's bounds depend on its type, and a
// reader should not have to know how.
DocNode SequenceDoc(const Sequence& sequence) {
  DocNode doc = DocNode::Map();
  SetName(doc, sequence.name);
  doc.Set("type", TypeDoc(sequence.type));
  doc.Set("start", DocNode::Integer(sequence.start));
  doc.Set("increment", DocNode::Integer(sequence.increment));
  doc.Set("min_value", DocNode::Integer(sequence.min_value));
  doc.Set("max_value", DocNode::Integer(sequence.max_value));
  if (sequence.cycle) doc.Set("cycle", DocNode::Bool(true));
  if (!sequence.owned_by.empty()) doc.Set("owned_by", DocNode::Text(sequence.owned_by));
  return doc.Flow();
}

DocNode EnumDoc(const EnumType& type) {
  DocNode doc = DocNode::Map();
  SetName(doc, type.name);
  doc.Set("labels", DocNode::TextList(type.labels));
  return doc.Flow();
}

DocNode DomainDoc(const Domain& domain) {
  DocNode doc = DocNode::Map();
  SetName(doc, domain.name);
  doc.Set("type", TypeDoc(domain.type));
  if (!domain.nullable) doc.Set("nullable", DocNode::Bool(false));
  if (domain.server_default) doc.Set("server_default", DocNode::Text(*domain.server_default));
  if (!domain.check_constraints.empty()) {
    doc.Set("check_constraints", ListOf(domain.check_constraints, CheckDoc));
  }
  return doc;
}

// `key: [...]` for `items`, left out when empty unless `always`.
template <class T, class ToDoc>
void SetList(DocNode& doc, const char* key, const std::vector<T>& items, ToDoc to_doc,
             bool always = false) {
  if (!items.empty() || always) doc.Set(key, ListOf(items, to_doc));
}

DocNode SchemaDoc(const Schema& schema) {
  DocNode doc = DocNode::Map();
  SetList(doc, "tables", schema.tables, TableDoc, true);
  SetList(doc, "indexes", schema.indexes, IndexDoc, true);
  SetList(doc, "views", schema.views, ViewDoc);
  SetList(doc, "triggers", schema.triggers, TriggerDoc);
  SetList(doc, "sequences", schema.sequences, SequenceDoc);
  SetList(doc, "enums", schema.enums, EnumDoc);
  SetList(doc, "domains", schema.domains, DomainDoc);
  return doc;
}

}  // namespace

std::string SchemaToYaml(const Schema& schema) { return SchemaDoc(schema).ToYaml(); }

std::string SchemaToJson(const Schema& schema) { return SchemaDoc(schema).ToJson(); }

}  // namespace retort
