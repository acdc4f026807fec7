// The MySQL dialect against a real MariaDB server (RETORT_TEST_MYSQL_URL):
// the dialect contract's own checks, a history up and down with no drift,
// eight deployers at once, the named lock's timeout, and an
// ALTER algorithm the server refuses for one table.
#include <catch2/catch.hpp>
#include <thread>

#include "cli_test_helpers.h"
#include "mysql_support.h"

using namespace retort;
using namespace retort::testing;

namespace {

using Rows = std::vector<std::vector<std::string>>;

std::map<std::string, std::string> At(const MysqlDatabase& database) {
  return {{"RETORT_URL", database.url()}};
}

}  // namespace

TEST_CASE("the dialect contract's checks pass on MariaDB", "[mysql][conformance]") {
  MysqlDatabase database;
  Project project;
  const ProcessResult result =
      RunOk(project, {"conformance", "--url", database.url(), "--case", "connection"});
  CHECK_THAT(result.out, Catch::Contains("ok   connection/query_types") &&
                             Catch::Contains("ok   connection/query_parameters") &&
                             Catch::Contains("ok   connection/query_errors"));
}

TEST_CASE("a history runs up and down on MariaDB and check finds no drift", "[mysql][history]") {
  MysqlDatabase database;
  Project project;
  project.AddYamlRevision("aaaaaaaaaaaa", "", R"yaml(  - create_table:
      name: accounts
      columns:
        - {name: id, type: bigint, primary_key: true, autoincrement: true}
        - {name: plan, type: string(32), nullable: false, server_default: "'free'"}
        - {name: created_at, type: datetime, nullable: false, server_default: CURRENT_TIMESTAMP}
        - {name: active, type: boolean, nullable: false, server_default: "true"}
      check_constraints:
        - {name: ck_accounts_plan, condition: "plan IN ('free', 'family')"}
  - create_table:
      name: users
      columns:
        - {name: id, type: integer, primary_key: true, autoincrement: true}
        - {name: account_id, type: bigint, references: accounts.id}
        - {name: email, type: string(200), nullable: false, unique: true}
        - {name: note, type: text}
  - create_index: {name: ix_users_note_email, table: users, columns: [email, account_id]}
)yaml");
  project.AddYamlRevision(
      "bbbbbbbbbbbb", "aaaaaaaaaaaa",
      R"yaml(  - add_column: {table: users, column: {name: nickname, type: string(40), comment: shown to others}}
  - alter_column: {table: users, column: email, type: string(320), existing_type: string(200), existing_nullable: false}
  - rename_table: {name: users, new_name: members}
)yaml");
  RunOk(project, {"upgrade", "head"}, At(database));
  CHECK(database.Query("SELECT version_num FROM retort_version") == Rows{{"bbbbbbbbbbbb"}});
  CHECK(RunOk(project, {"check"}, At(database)).out ==
        "The database has the schema of bbbbbbbbbbbb\n");
  // The history's times are UTC and read back as written.
  CHECK_THAT(RunOk(project, {"history"}, At(database)).out, Catch::Contains("bbbbbbbbbbbb"));
  RunOk(project, {"downgrade", "aaaaaaaaaaaa"}, At(database));
  CHECK(RunOk(project, {"check"}, At(database)).out ==
        "The database has the schema of aaaaaaaaaaaa\n");
  RunOk(project, {"downgrade", "base"}, At(database));
  CHECK(database.Query("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                       "DATABASE() AND TABLE_NAME NOT LIKE 'retort%'") == Rows{{"0"}});
  RunOk(project, {"upgrade", "head"}, At(database));
  CHECK(RunOk(project, {"check"}, At(database)).out ==
        "The database has the schema of bbbbbbbbbbbb\n");
}

TEST_CASE("eight concurrent upgrades on MariaDB apply each revision exactly once",
          "[mysql][concurrency]") {
  MysqlDatabase database;
  Project project;
  std::string previous;
  for (int i = 1; i <= 5; ++i) {
    const std::string id = "c0ffee00000" + std::to_string(i);
    std::string ops = "  - create_table: {name: t" + std::to_string(i) +
                      ", columns: [{name: id, type: integer}]}\n";
    if (i == 3) ops += "  - execute: SELECT SLEEP(0.5)\n";
    project.AddYamlRevision(id, previous, ops);
    previous = id;
  }
  constexpr int kProcesses = 8;
  std::vector<ProcessResult> results(kProcesses);
  std::vector<std::thread> instances;
  for (int i = 0; i < kProcesses; ++i) {
    instances.emplace_back([&, i] {
      results[i] = RunRetort({"--url", database.url(), "upgrade", "head"}, project.root(),
                             {{"RETORT_URL", ""}});
    });
  }
  for (std::thread& instance : instances) instance.join();
  int upgraded = 0;
  for (const ProcessResult& result : results) {
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == 0);
    upgraded += result.out.find("5 revisions") != std::string::npos ? 1 : 0;
  }
  CHECK(upgraded == 1);
  CHECK(database.Query("SELECT revision, COUNT(*) FROM retort_history GROUP BY revision "
                       "ORDER BY revision") == Rows{{"c0ffee000001", "1"},
                                                    {"c0ffee000002", "1"},
                                                    {"c0ffee000003", "1"},
                                                    {"c0ffee000004", "1"},
                                                    {"c0ffee000005", "1"}});
  CHECK(database.Query("SELECT IS_USED_LOCK('retort:" + database.name() + "')") == Rows{{"NULL"}});
}

TEST_CASE("an upgrade on MariaDB that cannot get the named lock in time changes nothing",
          "[mysql][concurrency]") {
  MysqlDatabase database;
  Project project;
  project.AddYamlRevision("aaaaaaaaaaaa", "",
                          "  - create_table: {name: t, columns: [{name: id, type: integer}]}\n");
  // Another session holds the lock, as a migrating retort would.
  const std::string lock = "'retort:" + database.name() + "'";
  std::thread holder([&] { database.Exec("SELECT GET_LOCK(" + lock + ", 10); SELECT SLEEP(3)"); });
  for (int wait = 0;
       wait < 100 && database.Query("SELECT IS_USED_LOCK(" + lock + ")") == Rows{{"NULL"}};
       ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const ProcessResult result =
      Retort(project, {"--url", database.url(), "upgrade", "head", "--lock-timeout", "0.3"});
  holder.join();
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Contains("another retort process is migrating") &&
                             Catch::Contains("GET_LOCK('retort:" + database.name() + "')") &&
                             Catch::Contains("not free within 300 ms") &&
                             Catch::Contains("server connection "));
  CHECK(database.Query("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                       "DATABASE() AND TABLE_NAME = 't'") == Rows{{"0"}});
}

TEST_CASE("an ALTER algorithm MariaDB refuses for a table steps down and says so",
          "[mysql][algorithm]") {
  MysqlDatabase database;
  Project project;
  project.AddYamlRevision("aaaaaaaaaaaa", "",
                          "  - create_table: {name: notes, columns: [{name: id, type: integer, "
                          "primary_key: true}, {name: body, type: string(40)}]}\n"
                          "  - bulk_insert: {table: notes, rows: [{id: 1, body: kept}]}\n");
  // 40 characters of utf8mb4 take up to 160 bytes, 300 up to 1200: the
  // length takes another byte, which InnoDB cannot change in place.
  project.AddYamlRevision("bbbbbbbbbbbb", "aaaaaaaaaaaa",
                          "  - alter_column: {table: notes, column: body, type: string(300)}\n");
  const ProcessResult result = RunOk(project, {"upgrade", "head"}, At(database));
  // The server says only a copy can do it: that is what runs next.
  CHECK_THAT(result.out + result.err,
             Catch::Contains("cannot do it with INSTANT") &&
                 Catch::Contains("running it as ALTER TABLE `notes` MODIFY COLUMN `body` "
                                 "VARCHAR(300) NULL\n") &&
                 !Catch::Contains("ALGORITHM=INPLACE"));
  CHECK(database.Query("SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                       "DATABASE() AND TABLE_NAME = 'notes' AND COLUMN_NAME = 'body'") ==
        Rows{{"varchar(300)"}});
  CHECK(database.Query("SELECT body FROM notes") == Rows{{"kept"}});
}

// DDL commits by itself on MariaDB: a revision that fails part-way keeps
// what ran, is marked incomplete, and is never run again until a person
// says with a stamp what the database is.
TEST_CASE("a revision that fails part-way on MariaDB is marked incomplete and never run twice",
          "[mysql][incomplete]") {
  MysqlDatabase database;
  Project project;
  project.AddYamlRevision("aaaaaaaaaaaa", "",
                          "  - create_table: {name: t, columns: [{name: id, type: integer}]}\n");
  project.AddYamlRevision("bbbbbbbbbbbb", "aaaaaaaaaaaa",
                          "  - add_column: {table: t, column: {name: a, type: integer}}\n"
                          "  - execute: INSERT INTO no_such_table VALUES (1)\n"
                          "  - add_column: {table: t, column: {name: b, type: integer}}\n");
  RunOk(project, {"upgrade", "aaaaaaaaaaaa"}, At(database));
  const ProcessResult failed = Retort(project, {"upgrade", "head"}, At(database));
  INFO(failed.out << failed.err);
  CHECK(failed.exit_code == 1);
  CHECK_THAT(failed.err, Catch::Contains("no_such_table") &&
                             Catch::Contains("mysql commits each DDL statement as it runs") &&
                             Catch::Contains("marked incomplete") &&
                             Catch::Contains("'retort stamp bbbbbbbbbbbb'") &&
                             Catch::Contains("'retort stamp aaaaaaaaaaaa'"));
  // Exactly what ran, statement by statement, and what did not.
  const std::string progress =
      "  ran: line 5, add_column t.a: ALTER TABLE `t` ADD COLUMN `a` INT";
  const std::string rest =
      "  failed: line 6, execute INSERT INTO no_such_table VALUES (1)\n"
      "  not run: line 7, add_column t.b\n";
  CHECK_THAT(failed.err, Catch::Contains(progress) && Catch::Contains(rest));
  const std::string columns =
      "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND "
      "TABLE_NAME = 't' ORDER BY ORDINAL_POSITION";
  // What ran before the failure stays; what came after it never ran.
  CHECK(database.Query(columns) == Rows{{"id"}, {"a"}});
  CHECK(database.Query("SELECT version_num FROM retort_version") == Rows{{"aaaaaaaaaaaa"}});
  // A second upgrade does not run the revision again: add_column a would
  // fail, or worse, repeat what a revision did.
  const ProcessResult again = Retort(project, {"upgrade", "head"}, At(database));
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.err, Catch::Contains("revision bbbbbbbbbbbb is incomplete") &&
                            Catch::Contains(progress) && Catch::Contains(rest));
  CHECK(database.Query(columns) == Rows{{"id"}, {"a"}});
  // Finished by hand, then stamped: the history goes on.
  database.Exec("ALTER TABLE t ADD COLUMN b INT");
  RunOk(project, {"stamp", "bbbbbbbbbbbb", "--force"}, At(database));
  CHECK_THAT(RunOk(project, {"current"}, At(database)).out, Catch::Contains("bbbbbbbbbbbb"));
}
