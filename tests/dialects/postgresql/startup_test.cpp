// MigrateOnStartup on the PostgreSQL server, as an application calls it when
// it starts: a fresh database, one already at head, one an older release
// made before it used retort (adopted, or refused), several instances at
// once, and a migration lock another session keeps too long.
#include <catch2/catch.hpp>

#include <libpq-fe.h>

#include <chrono>
#include <memory>

#include "pg_test_helpers.h"
#include "retort/error.h"
#include "retort/startup.h"
#include "startup_testing.h"

using namespace retort;
using namespace retort::testing;

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kBase = kSampleBase;
constexpr const char* kHead = kSampleHead;

// Another session holding retort's migration lock of the public schema (the
// advisory lock PostgresqlConnection takes) until it is destroyed.
class LockHoldingSession {
 public:
  explicit LockHoldingSession(const PostgresDatabase& db)
      : connection_(PQconnectdb(db.conninfo().c_str()), &PQfinish) {
    REQUIRE(PQstatus(connection_.get()) == CONNECTION_OK);
    std::unique_ptr<PGresult, decltype(&PQclear)> result(
        PQexec(connection_.get(),
               "SELECT pg_advisory_lock(hashtextextended('retort migration lock ' || "
               "coalesce(current_schema(), ''), 0)), pg_backend_pid()"),
        &PQclear);
    REQUIRE(PQresultStatus(result.get()) == PGRES_TUPLES_OK);
    pid_ = PQgetvalue(result.get(), 0, 1);
  }
  const std::string& pid() const { return pid_; }

 private:
  std::unique_ptr<PGconn, decltype(&PQfinish)> connection_;
  std::string pid_;
};

}  // namespace

TEST_CASE("MigrateOnStartup brings a fresh PostgreSQL database to head, then does nothing",
          "[postgresql][startup]") {
  PostgresDatabase db;
  const Config config = SampleConfig(db.url());
  const StartupReport first = MigrateOnStartup(config);
  CHECK(first.heads_before.empty());
  CHECK(StepIds(first.applied) == Strings{kBase, kHead});
  CHECK(first.heads_after == Strings{kHead});
  CHECK_FALSE(first.adopted());
  CHECK_FALSE(first.waited_for_lock);
  CHECK(VersionRows(db) == Strings{kHead});
  CHECK(HasTable(db, "public.accounts"));

  const Strings facts = CatalogFacts(db);
  const Strings history = HistoryRows(db);
  const StartupReport again = MigrateOnStartup(config);
  CHECK(again.heads_before == Strings{kHead});
  CHECK(again.applied.empty());
  CHECK(again.heads_after == Strings{kHead});
  CHECK_FALSE(again.changed());
  CHECK(CatalogFacts(db) == facts);
  CHECK(HistoryRows(db) == history);
}

TEST_CASE("MigrateOnStartup adopts a legacy PostgreSQL database when asked",
          "[postgresql][startup]") {
  PostgresDatabase db;
  db.Exec(LegacySampleSql("postgresql"));
  StartupOptions options;
  options.adopt_unversioned = true;
  const StartupReport report = MigrateOnStartup(SampleConfig(db.url()), options);
  CHECK(report.heads_before.empty());
  CHECK(report.adopted_as == Strings{kBase});
  CHECK(StepIds(report.applied) == Strings{kHead});
  CHECK(report.heads_after == Strings{kHead});
  CHECK(HistoryRows(db) == Strings{std::string(kBase) + " adopt", std::string(kHead) + " upgrade"});
}

TEST_CASE("MigrateOnStartup refuses a legacy PostgreSQL database without adoption",
          "[postgresql][startup]") {
  PostgresDatabase db;
  db.Exec(LegacySampleSql("postgresql"));
  const std::string before = db.Digest();
  const Strings facts = CatalogFacts(db);
  CHECK_THROWS_AS(MigrateOnStartup(SampleConfig(db.url())), RevisionError);
  CHECK_THROWS_WITH(MigrateOnStartup(SampleConfig(db.url())),
                    Catch::Contains("no version table") &&
                        Catch::Contains("matches revision " + std::string(kBase)));
  CHECK(db.Digest() == before);
  CHECK(CatalogFacts(db) == facts);
}

TEST_CASE("instances starting at once on PostgreSQL apply each revision once",
          "[postgresql][startup][concurrency]") {
  PgProject pg;
  // A slow revision, so that the instances overlap.
  const Strings ids = AddTableChain(pg.project(), 4, "  - execute: SELECT pg_sleep(0.5)\n");
  const int waited = CheckInstancesAgree(StartInstances(pg.config(), 5), ids);
  // The slow revision keeps the lock taken for half a second: whoever came
  // after the migrator found it taken.
  CHECK(waited >= 1);
  CHECK(pg.db().Query("SELECT count(*), count(DISTINCT revision) FROM retort_history") ==
        PgRows{{"4", "4"}});
}

TEST_CASE("MigrateOnStartup gives up within its wait, naming the session holding the lock",
          "[postgresql][startup][concurrency]") {
  PostgresDatabase db;
  const Config config = SampleConfig(db.url());
  const Strings facts = CatalogFacts(db);
  auto other = std::make_unique<LockHoldingSession>(db);
  StartupOptions options;
  options.lock_wait = std::chrono::milliseconds(500);
  const Clock::time_point start = Clock::now();
  try {
    MigrateOnStartup(config, options);
    FAIL("MigrateOnStartup ran while another session held the migration lock");
  } catch (const MigrationLockTimeoutError& error) {
    const auto took = Clock::now() - start;
    CHECK(took >= std::chrono::milliseconds(500));
    CHECK(took < std::chrono::seconds(5));
    CHECK(error.code() == "55P03");
    CHECK_THAT(error.what(), Catch::Contains("500 ms") &&
                                 Catch::Contains("StartupOptions::lock_wait") &&
                                 Catch::Contains("server process " + other->pid()) &&
                                 !Catch::Contains(db.url()));
  }
  CHECK(CatalogFacts(db) == facts);

  SECTION("the configuration's lock_timeout when the options name no wait") {
    Config shorter = config;
    shorter.lock_timeout = std::chrono::milliseconds(200);
    CHECK_THROWS_WITH(MigrateOnStartup(shorter),
                      Catch::Contains("200 ms") && Catch::Contains("lock_timeout"));
  }

  SECTION("a lock released during the wait is taken, and the wait reported") {
    options.lock_wait = std::chrono::seconds(20);
    StartupReport report;
    {
      DelayedRelease release(std::chrono::milliseconds(300), [&] { other.reset(); });
      report = MigrateOnStartup(config, options);
    }
    CHECK(report.waited_for_lock);
    CHECK(report.lock_wait >= std::chrono::milliseconds(200));
    CHECK(report.heads_after == Strings{kHead});
  }
}
