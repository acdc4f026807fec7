// Bad input through the real retort binary. Every case checks the exit code,
// that stderr says what is wrong and where (file:line, revision, option,
// URL), and that the database file is byte for byte what it was.
#include <catch2/catch.hpp>

#include <filesystem>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "cli_test_helpers.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Catch::Contains;
using Catch::StartsWith;

constexpr char kFirst[] = "a1b2c3d4e5f6";
constexpr char kSecond[] = "b2c3d4e5f6a1";
constexpr char kThird[] = "c3d4e5f6a1b2";

constexpr char kCreateUsers[] =
    "  - create_table: {name: users, columns: [{name: id, type: integer, primary_key: true}, "
    "{name: name, type: string(50)}]}\n";

// "versions/<id>_rev.yaml", as messages show the path of a revision that
// Project::AddYamlRevision wrote.
std::string RevisionFile(const std::string& id) { return "versions/" + id + "_rev.yaml"; }

// Brings `project` to the known state the cases start from: revision kFirst
// (table users) applied.
void MigrateFirstRevision(Project& project) {
  project.AddYamlRevision(kFirst, "", kCreateUsers);
  const ProcessResult result = Retort(project, {"upgrade", "head"});
  INFO("stderr: " << result.err);
  REQUIRE(result.exit_code == 0);
  REQUIRE(VersionRows(project.database()) == std::vector<std::string>{kFirst});
}

// retort.ini for `project` with `body` after the [retort] line.
void WriteIni(const Project& project, const std::string& body) {
  WriteFile(project.ini(), "[retort]\n" + body);
}

// --- Configuration -------------------------------------------------------

TEST_CASE("a missing configuration file is an error naming the file", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  const ProcessResult result = RunFailing(project, {"-c", "nowhere.ini", "upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains("nowhere.ini"));
  CHECK_THAT(result.err, Contains("does not exist"));
}

TEST_CASE("a malformed retort.ini is an error naming the file and line", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  WriteIni(project, "script_location = migrations\nthis line has no equals sign\nurl = " +
                        project.url() + "\n");
  const ProcessResult result = RunFailing(project, {"current"}, 1);
  CHECK_THAT(result.err, Contains("retort.ini:3"));
  CHECK_THAT(result.err, Contains("this line has no equals sign"));
}

TEST_CASE("an unknown option in [retort] is an error naming the file and option",
          "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  WriteIni(project, "script_location = migrations\nurl = " + project.url() + "\ncolour = blue\n");
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains("retort.ini"));
  CHECK_THAT(result.err, Contains("unknown option 'colour' in [retort]"));
}

TEST_CASE("a value an option cannot take is an error naming the file, option and value",
          "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  WriteIni(project, "script_location = migrations\nurl = " + project.url() +
                        "\ntransaction_per_revision = sometimes\n");
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains("retort.ini"));
  CHECK_THAT(result.err, Contains("transaction_per_revision"));
  CHECK_THAT(result.err, Contains("'sometimes'"));
}

TEST_CASE("an unset variable in the url is an error naming the file, option and variable",
          "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  WriteIni(project,
           "script_location = migrations\nurl = sqlite:///${RETORT_TEST_UNSET_DIR}/app.db\n");
  const ProcessResult result =
      RunFailing(project, {"upgrade", "head"}, 1, {{"RETORT_TEST_UNSET_DIR", ""}});
  CHECK_THAT(result.err, Contains("retort.ini"));
  CHECK_THAT(result.err, Contains("url"));
  CHECK_THAT(result.err, Contains("${RETORT_TEST_UNSET_DIR}"));
  CHECK_THAT(result.err, Contains("not set"));
}

// --- Database URLs -------------------------------------------------------

TEST_CASE("a URL without a scheme is an error showing the URL", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  const ProcessResult result = RunFailing(project, {"--url", "other.db", "upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains("bad database URL 'other.db'"));
  CHECK_THAT(result.err, Contains("scheme://"));
  CHECK_FALSE(std::filesystem::exists(project.root() / "other.db"));
}

TEST_CASE("a SQLite URL with a host is an error showing the URL", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  const ProcessResult result =
      RunFailing(project, {"--url", "sqlite://localhost/other.db", "upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains("sqlite://localhost/other.db"));
  CHECK_THAT(result.err, Contains("names a host"));
  CHECK_FALSE(std::filesystem::exists(project.root() / "other.db"));
}

TEST_CASE("a URL with an unknown scheme is an error naming the scheme", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  const ProcessResult result =
      RunFailing(project, {"--url", "mysqlx://app@localhost/app", "upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains("'mysqlx://'"));
  CHECK_THAT(result.err, Contains("sqlite://"));  // what is known
}

TEST_CASE("an unknown SQLite URL parameter is an error naming the parameter", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  const ProcessResult result =
      RunFailing(project, {"--url", project.url() + "?journal_mode=wal", "upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains("unknown parameter 'journal_mode'"));
  CHECK_THAT(result.err, Contains("timeout"));  // what is known
}

TEST_CASE("a bad URL from RETORT_URL says that it came from RETORT_URL", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  // retort.ini is fine; only the environment is wrong, and the message must
  // send the user there rather than to the file.
  const ProcessResult result =
      RunFailing(project, {"upgrade", "head"}, 1, {{"RETORT_URL", "other.db"}});
  CHECK_THAT(result.err, Contains("'other.db'"));
  CHECK_THAT(result.err, Contains("RETORT_URL"));
}

// --- Revision files ------------------------------------------------------

TEST_CASE("a down_revision naming a missing revision is an error naming file and revision",
          "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  project.AddYamlRevision(kSecond, "c0ffee000000", kCreateUsers);
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains(RevisionFile(kSecond)));
  CHECK_THAT(result.err, Contains("down_revision 'c0ffee000000'"));
}

TEST_CASE("malformed YAML is an error naming the file and line", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  project.AddRevision(std::string(kSecond) + "_rev.yaml",
                      "revision: " + std::string(kSecond) + "\ndown_revision: " + kFirst +
                          "\nmessage: indented with a tab\nupgrade:\n"
                          "  - drop_table: users\n"
                          "\t- drop_table: users\n");
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains(RevisionFile(kSecond) + ":6:"));
  CHECK_THAT(result.err, Contains("not valid YAML"));
}

TEST_CASE("an unknown operation is an error naming the file, line and operation",
          "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  project.AddYamlRevision(kSecond, kFirst, "  - frobnicate_table: {name: users}\n");
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains(RevisionFile(kSecond) + ":5:"));
  CHECK_THAT(result.err, Contains("unknown operation 'frobnicate_table'"));
  CHECK_THAT(result.err, Contains("add_column"));  // the known ones are listed
}

TEST_CASE("an unknown key in an operation is an error naming the file, line and key",
          "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  project.AddYamlRevision(kSecond, kFirst,
                          "  - add_column:\n"
                          "      table: users\n"
                          "      colour: red\n"
                          "      column: {name: age, type: integer}\n");
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains(RevisionFile(kSecond) + ":7:"));
  CHECK_THAT(result.err, Contains("unknown key 'colour' in add_column"));
}

TEST_CASE("an unknown type is an error naming the file, line and type", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  project.AddYamlRevision(kSecond, kFirst,
                          "  - add_column: {table: users, column: {name: age, type: hyperint}}\n");
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains(RevisionFile(kSecond) + ":5:"));
  CHECK_THAT(result.err, Contains("unknown type 'hyperint'"));
}

TEST_CASE("a key given twice in a revision file is an error, not silently dropped",
          "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  // YAML forbids duplicate keys; taking either list would silently skip the
  // other one's operations.
  project.AddRevision(
      std::string(kSecond) + "_rev.yaml",
      "revision: " + std::string(kSecond) + "\ndown_revision: " + kFirst +
          "\nmessage: two upgrade sections\nupgrade:\n"
          "  - create_table: {name: orders, columns: [{name: id, type: integer}]}\n"
          "upgrade:\n"
          "  - create_table: {name: invoices, columns: [{name: id, type: integer}]}\n");
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains(RevisionFile(kSecond) + ":6"));
  CHECK_THAT(result.err, Contains("upgrade"));
  CHECK(VersionRows(project.database()) == std::vector<std::string>{kFirst});
}

// --- The revision graph --------------------------------------------------

TEST_CASE("revisions that form a cycle are an error naming the revisions", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  project.AddYamlRevision(kSecond, kThird, "  []\n");
  project.AddYamlRevision(kThird, kSecond, "  []\n");
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains("cycle"));
  CHECK_THAT(result.err, Contains(kSecond));
  CHECK_THAT(result.err, Contains(kThird));
  CHECK_THAT(result.err, Contains(RevisionFile(kSecond)) || Contains(RevisionFile(kThird)));
}

TEST_CASE("a revision id declared in two files is an error naming both files", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  project.AddRevision(
      std::string(kFirst) + "_copy.yaml",
      "revision: " + std::string(kFirst) + "\ndown_revision: null\nmessage: a copy\nupgrade: []\n");
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains("'" + std::string(kFirst) + "' is declared twice"));
  CHECK_THAT(result.err, Contains(RevisionFile(kFirst)));
  CHECK_THAT(result.err, Contains("versions/" + std::string(kFirst) + "_copy.yaml"));
}

// --- Targets -------------------------------------------------------------

TEST_CASE("an ambiguous prefix target is an error listing what it matches", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  project.AddYamlRevision("a1b2ffff0000", kFirst, "  []\n");
  const ProcessResult result = RunFailing(project, {"upgrade", "a1b2"}, 1);
  CHECK_THAT(result.err, Contains("'a1b2' is ambiguous"));
  CHECK_THAT(result.err, Contains(kFirst));
  CHECK_THAT(result.err, Contains("a1b2ffff0000"));
}

TEST_CASE("an unknown target is an error naming the target", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  const ProcessResult result = RunFailing(project, {"upgrade", "ffff0000ffff"}, 1);
  CHECK_THAT(result.err, Contains("'ffff0000ffff'"));
}

TEST_CASE("a prefix shorter than four characters is an error saying so", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  const ProcessResult result = RunFailing(project, {"upgrade", "a1b"}, 1);
  CHECK_THAT(result.err, Contains("'a1b'"));
  CHECK_THAT(result.err, Contains("at least 4 characters"));
}

TEST_CASE("target head with several heads is an error listing the heads", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  project.AddYamlRevision(kSecond, kFirst, "  []\n");
  project.AddYamlRevision(kThird, kFirst, "  []\n");
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains("'head' is ambiguous"));
  CHECK_THAT(result.err, Contains(kSecond));
  CHECK_THAT(result.err, Contains(kThird));
  CHECK_THAT(result.err, Contains("heads"));  // the way out
}

TEST_CASE("downgrading to a revision that is not applied is an error naming it",
          "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  project.AddYamlRevision(kSecond, kFirst, "  []\n");
  const ProcessResult result = RunFailing(project, {"downgrade", kSecond}, 1);
  CHECK_THAT(result.err, Contains("cannot downgrade to " + std::string(kSecond)));
  CHECK_THAT(result.err, Contains("not applied"));
}

TEST_CASE("a bad target leaves a database that did not exist uncreated", "[cli][bad-input]") {
  Project project;
  project.AddYamlRevision(kFirst, "", kCreateUsers);
  REQUIRE(FileDigest(project.database()) == "missing");
  const ProcessResult result = RunFailing(project, {"upgrade", "ffff0000ffff"}, 1);
  CHECK_THAT(result.err, Contains("'ffff0000ffff'"));
  CHECK_FALSE(std::filesystem::exists(project.database()));
}

// --- Running revisions ---------------------------------------------------

TEST_CASE("downgrading through an irreversible revision names the revision, file and line",
          "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  project.AddYamlRevision(kSecond, kFirst,
                          "  - execute: INSERT INTO users (id, name) VALUES (1, 'ada')\n");
  REQUIRE(Retort(project, {"upgrade", "head"}).exit_code == 0);
  const ProcessResult result = RunFailing(project, {"downgrade", "base"}, 1);
  CHECK_THAT(result.err, Contains("cannot downgrade revision " + std::string(kSecond)));
  CHECK_THAT(result.err, Contains(RevisionFile(kSecond) + ":5"));
  CHECK_THAT(result.err, Contains("execute"));
  CHECK_THAT(result.err, Contains("write a 'downgrade:' section"));  // the way out
  CHECK(VersionRows(project.database()) == std::vector<std::string>{kSecond});
  CHECK(HasTable(project.database(), "users"));
}

TEST_CASE("a revision whose SQL fails mid-way is rolled back to the previous revision",
          "[cli][bad-input]") {
  Project project;
  project.AddYamlRevision(kFirst, "", kCreateUsers);
  project.AddYamlRevision(
      kSecond, kFirst,
      "  - create_table: {name: orders, columns: [{name: id, type: integer}]}\n"
      "  - execute: INSERT INTO missing_table (id) VALUES (1)\n"
      "  - create_table: {name: invoices, columns: [{name: id, type: integer}]}\n");

  // From base: the first revision commits, the second one rolls back.
  const ProcessResult first_run = Retort(project, {"upgrade", "head"});
  INFO("stderr: " << first_run.err);
  CHECK(first_run.exit_code == 1);
  CHECK_THAT(first_run.out, Contains("Running upgrade " + std::string(kFirst) + " -> " + kSecond));
  CHECK_THAT(first_run.err, Contains("revision " + std::string(kSecond)));
  CHECK_THAT(first_run.err, Contains(RevisionFile(kSecond) + ":6"));
  CHECK_THAT(first_run.err, Contains("execute INSERT INTO missing_table"));
  CHECK_THAT(first_run.err, Contains("no such table: missing_table"));
  CHECK_THAT(first_run.err, Contains("the database is at " + std::string(kFirst)));
  CHECK(VersionRows(project.database()) == std::vector<std::string>{kFirst});
  CHECK(HistoryRows(project.database()) ==
        std::vector<std::string>{std::string(kFirst) + " upgrade"});
  CHECK(HasTable(project.database(), "users"));
  CHECK_FALSE(HasTable(project.database(), "orders"));
  CHECK_FALSE(HasTable(project.database(), "invoices"));

  // Run again from there: the same failure, and not a byte changes.
  const ProcessResult second_run = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(second_run.err, Contains(RevisionFile(kSecond) + ":6"));
  CHECK_FALSE(HasTable(project.database(), "orders"));
}

TEST_CASE("an operation that needs a forbidden rebuild fails before anything runs, naming it",
          "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  project.AddYamlRevision(
      kSecond, kFirst, "  - create_table: {name: orders, columns: [{name: id, type: integer}]}\n");
  project.AddYamlRevision(
      kThird, kSecond,
      "  - alter_column: {table: users, column: name, type: text, rebuild: never}\n");
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains("revision " + std::string(kThird)));
  CHECK_THAT(result.err, Contains(RevisionFile(kThird) + ":5"));
  CHECK_THAT(result.err, Contains("alter_column users.name"));
  CHECK_THAT(result.err, Contains("rebuild: never"));
  CHECK_THAT(result.err, Contains("nothing was run"));
  CHECK_THAT(result.out, !Contains("Running upgrade"));
  CHECK(VersionRows(project.database()) == std::vector<std::string>{kFirst});
  CHECK_FALSE(HasTable(project.database(), "orders"));
}

// --- The command line ----------------------------------------------------

TEST_CASE("an unknown command is a usage error naming it", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  const ProcessResult result = RunFailing(project, {"frobnicate"}, 2);
  CHECK_THAT(result.err, Contains("unknown command 'frobnicate'"));
  CHECK_THAT(result.err, Contains("retort --help"));
}

TEST_CASE("an unknown option of a command is a usage error naming it", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  const ProcessResult result = RunFailing(project, {"upgrade", "--bogus", "head"}, 2);
  CHECK_THAT(result.err, Contains("upgrade"));
  CHECK_THAT(result.err, Contains("'--bogus'"));
}

TEST_CASE("an unknown option before the command is a usage error naming it", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  const ProcessResult result = RunFailing(project, {"--bogus", "current"}, 2);
  CHECK_THAT(result.err, Contains("'--bogus'"));
}

TEST_CASE("a missing argument is a usage error naming it", "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  const std::vector<std::pair<std::string, std::string>> commands = {{"upgrade", "TARGET"},
                                                                     {"downgrade", "TARGET"},
                                                                     {"show", "REVISION"},
                                                                     {"stamp", "REVISION"},
                                                                     {"init", "DIRECTORY"}};
  for (const auto& [command, argument] : commands) {
    INFO("retort " << command);
    const ProcessResult result = RunFailing(project, {command}, 2);
    CHECK_THAT(result.err, Contains(command + ":"));
    CHECK_THAT(result.err, Contains("missing"));
    CHECK_THAT(result.err, Contains(argument));
  }
  CHECK_FALSE(std::filesystem::exists(project.root() / "DIRECTORY"));
}

TEST_CASE("an option value of the wrong kind is a usage error naming option and value",
          "[cli][bad-input]") {
  Project project;
  MigrateFirstRevision(project);
  SECTION("--lock-timeout") {
    const ProcessResult result =
        RunFailing(project, {"upgrade", "head", "--lock-timeout", "soon"}, 2);
    CHECK_THAT(result.err, Contains("--lock-timeout"));
    CHECK_THAT(result.err, Contains("'soon'"));
  }
  SECTION("--format") {
    const ProcessResult result = RunFailing(project, {"revision", "-m", "x", "--format", "xml"}, 2);
    CHECK_THAT(result.err, Contains("--format"));
    CHECK_THAT(result.err, Contains("'xml'"));
    const auto files = std::filesystem::directory_iterator(project.versions());
    CHECK(std::distance(begin(files), end(files)) == 1);  // kFirst's file only
  }
  SECTION("--lock") {
    const ProcessResult result = RunFailing(project, {"--lock", "leases", "upgrade", "head"}, 2);
    CHECK_THAT(result.err, Contains("--lock: 'leases' is not auto, session or lease"));
  }
}

}  // namespace
}  // namespace retort::testing
