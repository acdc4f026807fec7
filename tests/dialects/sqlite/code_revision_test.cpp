// C++ revisions among YAML and SQL revisions on a SQLite file: run both ways
// with the same version and history rows, and rolled back when they fail.
#include <catch2/catch.hpp>

#include "code_revision_testing.h"

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
