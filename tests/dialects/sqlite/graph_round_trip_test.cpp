// Branches, merges, stamps and dependencies against a real SQLite file.
#include <catch2/catch.hpp>

#include <algorithm>

#include "retort/commands.h"
#include "retort/error.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;

namespace {

std::string CreateTableOp(const std::string& name) {
  return "  - create_table: {name: " + name + ", columns: [{name: id, type: integer}]}\n";
}

std::vector<std::string> Versions(const Config& config) {
  std::vector<std::string> ids;
  for (const RevisionInfo& info : Current(config)) ids.push_back(info.header.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::string> Tables(const Project& project) {
  std::vector<std::string> names;
  for (const auto& row :
       Query(project.database(), "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                                 "name NOT LIKE 'retort_%' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
    names.push_back(row[0]);
  }
  return names;
}

}  // namespace

TEST_CASE("two branches upgrade to heads, merge, and downgrade branch by branch",
          "[sqlite][graph]") {
  Project project;
  project.AddYamlRevision("aaaa00000001", "", CreateTableOp("root"));
  project.AddYamlRevision("bbbb00000001", "aaaa00000001", CreateTableOp("left_1"),
                          "branch_labels: [left]\n");
  project.AddYamlRevision("bbbb00000002", "bbbb00000001", CreateTableOp("left_2"));
  project.AddYamlRevision("cccc00000001", "aaaa00000001", CreateTableOp("right_1"),
                          "branch_labels: [right]\n");
  const Config config = project.config();
  MigrationListener quiet;

  CHECK_THROWS_WITH(Upgrade(config, "head", quiet), Catch::Contains("2 heads"));
  CHECK(Upgrade(config, "heads", quiet).size() == 4);
  CHECK(Versions(config) == std::vector<std::string>{"bbbb00000002", "cccc00000001"});

  Downgrade(config, "left@base", quiet);
  CHECK(Versions(config) == std::vector<std::string>{"cccc00000001"});
  CHECK(Tables(project) == std::vector<std::string>{"right_1", "root"});
  Upgrade(config, "left@head", quiet);
  CHECK(Versions(config) == std::vector<std::string>{"bbbb00000002", "cccc00000001"});

  MergeOptions merge;
  merge.message = "join left and right";
  merge.rev_id = "dddd00000001";
  const auto path = Merge(config, merge);
  CHECK(path.filename() == "dddd00000001_join_left_and_right.yaml");
  CHECK(Heads(config).size() == 1);
  CHECK(Upgrade(config, "head", quiet).size() == 1);
  CHECK(Versions(config) == std::vector<std::string>{"dddd00000001"});

  // Down one step from the merge: both branch tips are current again.
  Downgrade(config, "-1", quiet);
  CHECK(Versions(config) == std::vector<std::string>{"bbbb00000002", "cccc00000001"});
  Downgrade(config, "base", quiet);
  CHECK(Versions(config).empty());
  CHECK(Tables(project).empty());
}

TEST_CASE("depends_on applies the dependency first, from another branch", "[sqlite][graph]") {
  Project project;
  project.AddYamlRevision("aaaa00000001", "", CreateTableOp("core"));
  project.AddYamlRevision("eeee00000001", "", CreateTableOp("shared"), "branch_labels: [shared]\n");
  project.AddYamlRevision("aaaa00000002", "aaaa00000001",
                          "  - execute: CREATE VIEW both_tables AS SELECT * FROM core, shared\n",
                          "depends_on: [shared]\ndowngrade:\n  - execute: DROP VIEW both_tables\n");
  const Config config = project.config();
  MigrationListener quiet;
  // Upgrading the main line to its head pulls in the other branch's base.
  const auto steps = Upgrade(config, "aaaa00000002", quiet);
  REQUIRE(steps.size() == 3);
  CHECK(steps.back().revision.id == "aaaa00000002");
  CHECK(Versions(config) == std::vector<std::string>{"aaaa00000002", "eeee00000001"});
  // Removing the dependency removes its dependent first.
  Downgrade(config, "shared@base", quiet);
  CHECK(Versions(config) == std::vector<std::string>{"aaaa00000001"});
}

TEST_CASE("stamp moves the version rows without running revisions; purge resets them",
          "[sqlite][graph]") {
  Project project;
  project.AddYamlRevision("aaaa00000001", "", CreateTableOp("one"));
  project.AddYamlRevision("aaaa00000002", "aaaa00000001", CreateTableOp("two"));
  const Config config = project.config();
  MigrationListener quiet;

  // force: the database is empty, not the revisions' schema.
  CHECK(Stamp(config, {"head"}, false, true) == std::vector<std::string>{"aaaa00000002"});
  CHECK(Tables(project).empty());
  CHECK(Stamp(config, {"aaaa00000001"}, false, true) == std::vector<std::string>{"aaaa00000001"});
  Upgrade(config, "head", quiet);
  CHECK(Tables(project) == std::vector<std::string>{"two"});

  // A version table naming a revision nobody has: only --purge recovers.
  Exec(project.database(), "INSERT INTO retort_version VALUES ('ffff00000001')");
  CHECK_THROWS_WITH(Current(config), Catch::Contains("ffff00000001") &&
                                         Catch::Contains("stamp --purge"));
  CHECK_THROWS_AS(Stamp(config, {"head"}, false), RevisionError);
  CHECK(Stamp(config, {"head"}, true, true) == std::vector<std::string>{"aaaa00000002"});
  CHECK(Versions(config) == std::vector<std::string>{"aaaa00000002"});
  CHECK(Stamp(config, {"base"}, false).empty());
  CHECK(Versions(config).empty());
}

TEST_CASE("plain-SQL revisions run on SQLite and their down section reverses them",
          "[sqlite][graph]") {
  Project project;
  project.AddRevision("aaaa00000001_raw.sql",
                      "-- revision: aaaa00000001\n"
                      "-- down_revision: null\n"
                      "-- message: raw sql\n"
                      "-- dialect: sqlite\n"
                      "-- migrate:up\n"
                      "CREATE TABLE raw (id INTEGER PRIMARY KEY, body TEXT);\n"
                      "INSERT INTO raw (body) VALUES ('a;b');\n"
                      "-- migrate:down\n"
                      "DROP TABLE raw;\n");
  const Config config = project.config();
  MigrationListener quiet;
  Upgrade(config, "head", quiet);
  CHECK(Query(project.database(), "SELECT body FROM raw") ==
        std::vector<std::vector<std::string>>{{"a;b"}});
  Downgrade(config, "base", quiet);
  CHECK(Tables(project).empty());
}
