// The lease lock on PostgreSQL (lock = lease): eight deployers at once apply
// each revision once, and a migrator killed while it holds the lease is
// taken over once its lease lapses, with nothing to do by hand.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "lease_testing.h"
#include "pg_test_helpers.h"

using namespace retort::testing;

namespace {

using Clock = std::chrono::steady_clock;

// The history rows, counted by revision and direction.
Strings HistoryCounts(const PostgresDatabase& db) {
  return Values(db, "SELECT revision || ' ' || direction || ' ' || count(*) FROM retort_history "
                    "GROUP BY revision, direction ORDER BY revision");
}

}  // namespace

TEST_CASE("eight concurrent upgrades under lock = lease apply each revision once",
          "[postgresql][lease]") {
  PgProject pg;
  const Strings ids = AddSleepingChain(pg.project(), 4, "0.3");
  CheckAppliedOnce(UpgradeTogether(pg.project(), {pg.db().url()}, 8, {"--lock", "lease"}), ids);
  CHECK(VersionRows(pg.db()) == Strings{ids.back()});
  CHECK(HistoryCounts(pg.db()) == Strings{ids[0] + " upgrade 1", ids[1] + " upgrade 1",
                                          ids[2] + " upgrade 1", ids[3] + " upgrade 1"});
  // The lease was freed, and no advisory lock was taken.
  CHECK(Value(pg.db(), "SELECT coalesce(token, 'free') FROM retort_lock") == "free");
  CHECK(Value(pg.db(), "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                       "(SELECT oid FROM pg_database WHERE datname = current_database())") == "0");
}

TEST_CASE("a killed migrator's lease is taken over once it lapses", "[postgresql][lease]") {
  PgProject pg;
  const Strings ids = AddSleepingChain(pg.project(), 3, "2.5");
  WriteFile(pg.project().ini(),
            "[retort]\nscript_location = migrations\nlock = lease\nlease_duration = 2\n");
  const std::vector<std::string> upgrade = {"--url", pg.db().url(), "-c",
                                            pg.project().ini().string(), "upgrade", "head"};
  BackgroundProcess killed(RETORT_BINARY, upgrade, pg.project().root(), {{"RETORT_URL", ""}});
  // Killed inside the second revision, while it holds the lease.
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (Clock::now() < deadline && HistoryRows(pg.db()).empty()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  killed.Kill();
  REQUIRE(HistoryRows(pg.db()) == Strings{ids[0] + " upgrade"});
  const std::string dead_holder = Value(pg.db(), "SELECT holder FROM retort_lock");
  CHECK_THAT(dead_holder, Catch::Contains(" pid "));

  const auto started = Clock::now();
  const ProcessResult next = RunRetort(upgrade, pg.project().root(), {{"RETORT_URL", ""}});
  INFO("stdout: " << next.out << "\nstderr: " << next.err);
  CHECK(next.exit_code == 0);
  CHECK(Clock::now() - started >= std::chrono::seconds(2));
  CHECK_THAT(next.out, Catch::Contains("Upgraded to " + ids.back() + ": 2 revisions"));
  CHECK(HistoryCounts(pg.db()) == Strings{ids[0] + " upgrade 1", ids[1] + " upgrade 1",
                                          ids[2] + " upgrade 1"});
  CHECK(Value(pg.db(), "SELECT coalesce(token, 'free') FROM retort_lock") == "free");
}
