// ddl_lock_timeout and ddl_lock_retries on a real server: a reader that
// holds ACCESS SHARE on a table in an open transaction makes an ALTER TABLE
// wait; with a timeout the revision fails in about that time instead of
// hanging (while every later query on the table would queue behind it),
// names the table and the reader's server process, and leaves the database
// at the last good revision; with retries, a reader that goes away during
// the pauses lets a retry succeed.
#include <catch2/catch.hpp>

#include <libpq-fe.h>

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <thread>

#include "pg_test_helpers.h"
#include "postgresql_connection.h"
#include "postgresql_renderer.h"
#include "retort/commands.h"
#include "retort/error.h"

using namespace retort;
using namespace retort::testing;

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char* kCreate = "d1d1d1d1d1d1";
constexpr const char* kAlter = "d2d2d2d2d2d2";

// Another application's session on the test database.
class Session {
 public:
  explicit Session(const std::string& conninfo)
      : conn_(PQconnectdb(conninfo.c_str()), &PQfinish) {
    REQUIRE(PQstatus(conn_.get()) == CONNECTION_OK);
  }
  // The first value of `sql`'s first row ("" when it returns none).
  std::string Run(const std::string& sql) {
    std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn_.get(), sql.c_str()),
                                                         &PQclear);
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      throw std::runtime_error("test SQL failed: " + std::string(PQerrorMessage(conn_.get())));
    }
    return status == PGRES_TUPLES_OK && PQntuples(result.get()) > 0
               ? PQgetvalue(result.get(), 0, 0)
               : "";
  }
  std::string Pid() { return Run("SELECT pg_backend_pid()"); }

 private:
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
};

// A reader in an open transaction that has read `table`: it holds ACCESS
// SHARE on it until it ends. Returns the reader's server process id.
std::string HoldReadLock(Session& reader, const std::string& table) {
  const std::string pid = reader.Pid();
  reader.Run("BEGIN");
  reader.Run("SELECT count(*) FROM " + table);
  return pid;
}

// Hears what a run reports; `on_notice` runs on the migrating thread.
class Recorder : public MigrationListener {
 public:
  void OnNotice(std::string_view message) override {
    notices.emplace_back(message);
    if (on_notice) on_notice();
  }
  Strings notices;
  std::function<void()> on_notice;
};

// accounts, made by a first revision; then a revision that alters it, with
// `header` added to its header.
void AddRevisions(PgProject& pg, const std::string& header = "",
                  const std::string& alter_ops =
                      "  - add_column: {table: accounts, column: {name: email, type: text}}\n") {
  pg.project().AddYamlRevision(
      kCreate, "",
      "  - create_table: {name: accounts, columns: [{name: id, type: integer, primary_key: "
      "true}]}\n  - bulk_insert: {table: accounts, rows: [{id: 1}, {id: 2}]}\n");
  pg.project().AddYamlRevision(kAlter, kCreate, alter_ops, header);
}

// Upgrades to the first revision, so that the second is what waits.
Config Prepared(PgProject& pg) {
  Config config = pg.config();
  MigrationListener quiet;
  Upgrade(config, kCreate, quiet);
  return config;
}

// The message of the LockTimeoutError `upgrade` throws, and how long it took.
template <class Call>
std::pair<std::string, Clock::duration> TimedOut(Call&& upgrade) {
  const auto started = Clock::now();
  try {
    upgrade();
  } catch (const LockTimeoutError& error) {
    CHECK(error.code() == "55P03");
    return {error.what(), Clock::now() - started};
  }
  FAIL("the upgrade did not time out");
  return {};
}

}  // namespace

TEST_CASE("an ALTER TABLE behind an open reader fails after ddl_lock_timeout, naming the table "
          "and the reader, and changes nothing",
          "[postgresql][ddl_lock]") {
  PgProject pg;
  AddRevisions(pg);
  Config config = Prepared(pg);
  const auto& db = pg.db();
  Session reader(db.conninfo());
  const std::string pid = HoldReadLock(reader, "accounts");
  const Strings facts = CatalogFacts(db);
  const Strings history = HistoryRows(db);

  config.ddl_lock_timeout = milliseconds(200);
  Recorder listener;
  const auto [message, took] = TimedOut([&] { Upgrade(config, "head", listener); });
  CHECK(took >= milliseconds(200));
  CHECK(took < std::chrono::seconds(5));
  CHECK_THAT(message, Catch::Contains("revision d2d2d2d2d2d2 (") &&
                          Catch::Contains("d2d2d2d2d2d2_rev.yaml:5") &&
                          Catch::Contains("add_column") &&
                          Catch::Contains("canceling statement due to lock timeout") &&
                          Catch::Contains("ddl_lock_timeout (200 ms)") &&
                          Catch::Contains("table public.accounts") &&
                          Catch::Contains("server process " + pid) &&
                          Catch::Contains("AccessShareLock on public.accounts") &&
                          Catch::Contains("idle in transaction") &&
                          Catch::Contains("SELECT count(*) FROM accounts") &&
                          Catch::Contains("rolled back, the database is at d1d1d1d1d1d1") &&
                          Catch::Contains("set ddl_lock_retries"));
  CHECK(listener.notices.empty());
  CHECK(VersionRows(db) == Strings{kCreate});
  CHECK(HistoryRows(db) == history);
  CHECK(CatalogFacts(db) == facts);

  // Once the reader is gone, the same run goes through.
  reader.Run("COMMIT");
  Upgrade(config, "head", listener);
  CHECK(VersionRows(db) == Strings{kAlter});
}

TEST_CASE("with ddl_lock_retries a revision that timed out is rolled back and tried again after "
          "a pause, and succeeds once the reader is gone",
          "[postgresql][ddl_lock]") {
  PgProject pg;
  AddRevisions(pg);
  Config config = Prepared(pg);
  const auto& db = pg.db();
  Session reader(db.conninfo());
  const std::string pid = HoldReadLock(reader, "accounts");
  config.ddl_lock_timeout = milliseconds(200);
  config.ddl_lock_retries = 3;

  SECTION("the reader ends during the first pause") {
    Recorder listener;
    listener.on_notice = [&] { reader.Run("COMMIT"); };
    const auto steps = Upgrade(config, "head", listener);
    CHECK(steps.size() == 1);
    REQUIRE(listener.notices.size() == 1);
    CHECK_THAT(listener.notices[0],
               Catch::StartsWith("revision d2d2d2d2d2d2: lock timeout on table public.accounts "
                                 "(held by server process " + pid) &&
                   Catch::Matches(".*, retry 1 of 3 in (0\\.[4-6]) s"));
    CHECK(VersionRows(db) == Strings{kAlter});
    CHECK(HistoryRows(db) == Strings{"d1d1d1d1d1d1 upgrade", "d2d2d2d2d2d2 upgrade"});
    CHECK(Value(db, "SELECT count(*) FROM information_schema.columns WHERE table_name = "
                    "'accounts' AND column_name = 'email'") == "1");
  }
  SECTION("the reader stays: every retry times out, with growing pauses, then the run fails") {
    const Strings facts = CatalogFacts(db);
    Recorder listener;
    const auto [message, took] = TimedOut([&] { Upgrade(config, "head", listener); });
    REQUIRE(listener.notices.size() == 3);
    CHECK_THAT(listener.notices[0], Catch::Matches(".*retry 1 of 3 in 0\\.[4-6] s"));
    CHECK_THAT(listener.notices[1], Catch::Matches(".*retry 2 of 3 in (0\\.[89]|1\\.[0-2]) s"));
    CHECK_THAT(listener.notices[2], Catch::Matches(".*retry 3 of 3 in (1\\.[6-9]|2\\.[0-4]) s"));
    // Four waits of 0.2 s and pauses of at least 0.4 + 0.8 + 1.6 s.
    CHECK(took >= milliseconds(3600));
    CHECK_THAT(message, Catch::Contains("server process " + pid) &&
                            Catch::Contains("table public.accounts") &&
                            Catch::Contains("Gave up after 4 attempts (ddl_lock_retries = 3)"));
    CHECK(VersionRows(db) == Strings{kCreate});
    CHECK(CatalogFacts(db) == facts);
  }
}

TEST_CASE("a revision's own ddl_lock_timeout and ddl_lock_retries take precedence over the run's",
          "[postgresql][ddl_lock]") {
  PgProject pg;
  SECTION("a timeout in the revision, none for the run") {
    AddRevisions(pg, "ddl_lock_timeout: 0.3\n");
    Config config = Prepared(pg);
    Session reader(pg.db().conninfo());
    HoldReadLock(reader, "accounts");
    Recorder listener;
    const auto [message, took] = TimedOut([&] { Upgrade(config, "head", listener); });
    CHECK(took >= milliseconds(300));
    CHECK(took < std::chrono::seconds(5));
    CHECK_THAT(message, Catch::Contains("ddl_lock_timeout (300 ms)"));
  }
  SECTION("the revision's timeout replaces the run's, and its retries the run's") {
    AddRevisions(pg, "ddl_lock_timeout: 0.1\nddl_lock_retries: 0\n");
    Config config = Prepared(pg);
    config.ddl_lock_timeout = std::chrono::seconds(60);
    config.ddl_lock_retries = 5;
    Session reader(pg.db().conninfo());
    HoldReadLock(reader, "accounts");
    Recorder listener;
    const auto [message, took] = TimedOut([&] { Upgrade(config, "head", listener); });
    CHECK(took < std::chrono::seconds(5));
    CHECK(listener.notices.empty());
    CHECK_THAT(message, Catch::Contains("ddl_lock_timeout (100 ms)"));
  }
  CHECK(VersionRows(pg.db()) == Strings{kCreate});
}

TEST_CASE("in one transaction for the whole run, a lock timeout retries the whole run",
          "[postgresql][ddl_lock]") {
  PgProject pg;
  AddRevisions(pg);
  pg.project().AddYamlRevision(
      "d3d3d3d3d3d3", kAlter,
      "  - create_table: {name: audit, columns: [{name: id, type: integer}]}\n");
  Config config = Prepared(pg);
  config.transaction_per_revision = false;
  config.ddl_lock_timeout = milliseconds(200);
  config.ddl_lock_retries = 2;
  Session reader(pg.db().conninfo());
  const std::string pid = HoldReadLock(reader, "accounts");
  Recorder listener;
  listener.on_notice = [&] { reader.Run("COMMIT"); };
  const auto steps = Upgrade(config, "head", listener);
  CHECK(steps.size() == 2);
  REQUIRE(listener.notices.size() == 1);
  CHECK_THAT(listener.notices[0],
             Catch::StartsWith("revision d2d2d2d2d2d2: lock timeout on table public.accounts "
                               "(held by server process " + pid) &&
                 Catch::Contains("retry 1 of 2 of the whole run (one transaction) in"));
  CHECK(VersionRows(pg.db()) == Strings{"d3d3d3d3d3d3"});
  // Each revision once in the history: the first attempt left nothing.
  CHECK(HistoryRows(pg.db()) ==
        Strings{"d1d1d1d1d1d1 upgrade", "d2d2d2d2d2d2 upgrade", "d3d3d3d3d3d3 upgrade"});
}

TEST_CASE("a transaction: false revision that times out is bounded but never retried",
          "[postgresql][ddl_lock]") {
  PgProject pg;
  AddRevisions(pg, "transaction: false\n",
               "  - create_table: {name: notes, columns: [{name: id, type: integer}]}\n"
               "  - add_column: {table: accounts, column: {name: email, type: text}}\n");
  Config config = Prepared(pg);
  config.ddl_lock_timeout = milliseconds(200);
  config.ddl_lock_retries = 3;
  Session reader(pg.db().conninfo());
  const std::string pid = HoldReadLock(reader, "accounts");
  Recorder listener;
  const auto [message, took] = TimedOut([&] { Upgrade(config, "head", listener); });
  CHECK(took < std::chrono::seconds(5));
  CHECK(listener.notices.empty());
  CHECK_THAT(message, Catch::Contains("d2d2d2d2d2d2_rev.yaml:7") &&
                          Catch::Contains("server process " + pid) &&
                          Catch::Contains("marked incomplete") &&
                          Catch::Contains("Not retried (whatever ddl_lock_retries says)"));
  // The table made by the statement before stays; the revision is incomplete.
  CHECK(HasTable(pg.db(), "public.notes"));
  CHECK(VersionRows(pg.db()) == Strings{kCreate});
  CHECK(Value(pg.db(), "SELECT count(*) FROM retort_incomplete") == "1");
}

TEST_CASE("retort's own migration lock is waited for as lock_timeout says, not ddl_lock_timeout",
          "[postgresql][ddl_lock]") {
  PgProject pg;
  AddRevisions(pg);
  Config config = Prepared(pg);
  Session other(pg.db().conninfo());
  other.Run("SELECT pg_advisory_lock(hashtextextended('retort migration lock ' || "
            "coalesce(current_schema(), ''), 0))");
  config.lock_timeout = milliseconds(800);
  config.ddl_lock_timeout = milliseconds(100);
  MigrationListener quiet;
  const auto started = Clock::now();
  const std::string message = ErrorOf<DatabaseError>([&] { Upgrade(config, "head", quiet); });
  CHECK(Clock::now() - started >= milliseconds(800));
  CHECK_THAT(message, Catch::Contains("not free within 800 ms"));
}

TEST_CASE("the statement lock timeout holds in the transactions it is set for and no longer",
          "[postgresql][ddl_lock]") {
  PgProject pg;
  const postgresql::PostgresqlRenderer renderer;
  postgresql::PostgresqlConnection connection(renderer,
                                              postgresql::SettingsFrom(ParseDatabaseUrl(pg.db().url())));
  auto shown = [&] { return connection.QueryText("SHOW lock_timeout").at(0).at(0).value_or(""); };
  const std::string server_default = shown();

  connection.SetStatementLockTimeout(milliseconds(250));
  CHECK(shown() == server_default);  // set for transactions, not the session
  connection.Begin({});
  CHECK(shown() == "250ms");
  connection.SetStatementLockTimeout(milliseconds(1500));  // at once, in the open one
  CHECK(shown() == "1500ms");
  connection.Commit();
  CHECK(shown() == server_default);
  connection.Begin({});
  CHECK(shown() == "1500ms");
  connection.Rollback();

  // Outside a transaction it bounds the statements Apply runs, and no more.
  MigrationListener quiet;
  Connection::Span current;
  connection.Apply({RevisionOp{Execute{"CREATE TABLE probe AS SELECT current_setting("
                                       "'lock_timeout') AS seen",
                                       {}},
                               1}},
                   quiet, &current);
  CHECK(connection.QueryText("SELECT seen FROM probe").at(0).at(0) == "1500ms");
  CHECK(shown() == server_default);

  connection.SetStatementLockTimeout(std::nullopt);
  connection.Begin({});
  CHECK(shown() == server_default);
  connection.Rollback();
}
