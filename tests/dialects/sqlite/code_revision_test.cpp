// C++ revisions among YAML and SQL revisions on a SQLite file: run both ways
// with the same version and history rows, and rolled back when they fail.
#include <soci/soci.h>

#include <catch2/catch.hpp>

#include "code_revision_testing.h"
#include "retort/offline_sql.h"

using namespace retort;
using namespace retort::testing;

TEST_CASE("SQLite: a history of YAML, SQL and C++ revisions upgrades, backfills and downgrades",
          "[code_revision]") {
  Project project;
  Config config = project.config();
  config.code_revisions = AddMixedHistory(project);
  CheckMixedHistoryRunsBothWays(config, project,
                                [&](const std::string& sql) { return Query(project.database(), sql); });
}

TEST_CASE("SQLite: a failing C++ revision is rolled back with its version and history rows",
          "[code_revision]") {
  Project project;
  Config config = project.config();
  config.code_revisions = AddMixedHistory(project);
  CheckFailingCodeRevisionRollsBack(
      config, [&](const std::string& sql) { return Query(project.database(), sql); });
}

TEST_CASE("SQLite: a C++ revision with transactional = false that fails is marked incomplete",
          "[code_revision]") {
  Project project;
  Config config = project.config();
  config.code_revisions = AddMixedHistory(project);
  CodeRevision outside;
  outside.revision = "outside05";
  outside.down_revisions = {kEntryRevision};
  outside.transactional = false;
  outside.upgrade = [](RevisionContext& db) {
    db.Execute("INSERT INTO audit (note) VALUES ('stays')");
    throw std::runtime_error("stopped part-way");
  };
  outside.source = "tests/outside.cpp:3";
  config.code_revisions.push_back(outside);
  MigrationListener quiet;
  Upgrade(config, kEntryRevision, quiet);
  CHECK_THROWS_WITH(Upgrade(config, "head", quiet),
                    Catch::Contains("revision outside05 (tests/outside.cpp:3)") &&
                        Catch::Contains("stopped part-way") &&
                        Catch::Contains("marked incomplete"));
  // What it did before failing stays, and the next run refuses until resolved.
  CHECK(Query(project.database(), "SELECT note FROM audit ORDER BY note") ==
        std::vector<std::vector<std::string>>{{"filled 3"}, {"stays"}});
  CHECK(Query(project.database(), "SELECT revision FROM retort_incomplete") ==
        std::vector<std::vector<std::string>>{{"outside05"}});
  CHECK_THROWS_AS(Upgrade(config, "head", quiet), RevisionError);
}

namespace {

// A revision that reaches for the SOCI session under its connection.
CodeRevision SociRevision(RevisionFunction upgrade) {
  CodeRevision revision;
  revision.revision = "soci01";
  revision.message = "writes through soci";
  revision.upgrade = std::move(upgrade);
  return revision;
}

}  // namespace

TEST_CASE("SQLite: a C++ revision writes through the SOCI session under its connection",
          "[code_revision]") {
  Project project;
  Config config = project.config();
  config.code_revisions = {SociRevision([](RevisionContext& db) {
    db.Execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
    std::string body = "via soci";
    db.session() << "INSERT INTO notes (id, body) VALUES (1, :body)", soci::use(body);
    // The session is the revision's own connection: it sees the insert.
    const QueryResult seen = db.Query("SELECT body FROM notes WHERE id = :id", {"1"});
    CHECK(seen.rows == std::vector<std::vector<std::optional<std::string>>>{{"via soci"}});
  })};
  MigrationListener quiet;
  Upgrade(config, "head", quiet);
  CHECK(Query(project.database(), "SELECT body FROM notes") ==
        std::vector<std::vector<std::string>>{{"via soci"}});
}

TEST_CASE("SQLite: offline SQL refuses a C++ revision that asks for the SOCI session",
          "[code_revision][offline]") {
  Project project;
  Config config = project.config();
  config.code_revisions = {
      SociRevision([](RevisionContext& db) { db.session() << "DELETE FROM nothing"; })};
  MigrationListener quiet;
  CHECK_THROWS_WITH(UpgradeSql(config, "head", quiet),
                    Catch::Contains("needs a live database") &&
                        Catch::Contains("soci::session"));
}
