// What the PostgreSQL reflection tests share: a libpq connection to a test
// database, and neutral types spelled tersely.
#ifndef RETORT_TESTS_POSTGRESQL_REFLECT_SUPPORT_H_
#define RETORT_TESTS_POSTGRESQL_REFLECT_SUPPORT_H_

#include <catch2/catch.hpp>
#include <libpq-fe.h>

#include <memory>
#include <optional>

#include "postgres_support.h"
#include "retort/type.h"

namespace retort::testing {

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;

// Fails the calling test when it cannot connect.
inline Connection Connect(const PostgresDatabase& db) {
  Connection connection(PQconnectdb(db.conninfo().c_str()), &PQfinish);
  REQUIRE(PQstatus(connection.get()) == CONNECTION_OK);
  return connection;
}

inline Type T(TypeKind kind) { return Type{kind, std::nullopt, std::nullopt, std::nullopt}; }
inline Type String(int length) {
  return Type{TypeKind::kString, length, std::nullopt, std::nullopt};
}
inline Type Numeric(std::optional<int> precision, std::optional<int> scale) {
  return Type{TypeKind::kNumeric, std::nullopt, precision, scale};
}

}  // namespace retort::testing

#endif  // RETORT_TESTS_POSTGRESQL_REFLECT_SUPPORT_H_
