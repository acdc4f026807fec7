// `upgrade --sql`, `downgrade --sql` and `stamp --sql` from the command line:
// a history whose every revision rebuilds SQLite tables that hold rows, run
// offline from a start part-way and replayed by sqlite3, must leave the
// database exactly as the online run does (rows, AUTOINCREMENT counters,
// views, triggers, indexes, version rows); what online checks against the
// rows, the script checks where it runs; and the commands say what is wrong
// with bad ranges.
#include <catch2/catch.hpp>

#include "cli_test_helpers.h"
#include "offline_replay.h"

using namespace retort::testing;

namespace {

// r1 makes the tables; every later revision needs a table rebuild on SQLite.
void WriteRebuildHistory(Project& project) {
  project.AddYamlRevision("r1", "null", R"(
  - create_table:
      name: parent
      columns:
        - {name: id, type: integer, primary_key: true, autoincrement: true}
        - {name: name, type: string(50)}
        - {name: code, type: string(10)}
        - {name: note, type: text}
  - create_table:
      name: child
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: parent_id, type: integer, references: parent.id, on_delete: cascade}
        - {name: label, type: string(20)}
  - create_index: {name: ix_child_label, table: child, columns: [label]}
  - execute: "CREATE VIEW parent_names AS SELECT id, name FROM parent"
  - execute:
      sqlite: "CREATE TRIGGER child_label AFTER INSERT ON child BEGIN UPDATE child SET label = upper(label) WHERE id = new.id; END"
)");
  project.AddYamlRevision("r2", "r1", R"(
  - alter_column: {table: parent, column: code, type: integer, existing_type: string(10)}
)");
  project.AddYamlRevision("r3", "r2", R"(
  - alter_column: {table: parent, column: name, nullable: false, existing_nullable: true}
  - add_column: {table: parent, column: {name: active, type: boolean, nullable: false, server_default: "1"}}
)");
  project.AddYamlRevision("r4", "r3", R"(
  - drop_column: {table: parent, column: note, existing_type: text}
  - alter_column: {table: child, column: label, new_column_name: title}
)");
}

// The rows both databases hold at r1; a deleted parent leaves its key to
// AUTOINCREMENT, which must never hand it out again.
void AddRows(const std::filesystem::path& database) {
  Exec(database,
       "INSERT INTO parent (name, code, note) VALUES ('a', '12', 'x'), ('b', '7', NULL), "
       "('c', '3', 'z');"
       "INSERT INTO child (parent_id, label) VALUES (1, 'one'), (2, 'two');"
       "DELETE FROM parent WHERE id = 3;");
}

struct TwoDatabases {
  Project project;
  std::filesystem::path online = project.database();
  std::filesystem::path offline = project.root() / "offline.db";
  std::string offline_url = "sqlite:///" + offline.string();

  TwoDatabases() {
    WriteRebuildHistory(project);
    RunOk(project, {"upgrade", "r1"});
    RunOkAt(project, offline_url, {"upgrade", "r1"});
    AddRows(online);
    AddRows(offline);
  }

  ProcessResult Script(const std::vector<std::string>& arguments) {
    return RunOkAt(project, offline_url, arguments);
  }
};

}  // namespace

TEST_CASE("upgrade --sql from a start part-way writes every rebuild in full and replays "
          "to what the online upgrade leaves",
          "[offline][cli]") {
  TwoDatabases both;
  const ProcessResult script = both.Script({"upgrade", "r1:head", "--sql"});
  CHECK_THAT(script.out, Catch::Contains("CREATE TABLE _retort_rebuild_parent ("));
  CHECK_THAT(script.out, Catch::Contains("BEGIN IMMEDIATE;"));
  CHECK_THAT(script.out, Catch::Contains("UPDATE retort_version SET version_num = 'r2' WHERE "
                                         "version_num = 'r1';"));
  CHECK_THAT(script.out, Catch::Contains("-- Running upgrade r1 -> r2"));
  // Nothing was run: the offline database is still at r1.
  CHECK(VersionRows(both.offline) == std::vector<std::string>{"r1"});

  RunOk(both.project, {"upgrade", "head"});
  const ProcessResult replay = ReplayWithSqlite3(both.offline, script.out);
  INFO(replay.err << "\n" << script.out);
  REQUIRE(replay.exit_code == 0);
  CHECK(SqliteContents(both.offline) == SqliteContents(both.online));
  CHECK(HistoryRows(both.offline) == HistoryRows(both.online));
  // The script's history rows are chained, its first to the row before it.
  RunOkAt(both.project, both.offline_url, {"validate"});
  // The counter survived the rebuilds: the deleted key 3 is not reused.
  for (const auto& database : {both.offline, both.online}) {
    Exec(database, "INSERT INTO parent (name) VALUES ('d')");
    CHECK(Query(database, "SELECT max(id) FROM parent") ==
          std::vector<std::vector<std::string>>{{"4"}});
  }

  SECTION("and downgrade --sql head:r1 takes it back as the online downgrade does") {
    const ProcessResult down = both.Script({"downgrade", "head:r1", "--sql"});
    RunOk(both.project, {"downgrade", "r1"});
    const ProcessResult back = ReplayWithSqlite3(both.offline, down.out);
    INFO(back.err << "\n" << down.out);
    REQUIRE(back.exit_code == 0);
    CHECK(SqliteContents(both.offline) == SqliteContents(both.online));
  }
}

TEST_CASE("an offline script stops, changing nothing, where the online run would have refused "
          "the rows",
          "[offline][cli]") {
  TwoDatabases both;
  std::string expected;
  std::string left_at;  // the revisions before the one that fails stay applied, as online
  SECTION("a value that does not convert") {
    Exec(both.offline, "UPDATE parent SET code = '12-a' WHERE id = 1");
    expected = "CHECK constraint failed: values of parent.code would change when converted";
    left_at = "r1";
  }
  SECTION("a child row without its parent") {
    Exec(both.offline, "INSERT INTO child (parent_id, label) VALUES (99, 'orphan')");
    expected = "CHECK constraint failed: foreign_key_check found rows without a parent";
    left_at = "r1";
  }
  SECTION("a NULL in a column that becomes NOT NULL") {
    Exec(both.offline, "UPDATE parent SET name = NULL WHERE id = 2");
    expected = "CHECK constraint failed: parent.name holds NULL";
    left_at = "r2";
  }
  const ProcessResult script = both.Script({"upgrade", "r1:head", "--sql"});
  const std::string before = SqliteContents(both.offline);
  const ProcessResult replay = ReplayWithSqlite3(both.offline, script.out);
  CHECK(replay.exit_code != 0);
  CHECK_THAT(replay.err, Catch::Contains(expected));
  // sqlite3 -bail stops there and the open transaction goes with it.
  CHECK(VersionRows(both.offline) == std::vector<std::string>{left_at});
  if (left_at == "r1") CHECK(SqliteContents(both.offline) == before);
  CHECK_FALSE(HasTable(both.offline, "_retort_rebuild_parent"));
}

TEST_CASE("upgrade --sql from base creates retort's tables first and stamp --sql writes only "
          "version and history rows",
          "[offline][cli]") {
  Project project;
  WriteRebuildHistory(project);
  const ProcessResult upgrade = RunOk(project, {"upgrade", "head", "--sql"});
  CHECK_THAT(upgrade.out, Catch::StartsWith("BEGIN IMMEDIATE;\n\nCREATE TABLE IF NOT EXISTS "
                                            "retort_version"));
  CHECK_FALSE(std::filesystem::exists(project.database()));

  const ProcessResult stamp = RunOk(project, {"stamp", "r2", "--sql"});
  CHECK_THAT(stamp.out, Catch::Contains("INSERT INTO retort_version (version_num) VALUES ('r2')"));
  CHECK_THAT(stamp.out, Catch::Contains("'stamp'"));
  const ProcessResult restamp = RunOk(project, {"stamp", "r2:r4", "--sql"});
  CHECK_THAT(restamp.out, Catch::Contains("UPDATE retort_version SET version_num = 'r4' WHERE "
                                          "version_num = 'r2'"));
  CHECK(restamp.out.find("CREATE TABLE") == std::string::npos);
  CHECK_FALSE(std::filesystem::exists(project.database()));

  // Replayed, the stamp leaves the rows a stamp leaves.
  const ProcessResult replay = ReplayWithSqlite3(project.database(), stamp.out);
  REQUIRE(replay.exit_code == 0);
  CHECK(VersionRows(project.database()) == std::vector<std::string>{"r2"});
}

TEST_CASE("offline SQL refuses what it cannot do without the database, naming it", "[offline][cli]") {
  Project project;
  WriteRebuildHistory(project);
  const ProcessResult no_start = RunFailing(project, {"downgrade", "r1", "--sql"}, 1);
  CHECK_THAT(no_start.err, Catch::Contains("downgrade --sql needs a range START:END"));
  const ProcessResult two_colons = RunFailing(project, {"upgrade", "r1:r2:r3", "--sql"}, 1);
  CHECK_THAT(two_colons.err, Catch::Contains("more than one ':'"));
  const ProcessResult unknown = RunFailing(project, {"upgrade", "zzzz:head", "--sql"}, 1);
  CHECK_THAT(unknown.err, Catch::Contains("zzzz"));
  const ProcessResult adopt = RunFailing(project, {"upgrade", "head", "--sql", "--adopt"}, 2);
  CHECK_THAT(adopt.err, Catch::Contains("--adopt reads the database"));
  const ProcessResult force = RunFailing(project, {"stamp", "r1", "--sql", "--force"}, 2);
  CHECK_THAT(force.err, Catch::Contains("--force"));
  // A revision that fails on the scratch database stops the script, which
  // is not written; there is no database to have rolled back.
  project.AddYamlRevision("r4", "r3", "  - execute: INSERT INTO missing_table VALUES (1)\n");
  const ProcessResult failing = RunRetort({"upgrade", "head", "--sql"}, project.root());
  CHECK(failing.exit_code == 1);
  CHECK(failing.out.empty());
  CHECK_THAT(failing.err, Catch::Contains("revision r4") && Catch::Contains("no such table") &&
                              Catch::Contains("no script was written"));
  CHECK_THAT(failing.err, !Catch::Contains("rolled back") && !Catch::Contains("the database is at"));
  // As online: a database already past the target needs nothing.
  const ProcessResult past = RunOk(project, {"upgrade", "r3:r1", "--sql"});
  CHECK(past.out.empty());
  CHECK_THAT(past.err, Catch::Contains("Nothing to do"));
}

// A long script is written while later revisions are still being read, a
// window ahead on another core: the steps still come out in the plan's
// order, and a revision that cannot be read far down the chain still stops
// the whole script before any of it is written.
TEST_CASE("a long offline script reads revisions ahead: its steps keep the plan's order and a "
          "revision far down that cannot be read or run stops it, writing nothing",
          "[offline][cli]") {
  constexpr int kLength = 700;  // well past the length worth a second thread
  Project project;
  const auto id = [](int n) { return "c" + std::to_string(n); };
  for (int n = 1; n <= kLength; ++n) {
    project.AddYamlRevision(id(n), n == 1 ? "" : id(n - 1),
                            "  - create_table: {name: t" + std::to_string(n) +
                                ", columns: [{name: id, type: integer, primary_key: true}]}\n");
  }
  const ProcessResult whole = RunOk(project, {"upgrade", "head", "--sql"});
  std::size_t at = 0;
  for (int n = 1; n <= kLength; ++n) {
    const std::size_t found = whole.out.find("CREATE TABLE t" + std::to_string(n) + " ", at);
    REQUIRE(found != std::string::npos);
    at = found;
  }
  // Off a terminal the progress lines reach standard error together, every one.
  CHECK_THAT(whole.err, Catch::StartsWith("Running upgrade base -> c1, revision c1\n") &&
                            Catch::Contains("Running upgrade c699 -> c700, revision c700\n"));
  REQUIRE(ReplayWithSqlite3(project.database(), whole.out).exit_code == 0);
  CHECK(VersionRows(project.database()) == std::vector<std::string>{id(kLength)});
  CHECK(Query(project.database(), "SELECT count(*) FROM sqlite_schema WHERE name GLOB 't*'") ==
        std::vector<std::vector<std::string>>{{std::to_string(kLength)}});

  SECTION("a revision that cannot be read for the run, past the reading thread's start") {
    // The file parses (the graph reads it), but its -x placeholder has no
    // value: preparing the step fails, on whichever thread reads it.
    project.AddYamlRevision(id(600), id(599), "  - execute: \"SELECT '${x.missing}'\"\n");
    const ProcessResult broken = RunRetort({"upgrade", "head", "--sql"}, project.root());
    CHECK(broken.exit_code == 1);
    CHECK(broken.out.empty());
    CHECK_THAT(broken.err, Catch::Contains("c600") && Catch::Contains("missing"));
    CHECK_THAT(broken.err, !Catch::Contains("-> c600"));  // the step never began
    // The steps written before it are shown, before the error.
    const std::size_t last_step = broken.err.find("Running upgrade c598 -> c599");
    REQUIRE(last_step != std::string::npos);
    CHECK(broken.err.find("missing", last_step) != std::string::npos);
  }
  SECTION("an operation the dialect refuses, checked by the thread that writes") {
    project.AddYamlRevision(
        id(620), id(619),
        "  - alter_column: {table: t3, column: id, type: text, rebuild: never}\n");
    const ProcessResult refused = RunRetort({"upgrade", "head", "--sql"}, project.root());
    CHECK(refused.exit_code == 1);
    CHECK(refused.out.empty());
    CHECK_THAT(refused.err, Catch::Contains(id(620) + "_") && Catch::Contains(".yaml:5") &&
                                Catch::Contains("rebuild: never"));
    CHECK_THAT(refused.err, !Catch::Contains("-> c620"));  // the step never began
    CHECK(refused.err.find("Running upgrade c618 -> c619") != std::string::npos);
  }
  SECTION("a statement that fails where the script would run") {
    project.AddYamlRevision(id(650), id(649), "  - execute: INSERT INTO missing_table VALUES (1)\n");
    const ProcessResult failing = RunRetort({"upgrade", "head", "--sql"}, project.root());
    CHECK(failing.exit_code == 1);
    CHECK(failing.out.empty());
    CHECK_THAT(failing.err, Catch::Contains("revision c650") &&
                                Catch::Contains("no script was written"));
  }
}
