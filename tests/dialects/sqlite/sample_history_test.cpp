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

TEST_CASE("the sample's account backfill links every existing user and keeps their rows",
          "[sqlite][sample]") {
  TempDir temp;
  const auto database = temp / "thunderbird.db";
  Config config;
  config.script_location = std::filesystem::path(RETORT_SOURCE_DIR) / "migrations";
  config.url = "sqlite:///" + database.string();
  MigrationListener quiet;
  Upgrade(config, "58ce9da45577", quiet);
  // Users and their messages from before accounts existed.
  Exec(database,
       "INSERT INTO users (phone, name) VALUES ('+15550001', 'Ada'), ('+15550002', 'Grace');"
       "INSERT INTO message_log (user_id, direction, body) VALUES (1, 'inbound', 'ok');");
  Upgrade(config, "head", quiet);
  CHECK(Query(database, "SELECT users.name, accounts.name, accounts.plan FROM users "
                        "JOIN accounts ON accounts.id = users.account_id ORDER BY users.id") ==
        std::vector<std::vector<std::string>>{{"Ada", "personal:+15550001", "free"},
                                              {"Grace", "personal:+15550002", "free"}});
  Downgrade(config, "-1", quiet);
  CHECK(Query(database, "SELECT count(*) FROM users") ==
        std::vector<std::vector<std::string>>{{"2"}});
  CHECK(Query(database, "SELECT count(*) FROM message_log") ==
        std::vector<std::vector<std::string>>{{"1"}});
  CHECK(Query(database, "SELECT count(*) FROM pragma_table_info('users') WHERE name = 'account_id'") ==
        std::vector<std::vector<std::string>>{{"0"}});
}
