#include "postgresql_reflect_reader.h"

#include <cstdlib>
#include <utility>

#include "retort/error.h"

namespace retort::postgresql {

std::vector<std::string> ParseArray(std::string_view text) {
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
    throw Error("unexpected array text from PostgreSQL: " + std::string(text));
  }
  std::vector<std::string> elements;
  const std::string_view body = text.substr(1, text.size() - 2);
  std::size_t i = 0;
  while (i < body.size()) {
    std::string element;
    if (body[i] == '"') {
      for (++i; i < body.size() && body[i] != '"'; ++i) {
        if (body[i] == '\\' && i + 1 < body.size()) ++i;
        element += body[i];
      }
      ++i;  // the closing quote
    } else {
      for (; i < body.size() && body[i] != ','; ++i) element += body[i];
    }
    elements.push_back(std::move(element));
    ++i;  // the comma
  }
  return elements;
}

std::optional<std::string> Rows::Optional(int row, int column) const {
  if (PQgetisnull(result_.get(), row, column)) return std::nullopt;
  return Text(row, column);
}

long long Rows::Integer(int row, int column) const {
  return std::strtoll(PQgetvalue(result_.get(), row, column), nullptr, 10);
}

Rows Reader::Query(const std::string& sql, const char* reading) const {
  const char* values[] = {schema_name_.c_str()};
  Rows::Result result(
      PQexecParams(connection_, sql.c_str(), 1, nullptr, values, nullptr, nullptr, 0), &PQclear);
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) Fail(result.get(), reading);
  return Rows(std::move(result));
}

void Reader::Command(const char* sql) const {
  Rows::Result result(PQexec(connection_, sql), &PQclear);
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) Fail(result.get(), sql);
}

void Reader::Fail(const PGresult* result, const std::string& doing) const {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string code = state ? state : "";
  if (code.empty()) code = connection_ == nullptr ? "08003" : "08006";
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message = primary ? primary : PQerrorMessage(connection_);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  throw DatabaseError("cannot reflect PostgreSQL schema '" + schema_name_ + "' (" + doing +
                          "): " + code + ": " + message,
                      code);
}

ReadTransaction::ReadTransaction(PGconn* connection, const Reader& reader)
    : connection_(connection) {
  if (connection != nullptr && PQtransactionStatus(connection) == PQTRANS_IDLE) {
    reader.Command("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    own_ = true;
  }
}

ReadTransaction::~ReadTransaction() {
  if (own_) PQclear(PQexec(connection_, "ROLLBACK"));
}

}  // namespace retort::postgresql
