// Each revision commits with its version-row change, so a failure leaves the
// database exactly at the previous revision; --single-transaction makes the
// whole run all or nothing. History rows record every step.
#include <catch2/catch.hpp>

#include "retort/commands.h"
#include "retort/error.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;

namespace {

std::vector<std::string> Versions(const Project& project) {
  std::vector<std::string> ids;
  for (const auto& row : Query(project.database(), "SELECT version_num FROM retort_version")) {
    ids.push_back(row[0]);
  }
  return ids;
}

void AddThreeRevisionsLastFailing(Project& project) {
  project.AddYamlRevision("a1a1a1a1a1a1", "",
                          "  - create_table: {name: one, columns: [{name: id, type: integer}]}\n");
  project.AddYamlRevision("b2b2b2b2b2b2", "a1a1a1a1a1a1",
                          "  - create_table: {name: two, columns: [{name: id, type: integer}]}\n");
  project.AddYamlRevision("c3c3c3c3c3c3", "b2b2b2b2b2b2",
                          "  - create_table: {name: three, columns: [{name: id, type: integer}]}\n"
                          "  - execute: INSERT INTO no_such_table VALUES (1)\n");
}

}  // namespace

TEST_CASE("a failing revision leaves the database at the previous revision",
          "[sqlite][transactions]") {
  Project project;
  AddThreeRevisionsLastFailing(project);
  MigrationListener quiet;
  try {
    Upgrade(project.config(), "head", quiet);
    FAIL("the upgrade should have failed");
  } catch (const DatabaseError& error) {
    CHECK_THAT(error.what(), Catch::Contains("revision c3c3c3c3c3c3") &&
                                 Catch::Contains("c3c3c3c3c3c3_rev.yaml:6") &&
                                 Catch::Contains("no such table: no_such_table") &&
                                 Catch::Contains("the database is at b2b2b2b2b2b2"));
    CHECK(error.code() == "SQLITE_ERROR");
  }
  CHECK(Versions(project) == std::vector<std::string>{"b2b2b2b2b2b2"});
  const auto objects = SchemaObjects(project.database());
  CHECK(std::count(objects.begin(), objects.end(), "table two") == 1);
  CHECK(std::count(objects.begin(), objects.end(), "table three") == 0);
  CHECK(Query(project.database(), "SELECT revision, direction FROM retort_history ORDER BY id") ==
        std::vector<std::vector<std::string>>{{"a1a1a1a1a1a1", "upgrade"},
                                              {"b2b2b2b2b2b2", "upgrade"}});
}

TEST_CASE("a single-transaction upgrade is all or nothing", "[sqlite][transactions]") {
  Project project;
  AddThreeRevisionsLastFailing(project);
  Config config = project.config();
  config.transaction_per_revision = false;
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(config, "head", quiet), Catch::Contains("the database is at base"));
  // Not even the version tables remain: SQLite's DDL is transactional (and
  // the file this run created is gone again).
  CHECK((!std::filesystem::exists(project.database()) ||
         SchemaObjects(project.database()).empty()));
}

TEST_CASE("history rows record each step with the file's checksum", "[sqlite][transactions]") {
  Project project;
  const auto path = project.AddYamlRevision(
      "a1a1a1a1a1a1", "", "  - create_table: {name: one, columns: [{name: id, type: integer}]}\n");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
  Downgrade(project.config(), "base", quiet);
  const std::vector<HistoryRow> history = AppliedHistory(project.config());
  REQUIRE(history.size() == 2);
  CHECK(history[0].revision == "a1a1a1a1a1a1");
  CHECK(history[0].direction == "upgrade");
  CHECK(history[1].direction == "downgrade");
  CHECK(history[0].checksum == FileDigest(path));
  CHECK(history[0].started_at <= history[0].finished_at);
  CHECK(history[0].duration_ms >= 0);
  CHECK_THAT(history[0].executed_by, Catch::Contains("@"));
  CHECK(history[0].id < history[1].id);
}

TEST_CASE("a revision with no downgrade section is reversed; an irreversible one says why",
          "[sqlite][transactions]") {
  Project project;
  project.AddYamlRevision("a1a1a1a1a1a1", "",
                          "  - create_table: {name: one, columns: [{name: id, type: integer}]}\n");
  project.AddYamlRevision("b2b2b2b2b2b2", "a1a1a1a1a1a1",
                          "  - execute: INSERT INTO one VALUES (1)\n");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
  const std::string before = FileDigest(project.database());
  CHECK_THROWS_WITH(Downgrade(project.config(), "base", quiet),
                    Catch::Contains("cannot downgrade revision b2b2b2b2b2b2") &&
                        Catch::Contains("b2b2b2b2b2b2_rev.yaml:5") &&
                        Catch::Contains("write a 'downgrade:' section"));
  CHECK(FileDigest(project.database()) == before);
  CHECK(Versions(project) == std::vector<std::string>{"b2b2b2b2b2b2"});
}

TEST_CASE("a failure at COMMIT names the revision and rolls it back", "[sqlite][transactions]") {
  // A deferred foreign key is checked only when the transaction commits.
  Project project;
  project.AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table: {name: parent, columns: [{name: id, type: integer, primary_key: true}]}
  - create_table:
      name: child
      columns: [{name: id, type: integer}, {name: parent_id, type: integer}]
      foreign_keys:
        - {columns: [parent_id], referent_table: parent, referent_columns: [id],
           deferrable: true, initially: deferred}
  - execute: INSERT INTO child VALUES (1, 42)
)yaml");
  Config config = project.config();
  config.url += "?foreign_keys=on";
  MigrationListener quiet;
  try {
    Upgrade(config, "head", quiet);
    FAIL("the upgrade should have failed");
  } catch (const DatabaseError& error) {
    CHECK_THAT(error.what(), Catch::Contains("revision a1a1a1a1a1a1") &&
                                 Catch::Contains("FOREIGN KEY constraint failed") &&
                                 Catch::Contains("rolled back, the database is at base"));
    CHECK(error.code() == "SQLITE_CONSTRAINT_FOREIGNKEY");
  }
  CHECK(SchemaObjects(project.database()).empty());
}

TEST_CASE("a revision's SQL cannot end the transaction retort runs it in",
          "[sqlite][transactions]") {
  Project project;
  project.AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - execute: "CREATE TABLE x (a INTEGER); COMMIT; CREATE TABLE y (a INTEGER)"
)yaml");
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(project.config(), "head", quiet),
                    Catch::Contains("a1a1a1a1a1a1_rev.yaml:6") &&
                        Catch::Contains("cannot run inside a revision") &&
                        Catch::Contains("rolled back"));
  // Nothing of it stayed: not x, not the version tables.
  CHECK(SchemaObjects(project.database()).empty());
}

TEST_CASE("a database at more heads than one read of the version table takes is read in full",
          "[sqlite][transactions]") {
  // The version rows are read 64 at a time in one query; more take a second.
  Project project;
  for (int i = 0; i < 70; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "b%011d", i);
    project.AddYamlRevision(id, "", "  - execute: SELECT 1\n");
  }
  MigrationListener quiet;
  Upgrade(project.config(), "heads", quiet);
  CHECK(Versions(project).size() == 70);
  CHECK(Current(project.config()).size() == 70);
}
