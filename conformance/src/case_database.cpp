#include "case_database.h"

#include <algorithm>
#include <utility>

#include "retort/dialect_loader.h"
#include "retort/error.h"

namespace retort::conformance {
namespace {

constexpr const char* kVersionTable = "retort_version";

}  // namespace

CaseDatabase::CaseDatabase(std::string url)
    : url_(std::move(url)),
      parsed_(ParseDatabaseUrl(url_)),
      dialect_(&FindDialectForScheme(parsed_.scheme)) {}

Connection& CaseDatabase::Use() const {
  if (!connection_) connection_ = dialect_->Connect(parsed_);
  return *connection_;
}

Schema CaseDatabase::Reflect() const { return Use().Reflect(); }

void CaseDatabase::Run(const std::vector<std::string>& statements) const {
  for (const std::string& sql : statements) Use().Execute(sql);
}

TextRows CaseDatabase::Query(const std::string& query) const {
  TextRows rows;
  for (const std::vector<SqlValue>& row : Use().Query(query, {}).rows) {
    std::vector<std::string>& values = rows.emplace_back();
    for (const SqlValue& value : row) values.push_back(value.is_null() ? "NULL" : value.ToText());
  }
  return rows;
}

std::vector<std::string> CaseDatabase::VersionRows() const {
  Connection* connection = &Use();
  std::vector<std::string> ids;
  if (!connection->TableExists({"", kVersionTable})) return ids;
  for (const std::vector<SqlValue>& row :
       connection->Query(std::string("SELECT version_num FROM ") + kVersionTable, {}).rows) {
    ids.push_back(row[0].ToText());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

void CaseDatabase::RequireEmpty() const {
  const std::string refusal = "the conformance suite needs an empty database, and " +
                              parsed_.Redacted() + " ";
  Schema schema;
  try {
    schema = Reflect();
  } catch (const OperationError& error) {
    // Reflection refuses a table whose definition it cannot read: it is a
    // table all the same.
    throw ConfigError(refusal + "holds tables (" + error.what() + ")");
  }
  if (!schema.tables.empty()) {
    std::string names;
    for (const Table& table : schema.tables) {
      names += (names.empty() ? "" : ", ") + ToString(table.name);
    }
    throw ConfigError(refusal + "holds tables: " + names +
                      "; it creates and drops tables, so give it a database of its own");
  }
  const std::vector<std::string> versions = VersionRows();
  if (!versions.empty()) {
    throw ConfigError(refusal + "is at revision " + versions.front() +
                      "; give it a database of its own");
  }
}

bool CaseDatabase::DropAllTables() const {
  Connection* connection = &Use();
  for (;;) {
    const Schema schema = connection->Reflect();
    if (schema.tables.empty()) return true;
    bool dropped_one = false;
    for (const Table& table : schema.tables) {
      try {
        connection->Execute("DROP TABLE " + dialect_->QuoteIdentifier(table.name.name));
        dropped_one = true;
      } catch (const DatabaseError&) {
        // Another table still refers to it; the next round drops it.
      }
    }
    if (!dropped_one) return false;
  }
}

}  // namespace retort::conformance
