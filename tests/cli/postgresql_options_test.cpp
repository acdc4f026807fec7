// retort's tables in a schema of their own (version_table_schema), --tag,
// ensure_version and a history table from before --tag, through the retort
// binary against a PostgreSQL database.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli_test_helpers.h"
#include "postgres_support.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Catch::Contains;
using Rows = std::vector<std::string>;

constexpr char kUsers[] = "5555eeee0005";
constexpr char kSeed[] = "6666ffff0006";

// Two revisions (users, then a row whose id comes from -x) and a database;
// retort.ini says `options`, the URL is given with --url.
struct PgProject {
  Project project;
  PostgresDatabase db;

  explicit PgProject(const std::string& options) {
    WriteFile(project.ini(), "[retort]\nscript_location = migrations\n" + options);
    project.AddYamlRevision(kUsers, "", R"yaml(
  - create_table: {name: users, columns: [{name: id, type: integer, primary_key: true}]}
)yaml");
    project.AddYamlRevision(kSeed, kUsers, "  - execute: INSERT INTO users VALUES (${x.id})\n",
                            "downgrade:\n  - execute: DELETE FROM users\n");
  }

  ProcessResult Run(std::vector<std::string> arguments) const {
    arguments.insert(arguments.begin(), {"--url", db.url()});
    return Retort(project, arguments);
  }
  ProcessResult RunOk(const std::vector<std::string>& arguments) const {
    ProcessResult result = Run(arguments);
    INFO(CommandLine(arguments) << "\nstdout: " << result.out << "\nstderr: " << result.err);
    REQUIRE(result.exit_code == 0);
    return result;
  }
  Rows Column(const std::string& sql) const {
    Rows values;
    for (const auto& row : db.Query(sql)) values.push_back(row.at(0));
    return values;
  }
  // The schema.table names of the tables whose name ends in `suffix`.
  Rows TablesEndingIn(const std::string& suffix) const {
    return Column("SELECT table_schema || '.' || table_name FROM information_schema.tables "
                  "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND "
                  "table_name LIKE '%" + suffix + "' ORDER BY 1");
  }
};

}  // namespace

TEST_CASE("version_table_schema and version_table put retort's tables in their own schema, and "
          "--tag is recorded there",
          "[postgresql][cli][version-table][tag]") {
  PgProject pg("version_table = app_version\nversion_table_schema = retort\n");
  pg.db.Exec("CREATE SCHEMA retort");
  pg.RunOk({"-x", "id=42", "upgrade", "head", "--tag", "deploy-7"});
  // The revisions' tables stay where the connection puts them.
  CHECK(pg.Column("SELECT id FROM public.users") == Rows{"42"});
  CHECK(pg.TablesEndingIn("_version") == Rows{"retort.app_version"});
  CHECK(pg.TablesEndingIn("_history") == Rows{"retort.app_history"});
  CHECK(pg.Column("SELECT version_num FROM retort.app_version") == Rows{kSeed});
  CHECK_THAT(pg.RunOk({"current"}).out, Contains(std::string(kSeed) + " (head)"));

  pg.RunOk({"downgrade", "-1", "--tag", "rollback"});
  pg.RunOk({"stamp", kSeed, "--tag", "adopt", "--force"});  // not kSeed's schema
  CHECK(pg.Column("SELECT revision || ' ' || direction || ' ' || COALESCE(tag, '-') FROM "
                  "retort.app_history ORDER BY id") ==
        Rows{std::string(kUsers) + " upgrade deploy-7", std::string(kSeed) + " upgrade deploy-7",
             std::string(kSeed) + " downgrade rollback", std::string(kUsers) + " unstamp adopt",
             std::string(kSeed) + " stamp adopt"});
  const Rows log = Lines(pg.RunOk({"log"}).out);
  REQUIRE(log.size() == 5);
  CHECK_THAT(log[0], Contains("  upgrade    " + std::string(kUsers)) &&
                         Contains("  tag: deploy-7"));
  CHECK_THAT(log[4], Contains("  stamp      " + std::string(kSeed)) && Contains("  tag: adopt"));
}

TEST_CASE("a version_table_schema that does not exist stops the first revision, naming the "
          "option",
          "[postgresql][cli][version-table]") {
  PgProject pg("version_table_schema = missing\n");
  CHECK(pg.RunOk({"current"}).out == "(base: no revision applied)\n");
  const ProcessResult result = pg.Run({"-x", "id=1", "upgrade", "head"});
  INFO("stderr: " << result.err);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains("schema missing (version_table_schema; it must exist") &&
                             Contains("3F000") && Contains("rolled back, the database is at base"));
  CHECK(pg.Column("SELECT to_regclass('public.users') IS NULL") == Rows{"t"});
}

TEST_CASE("ensure_version creates the tables in the schema, once",
          "[postgresql][cli][ensure-version]") {
  PgProject pg("version_table_schema = retort\n");
  pg.db.Exec("CREATE SCHEMA retort");
  CHECK(pg.RunOk({"ensure_version"}).out ==
        "Created retort.retort_version and retort.retort_history\n");
  CHECK(pg.RunOk({"ensure_version"}).out ==
        "retort.retort_version and retort.retort_history are up to date\n");
  CHECK(pg.TablesEndingIn("_version") == Rows{"retort.retort_version"});
  CHECK(pg.Column("SELECT count(*) FROM retort.retort_version") == Rows{"0"});
  CHECK(pg.Column("SELECT count(*) FROM retort.retort_history") == Rows{"0"});
}

TEST_CASE("a PostgreSQL history table from before --tag gains the column and keeps its rows",
          "[postgresql][cli][tag]") {
  PgProject pg("");
  pg.db.Exec(
      "CREATE TABLE retort_version (version_num VARCHAR(255) NOT NULL PRIMARY KEY);"
      "CREATE TABLE retort_history (id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
      "revision VARCHAR(255) NOT NULL, direction VARCHAR(16) NOT NULL, checksum VARCHAR(64), "
      "started_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ NOT NULL, duration_ms DOUBLE "
      "PRECISION NOT NULL, executed_by VARCHAR(255) NOT NULL);"
      "CREATE TABLE users (id INTEGER PRIMARY KEY);"
      "INSERT INTO retort_version VALUES ('" + std::string(kUsers) + "');"
      "INSERT INTO retort_history (revision, direction, started_at, finished_at, duration_ms, "
      "executed_by) VALUES ('" + std::string(kUsers) + "', 'upgrade', now(), now(), 1, 'old');");
  // No checksum was recorded: "-".
  CHECK_THAT(pg.RunOk({"log"}).out, Contains(std::string(kUsers) + "  -         1.0 ms  old\n"));
  pg.RunOk({"-x", "id=3", "upgrade", "head", "--tag", "t2"});
  CHECK(pg.Column("SELECT revision || ' ' || COALESCE(tag, '-') FROM retort_history "
                  "ORDER BY id") == Rows{std::string(kUsers) + " -", std::string(kSeed) + " t2"});
}

}  // namespace retort::testing
