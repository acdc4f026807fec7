// log --format json against a PostgreSQL database: the history rows as
// PostgreSQL stores them, times in UTC.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "cli_test_helpers.h"
#include "postgres_support.h"
#include "test_support.h"

namespace retort::testing {
namespace {

constexpr char kUsers[] = "7777aaaa0007";
constexpr char kSeed[] = "8888bbbb0008";

TEST_CASE("log --format json reads PostgreSQL's history rows as stored, times in UTC",
          "[postgresql][cli][json]") {
  Project project;
  PostgresDatabase db;
  project.AddYamlRevision(kUsers, "", R"yaml(
  - create_table: {name: users, columns: [{name: id, type: integer, primary_key: true}]}
)yaml");
  project.AddYamlRevision(kSeed, kUsers, "  - execute: INSERT INTO users VALUES (1)\n");
  RunOkAt(project, db.url(), {"upgrade", kUsers, "--tag", "first"});

  const nlohmann::json log =
      nlohmann::json::parse(RunOkAt(project, db.url(), {"log", "--format", "json"}).out);
  CHECK(log.at("format_version") == 1);
  const auto rows = db.Query(
      "SELECT id, revision, direction, checksum, executed_by, tag, "
      "to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') FROM retort_history");
  REQUIRE(rows.size() == 1);
  REQUIRE(log.at("applied").size() == 1);
  const nlohmann::json& row = log.at("applied")[0];
  CHECK(row.at("id") == std::stoll(rows[0][0]));
  CHECK(row.at("revision") == rows[0][1]);
  CHECK(row.at("direction") == rows[0][2]);
  CHECK(row.at("checksum") == rows[0][3]);
  CHECK(row.at("executed_by") == rows[0][4]);
  CHECK(row.at("tag") == rows[0][5]);
  CHECK_THAT(row.at("started_at").get<std::string>(),
             Catch::StartsWith(rows[0][6]) && Catch::EndsWith("Z"));
  REQUIRE(log.at("pending").size() == 1);
  CHECK(log.at("pending")[0].at("revision") == kSeed);
}

}  // namespace
}  // namespace retort::testing
