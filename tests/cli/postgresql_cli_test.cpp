// The retort binary against a PostgreSQL database: what the commands print,
// their exit codes, and what they leave in the database.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli_test_helpers.h"
#include "postgres_support.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Catch::Contains;
using Catch::StartsWith;

constexpr char kUsers[] = "1111aaaa0001";
constexpr char kOrders[] = "2222bbbb0002";

// A project whose revisions create users, then orders; the database is
// chosen with --url on every command.
struct PgCli {
  Project project;
  PostgresDatabase db;

  PgCli() {
    project.AddYamlRevision(kUsers, "", R"yaml(
  - create_table:
      name: users
      columns:
        - {name: id, type: integer, primary_key: true, autoincrement: true}
        - {name: email, type: string(120), nullable: false, unique: true}
)yaml");
    project.AddYamlRevision(kOrders, kUsers, R"yaml(
  - create_table:
      name: orders
      columns:
        - {name: id, type: bigint, primary_key: true, autoincrement: true}
        - {name: user_id, type: integer, nullable: false, references: users.id, on_delete: cascade}
)yaml");
  }

  ProcessResult Run(std::vector<std::string> arguments) const {
    arguments.insert(arguments.begin(), {"--url", db.url()});
    return Retort(project, arguments);
  }

  // Runs retort and requires exit code 0.
  ProcessResult RunOk(const std::vector<std::string>& arguments) const {
    ProcessResult result = Run(arguments);
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    REQUIRE(result.exit_code == 0);
    return result;
  }

  std::vector<std::string> Column(const std::string& sql) const {
    std::vector<std::string> values;
    for (const auto& row : db.Query(sql)) values.push_back(row.at(0));
    return values;
  }

  std::vector<std::string> Versions() const {
    return Column("SELECT version_num FROM retort_version ORDER BY 1");
  }
  std::vector<std::string> History() const {
    return Column("SELECT revision || ' ' || direction FROM retort_history ORDER BY id");
  }
  bool HasTable(const std::string& table) const {
    return Column("SELECT to_regclass('" + table + "') IS NOT NULL") ==
           std::vector<std::string>{"t"};
  }
};

}  // namespace

TEST_CASE("upgrade, current, history, downgrade and stamp work on PostgreSQL",
          "[postgresql][cli]") {
  PgCli cli;
  const ProcessResult before = cli.RunOk({"current"});
  CHECK(before.out == "(base: no revision applied)\n");

  const ProcessResult up = cli.RunOk({"upgrade", "head"});
  const std::vector<std::string> lines = Lines(up.out);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "Running upgrade base -> " + std::string(kUsers) + ", revision " + kUsers);
  CHECK(lines[1] == "Running upgrade " + std::string(kUsers) + " -> " + kOrders +
                        ", revision " + kOrders);
  CHECK_THAT(lines[2], StartsWith("Upgraded to " + std::string(kOrders) + ": 2 revisions in "));
  CHECK(cli.Versions() == std::vector<std::string>{kOrders});
  CHECK(cli.HasTable("orders"));

  CHECK_THAT(cli.RunOk({"current"}).out, Contains(std::string(kOrders) + " (head)"));
  CHECK_THAT(cli.RunOk({"history", "-i"}).out,
             Contains(std::string(kUsers) + " -> " + kOrders + " (head) (current)"));
  CHECK(cli.RunOk({"upgrade", "head"}).out ==
        "Nothing to do: the database is already at head\n");

  const ProcessResult down = cli.RunOk({"downgrade", "-1"});
  CHECK_THAT(down.out, Contains("Running downgrade " + std::string(kOrders) + " -> " + kUsers) &&
                           Contains("Downgraded to " + std::string(kUsers) + ": 1 revision in "));
  CHECK_FALSE(cli.HasTable("orders"));
  CHECK(cli.HasTable("users"));

  // A stamp moves the version row and runs nothing (--force: orders is
  // gone, which stamp would otherwise refuse).
  CHECK(cli.RunOk({"stamp", kOrders, "--force"}).out == "Stamped: " + std::string(kOrders) + "\n");
  CHECK(cli.Versions() == std::vector<std::string>{kOrders});
  CHECK_FALSE(cli.HasTable("orders"));
  CHECK(cli.History() == std::vector<std::string>{
                             std::string(kUsers) + " upgrade", std::string(kOrders) + " upgrade",
                             std::string(kOrders) + " downgrade", std::string(kUsers) + " unstamp",
                             std::string(kOrders) + " stamp"});
  cli.RunOk({"stamp", "base"});
  CHECK(cli.Versions().empty());
}

// Rendering needs no server, so it does not load libpq (and the two dozen
// libraries it needs); connecting loads the dialect's client library.
TEST_CASE("offline SQL for PostgreSQL maps no libpq and connecting loads it", "[postgresql][cli]") {
  Project project;
  project.AddYamlRevision(kUsers, "", "  - create_table: {name: users, columns: [{name: id, type: integer}]}\n");
  const std::map<std::string, std::string> trace_loading{{"LD_DEBUG", "files"}};
  const std::vector<std::string> offline = {"--url", "postgresql://nobody@127.0.0.1:1/none",
                                            "upgrade", "head", "--sql"};
  const ProcessResult script = RunRetort(offline, project.root(), trace_loading);
  REQUIRE(script.exit_code == 0);
  CHECK_THAT(script.out, Contains("CREATE TABLE users"));
  CHECK_THAT(script.err, Contains("retort_dialect_postgresql"));  // the trace is there
  CHECK_THAT(script.err, !Contains("libpq") && !Contains("libretort_postgresql_client"));
  // The dialect's library needs the core library: the program's core meets
  // that need (the program carries it, or loaded the library itself), so
  // no second copy is loaded for the module.
  std::istringstream trace(script.err);
  for (std::string line; std::getline(trace, line);) {
    const std::size_t needed_by = line.find("needed by ");
    if (line.find("file=libretort.so") == std::string::npos || needed_by == std::string::npos) {
      continue;
    }
    INFO(line);
    // Needed by the dialect's library or its module: a second core.
    CHECK(line.find("retort_postgresql.so", needed_by) == std::string::npos);
    CHECK(line.find("retort_dialect_postgresql.so", needed_by) == std::string::npos);
  }
  // Nothing listens on port 1: the refusal comes from libpq, so it was loaded.
  const ProcessResult online = RunRetort({"--url", "postgresql://nobody@127.0.0.1:1/none", "current"},
                                         project.root(), trace_loading);
  CHECK(online.exit_code == 1);
  CHECK_THAT(online.err, Contains("libretort_postgresql_client") && Contains("libpq"));
  CHECK_THAT(online.err, Contains("cannot connect to PostgreSQL"));
}

TEST_CASE("a failing revision exits 1 naming the revision, its line and the SQLSTATE",
          "[postgresql][cli]") {
  PgCli cli;
  cli.project.AddYamlRevision("3333cccc0003", kOrders, R"yaml(
  - add_column: {table: users, column: {name: nickname, type: text}}
  - execute: INSERT INTO orders (user_id) VALUES (42)
)yaml");
  const ProcessResult result = cli.Run({"upgrade", "head"});
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err,
             StartsWith("retort: error: revision 3333cccc0003") &&
                 Contains("3333cccc0003_rev.yaml:7") && Contains("23503") &&
                 Contains("orders_user_id_fkey") &&
                 Contains("rolled back, the database is at " + std::string(kOrders)));
  // The two good revisions committed; the failing one left nothing.
  CHECK(cli.Versions() == std::vector<std::string>{kOrders});
  CHECK(cli.Column("SELECT count(*) FROM information_schema.columns "
                   "WHERE table_name = 'users' AND column_name = 'nickname'") ==
        std::vector<std::string>{"0"});
}

TEST_CASE("a PostgreSQL run with --single-transaction is all or nothing", "[postgresql][cli]") {
  PgCli cli;
  cli.project.AddYamlRevision("3333cccc0003", kOrders,
                              "  - execute: INSERT INTO orders (user_id) VALUES (42)\n");
  const ProcessResult result = cli.Run({"upgrade", "head", "--single-transaction"});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains("the database is at base"));
  CHECK_FALSE(cli.HasTable("users"));
  CHECK_FALSE(cli.HasTable("retort_version"));
}

TEST_CASE("an incomplete revision makes current exit 1 with both ways out, until a stamp",
          "[postgresql][cli]") {
  PgCli cli;
  cli.project.AddYamlRevision("3333cccc0003", kOrders, R"yaml(
  - create_index: {name: ix_orders_user, table: orders, columns: [user_id], concurrently: true}
  - execute: SELECT 1 / 0
)yaml",
                              "transaction: false\n");
  const ProcessResult failed = cli.Run({"upgrade", "head"});
  CHECK(failed.exit_code == 1);
  CHECK_THAT(failed.err, Contains("marked incomplete"));

  const ProcessResult current = cli.Run({"current"});
  INFO("stdout: " << current.out << "\nstderr: " << current.err);
  CHECK(current.exit_code == 1);
  CHECK_THAT(current.err, StartsWith("retort: error: revision 3333cccc0003 is incomplete") &&
                              Contains("division by zero") &&
                              Contains("'retort stamp 3333cccc0003'") &&
                              Contains("'retort stamp " + std::string(kOrders) + "'"));
  CHECK(cli.Run({"upgrade", "head"}).exit_code == 1);
  CHECK(cli.Run({"downgrade", "base"}).exit_code == 1);
  CHECK(cli.HasTable("orders"));

  // The index was built before the failure: finish the revision by hand.
  // (--force: the revision's own failure, which stamp's check would meet
  // again when it runs the history on a scratch database.)
  cli.RunOk({"stamp", "3333cccc0003", "--force"});
  CHECK_THAT(cli.RunOk({"current"}).out, Contains("3333cccc0003 (head)"));
}

}  // namespace retort::testing
