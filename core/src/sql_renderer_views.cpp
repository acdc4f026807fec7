// SqlRenderer: views and triggers, whose bodies are SQL text given per
// dialect (as execute's), and the lookup of that text.
#include "retort/error.h"
#include "retort/sql_renderer.h"
#include "text_util.h"

namespace retort {

std::string SqlRenderer::DialectText(const Execute& sql, const std::string& what) const {
  for (const auto& [name, text] : sql.dialect_sql) {
    if (text::IsNearMiss(name, dialect_)) {
      throw OperationError(what + " has SQL for '" + name + "': did you mean '" + dialect_ +
                           "'?");
    }
  }
  const std::optional<std::string> text = SqlFor(sql, dialect_);
  if (!text || text::Trim(*text).empty()) {
    std::string has;
    for (const auto& [name, body] : sql.dialect_sql) has += (has.empty() ? "" : ", ") + name;
    throw OperationError(what + " has no SQL for dialect " + dialect_ +
                         (has.empty() ? "" : " (it has SQL for: " + has + ")"));
  }
  return std::string(text::Trim(*text));
}

std::vector<std::string> SqlRenderer::CreateViewSql(const CreateView& op) const {
  if (op.materialized) {
    throw OperationError("create_view " + ToString(op.name) + ": " + dialect_ +
                         " has no materialized views");
  }
  return {"CREATE VIEW " + QuoteName(op.name) + " AS " +
          DialectText(op.definition, "create_view " + ToString(op.name))};
}

std::vector<std::string> SqlRenderer::DropViewSql(const DropView& op) const {
  if (op.materialized) {
    throw OperationError("drop_view " + ToString(op.name) + ": " + dialect_ +
                         " has no materialized views");
  }
  return {"DROP VIEW " + QuoteName(op.name)};
}

std::vector<std::string> SqlRenderer::CreateTriggerSql(const CreateTrigger& op) const {
  return {DialectText(op.definition, "create_trigger " + op.name)};
}

std::vector<std::string> SqlRenderer::DropTriggerSql(const DropTrigger& op) const {
  return {"DROP TRIGGER " + QuoteName({op.table.schema, op.name})};
}

}  // namespace retort
