// PostgreSQL errors that retort completes, on the server: a failed CREATE
// INDEX CONCURRENTLY names the INVALID index it left and how to drop it
// (SQL and a revision), and the hint "Use DROP ... CASCADE" is followed by
// what retort offers instead.
#include <catch2/catch.hpp>

#include "pg_test_helpers.h"
#include "retort/commands.h"
#include "retort/error.h"

using namespace retort;
using namespace retort::testing;
using Catch::Contains;

namespace {

constexpr const char* kBase = "e1e1e1e1e1e1";
constexpr const char* kChange = "e2e2e2e2e2e2";

constexpr const char* kSchema = R"yaml(  - execute: |
      CREATE TABLE customers (id integer PRIMARY KEY, email text,
                              CONSTRAINT uq_customers_email UNIQUE (email));
      CREATE TABLE orders (id integer PRIMARY KEY, code text,
                           email text REFERENCES customers (email));
      CREATE VIEW order_codes AS SELECT id, code FROM orders;
      INSERT INTO customers VALUES (1, 'a@example.org');
      INSERT INTO orders VALUES (1, 'A', NULL), (2, 'A', NULL), (3, 'B', NULL);
)yaml";

void SetUp(PgProject& pg) {
  pg.project().AddYamlRevision(kBase, "", kSchema, "downgrade: []\n");
  MigrationListener quiet;
  Upgrade(pg.config(), "head", quiet);
}

std::string Failure(PgProject& pg) {
  MigrationListener quiet;
  try {
    Upgrade(pg.config(), "head", quiet);
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a failed CREATE INDEX CONCURRENTLY names the INVALID index it left and how to drop it",
          "[postgresql][error_advice]") {
  PgProject pg;
  SetUp(pg);
  pg.project().AddYamlRevision(kChange, kBase,
                               "  - create_index: {table: orders, name: ix_orders_code, columns: "
                               "[code], unique: true, concurrently: true}\n",
                               "transaction: false\n");
  const std::string message = Failure(pg);
  CHECK_THAT(message, Contains("23505") &&
                          Contains("left the index ix_orders_code behind, INVALID") &&
                          Contains("DROP INDEX CONCURRENTLY ix_orders_code") &&
                          Contains("'- drop_index: {name: ix_orders_code, concurrently: true}'"));
  CHECK(Value(pg.db(), "SELECT indisvalid FROM pg_index WHERE indexrelid = "
                       "'ix_orders_code'::regclass") == "f");

  // The statement the message gives drops it.
  pg.db().Exec("DROP INDEX CONCURRENTLY ix_orders_code");
  CHECK(Value(pg.db(), "SELECT to_regclass('ix_orders_code') IS NULL") == "t");
}

TEST_CASE("a CREATE INDEX CONCURRENTLY that fails before building says nothing of an index",
          "[postgresql][error_advice]") {
  PgProject pg;
  SetUp(pg);
  pg.project().AddYamlRevision(kChange, kBase,
                               "  - create_index: {table: orders, name: ix_orders_x, columns: "
                               "[no_such_column], concurrently: true}\n",
                               "transaction: false\n");
  const std::string message = Failure(pg);
  CHECK_THAT(message, Contains("42703"));
  CHECK_THAT(message, !Contains("INVALID"));
}

TEST_CASE("PostgreSQL's 'use DROP ... CASCADE' hint is followed by what retort offers",
          "[postgresql][error_advice]") {
  PgProject pg;
  SetUp(pg);
  const Strings before = CatalogFacts(pg.db());
  SECTION("drop_table of a table a view uses") {
    pg.project().AddYamlRevision(kChange, kBase, "  - drop_table: orders\n", "downgrade: []\n");
    CHECK_THAT(Failure(pg), Contains("2BP01") && Contains("Use DROP ... CASCADE") &&
                                Contains("in retort, drop_table has no cascade (only "
                                         "drop_column has cascade: true)") &&
                                Contains("drop_view"));
  }
  SECTION("drop_constraint of a unique constraint a foreign key uses") {
    pg.project().AddYamlRevision(kChange, kBase,
                                 "  - drop_constraint: {table: customers, name: "
                                 "uq_customers_email}\n",
                                 "downgrade: []\n");
    CHECK_THAT(Failure(pg), Contains("2BP01") && Contains("in retort, drop_constraint has no "
                                                          "cascade"));
  }
  SECTION("execute") {
    pg.project().AddYamlRevision(kChange, kBase, "  - execute: DROP TABLE orders\n",
                                 "downgrade: []\n");
    CHECK_THAT(Failure(pg), Contains("in retort, this SQL has no cascade"));
  }
  CHECK(CatalogFacts(pg.db()) == before);
  CHECK(VersionRows(pg.db()) == Strings{kBase});
}
