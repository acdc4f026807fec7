// The connection a C++ revision gets: statements reported as the dialects
// report theirs, queries with bound parameters, values as text.
#include "retort/code_revision.h"
#include "retort/dialect.h"
#include "retort/error.h"
#include "retort/events.h"

namespace retort {

RevisionContext::RevisionContext(Connection& connection, std::string dialect_name,
                                 MigrationListener& listener)
    : connection_(connection), dialect_name_(std::move(dialect_name)), listener_(listener) {}

void RevisionContext::Execute(const std::string& sql) {
  listener_.OnStatement(sql);
  connection_.Execute(sql);
}

QueryResult RevisionContext::Query(const std::string& sql,
                                   const std::vector<std::optional<std::string>>& parameters) {
  listener_.OnStatement(sql);
  std::vector<SqlValue> values;
  values.reserve(parameters.size());
  for (const std::optional<std::string>& parameter : parameters) {
    values.push_back(parameter ? SqlValue::Text(*parameter) : SqlValue());
  }
  QueryRows typed = connection_.Query(sql, values);
  // Text, whatever type the dialect reports: a revision need not know which.
  QueryResult result{std::move(typed.columns), {}};
  result.rows.reserve(typed.rows.size());
  for (const std::vector<SqlValue>& row : typed.rows) {
    std::vector<std::optional<std::string>>& text = result.rows.emplace_back();
    text.reserve(row.size());
    for (const SqlValue& value : row) {
      text.push_back(value.is_null() ? std::nullopt : std::optional(value.ToText()));
    }
  }
  return result;
}

soci::session& RevisionContext::session() {
  void* session = connection_.NativeHandle("soci::session");
  if (session == nullptr) {
    throw OperationError("the " + dialect_name_ +
                         " dialect's connections have no SOCI session; use Query and Execute");
  }
  return *static_cast<soci::session*>(session);
}

void RevisionContext::Notice(std::string_view text) { listener_.OnNotice(text); }

}  // namespace retort
