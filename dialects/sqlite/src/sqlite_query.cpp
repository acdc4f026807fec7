// Reading an SQLite database: the neutral typed Query of the dialect
// contract, and the text queries the dialect uses itself.
#include <memory>

#include "retort/error.h"
#include "sqlite_connection.h"

namespace retort::sqlite {
namespace {

using Statement = std::unique_ptr<sqlite_api::sqlite3_stmt, int (*)(sqlite_api::sqlite3_stmt*)>;

std::string TextOf(sqlite_api::sqlite3_stmt* statement, int column) {
  // A blob's bytes, or the value as text: column_text converts, column_blob
  // does not, and either way column_bytes follows the conversion.
  const bool blob = sqlite_api::sqlite3_column_type(statement, column) == SQLITE_BLOB;
  const void* bytes = blob ? sqlite_api::sqlite3_column_blob(statement, column)
                           : sqlite_api::sqlite3_column_text(statement, column);
  const int size = sqlite_api::sqlite3_column_bytes(statement, column);
  return bytes == nullptr ? std::string() : std::string(static_cast<const char*>(bytes), size);
}

SqlValue ValueOf(sqlite_api::sqlite3_stmt* statement, int column) {
  switch (sqlite_api::sqlite3_column_type(statement, column)) {
    case SQLITE_INTEGER:
      return SqlValue::Integer(sqlite_api::sqlite3_column_int64(statement, column));
    case SQLITE_FLOAT:
      return SqlValue::Real(sqlite_api::sqlite3_column_double(statement, column));
    case SQLITE_NULL:
      return SqlValue();
    default:
      return SqlValue::Text(TextOf(statement, column));
  }
}

// Binds `value` to parameter `index`; text is bound in place (SQLITE_STATIC:
// the values outlive the statement).
int Bind(sqlite_api::sqlite3_stmt* statement, int index, const SqlValue& value,
         const std::string& text) {
  switch (value.kind()) {
    case SqlValue::Kind::kNull:
      return sqlite_api::sqlite3_bind_null(statement, index);
    case SqlValue::Kind::kInteger:
      return sqlite_api::sqlite3_bind_int64(statement, index, value.AsInteger("a parameter"));
    case SqlValue::Kind::kReal:
      return sqlite_api::sqlite3_bind_double(statement, index, value.AsReal("a parameter"));
    case SqlValue::Kind::kText:
      break;
  }
  return sqlite_api::sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()),
                                       nullptr);
}

// Whether `text` holds anything but blanks, comments and semicolons.
bool HoldsStatement(sqlite_api::sqlite3* handle, const char* text) {
  while (text != nullptr && *text != '\0') {
    sqlite_api::sqlite3_stmt* statement = nullptr;
    const char* next = nullptr;
    const int code = sqlite_api::sqlite3_prepare_v2(handle, text, -1, &statement, &next);
    sqlite_api::sqlite3_finalize(statement);
    if (code != SQLITE_OK || statement != nullptr) return true;
    if (next == text) break;
    text = next;
  }
  return false;
}

}  // namespace

QueryRows SqliteConnection::Query(const std::string& sql, const std::vector<SqlValue>& parameters) {
  QueryRows result;
  std::vector<std::string> texts;  // bound in place: alive until the statement ends
  texts.reserve(parameters.size());
  for (const SqlValue& value : parameters) texts.push_back(value.ToText());
  RunQuery(
      sql, true,
      [&](sqlite_api::sqlite3_stmt* statement) {
        const int expected = sqlite_api::sqlite3_bind_parameter_count(statement);
        if (static_cast<std::size_t>(expected) != parameters.size()) {
          throw DatabaseError("query failed [" + StatementForMessage(sql) + "]: it has " +
                                  std::to_string(expected) + " placeholders, and " +
                                  std::to_string(parameters.size()) + " values were given",
                              "SQLITE_RANGE");
        }
        for (std::size_t i = 0; i < parameters.size(); ++i) {
          const int code = Bind(statement, static_cast<int>(i + 1), parameters[i], texts[i]);
          if (code != SQLITE_OK) Fail(code, "query failed [" + StatementForMessage(sql) + "]");
        }
        const int columns = sqlite_api::sqlite3_column_count(statement);
        for (int column = 0; column < columns; ++column) {
          result.columns.emplace_back(sqlite_api::sqlite3_column_name(statement, column));
        }
      },
      [&](sqlite_api::sqlite3_stmt* statement) {
        std::vector<SqlValue>& row = result.rows.emplace_back();
        row.reserve(result.columns.size());
        for (int column = 0; column < static_cast<int>(result.columns.size()); ++column) {
          row.push_back(ValueOf(statement, column));
        }
      });
  return result;
}

std::vector<SqliteConnection::Row> SqliteConnection::QueryText(
    const std::string& sql, const std::vector<std::string>& parameters) {
  return QueryTextRows(sql, parameters, true);
}

std::vector<SqliteConnection::Row> SqliteConnection::QueryAsIs(
    const std::string& sql, const std::vector<std::string>& parameters) {
  return QueryTextRows(sql, parameters, false);
}

std::vector<SqliteConnection::Row> SqliteConnection::QueryTextRows(
    const std::string& sql, const std::vector<std::string>& parameters, bool catch_up) {
  std::vector<Row> rows;
  RunQuery(
      sql, catch_up,
      [&](sqlite_api::sqlite3_stmt* statement) {
        for (std::size_t i = 0; i < parameters.size(); ++i) {
          sqlite_api::sqlite3_bind_text(statement, static_cast<int>(i + 1), parameters[i].c_str(),
                                        static_cast<int>(parameters[i].size()), nullptr);
        }
      },
      [&](sqlite_api::sqlite3_stmt* statement) {
        Row& row = rows.emplace_back();
        for (int column = 0; column < sqlite_api::sqlite3_column_count(statement); ++column) {
          const unsigned char* text = sqlite_api::sqlite3_column_text(statement, column);
          row.push_back(text ? std::optional<std::string>(reinterpret_cast<const char*>(text))
                             : std::nullopt);
        }
      });
  return rows;
}

void SqliteConnection::RunQuery(const std::string& sql, bool catch_up,
                                const std::function<void(sqlite_api::sqlite3_stmt*)>& bind,
                                const std::function<void(sqlite_api::sqlite3_stmt*)>& take) {
  Open();
  sqlite_api::sqlite3_stmt* compiled = nullptr;
  const char* rest = nullptr;
  int code = catch_up
                 ? Compile(sql.c_str(), -1, &compiled, &rest)
                 : sqlite_api::sqlite3_prepare_v2(handle_, sql.c_str(), -1, &compiled, &rest);
  Statement statement(compiled, &sqlite_api::sqlite3_finalize);
  if (code != SQLITE_OK) Fail(code, "query failed [" + StatementForMessage(sql) + "]");
  if (statement == nullptr || HoldsStatement(handle_, rest)) {
    // One statement, as the contract says: what follows it would be dropped.
    throw DatabaseError("query failed [" + StatementForMessage(sql) + "]: it holds " +
                            (statement == nullptr ? "no statement" : "more than one statement"),
                        "SQLITE_MISUSE");
  }
  bind(statement.get());
  while ((code = sqlite_api::sqlite3_step(statement.get())) == SQLITE_ROW) take(statement.get());
  // The message of a failed step is the connection's until the next call.
  if (code != SQLITE_DONE) Fail(code, "query failed [" + StatementForMessage(sql) + "]");
}

}  // namespace retort::sqlite
