// ddl_lock_timeout and ddl_lock_retries through the retort binary against a
// PostgreSQL database: retort.ini, then the command line, then the
// revision's header decide; a bad value is refused naming where it is.
#include <catch2/catch.hpp>

#include <libpq-fe.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "../../cli/cli_test_helpers.h"
#include "postgres_support.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Catch::Contains;
using Clock = std::chrono::steady_clock;
using Rows = std::vector<std::string>;

constexpr char kCreate[] = "e1e1e1e1e1e1";
constexpr char kAlter[] = "e2e2e2e2e2e2";

// A session of another application that has read `accounts` in a
// transaction it keeps open: it holds ACCESS SHARE until Release().
class Reader {
 public:
  explicit Reader(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str()), &PQfinish) {
    REQUIRE(PQstatus(conn_.get()) == CONNECTION_OK);
    Run("BEGIN");
    Run("SELECT count(*) FROM accounts");
    pid = std::to_string(PQbackendPID(conn_.get()));
  }
  void Release() { Run("COMMIT"); }
  std::string pid;

 private:
  void Run(const std::string& sql) {
    std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn_.get(), sql.c_str()),
                                                         &PQclear);
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      throw std::runtime_error(PQerrorMessage(conn_.get()));
    }
  }
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
};

// accounts, then a revision that alters it (with `header` in its header);
// retort.ini says `options`; the database is at the first revision.
struct LockProject {
  Project project;
  PostgresDatabase db;

  explicit LockProject(const std::string& options, const std::string& header = "") {
    WriteFile(project.ini(), "[retort]\nscript_location = migrations\n" + options);
    project.AddYamlRevision(kCreate, "", R"yaml(
  - create_table: {name: accounts, columns: [{name: id, type: integer, primary_key: true}]}
)yaml");
    project.AddYamlRevision(kAlter, kCreate,
                            "  - add_column: {table: accounts, column: {name: email, type: text}}\n",
                            header);
    const ProcessResult result = Run({"upgrade", kCreate});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
  }

  ProcessResult Run(std::vector<std::string> arguments) const {
    arguments.insert(arguments.begin(), {"--url", db.url()});
    return Retort(project, arguments);
  }
  Rows Versions() const {
    Rows values;
    for (const auto& row : db.Query("SELECT version_num FROM retort_version")) {
      values.push_back(row.at(0));
    }
    return values;
  }
  std::string Columns() const {
    return db.Query("SELECT string_agg(column_name, ',' ORDER BY column_name) FROM "
                    "information_schema.columns WHERE table_name = 'accounts'")
        .at(0)
        .at(0);
  }
};

// Runs `arguments` while a reader holds accounts; requires that the upgrade
// failed with a lock timeout of `expected_ms` within seconds, naming the
// reader, and changed nothing. Returns stderr.
std::string TimesOut(const LockProject& lock, const std::vector<std::string>& arguments,
                     const std::string& expected_ms) {
  Reader reader(lock.db.conninfo());
  const auto started = Clock::now();
  const ProcessResult result = lock.Run(arguments);
  const auto took = Clock::now() - started;
  INFO(CommandLine(arguments) << "\nstdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == 1);
  CHECK(took < std::chrono::seconds(20));
  CHECK_THAT(result.err, Catch::StartsWith("retort: error: revision e2e2e2e2e2e2 (") &&
                             Contains("e2e2e2e2e2e2_rev.yaml:") && Contains("add_column") &&
                             Contains("ddl_lock_timeout (" + expected_ms + " ms)") &&
                             Contains("table public.accounts") &&
                             Contains("server process " + reader.pid) &&
                             Contains("rolled back, the database is at e1e1e1e1e1e1"));
  CHECK(lock.Versions() == Rows{kCreate});
  CHECK(lock.Columns() == "id");
  return result.err;
}

}  // namespace

TEST_CASE("upgrade: ddl_lock_timeout from retort.ini, --ddl-lock-timeout over it, and a "
          "revision's own over both",
          "[cli][postgresql][ddl_lock]") {
  SECTION("retort.ini") {
    LockProject lock("ddl_lock_timeout = 0.2\n");
    TimesOut(lock, {"upgrade", "head"}, "200");
  }
  SECTION("--ddl-lock-timeout over retort.ini") {
    LockProject lock("ddl_lock_timeout = 600\n");
    TimesOut(lock, {"upgrade", "head", "--ddl-lock-timeout", "0.25"}, "250");
  }
  SECTION("the revision's over --ddl-lock-timeout and retort.ini") {
    LockProject lock("ddl_lock_timeout = 600\n", "ddl_lock_timeout: 0.3\n");
    TimesOut(lock, {"upgrade", "head", "--ddl-lock-timeout", "500"}, "300");
  }
  SECTION("--ddl-lock-retries 0 over retort.ini's retries") {
    LockProject lock("ddl_lock_timeout = 0.2\nddl_lock_retries = 10\n");
    const std::string err =
        TimesOut(lock, {"upgrade", "head", "--ddl-lock-retries", "0"}, "200");
    CHECK_THAT(err, Contains("set ddl_lock_retries"));
  }
}

TEST_CASE("upgrade --ddl-lock-retries tries again after pauses and succeeds once the reader is "
          "gone",
          "[cli][postgresql][ddl_lock]") {
  LockProject lock("ddl_lock_timeout = 0.3\n");
  auto reader = std::make_unique<Reader>(lock.db.conninfo());
  // Release the reader once the ALTER has been seen waiting and, a moment
  // later, has given up.
  std::thread release([&] {
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (Clock::now() < deadline &&
           lock.db.Query("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                         "WHERE c.relname = 'accounts' AND NOT l.granted")
                   .at(0)
                   .at(0) == "0") {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    reader->Release();
  });
  const ProcessResult result = lock.Run({"upgrade", "head", "--ddl-lock-retries", "4"});
  release.join();
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Contains("revision e2e2e2e2e2e2: lock timeout on table public.accounts "
                                  "(held by server process " + reader->pid) &&
                             Contains(", retry 1 of 4 in ") &&
                             Contains("Upgraded to e2e2e2e2e2e2"));
  CHECK(lock.Versions() == Rows{kAlter});
  CHECK(lock.Columns() == "email,id");
}

TEST_CASE("bad ddl_lock_timeout and ddl_lock_retries values are refused, naming where they are",
          "[cli][postgresql][ddl_lock]") {
  LockProject lock("");
  auto refused = [&](const std::vector<std::string>& arguments, int exit_code,
                     const std::string& message) {
    const ProcessResult result = lock.Run(arguments);
    INFO(CommandLine(arguments) << "\nstdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == exit_code);
    CHECK_THAT(result.err, Contains(message));
    CHECK(lock.Versions() == Rows{kCreate});
    CHECK(lock.Columns() == "id");
  };
  SECTION("on the command line") {
    refused({"upgrade", "head", "--ddl-lock-timeout", "soon"}, 2,
            "--ddl-lock-timeout: 'soon' is not a number of seconds");
    refused({"upgrade", "head", "--ddl-lock-timeout", "0"}, 2,
            "--ddl-lock-timeout: '0' is less than a millisecond");
    refused({"downgrade", "base", "--ddl-lock-retries=-1"}, 2,
            "--ddl-lock-retries: '-1' is not a number of retries (a whole number, 0 to 50)");
    refused({"upgrade", "head", "--ddl-lock-retries", "51"}, 2,
            "--ddl-lock-retries: '51' is not a number of retries");
  }
  SECTION("in retort.ini") {
    WriteFile(lock.project.ini(),
              "[retort]\nscript_location = migrations\n\nddl_lock_retries = 2.5\n");
    refused({"upgrade", "head"}, 1,
            "retort.ini:4: [retort] ddl_lock_retries: '2.5' is not a number of retries");
    WriteFile(lock.project.ini(), "[retort]\nscript_location = migrations\nddl_lock_timeout = 1w\n");
    refused({"upgrade", "head"}, 1,
            "retort.ini:3: [retort] ddl_lock_timeout: '1w' is not a number of seconds");
  }
  SECTION("in a revision") {
    lock.project.AddYamlRevision("e3e3e3e3e3e3", kAlter,
                                 "  - drop_column: {table: accounts, column: email}\n",
                                 "ddl_lock_retries: many\n");
    refused({"upgrade", "head"}, 1,
            "e3e3e3e3e3e3_rev.yaml:4: ddl_lock_retries: 'many' is not a number of retries");
    std::filesystem::remove(lock.project.versions() / "e3e3e3e3e3e3_rev.yaml");
    lock.project.AddRevision("e3e3e3e3e3e3_rev.sql",
                             "-- revision: e3e3e3e3e3e3\n-- down_revision: e2e2e2e2e2e2\n"
                             "-- ddl_lock_timeout: -1\n-- migrate:up\nSELECT 1;\n");
    refused({"upgrade", "head"}, 1,
            "e3e3e3e3e3e3_rev.sql:3: ddl_lock_timeout: '-1' is not a number of seconds");
  }
}

}  // namespace retort::testing
