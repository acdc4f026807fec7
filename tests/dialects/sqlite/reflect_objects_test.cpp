// Reflection of what SQLite keeps as text beyond tables: views and
// triggers; and generated columns and index expressions, read from the
// statements that made them.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "retort/schema.h"
#include "reflect_support.h"
#include "sqlite_reflect.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;

TEST_CASE("reflection reads views and triggers as their SQL text", "[sqlite][reflect]") {
  Project project;
  Exec(project.database(), R"sql(
    CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, touched TEXT);
    CREATE VIEW named_items AS SELECT id, name FROM items WHERE name IS NOT NULL;
    CREATE VIEW "Item Pairs" (left_id, right_id) AS SELECT a.id, b.id FROM items a, items b;
    CREATE TRIGGER items_touch AFTER UPDATE ON items BEGIN
      UPDATE items SET touched = datetime('now') WHERE id = NEW.id;
    END;
    CREATE TABLE retort_notes (id INTEGER PRIMARY KEY);
    CREATE TRIGGER notes_touch AFTER INSERT ON retort_notes BEGIN SELECT 1; END;
    CREATE VIEW retort_view AS SELECT 1;
  )sql");
  const Schema schema = Reflect(project.database());

  CHECK(schema.views ==
        std::vector<View>{
            {{"", "Item Pairs"}, "(left_id, right_id) AS SELECT a.id, b.id FROM items a, items b",
             false},
            {{"", "named_items"}, "SELECT id, name FROM items WHERE name IS NOT NULL", false}});
  REQUIRE(schema.triggers.size() == 1);
  CHECK(schema.triggers[0].name == "items_touch");
  CHECK(schema.triggers[0].table == QualifiedName{"", "items"});
  CHECK_THAT(schema.triggers[0].definition,
             Catch::StartsWith("CREATE TRIGGER items_touch AFTER UPDATE ON items BEGIN") &&
                 Catch::EndsWith("END"));
}

TEST_CASE("reflection reads generated columns and tells index expressions from columns",
          "[sqlite][reflect]") {
  Project project;
  Exec(project.database(), R"sql(
    CREATE TABLE lines (qty INT, price REAL, "lower(qty)" TEXT,
      total REAL GENERATED ALWAYS AS (qty * price) STORED,
      label TEXT AS (upper('L' || qty)),
      note TEXT DEFAULT (Lower('N')));
    CREATE INDEX lines_mixed ON lines ("lower(qty)", lower(qty) DESC, qty);
  )sql");
  const Schema schema = Reflect(project.database());

  REQUIRE(schema.tables.size() == 1);
  const Table& lines = schema.tables[0];
  CHECK(FindColumn(lines, "total")->generated == GeneratedColumn{"qty * price", true});
  CHECK(FindColumn(lines, "label")->generated == GeneratedColumn{"upper('L' || qty)", false});
  CHECK_FALSE(FindColumn(lines, "qty")->generated);
  CHECK(FindColumn(lines, "note")->server_default == "lower('N')");
  REQUIRE(schema.indexes.size() == 1);
  CHECK(schema.indexes[0].columns == std::vector<std::string>{"lower(qty)", "lower(qty)", "qty"});
  CHECK(schema.indexes[0].expressions == std::vector<int>{1});
}
