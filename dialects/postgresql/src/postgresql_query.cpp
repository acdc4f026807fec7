// The neutral typed Query of the dialect contract, on libpq: placeholders
// renumbered, parameters sent as text for the server to type, and each
// column's value typed from its type's OID.
#include <charconv>

#include "postgresql_connection.h"
#include "postgresql_placeholders.h"
#include "retort/error.h"

namespace retort::postgresql {
namespace {

// The OIDs of the built-in types read as numbers; fixed by PostgreSQL
// (pg_type.dat) and the same on every server.
constexpr Oid kBool = 16;
constexpr Oid kBytea = 17;
constexpr Oid kInt8 = 20;
constexpr Oid kInt2 = 21;
constexpr Oid kInt4 = 23;
constexpr Oid kOid = 26;
constexpr Oid kFloat4 = 700;
constexpr Oid kFloat8 = 701;

// from_chars on the server's text: locale-independent. PostgreSQL writes
// NaN and the infinities as words, which from_chars reads too.
template <class Number>
SqlValue Parsed(const char* text, int size, SqlValue (*make)(Number)) {
  Number value{};
  const auto [end, error] = std::from_chars(text, text + size, value);
  if (error != std::errc() || end != text + size) return SqlValue::Text(std::string(text, size));
  return make(value);
}

SqlValue ValueOf(const PGresult* result, int row, int column) {
  if (PQgetisnull(result, row, column)) return SqlValue();
  const char* text = PQgetvalue(result, row, column);
  const int size = PQgetlength(result, row, column);
  switch (PQftype(result, column)) {
    case kBool:
      return SqlValue::Integer(text[0] == 't' ? 1 : 0);
    case kInt2:
    case kInt4:
    case kInt8:
    case kOid:
      return Parsed<std::int64_t>(text, size, &SqlValue::Integer);
    case kFloat4:
    case kFloat8:
      return Parsed<double>(text, size, &SqlValue::Real);
    case kBytea: {
      // A blob's bytes, as the contract asks, not the server's \x... text.
      std::size_t length = 0;
      unsigned char* bytes =
          PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &length);
      if (bytes == nullptr) throw std::bad_alloc();
      std::string value(reinterpret_cast<const char*>(bytes), length);
      PQfreemem(bytes);
      return SqlValue::Text(std::move(value));
    }
    default:
      return SqlValue::Text(std::string(text, size));
  }
}

}  // namespace

QueryRows PostgresqlConnection::Query(const std::string& sql,
                                      const std::vector<SqlValue>& parameters) {
  const NumberedSql numbered = NumberPlaceholders(sql);
  if (numbered.placeholders != parameters.size()) {
    throw DatabaseError("query failed [" + StatementForMessage(sql) + "]: it has " +
                            std::to_string(numbered.placeholders) + " placeholders, and " +
                            std::to_string(parameters.size()) + " values were given",
                        "08P01");
  }
  std::vector<std::string> texts;  // alive until the query has run
  texts.reserve(parameters.size());
  std::vector<const char*> values;
  for (const SqlValue& value : parameters) {
    texts.push_back(value.ToText());
    values.push_back(value.is_null() ? nullptr : texts.back().c_str());
  }
  const Result result = Run(numbered.sql, values, sql);
  QueryRows rows;
  const int columns = PQnfields(result.get());
  for (int column = 0; column < columns; ++column) {
    rows.columns.emplace_back(PQfname(result.get(), column));
  }
  rows.rows.resize(PQntuples(result.get()));
  for (int row = 0; row < static_cast<int>(rows.rows.size()); ++row) {
    rows.rows[row].reserve(columns);
    for (int column = 0; column < columns; ++column) {
      rows.rows[row].push_back(ValueOf(result.get(), row, column));
    }
  }
  return rows;
}

}  // namespace retort::postgresql
