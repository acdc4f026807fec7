// create_view / drop_view and create_trigger / drop_trigger on PostgreSQL:
// materialized views, and triggers named within their table (in a schema of
// their own), made, dropped, and every step undone by downgrading.
#include <catch2/catch.hpp>

#include "pg_test_helpers.h"
#include "retort/commands.h"

using namespace retort;
using namespace retort::testing;

TEST_CASE("a materialized view is made, dropped, and made again by downgrading",
          "[postgresql][view_trigger_ops]") {
  PgProject pg;
  const auto& db = pg.db();
  pg.project().AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table: {name: scores, columns: [{name: id, type: integer, primary_key: true}, {name: points, type: integer}]}
  - bulk_insert: {table: scores, rows: [{id: 1, points: 5}, {id: 2, points: 7}]}
  - create_view:
      name: totals
      materialized: true
      definition: SELECT sum(points) AS total FROM scores
downgrade:
  - drop_view: {name: totals, materialized: true}
  - drop_table: scores
)yaml");
  pg.project().AddYamlRevision("b2b2b2b2b2b2", "a1a1a1a1a1a1", R"yaml(
  - drop_view: {name: totals, materialized: true, definition: SELECT sum(points) AS total FROM scores}
)yaml");
  MigrationListener quiet;
  Upgrade(pg.config(), "a1a1a1a1a1a1", quiet);
  const Strings with_view = CatalogFacts(db);
  CHECK(Value(db, "SELECT relkind FROM pg_class WHERE relname = 'totals'") == "m");
  CHECK(Value(db, "SELECT total FROM totals") == "12");

  Upgrade(pg.config(), "head", quiet);
  CHECK(Value(db, "SELECT count(*) FROM pg_class WHERE relname = 'totals'") == "0");
  Downgrade(pg.config(), "a1a1a1a1a1a1", quiet);
  CHECK(CatalogFacts(db) == with_view);
  CHECK(Value(db, "SELECT total FROM totals") == "12");
}

namespace {

// The keys of create_trigger, and of the drop_trigger that describes it.
const std::string kOrdersSeen = R"yaml(      name: orders_seen
      table: orders
      schema: shop
      definition: >-
        CREATE TRIGGER orders_seen BEFORE INSERT ON shop.orders
        FOR EACH ROW EXECUTE FUNCTION shop.mark_seen()
)yaml";

}  // namespace

TEST_CASE("a trigger in a schema of its own is dropped by its table's name, and made again",
          "[postgresql][view_trigger_ops]") {
  PgProject pg;
  const auto& db = pg.db();
  db.Exec("CREATE SCHEMA shop");
  pg.project().AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table: {name: orders, schema: shop, columns: [{name: id, type: integer}, {name: seen, type: integer}]}
  - execute: |
      CREATE FUNCTION shop.mark_seen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.seen := 1; RETURN NEW; END $$
  - create_trigger:
)yaml" + kOrdersSeen + R"yaml(downgrade:
  - drop_trigger: {name: orders_seen, table: orders, schema: shop}
  - execute: DROP FUNCTION shop.mark_seen()
  - drop_table: {name: orders, schema: shop}
)yaml");
  pg.project().AddYamlRevision("b2b2b2b2b2b2", "a1a1a1a1a1a1",
                               "  - drop_trigger:\n" + kOrdersSeen);
  MigrationListener quiet;
  Upgrade(pg.config(), "a1a1a1a1a1a1", quiet);
  const Strings with_trigger = CatalogFacts(db);
  db.Exec("INSERT INTO shop.orders (id) VALUES (1)");
  CHECK(Value(db, "SELECT seen FROM shop.orders WHERE id = 1") == "1");

  Upgrade(pg.config(), "head", quiet);
  db.Exec("INSERT INTO shop.orders (id) VALUES (2)");
  CHECK(Value(db, "SELECT coalesce(seen, 0) FROM shop.orders WHERE id = 2") == "0");

  Downgrade(pg.config(), "a1a1a1a1a1a1", quiet);
  CHECK(CatalogFacts(db) == with_trigger);
  db.Exec("INSERT INTO shop.orders (id) VALUES (3)");
  CHECK(Value(db, "SELECT seen FROM shop.orders WHERE id = 3") == "1");
  Downgrade(pg.config(), "base", quiet);
  CHECK_FALSE(HasTable(db, "shop.orders"));
}
