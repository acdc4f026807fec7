// The connection a C++ revision gets: statements reported as the dialects
// report theirs, queries with bound parameters, values as text.
#include <soci/soci.h>

#include <charconv>
#include <cstdio>

#include "retort/code_revision.h"
#include "retort/dialect.h"
#include "retort/error.h"
#include "retort/events.h"

namespace retort {
namespace {

// Shortest text that reads back as the same double.
std::string DoubleText(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string TimestampText(const std::tm& time) {
  char buffer[80];  // room for any int the fields may hold
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d:%02d", time.tm_year + 1900,
                time.tm_mon + 1, time.tm_mday, time.tm_hour, time.tm_min, time.tm_sec);
  return buffer;
}

// Column `index` of `row` as text; SOCI hands each backend's types over as
// its own C++ types, and a revision should not have to care which.
std::optional<std::string> ValueText(const soci::row& row, std::size_t index) {
  if (row.get_indicator(index) == soci::i_null) return std::nullopt;
  switch (row.get_properties(index).get_data_type()) {
    case soci::dt_string:
    case soci::dt_xml:
    case soci::dt_blob:
      return row.get<std::string>(index);
    case soci::dt_integer:
      return std::to_string(row.get<int>(index));
    case soci::dt_long_long:
      return std::to_string(row.get<long long>(index));
    case soci::dt_unsigned_long_long:
      return std::to_string(row.get<unsigned long long>(index));
    case soci::dt_double:
      return DoubleText(row.get<double>(index));
    case soci::dt_date:
      return TimestampText(row.get<std::tm>(index));
  }
  throw DatabaseError("column " + row.get_properties(index).get_name() +
                          " has a type retort cannot read as text; cast it in the query",
                      "");
}

}  // namespace

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
  // Bound by reference: they must live as long as the statement.
  std::vector<std::string> values(parameters.size());
  std::vector<soci::indicator> indicators(parameters.size(), soci::i_ok);
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    if (parameters[i]) {
      values[i] = *parameters[i];
    } else {
      indicators[i] = soci::i_null;
    }
  }
  QueryResult result;
  try {
    soci::row row;
    soci::statement statement(connection_.session());
    for (std::size_t i = 0; i < values.size(); ++i) {
      statement.exchange(soci::use(values[i], indicators[i]));
    }
    statement.exchange(soci::into(row));
    statement.alloc();
    statement.prepare(sql);
    statement.define_and_bind();
    for (bool more = statement.execute(true); more; more = statement.fetch()) {
      std::vector<std::optional<std::string>>& values_out = result.rows.emplace_back();
      for (std::size_t i = 0; i < row.size(); ++i) values_out.push_back(ValueText(row, i));
    }
    // Described once executed, rows or none.
    for (std::size_t i = 0; i < row.size(); ++i) {
      result.columns.push_back(row.get_properties(i).get_name());
    }
  } catch (const soci::soci_error& error) {
    throw DatabaseError("query failed: " + std::string(error.get_error_message()) +
                            "; the statement: " + sql,
                        "");
  }
  return result;
}

soci::session& RevisionContext::session() { return connection_.session(); }

void RevisionContext::Notice(std::string_view text) { listener_.OnNotice(text); }

}  // namespace retort
