// retort inspect: the sample history applied to an SQLite file, printed in
// each format and read back; --table; bad options.
#include <catch2/catch.hpp>

#include "cli_test_helpers.h"
#include "retort/schema_format.h"
#include "schema_testing.h"

using namespace retort;
using namespace retort::testing;

namespace {

// A project whose versions are the sample's, upgraded to head.
Config SampleProject(const Project& project) {
  CopySampleVersions(project);
  RunOk(project, {"upgrade", "head"});
  return project.config();
}

// Runs the statements of `sql` on a new SQLite file and reflects it.
Schema MadeBy(const std::string& sql, const std::filesystem::path& file) {
  const std::string url = "sqlite:///" + file.string();
  ExecuteOn(url, sql);
  return ReflectUrl(url);
}

}  // namespace

TEST_CASE("inspect prints the sample's schema as YAML, JSON and SQL", "[cli][inspect]") {
  Project project;
  const Config config = SampleProject(project);
  const Schema live = ReflectUrl(config.url);
  REQUIRE(live.tables.size() == 4);

  const ProcessResult yaml = RunOk(project, {"inspect"});
  CHECK_THAT(yaml.out, Catch::StartsWith("tables:\n  - name: accounts\n"));
  RequireSameSchema(live, SchemaFromYaml(yaml.out, "inspect output"));
  CHECK(RunOk(project, {"inspect", "--format", "yaml"}).out == yaml.out);

  const ProcessResult json = RunOk(project, {"inspect", "--format", "json"});
  CHECK_THAT(json.out, Catch::StartsWith("{\n  \"tables\": [\n"));
  RequireSameSchema(live, SchemaFromYaml(json.out, "inspect output"));

  const ProcessResult sql = RunOk(project, {"inspect", "--format", "sql"});
  CHECK_THAT(sql.out, Catch::Contains("CREATE TABLE accounts ("));
  CHECK_THAT(sql.out, Catch::Contains("CREATE UNIQUE INDEX ux_message_log_provider_sid"));
  // accounts is referenced by users, users by the other two.
  CHECK(sql.out.find("CREATE TABLE accounts") < sql.out.find("CREATE TABLE users"));
  CHECK(sql.out.find("CREATE TABLE users") < sql.out.find("CREATE TABLE message_log"));
  RequireSameSchema(live, MadeBy(sql.out, project.root() / "from_sql.db"));
}

TEST_CASE("inspect --table prints only those tables and their indexes", "[cli][inspect]") {
  Project project;
  SampleProject(project);
  const Schema users =
      SchemaFromYaml(RunOk(project, {"inspect", "--table", "users"}).out, "users");
  REQUIRE(users.tables.size() == 1);
  CHECK(users.tables[0].name.name == "users");
  REQUIRE(users.indexes.size() == 1);
  CHECK(users.indexes[0].name == "ix_users_account_id");

  const Schema two = SchemaFromYaml(
      RunOk(project, {"inspect", "--format", "json", "--table", "users", "--table", "accounts"})
          .out,
      "two");
  REQUIRE(two.tables.size() == 2);
  CHECK(two.tables[0].name.name == "accounts");
}

TEST_CASE("inspect refuses an unknown table or format", "[cli][inspect]") {
  Project project;
  SampleProject(project);
  const ProcessResult table = RunFailing(project, {"inspect", "--table", "nope"}, 1);
  CHECK_THAT(table.err, Catch::Contains("nope") && Catch::Contains("users"));
  CHECK(table.out.empty());
  const ProcessResult format = RunFailing(project, {"inspect", "--format", "xml"}, 2);
  CHECK_THAT(format.err, Catch::Contains("--format must be yaml, json or sql, not 'xml'"));
}

TEST_CASE("inspect of an empty database is two empty lists", "[cli][inspect]") {
  Project project;
  CHECK(RunOk(project, {"inspect"}).out == "tables: []\nindexes: []\n");
}
