#include "case_database.h"

#include <soci/soci.h>

#include <algorithm>
#include <charconv>
#include <utility>

#include "retort/dialect_loader.h"
#include "retort/error.h"

namespace retort::conformance {
namespace {

constexpr const char* kVersionTable = "retort_version";

// Locale-independent shortest text of a double ("0.5", "2.25").
std::string DoubleText(double value) {
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc() ? std::string(buffer, end) : "?";
}

// A value as text whatever type the backend reports; queries cast to text,
// so this is mostly the string case.
std::string CellText(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return "NULL";
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_string: return row.get<std::string>(i);
    case soci::dt_integer: return std::to_string(row.get<int>(i));
    case soci::dt_long_long: return std::to_string(row.get<long long>(i));
    case soci::dt_unsigned_long_long: return std::to_string(row.get<unsigned long long>(i));
    case soci::dt_double: return DoubleText(row.get<double>(i));
    default:
      throw Error("column " + std::to_string(i + 1) +
                  " of a conformance query is neither text nor a number: cast it to text");
  }
}

[[noreturn]] void Rethrow(const soci::soci_error& error, const std::string& doing) {
  throw DatabaseError("cannot " + doing + ": " + error.get_error_message(), "");
}

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
  Connection* connection = &Use();
  TextRows rows;
  try {
    // Read to the end inside this scope: an unfinished statement would keep
    // SQLite's read lock for as long as it lives.
    soci::rowset<soci::row> result = connection->session().prepare << query;
    for (const soci::row& row : result) {
      std::vector<std::string> values;
      for (std::size_t i = 0; i < row.size(); ++i) values.push_back(CellText(row, i));
      rows.push_back(std::move(values));
    }
  } catch (const soci::soci_error& error) {
    Rethrow(error, "run " + query);
  }
  return rows;
}

std::vector<std::string> CaseDatabase::VersionRows() const {
  Connection* connection = &Use();
  std::vector<std::string> ids;
  if (!connection->TableExists({"", kVersionTable})) return ids;
  try {
    soci::rowset<std::string> result =
        (connection->session().prepare << "SELECT version_num FROM " << kVersionTable);
    for (const std::string& id : result) ids.push_back(id);
  } catch (const soci::soci_error& error) {
    Rethrow(error, std::string("read ") + kVersionTable);
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
