// The cheaper ways to add constraints on PostgreSQL, on the server: a
// constraint added with not_valid: true leaves the rows already there
// unchecked (and new rows checked) until validate_constraint checks them; a
// unique constraint made from an index built CONCURRENTLY takes the index
// over; and alter_column nullable: false with via_check proves the column
// holds no NULL with a validated CHECK, so that SET NOT NULL does not scan
// (PostgreSQL says so at DEBUG1). Downgrading undoes each.
#include <catch2/catch.hpp>
#include <libpq-fe.h>

#include <memory>

#include "pg_test_helpers.h"
#include "postgresql_renderer.h"
#include "retort/commands.h"
#include "retort/error.h"

using namespace retort;
using namespace retort::testing;

namespace {

constexpr const char* kBase = "c1c1c1c1c1c1";
constexpr const char* kChange = "c2c2c2c2c2c2";
constexpr const char* kValidate = "c3c3c3c3c3c3";

// Orders 3 and 4 break what the changes below add: qty <= 0, a customer
// that does not exist.
constexpr const char* kSchema = R"yaml(  - execute: |
      CREATE TABLE customers (id integer PRIMARY KEY);
      CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, qty integer,
                           code text, note text);
      INSERT INTO customers VALUES (1), (2);
      INSERT INTO orders VALUES (1, 1, 5, 'A', 'x'), (2, 2, 1, 'B', 'y'),
                                (3, 1, 0, 'C', 'z'), (4, 9, 2, 'D', 'w');
)yaml";

void SetUp(PgProject& pg) {
  pg.project().AddYamlRevision(kBase, "", kSchema, "downgrade: []\n");
  MigrationListener quiet;
  Upgrade(pg.config(), "head", quiet);
}

// "name validated" for each constraint of orders, sorted.
Strings Constraints(const PostgresDatabase& db) {
  return Values(db, "SELECT conname || ' ' || convalidated FROM pg_constraint "
                    "WHERE conrelid = 'orders'::regclass ORDER BY conname");
}

// Runs `statements` on a connection of its own at client_min_messages
// debug1, and returns every notice the server sent.
Strings NoticesOf(const PostgresDatabase& db, const std::vector<std::string>& statements) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(db.conninfo().c_str()),
                                                    &PQfinish);
  REQUIRE(PQstatus(conn.get()) == CONNECTION_OK);
  Strings notices;
  PQsetNoticeProcessor(
      conn.get(),
      [](void* sink, const char* message) { static_cast<Strings*>(sink)->push_back(message); },
      &notices);
  std::vector<std::string> all = {"SET client_min_messages = debug1"};
  all.insert(all.end(), statements.begin(), statements.end());
  for (const std::string& sql : all) {
    std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()),
                                                         &PQclear);
    INFO(sql);
    REQUIRE(PQresultStatus(result.get()) == PGRES_COMMAND_OK);
  }
  return notices;
}

bool SaysProven(const Strings& notices) {
  return std::any_of(notices.begin(), notices.end(), [](const std::string& notice) {
    return notice.find("are sufficient to prove that it does not contain nulls") !=
           std::string::npos;
  });
}

}  // namespace

TEST_CASE("not_valid adds a check and a foreign key without checking the rows there; "
          "validate_constraint checks them",
          "[postgresql][lock_safe]") {
  PgProject pg;
  SetUp(pg);
  const Strings before = CatalogFacts(pg.db());
  pg.project().AddYamlRevision(
      kChange, kBase,
      "  - create_check_constraint: {table: orders, name: ck_orders_qty, condition: 'qty > 0', "
      "not_valid: true}\n"
      "  - create_foreign_key: {table: orders, name: fk_orders_customer, columns: [customer_id], "
      "referent_table: customers, referent_columns: [id], not_valid: true}\n");
  MigrationListener quiet;
  Upgrade(pg.config(), "head", quiet);
  CHECK(Constraints(pg.db()) ==
        Strings{"ck_orders_qty false", "fk_orders_customer false", "orders_pkey true"});
  // Rows written from now on are checked.
  CHECK_THROWS(pg.db().Exec("INSERT INTO orders VALUES (5, 1, 0, 'E', 'v')"));
  CHECK_THROWS(pg.db().Exec("INSERT INTO orders VALUES (5, 7, 1, 'E', 'v')"));

  // Orders 3 and 4 fail validation: the revision is rolled back.
  pg.project().AddYamlRevision(kValidate, kChange,
                               "  - validate_constraint: {table: orders, name: ck_orders_qty}\n"
                               "  - validate_constraint: {table: orders, name: "
                               "fk_orders_customer}\n");
  CHECK_THROWS_WITH(Upgrade(pg.config(), "head", quiet),
                    Catch::Contains("ck_orders_qty") && Catch::Contains("23514"));
  CHECK(VersionRows(pg.db()) == Strings{kChange});
  pg.db().Exec("UPDATE orders SET qty = 1 WHERE id = 3");
  CHECK_THROWS_WITH(Upgrade(pg.config(), "head", quiet),
                    Catch::Contains("fk_orders_customer") && Catch::Contains("23503"));
  pg.db().Exec("UPDATE orders SET customer_id = 2 WHERE id = 4");
  Upgrade(pg.config(), "head", quiet);
  CHECK(Constraints(pg.db()) ==
        Strings{"ck_orders_qty true", "fk_orders_customer true", "orders_pkey true"});

  // Validating is undone by nothing; the constraints go with their revision.
  Downgrade(pg.config(), kChange, quiet);
  CHECK(Constraints(pg.db()) ==
        Strings{"ck_orders_qty true", "fk_orders_customer true", "orders_pkey true"});
  Downgrade(pg.config(), kBase, quiet);
  CHECK(CatalogFacts(pg.db()) == before);
}

TEST_CASE("validate_constraint of a constraint that does not exist fails and changes nothing",
          "[postgresql][lock_safe]") {
  PgProject pg;
  SetUp(pg);
  const Strings before = CatalogFacts(pg.db());
  pg.project().AddYamlRevision(kChange, kBase,
                               "  - validate_constraint: {table: orders, name: ck_nothing}\n");
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(pg.config(), "head", quiet),
                    Catch::Contains("ck_nothing") && Catch::Contains("does not exist"));
  CHECK(CatalogFacts(pg.db()) == before);
  CHECK(VersionRows(pg.db()) == Strings{kBase});
}

TEST_CASE("a unique constraint made from an index built concurrently takes the index over, "
          "and downgrading gives the index back",
          "[postgresql][lock_safe]") {
  PgProject pg;
  SetUp(pg);
  // retort's own tables differ: a transaction: false revision adds one.
  const Strings before = CatalogFacts(pg.db(), false);
  pg.project().AddYamlRevision(
      kChange, kBase,
      "  - create_index: {table: orders, name: ix_orders_code, columns: [code], unique: true, "
      "concurrently: true}\n",
      "transaction: false\n");
  pg.project().AddYamlRevision(kValidate, kChange,
                               "  - create_unique_constraint: {table: orders, name: "
                               "uq_orders_code, columns: [code], using_index: ix_orders_code}\n");
  MigrationListener quiet;
  Upgrade(pg.config(), "head", quiet);
  // PostgreSQL renames the index to the constraint, whose index it now is.
  CHECK(Values(pg.db(), "SELECT conname || ' ' || conindid::regclass::text FROM pg_constraint "
                        "WHERE conrelid = 'orders'::regclass AND contype = 'u'") ==
        Strings{"uq_orders_code uq_orders_code"});
  CHECK(Values(pg.db(), "SELECT indexname FROM pg_indexes WHERE tablename = 'orders' ORDER BY 1") ==
        Strings{"orders_pkey", "uq_orders_code"});

  Downgrade(pg.config(), kChange, quiet);
  CHECK(Values(pg.db(), "SELECT indexname FROM pg_indexes WHERE tablename = 'orders' ORDER BY 1") ==
        Strings{"ix_orders_code", "orders_pkey"});
  CHECK(Value(pg.db(), "SELECT count(*) FROM pg_constraint WHERE conrelid = "
                       "'orders'::regclass AND contype = 'u'") == "0");
  Downgrade(pg.config(), kBase, quiet);
  CHECK(CatalogFacts(pg.db(), false) == before);
}

TEST_CASE("via_check sets NOT NULL through a validated CHECK, so that PostgreSQL skips the scan",
          "[postgresql][lock_safe]") {
  PgProject pg;
  SetUp(pg);
  AlterColumn alter;
  alter.table = {"", "orders"};
  alter.column = "note";
  alter.nullable = false;
  const postgresql::PostgresqlRenderer renderer;
  // Without the CHECK PostgreSQL scans: it says nothing of a proof.
  const std::vector<std::string> plain = renderer.Render(alter);
  REQUIRE(plain.size() == 1);
  CHECK_FALSE(SaysProven(NoticesOf(pg.db(), plain)));
  pg.db().Exec("ALTER TABLE orders ALTER COLUMN note DROP NOT NULL");

  alter.via_check = true;
  const std::vector<std::string> statements = renderer.Render(alter);
  CHECK(statements ==
        std::vector<std::string>{
            "ALTER TABLE orders DROP CONSTRAINT IF EXISTS retort_not_null_note, ADD CONSTRAINT "
            "retort_not_null_note CHECK (note IS NOT NULL) NOT VALID",
            "ALTER TABLE orders VALIDATE CONSTRAINT retort_not_null_note",
            "ALTER TABLE orders ALTER COLUMN note SET NOT NULL",
            "ALTER TABLE orders DROP CONSTRAINT retort_not_null_note"});
  CHECK(SaysProven(NoticesOf(pg.db(), statements)));
  pg.db().Exec("ALTER TABLE orders ALTER COLUMN note DROP NOT NULL");

  // Through a revision (outside a transaction, where each lock is brief):
  // the column ends NOT NULL and the CHECK is gone.
  // retort's own tables differ: a transaction: false revision adds one.
  const Strings before = CatalogFacts(pg.db(), false);
  pg.project().AddYamlRevision(kChange, kBase,
                               "  - alter_column: {table: orders, column: note, nullable: false, "
                               "existing_nullable: true, via_check: true}\n",
                               "transaction: false\n");
  MigrationListener quiet;
  Upgrade(pg.config(), "head", quiet);
  CHECK(Value(pg.db(), "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'orders'::regclass "
                       "AND attname = 'note'") == "t");
  CHECK(Constraints(pg.db()) == Strings{"orders_pkey true"});
  Downgrade(pg.config(), kBase, quiet);
  CHECK(CatalogFacts(pg.db(), false) == before);
}

TEST_CASE("via_check over a NULL fails naming the column, and a run after the NULL is gone "
          "succeeds although the failed one left its CHECK behind",
          "[postgresql][lock_safe]") {
  PgProject pg;
  SetUp(pg);
  pg.db().Exec("UPDATE orders SET note = NULL WHERE id = 2");
  pg.project().AddYamlRevision(kChange, kBase,
                               "  - alter_column: {table: orders, column: note, nullable: false, "
                               "existing_nullable: true, via_check: true}\n",
                               "transaction: false\n");
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(pg.config(), "head", quiet),
                    Catch::Contains("retort_not_null_note") && Catch::Contains("23514"));
  // Outside a transaction the NOT VALID CHECK stays; it holds new rows
  // already, and the next run replaces it. (The failed revision is marked
  // incomplete: stamping the revision before clears that.)
  CHECK(Constraints(pg.db()) == Strings{"orders_pkey true", "retort_not_null_note false"});
  pg.db().Exec("UPDATE orders SET note = 'y' WHERE id = 2");
  Stamp(pg.config(), {kBase}, false, true);
  Upgrade(pg.config(), "head", quiet);
  CHECK(Constraints(pg.db()) == Strings{"orders_pkey true"});
  CHECK(VersionRows(pg.db()) == Strings{kChange});
}
