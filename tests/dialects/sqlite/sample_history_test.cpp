#include <catch2/catch.hpp>

#include "retort/commands.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;

TEST_CASE("the sample history upgrades to head and back to base", "[sqlite][sample]") {
  TempDir temp;
  Config config;
  config.script_location = std::filesystem::path(RETORT_SOURCE_DIR) / "migrations";
  config.url = "sqlite:///" + (temp / "thunderbird.db").string();
  MigrationListener quiet;
  REQUIRE(Upgrade(config, "head", quiet).size() == 2);
  CHECK(Current(config).front().header.id == "9b1f0c2d4e6a");
  CHECK(Query(temp / "thunderbird.db", "SELECT count(*) FROM accounts")[0][0] == "0");
  REQUIRE(Downgrade(config, "base", quiet).size() == 2);
  CHECK(Current(config).empty());
  CHECK(SchemaObjects(temp / "thunderbird.db") ==
        std::vector<std::string>{"table retort_history", "table retort_version"});
}
