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
