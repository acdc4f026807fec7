// check, stamp's schema check and adoption, on SQLite files: the commands
// that compare a live database with the schema its history makes.
#include <catch2/catch.hpp>

#include "cli_test_helpers.h"

using namespace retort::testing;

namespace {

const std::filesystem::path kSample = std::filesystem::path(RETORT_SOURCE_DIR) / "migrations";
const std::filesystem::path kLegacySql =
    std::filesystem::path(RETORT_SOURCE_DIR) / "tests" / "data" / "legacy_thunderbird_sqlite.sql";

// A project holding the sample history (two revisions).
struct SampleProject : Project {
  SampleProject() {
    for (const auto& entry : std::filesystem::directory_iterator(kSample / "versions")) {
      if (entry.path().extension() == ".yaml") {
        std::filesystem::copy_file(entry.path(), versions() / entry.path().filename());
      }
    }
  }
};

// The database as the app made it before it used migrations, with rows.
void MakeLegacyDatabase(const Project& project) {
  Exec(project.database(), ReadFile(kLegacySql));
  Exec(project.database(),
       "INSERT INTO users (phone, name) VALUES ('+15550001', 'Ada'), ('+15550002', 'Grace');"
       "INSERT INTO message_log (user_id, direction, body) VALUES (2, 'inbound', 'ok');");
}

}  // namespace

TEST_CASE("check exits 0 when the database has its revisions' schema", "[cli][check]") {
  SampleProject project;
  RunOk(project, {"upgrade", "head"});
  const ProcessResult result = RunOk(project, {"check"});
  CHECK(result.out == "The database has the schema of 9b1f0c2d4e6a\n");
  RunOk(project, {"downgrade", "58ce9da45577"});
  CHECK(RunOk(project, {"check"}).out == "The database has the schema of 58ce9da45577\n");
}

TEST_CASE("check names a hand-dropped index and a hand-added column", "[cli][check]") {
  SampleProject project;
  RunOk(project, {"upgrade", "head"});
  Exec(project.database(),
       "DROP INDEX ix_users_account_id; ALTER TABLE users ADD COLUMN nickname TEXT");
  // upgrade sees nothing to do: the version row is at head.
  CHECK_THAT(RunOk(project, {"upgrade", "head"}).out, Catch::Contains("Nothing to do"));
  const ProcessResult result = Retort(project, {"check"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::StartsWith("The database has drifted from the schema of "
                                           "9b1f0c2d4e6a (- the history's, + the database's):\n"));
  CHECK_THAT(result.out, Catch::Contains("- index ix_users_account_id"));
  CHECK_THAT(result.out, Catch::Contains("+ table users, column nickname"));
}

TEST_CASE("check --to compares the head's schema with a SQL file or a database",
          "[cli][check]") {
  SampleProject project;
  RunOk(project, {"upgrade", "head"});
  // The migrated database itself: no new revision needed.
  CHECK_THAT(RunOk(project, {"check", "--to", project.url()}).out,
             Catch::Contains("no new revision is needed"));
  // A desired schema with one more table: a new revision is needed.
  WriteFile(project.root() / "desired.sql",
            ReadFile(kLegacySql) + "CREATE TABLE devices (id INTEGER PRIMARY KEY, token TEXT);");
  const ProcessResult result = Retort(project, {"check", "--to", "desired.sql"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::Contains("+ table devices"));
  // The legacy schema lacks revision 9b1f0c2d4e6a's accounts table.
  CHECK_THAT(result.out, Catch::Contains("- table accounts"));
  CHECK_THAT(result.out, Catch::Contains("retort revision --autogenerate --to desired.sql"));
  // Bad sources say what is wrong with them.
  WriteFile(project.root() / "broken.sql", "CREATE TABLE (;");
  CHECK_THAT(RunFailing(project, {"check", "--to", "broken.sql"}, 1).err,
             Catch::Contains("broken.sql"));
  CHECK_THAT(RunFailing(project, {"check", "--to", "missing.sql"}, 1).err,
             Catch::Contains("missing.sql"));
  CHECK_THAT(RunFailing(project, {"check", "--to", "schema.txt"}, 1).err,
             Catch::Contains("neither a file ending in .sql"));
}

TEST_CASE("stamp refuses a revision whose schema the database does not have",
          "[cli][check][stamp]") {
  SampleProject project;
  Exec(project.database(), "CREATE TABLE unrelated (id INTEGER)");
  const ProcessResult refused = RunFailing(project, {"stamp", "head"}, 1);
  CHECK_THAT(refused.err, Catch::Contains("is not the one revision 9b1f0c2d4e6a makes"));
  CHECK_THAT(refused.err, Catch::Contains("- table users"));
  CHECK_THAT(refused.err, Catch::Contains("+ table unrelated"));
  CHECK_THAT(refused.err, Catch::Contains("--force"));
  CHECK_FALSE(HasTable(project.database(), "retort_version"));
  // --force stamps anyway; stamping base and --purge never check.
  RunOk(project, {"stamp", "head", "--force"});
  CHECK(VersionRows(project.database()) == std::vector<std::string>{"9b1f0c2d4e6a"});
  RunOk(project, {"stamp", "base"});
  CHECK(VersionRows(project.database()).empty());
  Exec(project.database(), "INSERT INTO retort_version VALUES ('0123456789ab')");
  RunOk(project, {"stamp", "--purge", "base"});
  CHECK(VersionRows(project.database()).empty());
}

TEST_CASE("stamp accepts the revision whose schema the database has", "[cli][check][stamp]") {
  SampleProject project;
  MakeLegacyDatabase(project);
  RunFailing(project, {"stamp", "head"}, 1);
  RunOk(project, {"stamp", "58ce9da45577"});
  CHECK(VersionRows(project.database()) == std::vector<std::string>{"58ce9da45577"});
  RunOk(project, {"upgrade", "head"});
  CHECK(Query(project.database(), "SELECT count(*) FROM accounts")[0][0] == "2");
}

TEST_CASE("upgrade on a database made before retort names the revision it matches",
          "[cli][adopt]") {
  SampleProject project;
  MakeLegacyDatabase(project);
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Catch::Contains("no version table"));
  CHECK_THAT(result.err, Catch::Contains("matches revision 58ce9da45577"));
  CHECK_THAT(result.err, Catch::Contains("retort upgrade --adopt"));
}

TEST_CASE("upgrade --adopt stamps the matching revision and upgrades with the rows kept",
          "[cli][adopt]") {
  SampleProject project;
  MakeLegacyDatabase(project);
  const ProcessResult result = RunOk(project, {"upgrade", "head", "--adopt"});
  CHECK_THAT(result.out, Catch::Contains("adopted the database as revision 58ce9da45577"));
  CHECK(VersionRows(project.database()) == std::vector<std::string>{"9b1f0c2d4e6a"});
  CHECK(HistoryRows(project.database()) ==
        std::vector<std::string>{"58ce9da45577 adopt", "9b1f0c2d4e6a upgrade"});
  CHECK(Query(project.database(), "SELECT users.name, accounts.name FROM users JOIN accounts "
                                  "ON accounts.id = users.account_id ORDER BY users.id") ==
        std::vector<std::vector<std::string>>{{"Ada", "personal:+15550001"},
                                              {"Grace", "personal:+15550002"}});
  CHECK(Query(project.database(), "SELECT body FROM message_log")[0][0] == "ok");
  CHECK(RunOk(project, {"check"}).out == "The database has the schema of 9b1f0c2d4e6a\n");
}

TEST_CASE("adopt_unversioned in retort.ini adopts as --adopt does", "[cli][adopt]") {
  SampleProject project;
  MakeLegacyDatabase(project);
  WriteFile(project.ini(), ReadFile(project.ini()) + "adopt_unversioned = true\n");
  RunOk(project, {"upgrade", "head"});
  CHECK(VersionRows(project.database()) == std::vector<std::string>{"9b1f0c2d4e6a"});
}

TEST_CASE("a database that matches no revision is not adopted, and the closest is shown",
          "[cli][adopt]") {
  SampleProject project;
  MakeLegacyDatabase(project);
  Exec(project.database(), "DROP INDEX ix_message_log_user_created");
  const ProcessResult result = RunFailing(project, {"upgrade", "head", "--adopt"}, 1);
  CHECK_THAT(result.err, Catch::Contains("no revision's schema matches the database; the "
                                         "closest is 58ce9da45577"));
  CHECK_THAT(result.err, Catch::Contains("- index ix_message_log_user_created"));
  CHECK_FALSE(HasTable(project.database(), "retort_version"));
}

TEST_CASE("the closest revision is found also when no revision has the database's tables",
          "[cli][adopt]") {
  SampleProject project;
  MakeLegacyDatabase(project);
  Exec(project.database(), "CREATE TABLE audit_log (id INTEGER PRIMARY KEY, entry TEXT)");
  const ProcessResult result = RunFailing(project, {"upgrade", "head", "--adopt"}, 1);
  CHECK_THAT(result.err, Catch::Contains("the closest is 58ce9da45577, which differs by:\n"
                                         "+ table audit_log"));
  CHECK_FALSE(HasTable(project.database(), "retort_version"));
}
