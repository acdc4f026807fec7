// The keys that make PostgreSQL take cheaper locks, on SQLite, where the
// same revisions must run: not_valid checks at once (a rebuild copies every
// row into the new table), validate_constraint makes sure the named
// constraint exists and that the rows hold it, using_index ends with the
// constraint in the table and the index gone, and via_check is nullable:
// false. A failure changes nothing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "rebuild_test_support.h"
#include "retort/commands.h"
#include "retort/error.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;
using namespace retort::testing::rebuild;

namespace {

constexpr const char* kSchema = R"sql(CREATE TABLE customers (id INTEGER PRIMARY KEY);
INSERT INTO customers VALUES (1), (2);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, qty INTEGER, code TEXT,
                     note TEXT);
INSERT INTO orders VALUES (1, 1, 5, 'A', 'x'), (2, 2, 1, 'B', 'y');
)sql";

void SetUp(Project& project) {
  project.AddYamlRevision(kBase, "", ExecuteItem(kSchema), "downgrade: []\n");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
}

// The message upgrading to `id` (after `down`) with `ops` fails with, ""
// when it succeeds.
std::string Failure(Project& project, const char* id, const char* down, const std::string& ops) {
  project.AddYamlRevision(id, down, ops);
  return UpgradeFailure(project);
}

constexpr const char* kNotValid =
    "  - create_check_constraint: {table: orders, name: ck_orders_qty, condition: 'qty > 0', "
    "not_valid: true}\n"
    "  - create_foreign_key: {table: orders, name: fk_orders_customer, columns: [customer_id], "
    "referent_table: customers, referent_columns: [id], not_valid: true}\n";

}  // namespace

TEST_CASE("SQLite runs not_valid constraints and validate_constraint: the constraints are there "
          "and downgrading removes them",
          "[sqlite][lock_safe]") {
  Project project;
  SetUp(project);
  const DatabaseState before = Capture(project.database(), VersionTables::kExclude);
  const auto rows_before = before.rows;
  REQUIRE(Failure(project, kChange, kBase,
                  std::string(kNotValid) +
                      "  - validate_constraint: {table: orders, name: ck_orders_qty}\n"
                      "  - validate_constraint: {table: orders, name: FK_ORDERS_CUSTOMER}\n") ==
          "");
  const std::string sql = ObjectSql(project.database(), "orders");
  CHECK_THAT(sql, Catch::Contains("CONSTRAINT ck_orders_qty CHECK (qty > 0)") &&
                      Catch::Contains("CONSTRAINT fk_orders_customer FOREIGN KEY"));
  CHECK_THROWS(Exec(project.database(), "INSERT INTO orders VALUES (3, 1, 0, 'C', 'z')"));
  MigrationListener quiet;
  Downgrade(project.config(), kBase, quiet);
  // The rebuilds write the table's text anew: the rows and the constraints
  // are what must be as before.
  const DatabaseState after = Capture(project.database(), VersionTables::kExclude);
  CHECK(after.rows == rows_before);
  CHECK_THAT(ObjectSql(project.database(), "orders"), !Catch::Contains("CONSTRAINT"));
}

TEST_CASE("not_valid on SQLite checks the rows at once: a violating row fails the revision",
          "[sqlite][lock_safe]") {
  Project project;
  SetUp(project);
  Exec(project.database(), "INSERT INTO orders VALUES (3, 1, 0, 'C', 'z')");
  const DatabaseState before = Capture(project.database());
  CHECK_THAT(Failure(project, kChange, kBase, kNotValid),
             Catch::Contains("break CHECK ck_orders_qty") && Catch::Contains("rowid 3"));
  CHECK(Capture(project.database()) == before);
}

TEST_CASE("validate_constraint on SQLite refuses a constraint that is not there, listing those "
          "that are",
          "[sqlite][lock_safe]") {
  Project project;
  SetUp(project);
  REQUIRE(Failure(project, kChange, kBase, kNotValid) == "");
  const DatabaseState before = Capture(project.database());
  CHECK_THAT(Failure(project, kLater, kChange,
                     "  - validate_constraint: {table: orders, name: ck_orders_total}\n"),
             Catch::Contains("validate_constraint orders ck_orders_total:") &&
                 Catch::Contains("has no constraint named ck_orders_total") &&
                 Catch::Contains("ck_orders_qty") && Catch::Contains("fk_orders_customer"));
  CHECK(Capture(project.database()) == before);
  CHECK_THAT(Failure(project, kLater, kChange,
                     "  - validate_constraint: {table: invoices, name: ck_orders_qty}\n"),
             Catch::Contains("there is no table invoices"));
}

TEST_CASE("validate_constraint on SQLite names the rows that escaped a CHECK or a foreign key",
          "[sqlite][lock_safe]") {
  Project project;
  SetUp(project);
  REQUIRE(Failure(project, kChange, kBase, kNotValid) == "");
  // What another application can write with checks or keys off.
  Exec(project.database(),
       "PRAGMA ignore_check_constraints = ON; INSERT INTO orders VALUES (7, 1, 0, 'C', 'z');");
  CHECK_THAT(Failure(project, kLater, kChange,
                     "  - validate_constraint: {table: orders, name: ck_orders_qty}\n"),
             Catch::Contains("rows violate CHECK (qty > 0), rowid 7"));
  Exec(project.database(), "UPDATE orders SET qty = 1 WHERE id = 7; "
                           "INSERT INTO orders VALUES (8, 9, 1, 'D', 'w');");
  CHECK_THAT(Failure(project, kLater, kChange,
                     "  - validate_constraint: {table: orders, name: fk_orders_customer}\n"),
             Catch::Contains("rows refer to no row of customers, rowid 8"));
  Exec(project.database(), "UPDATE orders SET customer_id = 2 WHERE id = 8");
  MigrationListener quiet;
  CHECK_NOTHROW(Upgrade(project.config(), "head", quiet));
}

TEST_CASE("using_index on SQLite: the unique constraint takes the index's place, and "
          "downgrading gives the index back",
          "[sqlite][lock_safe]") {
  Project project;
  SetUp(project);
  const DatabaseState before = Capture(project.database(), VersionTables::kExclude);
  REQUIRE(Failure(project, kChange, kBase,
                  "  - create_index: {table: orders, name: ix_orders_code, columns: [code], "
                  "unique: true, concurrently: true}\n"
                  "  - create_unique_constraint: {table: orders, name: uq_orders_code, "
                  "columns: [code], using_index: ix_orders_code}\n") == "");
  CHECK_THAT(ObjectSql(project.database(), "orders"),
             Catch::Contains("CONSTRAINT uq_orders_code UNIQUE (code)"));
  CHECK(ObjectSql(project.database(), "ix_orders_code").empty());
  CHECK(AutoIndexes(project.database(), "orders").size() == 1);
  MigrationListener quiet;
  RecordingListener recorded;
  Downgrade(project.config(), kBase, recorded);
  // Undoing the constraint makes the index again, which undoing the
  // create_index then drops.
  const auto& statements = recorded.statements();
  CHECK(std::find(statements.begin(), statements.end(),
                  "CREATE UNIQUE INDEX ix_orders_code ON orders (code)") != statements.end());
  CHECK_THAT(ObjectSql(project.database(), "orders"), !Catch::Contains("CONSTRAINT"));
  CHECK(Capture(project.database(), VersionTables::kExclude).rows == before.rows);
  CHECK(ObjectSql(project.database(), "ix_orders_code").empty());
}

TEST_CASE("using_index on SQLite refuses an index that is missing, not unique or on other "
          "columns",
          "[sqlite][lock_safe]") {
  Project project;
  SetUp(project);
  Exec(project.database(), "CREATE INDEX ix_plain ON orders (code); "
                           "CREATE UNIQUE INDEX ix_two ON orders (code, note);");
  const DatabaseState before = Capture(project.database());
  CHECK_THAT(Failure(project, kChange, kBase,
                     "  - create_unique_constraint: {table: orders, columns: [code], "
                     "using_index: ix_none}\n"),
             Catch::Contains("has no index ix_none"));
  CHECK_THAT(Failure(project, kChange, kBase,
                     "  - create_unique_constraint: {table: orders, columns: [code], "
                     "using_index: ix_plain}\n"),
             Catch::Contains("ix_plain must be a unique index"));
  CHECK_THAT(Failure(project, kChange, kBase,
                     "  - create_unique_constraint: {table: orders, columns: [code], "
                     "using_index: ix_two}\n"),
             Catch::Contains("ix_two is on other columns"));
  CHECK(Capture(project.database()) == before);
}

TEST_CASE("via_check on SQLite is nullable: false", "[sqlite][lock_safe]") {
  Project project;
  SetUp(project);
  REQUIRE(Failure(project, kChange, kBase,
                  "  - alter_column: {table: orders, column: note, nullable: false, "
                  "existing_nullable: true, via_check: true}\n") == "");
  CHECK_THAT(ObjectSql(project.database(), "orders"), Catch::Contains("note TEXT NOT NULL"));
  CHECK_THAT(ObjectSql(project.database(), "orders"), !Catch::Contains("CHECK"));
}
