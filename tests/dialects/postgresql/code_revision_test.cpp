// C++ revisions among YAML and SQL revisions on the PostgreSQL server: run
// both ways with the same version and history rows, and rolled back when
// they fail.
#include <catch2/catch.hpp>

#include "code_revision_testing.h"
#include "pg_test_helpers.h"

using namespace retort;
using namespace retort::testing;

namespace {

// Rows as the shared checks read them (libpq's text, NULL as "NULL").
RowReader ReaderOf(const PostgresDatabase& db) {
  return [&db](const std::string& sql) { return db.Query(sql); };
}

}  // namespace

TEST_CASE("PostgreSQL: a history of YAML, SQL and C++ revisions upgrades, backfills and "
          "downgrades",
          "[code_revision]") {
  PgProject pg;
  Config config = pg.config();
  config.code_revisions = AddMixedHistory(pg.project());
  CheckMixedHistoryRunsBothWays(config, pg.project(), ReaderOf(pg.db()));
}

TEST_CASE("PostgreSQL: a failing C++ revision is rolled back with its version and history rows",
          "[code_revision]") {
  PgProject pg;
  Config config = pg.config();
  config.code_revisions = AddMixedHistory(pg.project());
  CheckFailingCodeRevisionRollsBack(config, ReaderOf(pg.db()));
  // Nothing of the failed revision's statement is left in the catalogue.
  CHECK_FALSE(HasTable(pg.db(), "no_such_table"));
}

TEST_CASE("PostgreSQL: a C++ revision's Query reads typed columns and NULL as text",
          "[code_revision]") {
  PgProject pg;
  Config config = pg.config();
  QueryResult seen;
  CodeRevision reader;
  reader.revision = "reads01";
  reader.message = "reads values";
  reader.upgrade = [&seen](RevisionContext& db) {
    CHECK(db.dialect_name() == "postgresql");
    seen = db.Query("SELECT 7 AS i, CAST(9000000000 AS bigint) AS b, 2.5 AS d, "
                    "CAST(NULL AS text) AS n, :p AS p, DATE '2024-02-29' AS day",
                    {"bound"});
  };
  config.code_revisions = {reader};
  MigrationListener quiet;
  Upgrade(config, "head", quiet);
  CHECK(seen.columns == std::vector<std::string>{"i", "b", "d", "n", "p", "day"});
  REQUIRE(seen.rows.size() == 1);
  CHECK(seen.rows[0][0] == "7");
  CHECK(seen.rows[0][1] == "9000000000");
  CHECK(seen.rows[0][2] == "2.5");
  CHECK_FALSE(seen.rows[0][3].has_value());
  CHECK(seen.rows[0][4] == "bound");
  CHECK(seen.rows[0][5] == "2024-02-29");  // PostgreSQL's own text form of a date
}
