// Sending SQL over the MariaDB client library's text protocol: Execute, and
// the neutral typed Query of the dialect contract, whose placeholders
// become literals the library escapes and whose values are typed from each
// column's field type.
#include <algorithm>
#include <charconv>
#include <memory>

#include "mysql_connection.h"
#include "mysql_placeholders.h"
#include "retort/error.h"

namespace retort::mysql {
namespace {

template <class Number>
SqlValue Parsed(const char* text, unsigned long size, SqlValue (*make)(Number)) {
  Number value{};
  const auto [end, error] = std::from_chars(text, text + size, value);
  if (error != std::errc() || end != text + size) return SqlValue::Text(std::string(text, size));
  return make(value);
}

SqlValue ValueOf(const MYSQL_FIELD& field, const char* text, unsigned long size) {
  if (text == nullptr) return SqlValue();
  switch (field.type) {
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_YEAR:
      // An unsigned BIGINT past INT64_MAX stays text.
      return Parsed<std::int64_t>(text, size, &SqlValue::Integer);
    case MYSQL_TYPE_FLOAT:
    case MYSQL_TYPE_DOUBLE:
      return Parsed<double>(text, size, &SqlValue::Real);
    default:
      return SqlValue::Text(std::string(text, size));
  }
}

using Result = std::unique_ptr<MYSQL_RES, decltype(&mysql_free_result)>;

}  // namespace

template <class Each>
void MysqlConnection::Run(const std::string& sql, std::string_view shown, Each each) {
  if (mysql_real_query(handle_, sql.data(), sql.size()) != 0) Fail(shown);
  while (true) {
    Result result(mysql_store_result(handle_), &mysql_free_result);
    if (result) {
      each(result.get());
    } else if (mysql_field_count(handle_) != 0) {
      Fail(shown);
    }
    const int next = mysql_next_result(handle_);
    if (next < 0) return;
    if (next > 0) Fail(shown);
  }
}

void MysqlConnection::Fail(std::string_view shown) {
  const unsigned number = mysql_errno(handle_);
  throw DatabaseError(
      ScrubSecret("SQL failed [" + StatementForMessage(shown) + "]: " + std::to_string(number) + " (" +
                mysql_sqlstate(handle_) + "): " + mysql_error(handle_),
            settings_.password),
      std::to_string(number));
}

std::string MysqlConnection::Literal(const SqlValue& value) {
  switch (value.kind()) {
    case SqlValue::Kind::kNull:
      return "NULL";
    case SqlValue::Kind::kInteger:
    case SqlValue::Kind::kReal:
      return value.ToText();
    case SqlValue::Kind::kText:
      break;
  }
  const std::string text = value.ToText();
  std::string escaped(text.size() * 2 + 1, '\0');
  const unsigned long length =
      mysql_real_escape_string(handle_, escaped.data(), text.data(), text.size());
  escaped.resize(length);
  return "'" + escaped + "'";
}

std::string MysqlConnection::Bound(const std::string& sql, const std::vector<SqlValue>& values) {
  const std::vector<Placeholder> placeholders = FindPlaceholders(sql);
  // A name used again takes the value it had the first time.
  std::vector<std::string> names;
  for (const Placeholder& placeholder : placeholders) {
    if (std::find(names.begin(), names.end(), placeholder.name) == names.end()) {
      names.push_back(placeholder.name);
    }
  }
  if (names.size() != values.size()) {
    throw DatabaseError("query failed [" + StatementForMessage(sql) + "]: it has " +
                            std::to_string(names.size()) + " placeholders, and " +
                            std::to_string(values.size()) + " values were given",
                        "1210");
  }
  if (HoldsSeveralStatements(sql)) {
    throw DatabaseError("query failed [" + StatementForMessage(sql) +
                            "]: it holds more than one statement; Query runs one",
                        "1064");
  }
  std::string bound;
  std::size_t copied = 0;
  for (const Placeholder& placeholder : placeholders) {
    const auto at = std::find(names.begin(), names.end(), placeholder.name) - names.begin();
    bound += sql.substr(copied, placeholder.begin - copied);
    bound += Literal(values[static_cast<std::size_t>(at)]);
    copied = placeholder.end;
  }
  return bound + sql.substr(copied);
}

QueryRows MysqlConnection::Query(const std::string& sql, const std::vector<SqlValue>& parameters) {
  QueryRows rows;
  Run(Bound(sql, parameters), sql, [&](MYSQL_RES* result) {
    const unsigned count = mysql_num_fields(result);
    const MYSQL_FIELD* fields = mysql_fetch_fields(result);
    rows.columns.clear();
    for (unsigned c = 0; c < count; ++c) rows.columns.emplace_back(fields[c].name);
    while (MYSQL_ROW row = mysql_fetch_row(result)) {
      const unsigned long* lengths = mysql_fetch_lengths(result);
      std::vector<SqlValue> values;
      for (unsigned c = 0; c < count; ++c) values.push_back(ValueOf(fields[c], row[c], lengths[c]));
      rows.rows.push_back(std::move(values));
    }
  });
  return rows;
}

std::vector<MysqlConnection::Row> MysqlConnection::QueryText(
    const std::string& sql, const std::vector<std::string>& parameters) {
  std::vector<SqlValue> values;
  for (const std::string& parameter : parameters) values.push_back(SqlValue::Text(parameter));
  std::vector<Row> rows;
  Run(Bound(sql, values), sql, [&](MYSQL_RES* result) {
    const unsigned count = mysql_num_fields(result);
    while (MYSQL_ROW row = mysql_fetch_row(result)) {
      const unsigned long* lengths = mysql_fetch_lengths(result);
      Row values_of_row;
      for (unsigned c = 0; c < count; ++c) {
        values_of_row.push_back(row[c] == nullptr
                                    ? std::nullopt
                                    : std::optional<std::string>(std::string(row[c], lengths[c])));
      }
      rows.push_back(std::move(values_of_row));
    }
  });
  return rows;
}

void MysqlConnection::Execute(const std::string& sql) {
  const auto ignore = [](MYSQL_RES*) {};
  // Once SOCI's session was handed out, the option is off for it; text of
  // several statements turns it on for itself only.
  if (multi_statements_ || !HoldsSeveralStatements(sql)) return Run(sql, sql, ignore);
  SetMultiStatements(true);
  try {
    Run(sql, sql, ignore);
  } catch (const DatabaseError&) {
    try {
      SetMultiStatements(false);
    } catch (const DatabaseError&) {
      // The statement's error is the one to report.
    }
    throw;
  }
  SetMultiStatements(false);
}

}  // namespace retort::mysql
