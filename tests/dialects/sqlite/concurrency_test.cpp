// Several app instances starting at once all run "retort upgrade head"
// against one SQLite file: one applies each revision, the others wait for
// the migration lock and then find nothing to do.
#include <catch2/catch.hpp>

#include <filesystem>
#include <thread>

#include "retort/dialect_loader.h"
#include "retort/url.h"
#include "test_support.h"

using namespace retort::testing;

TEST_CASE("concurrent upgrades apply each revision exactly once", "[sqlite][concurrency]") {
  Project project;
  constexpr int kRevisions = 12;
  std::string previous;
  for (int i = 1; i <= kRevisions; ++i) {
    char id[13];
    std::snprintf(id, sizeof id, "c0ffee%06d", i);
    project.AddYamlRevision(id, previous,
                            "  - create_table: {name: t" + std::to_string(i) +
                                ", columns: [{name: id, type: integer}]}\n");
    previous = id;
  }

  constexpr int kProcesses = 6;
  std::vector<ProcessResult> results(kProcesses);
  std::vector<std::thread> instances;
  for (int i = 0; i < kProcesses; ++i) {
    instances.emplace_back([&, i] {
      results[i] = RunRetort({"-c", project.ini().string(), "upgrade", "head"}, project.root());
    });
  }
  for (std::thread& instance : instances) instance.join();

  for (const ProcessResult& result : results) {
    INFO(result.err);
    CHECK(result.exit_code == 0);
  }
  CHECK(Query(project.database(), "SELECT version_num FROM retort_version") ==
        std::vector<std::vector<std::string>>{{previous}});
  CHECK(Query(project.database(),
              "SELECT count(*), count(DISTINCT revision) FROM retort_history "
              "WHERE direction = 'upgrade'") ==
        std::vector<std::vector<std::string>>{
            {std::to_string(kRevisions), std::to_string(kRevisions)}});
}

TEST_CASE("every spelling of one folder gives one migration lock scope", "[sqlite][concurrency]") {
  namespace fs = std::filesystem;
  TempDir temp;
  fs::create_directories(temp.path() / "db");
  fs::create_directories(temp.path() / "other");
  fs::create_directory_symlink(temp.path() / "db", temp.path() / "link");
  WriteFile(temp.path() / "db" / "there.db", "");
  const retort::Dialect& sqlite = retort::FindDialectForScheme("sqlite");
  const auto scope = [&](const std::string& url) {
    return sqlite.MigrationLockScope(retort::ParseDatabaseUrl(url));
  };
  const std::string db = scope("sqlite:///" + (temp.path() / "db" / "there.db").string());
  CHECK_FALSE(db.empty());
  CHECK(scope("sqlite:///" + (temp.path() / "db" / "new.db").string()) == db);
  CHECK(scope("sqlite:///" + (temp.path() / "other" / ".." / "db" / "new.db").string()) == db);
  CHECK(scope("sqlite:///" + (temp.path() / "link" / "new.db").string()) == db);
  CHECK(scope("sqlite:///" + fs::relative(temp.path() / "db" / "new.db").string()) == db);
  CHECK(scope("sqlite:///" + (temp.path() / "other" / "new.db").string()) != db);
  CHECK(scope("sqlite://:memory:").empty());
  CHECK(scope("sqlite:///" + (temp.path() / "db" / "x.db").string() + "?bogus=1").empty());
}
