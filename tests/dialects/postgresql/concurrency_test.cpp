// Several app instances start at once and each runs "retort upgrade head"
// against one PostgreSQL database: the session-level advisory lock lets one
// apply the revisions while the others wait and then find nothing to do. A
// migrator that cannot get the lock in time gives up with an error that
// names the lock and leaves the database alone.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <memory>
#include <thread>

#include "pg_test_helpers.h"
#include "retort/commands.h"
#include "retort/error.h"

extern char** environ;

using namespace retort;
using namespace retort::testing;

namespace {

using Clock = std::chrono::steady_clock;

// A chain of `count` revisions, each creating a table; the middle one also
// sleeps, so that instances started together overlap. Returns the ids.
Strings AddChain(Project& project, int count, const std::string& sleep = "0.5") {
  Strings ids;
  std::string previous;
  for (int i = 1; i <= count; ++i) {
    std::string id = std::to_string(i);
    id = "c0ffee" + std::string(6 - id.size(), '0') + id;
    std::string ops = "  - create_table: {name: t" + std::to_string(i) +
                      ", columns: [{name: id, type: integer}]}\n";
    if (i == (count + 1) / 2) ops += "  - execute: SELECT pg_sleep(" + sleep + ")\n";
    project.AddYamlRevision(id, previous, ops);
    ids.push_back(id);
    previous = id;
  }
  return ids;
}

// A libpq session of its own, as another application (or another retort
// process) would have.
class Session {
 public:
  explicit Session(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str()), &PQfinish) {
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
      FAIL("cannot connect to the test database: " << PQerrorMessage(conn_.get()));
    }
  }

  // The first value of the first row of `sql`.
  std::string Value(const std::string& sql) {
    std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn_.get(), sql.c_str()),
                                                         &PQclear);
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
      FAIL("test SQL failed: " << PQerrorMessage(conn_.get()));
    }
    return PQntuples(result.get()) > 0 ? PQgetvalue(result.get(), 0, 0) : "";
  }

 private:
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
};

// Takes retort's migration lock for the connection's current schema, with
// the key PostgresqlConnection::AcquireMigrationLock computes; returns this
// session's server process id.
std::string HoldMigrationLock(Session& session) {
  session.Value(
      "SELECT pg_advisory_lock(hashtextextended('retort migration lock ' || "
      "coalesce(current_schema(), ''), 0))");
  return session.Value("SELECT pg_backend_pid()");
}

// `url` with the libpq parameter `parameter` (key=value, percent-encoded)
// added.
std::string WithParameter(const std::string& url, const std::string& parameter) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + parameter;
}

}  // namespace

TEST_CASE("eight concurrent upgrades apply each revision exactly once",
          "[postgresql][concurrency]") {
  PgProject pg;
  const Strings ids = AddChain(pg.project(), 5);
  const auto& db = pg.db();

  constexpr int kProcesses = 8;
  std::vector<ProcessResult> results(kProcesses);
  std::vector<std::thread> instances;
  const auto started = Clock::now();
  for (int i = 0; i < kProcesses; ++i) {
    instances.emplace_back([&, i] {
      results[i] = RunRetort(
          {"--url", db.url(), "-c", pg.project().ini().string(), "upgrade", "head"},
          pg.project().root(), {{"RETORT_URL", ""}});
    });
  }
  for (std::thread& instance : instances) instance.join();
  const auto elapsed = Clock::now() - started;

  int upgraded = 0, nothing_to_do = 0;
  for (const ProcessResult& result : results) {
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    if (result.out.find("Upgraded to " + ids.back() + ": 5 revisions") != std::string::npos) {
      ++upgraded;
    }
    if (result.out.find("Nothing to do: the database is already at head") != std::string::npos) {
      ++nothing_to_do;
    }
  }
  // One instance did all the work while holding the lock for its whole run;
  // every other one waited for it and then found the database at head.
  CHECK(upgraded == 1);
  CHECK(nothing_to_do == kProcesses - 1);
  CHECK(VersionRows(db) == Strings{ids.back()});
  CHECK(db.Query("SELECT revision, direction, count(*) FROM retort_history "
                 "GROUP BY revision, direction ORDER BY revision") ==
        PgRows{{ids[0], "upgrade", "1"},
               {ids[1], "upgrade", "1"},
               {ids[2], "upgrade", "1"},
               {ids[3], "upgrade", "1"},
               {ids[4], "upgrade", "1"}});
  CHECK(Value(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
                  "AND tablename ~ '^t[0-9]$'") == "5");
  // Nobody is left holding an advisory lock.
  // pg_locks covers the whole server, where other tests run at the same time.
  CHECK(Value(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                  "(SELECT oid FROM pg_database WHERE datname = current_database())") == "0");
  CHECK(elapsed >= std::chrono::milliseconds(500));
}

TEST_CASE("an upgrade that cannot get the lock within lock_timeout fails and changes nothing",
          "[postgresql][concurrency]") {
  PgProject pg;
  const Strings ids = AddChain(pg.project(), 2, "0");
  const auto& db = pg.db();
  // lock_timeout from retort.ini; the URL from --url.
  WriteFile(pg.project().ini(), "[retort]\nscript_location = migrations\nlock_timeout = 0.5\n");
  const Strings before = CatalogFacts(db);
  auto other = std::make_unique<Session>(db.conninfo());
  const std::string holder = HoldMigrationLock(*other);
  auto upgrade = [&](std::vector<std::string> options) {
    std::vector<std::string> arguments = {"--url", db.url(), "-c", pg.project().ini().string(),
                                          "upgrade", "head"};
    arguments.insert(arguments.end(), options.begin(), options.end());
    return RunRetort(arguments, pg.project().root(), {{"RETORT_URL", ""}});
  };

  const auto started = Clock::now();
  const ProcessResult result = upgrade({});
  const auto waited = Clock::now() - started;
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::StartsWith("retort: error: ") &&
                             Catch::Contains("another retort process is migrating") &&
                             Catch::Contains("migration lock (a PostgreSQL advisory lock)") &&
                             Catch::Contains("not free within 500 ms") &&
                             Catch::Contains("server process " + holder) &&
                             Catch::Contains("lock_timeout"));
  CHECK(waited >= std::chrono::milliseconds(500));
  CHECK(waited < std::chrono::seconds(20));
  CHECK(CatalogFacts(db) == before);

  // --lock-timeout overrides retort.ini.
  const ProcessResult shorter = upgrade({"--lock-timeout", "0.2"});
  CHECK(shorter.exit_code == 1);
  CHECK_THAT(shorter.err, Catch::Contains("not free within 200 ms"));

  // The library says so with SQLSTATE 55P03.
  Config config = pg.config();
  config.lock_timeout = std::chrono::milliseconds(200);
  MigrationListener quiet;
  try {
    Upgrade(config, "head", quiet);
    FAIL("the upgrade should not have got the lock");
  } catch (const DatabaseError& error) {
    CHECK(error.code() == "55P03");
    CHECK_THAT(error.what(), Catch::Contains("not free within 200 ms"));
  }
  CHECK(CatalogFacts(db) == before);

  // Once the holder goes, a waiting migrator gets the lock and proceeds.
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    other.reset();
  });
  config.lock_timeout = std::chrono::seconds(20);
  const auto steps = Upgrade(config, "head", quiet);
  release.join();
  CHECK(steps.size() == 2);
  CHECK(VersionRows(db) == Strings{ids.back()});
}

TEST_CASE("migrators in different schemas of one database do not wait for each other",
          "[postgresql][concurrency]") {
  // The lock key is derived from the current schema.
  PgProject pg;
  AddChain(pg.project(), 1, "0");
  const auto& db = pg.db();
  db.Exec("CREATE SCHEMA tenant");
  Session other(db.conninfo());
  HoldMigrationLock(other);  // public's lock

  Config config = pg.config();
  config.url = WithParameter(db.url(), "options=-c%20search_path%3Dtenant");
  config.lock_timeout = std::chrono::milliseconds(300);
  MigrationListener quiet;
  CHECK(Upgrade(config, "head", quiet).size() == 1);
  CHECK(HasTable(db, "tenant.retort_version"));
  CHECK(HasTable(db, "tenant.t1"));
  CHECK_FALSE(HasTable(db, "public.retort_version"));
  // public's migrator still waits for public's lock.
  config.url = db.url();
  CHECK_THROWS_AS(Upgrade(config, "head", quiet), DatabaseError);
}

TEST_CASE("a killed migrator leaves its revision rolled back and the lock free",
          "[postgresql][concurrency]") {
  PgProject pg;
  const Strings ids = AddChain(pg.project(), 1, "0.8");
  const auto& db = pg.db();

  // Started by hand so that it can be killed mid-revision.
  std::vector<std::string> arguments = {RETORT_BINARY, "--url", db.url(), "-c",
                                        pg.project().ini().string(), "upgrade", "head"};
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&actions);

  // Wait until it is inside the revision, sleeping on the server.
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  bool sleeping = false;
  while (!sleeping && Clock::now() < deadline) {
    sleeping = Value(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                         "AND pid <> pg_backend_pid() AND query LIKE 'SELECT pg_sleep%'") == "1";
    if (!sleeping) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(sleeping);

  // The server ends the dead session (and so frees its lock and rolls back
  // its transaction) once the statement it was running returns.
  Config config = pg.config();
  config.lock_timeout = std::chrono::seconds(20);
  MigrationListener quiet;
  CHECK(Upgrade(config, "head", quiet).size() == 1);
  CHECK(HistoryRows(db) == Strings{ids[0] + " upgrade"});
}
