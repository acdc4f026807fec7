// Options of the commands that change a database, through the real retort
// binary on a SQLite file: -x values in revisions' SQL, --tag in the history
// (and `log`), version_table and version_table_schema, ensure_version, and
// the tag column added to a history table an older retort made.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli_test_helpers.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Catch::Contains;
using Catch::StartsWith;
using Rows = std::vector<std::string>;

constexpr char kEvents[] = "e1e1e1e1e1e1";
constexpr char kSeed[] = "f2f2f2f2f2f2";

// A plain-SQL revision and a YAML one whose SQL reads -x prefix and -x count.
void AddRevisionsReadingX(Project& project) {
  project.AddRevision(std::string(kEvents) + "_events.sql",
                      "-- revision: " + std::string(kEvents) +
                          "\n-- down_revision: null\n-- message: events\n-- migrate:up\n"
                          "CREATE TABLE ${x.prefix}_events (id INTEGER PRIMARY KEY, note TEXT);\n"
                          "-- migrate:down\nDROP TABLE ${x.prefix}_events;\n");
  project.AddYamlRevision(kSeed, kEvents,
                          "  - execute: {sql: \"INSERT INTO ${x.prefix}_events VALUES "
                          "(${x.count}, '$${x.count}')\"}\n",
                          "downgrade: []\n");
}

// "revision direction tag" of every history row, oldest first.
Rows TaggedHistory(const Project& project) {
  Rows rows;
  for (const auto& row : Query(project.database(),
                               "SELECT revision || ' ' || direction || ' ' || COALESCE(tag, "
                               "'-') FROM retort_history ORDER BY id")) {
    rows.push_back(row[0]);
  }
  return rows;
}

}  // namespace

TEST_CASE("x arguments fill their references in .sql revisions and execute operations",
          "[cli][x-arg]") {
  Project project;
  AddRevisionsReadingX(project);
  // -x is a global option: before the command or after it.
  RunOk(project, {"-x", "prefix=acme", "upgrade", "head", "--x-arg", "count=7"});
  CHECK(Query(project.database(), "SELECT id, note FROM acme_events") ==
        std::vector<std::vector<std::string>>{{"7", "${x.count}"}});
  // The checksum is of the file as written, not of the SQL that ran.
  CHECK(Query(project.database(), "SELECT checksum FROM retort_history WHERE revision = '" +
                                      std::string(kEvents) + "'")[0][0] ==
        FileDigest(project.versions() / (std::string(kEvents) + "_events.sql")));
  RunOk(project, {"-x", "prefix=acme", "downgrade", "base"});
  CHECK_FALSE(HasTable(project.database(), "acme_events"));
}

TEST_CASE("a run's tag is recorded in the history rows of upgrade, downgrade and stamp, and log "
          "shows it",
          "[cli][tag]") {
  Project project;
  AddRevisionsReadingX(project);
  RunOk(project, {"-x", "prefix=p", "-x", "count=1", "upgrade", "head", "--tag", "release-1"});
  RunOk(project, {"-x", "prefix=p", "downgrade", "-1", "--tag", "rollback"});
  // Not the revisions' schemas: --force.
  RunOk(project, {"stamp", kSeed, "--tag", "adopt 2", "--force"});
  RunOk(project, {"stamp", kEvents, "--force"});
  CHECK(TaggedHistory(project) == Rows{std::string(kEvents) + " upgrade release-1",
                                       std::string(kSeed) + " upgrade release-1",
                                       std::string(kSeed) + " downgrade rollback",
                                       std::string(kEvents) + " unstamp adopt 2",
                                       std::string(kSeed) + " stamp adopt 2",
                                       std::string(kSeed) + " unstamp -",
                                       std::string(kEvents) + " stamp -"});

  // The history rows, then kSeed, which the last stamp left pending.
  const Rows lines = Lines(RunOk(project, {"log"}).out);
  REQUIRE(lines.size() == 8);
  CHECK_THAT(lines[0], Contains("  upgrade    " + std::string(kEvents) + "  ") &&
                           Contains(" ms  ") && Contains("  tag: release-1"));
  CHECK_THAT(lines[3], Contains("  unstamp    " + std::string(kEvents) + "  ") &&
                           Contains("  tag: adopt 2"));
  CHECK_THAT(lines[6], Contains("  stamp      " + std::string(kEvents) + "  ") &&
                           !Contains("tag:") && !Contains(" ms"));
  CHECK_THAT(lines[7], StartsWith("pending") && Contains("  upgrade    " + std::string(kSeed)));
  const Rows last_two = Lines(RunOk(project, {"log", "-n", "2"}).out);
  REQUIRE(last_two.size() == 3);
  CHECK_THAT(last_two[0], Contains("  unstamp  " + std::string(kSeed)));
  CHECK_THAT(last_two[1], Contains("  stamp    " + std::string(kEvents)));
  CHECK_THAT(last_two[2], StartsWith("pending") && Contains(kSeed));
}

TEST_CASE("log on a database retort has not migrated says so", "[cli][tag]") {
  Project project;
  CHECK(RunOk(project, {"log"}).out == "(no history: retort has not migrated this database)\n");
  CHECK_FALSE(std::filesystem::exists(project.database()));
}

TEST_CASE("a history table from before --tag gains the column on the next write and keeps its "
          "rows",
          "[cli][tag]") {
  Project project;
  project.AddYamlRevision(kEvents, "",
                          "  - create_table: {name: a, columns: [{name: id, type: integer}]}\n");
  project.AddYamlRevision(kSeed, kEvents,
                          "  - create_table: {name: b, columns: [{name: id, type: integer}]}\n");
  // The tables as the first retort made them, at kEvents (with its file's
  // checksum: an edited revision would stop the upgrade).
  const std::string checksum =
      FileDigest(project.versions() / (std::string(kEvents) + "_rev.yaml"));
  Exec(project.database(),
       "CREATE TABLE retort_version (version_num VARCHAR(255) NOT NULL, CONSTRAINT "
       "retort_version_pkc PRIMARY KEY (version_num));"
       "CREATE TABLE retort_history (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, revision "
       "VARCHAR(255) NOT NULL, direction VARCHAR(16) NOT NULL, checksum VARCHAR(64), started_at "
       "TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ NOT NULL, duration_ms DOUBLE NOT NULL, "
       "executed_by VARCHAR(255) NOT NULL);"
       "CREATE TABLE a (id INTEGER);"
       "INSERT INTO retort_version VALUES ('" + std::string(kEvents) + "');"
       "INSERT INTO retort_history (revision, direction, checksum, started_at, finished_at, "
       "duration_ms, executed_by) VALUES ('" + std::string(kEvents) + "', 'upgrade', '" + checksum +
       "', '2024-01-02 03:04:05.000000+00:00', '2024-01-02 03:04:05.100000+00:00', 100.0, "
       "'old@host');");

  // Reading changes nothing.
  const std::string before = FileDigest(project.database());
  CHECK_THAT(RunOk(project, {"log"}).out,
             Contains("2024-01-02 03:04:05  upgrade  " + std::string(kEvents) +
                      "  " + checksum.substr(0, 8) + "  100.0 ms  old@host\n"));
  RunOk(project, {"current"});
  CHECK(FileDigest(project.database()) == before);

  RunOk(project, {"upgrade", "head", "--tag", "after"});
  CHECK(TaggedHistory(project) == Rows{std::string(kEvents) + " upgrade -",
                                       std::string(kSeed) + " upgrade after"});
  CHECK(Query(project.database(),
              "SELECT executed_by, checksum FROM retort_history WHERE id = 1") ==
        std::vector<std::vector<std::string>>{{"old@host", checksum}});
}

TEST_CASE("version_table renames the version and history tables", "[cli][version-table]") {
  Project project;
  AddRevisionsReadingX(project);
  WriteFile(project.ini(), "[retort]\nscript_location = migrations\nurl = " + project.url() +
                               "\nversion_table = events_version\n");
  RunOk(project, {"-x", "prefix=p", "-x", "count=1", "upgrade", "head", "--tag", "t"});
  CHECK(Query(project.database(), "SELECT version_num FROM events_version") ==
        std::vector<std::vector<std::string>>{{kSeed}});
  CHECK(Query(project.database(), "SELECT count(*) FROM events_history WHERE tag = 't'") ==
        std::vector<std::vector<std::string>>{{"2"}});
  CHECK_FALSE(HasTable(project.database(), "retort_version"));
  CHECK_FALSE(HasTable(project.database(), "retort_history"));
  CHECK_THAT(RunOk(project, {"current"}).out, Contains(std::string(kSeed) + " (head)"));
  CHECK(Lines(RunOk(project, {"log"}).out).size() == 2);

  // Another script directory with the default tables shares the file and
  // starts from base: the two histories do not mix.
  WriteFile(project.root() / "other.ini",
            "[retort]\nscript_location = migrations\nurl = " + project.url() + "\n");
  CHECK_THAT(RunOk(project, {"-c", "other.ini", "current"}).out, Contains("(base"));
}

TEST_CASE("version_table_schema main on SQLite keeps retort's tables in the main database",
          "[cli][version-table]") {
  Project project;
  AddRevisionsReadingX(project);
  WriteFile(project.ini(), "[retort]\nscript_location = migrations\nurl = " + project.url() +
                               "\nversion_table_schema = main\n");
  RunOk(project, {"-x", "prefix=p", "-x", "count=1", "upgrade", "head"});
  CHECK(VersionRows(project.database()) == Rows{kSeed});
  CHECK_THAT(RunOk(project, {"current"}).out, Contains(std::string(kSeed) + " (head)"));
}

TEST_CASE("ensure_version creates the version tables and nothing else, once",
          "[cli][ensure-version]") {
  Project project;
  AddRevisionsReadingX(project);
  CHECK(RunOk(project, {"ensure_version"}).out ==
        "Created retort_version and retort_history\n");
  CHECK(SchemaObjects(project.database()) == Rows{"table retort_history", "table retort_version"});
  CHECK(VersionRows(project.database()).empty());
  CHECK(HistoryRows(project.database()).empty());
  CHECK(Query(project.database(), "SELECT count(*) FROM pragma_table_info('retort_history') "
                                  "WHERE name = 'tag'")[0][0] == "1");

  const std::string before = FileDigest(project.database());
  CHECK(RunOk(project, {"ensure_version"}).out ==
        "retort_version and retort_history are up to date\n");
  CHECK(FileDigest(project.database()) == before);
  CHECK(RunOk(project, {"current"}).out == "(base: no revision applied)\n");
}

}  // namespace retort::testing
