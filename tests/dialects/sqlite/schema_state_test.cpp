// The library's schema-state functions on SQLite: ImpliedSchema, Inspect,
// Check, FindAdoption and Adopt, through the public API as an application
// calls them.
#include <catch2/catch.hpp>

#include "retort/commands.h"
#include "retort/error.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;

namespace {

constexpr char kBase[] = "58ce9da45577";
constexpr char kHead[] = "9b1f0c2d4e6a";

Config SampleConfig(const TempDir& temp) {
  Config config;
  config.script_location = std::filesystem::path(RETORT_SOURCE_DIR) / "migrations";
  config.url = "sqlite:///" + (temp / "app.db").string();
  return config;
}

std::vector<std::string> TableNames(const Schema& schema) {
  std::vector<std::string> names;
  for (const Table& table : schema.tables) names.push_back(table.name.name);
  return names;
}

}  // namespace

TEST_CASE("ImpliedSchema is what upgrading a real database to the revision leaves",
          "[sqlite][schema_state]") {
  TempDir temp;
  const Config config = SampleConfig(temp);
  MigrationListener quiet;
  CHECK(ImpliedSchema(config, {}) == Schema{});
  CHECK_FALSE(std::filesystem::exists(temp / "app.db"));  // the live file is never touched
  const Schema at_base = ImpliedSchema(config, {kBase});
  CHECK(TableNames(at_base) ==
        std::vector<std::string>{"message_log", "safecheck_contacts", "users"});
  Upgrade(config, kBase, quiet);
  CHECK(Inspect(config) == at_base);
  Upgrade(config, "head", quiet);
  CHECK(Inspect(config) == ImpliedSchema(config, {"head"}));
  CHECK(Check(config).matches());
  CHECK(Check(config).revisions == std::vector<std::string>{kHead});
}

TEST_CASE("Inspect keeps only the tables asked for, and names one that is missing",
          "[sqlite][schema_state]") {
  TempDir temp;
  const Config config = SampleConfig(temp);
  MigrationListener quiet;
  Upgrade(config, "head", quiet);
  const Schema users = Inspect(config, {"users"});
  CHECK(TableNames(users) == std::vector<std::string>{"users"});
  for (const Index& index : users.indexes) CHECK(index.table.name == "users");
  CHECK_THROWS_AS(Inspect(config, {"nope"}), ConfigError);
  CHECK_THROWS_WITH(Inspect(config, {"nope"}), Catch::Contains("no table 'nope'") &&
                                                   Catch::Contains("accounts, message_log"));
}

TEST_CASE("FindAdoption reads only; Adopt stamps what it found, once",
          "[sqlite][schema_state]") {
  TempDir temp;
  const Config config = SampleConfig(temp);
  MigrationListener quiet;
  Upgrade(config, kBase, quiet);
  // The same tables without retort's: a database made before retort.
  Exec(temp / "app.db", "DROP TABLE retort_version; DROP TABLE retort_history");
  const std::string before = FileDigest(temp / "app.db");
  const Adoption found = FindAdoption(config);
  CHECK(found.revisions == std::vector<std::string>{kBase});
  CHECK(found.diff.empty());
  CHECK(FileDigest(temp / "app.db") == before);

  CHECK(Adopt(config).revisions == std::vector<std::string>{kBase});
  CHECK(Current(config).front().header.id == kBase);
  CHECK_THROWS_WITH(Adopt(config), Catch::Contains("already at " + std::string(kBase)));
}

TEST_CASE("Upgrade with adopt_unversioned adopts a database already at head and runs nothing",
          "[sqlite][schema_state]") {
  TempDir temp;
  Config config = SampleConfig(temp);
  MigrationListener quiet;
  Upgrade(config, "head", quiet);
  Exec(temp / "app.db", "DROP TABLE retort_version; DROP TABLE retort_history");
  config.adopt_unversioned = true;
  CHECK(Upgrade(config, "head", quiet).empty());
  CHECK(Current(config).front().header.id == kHead);
}
