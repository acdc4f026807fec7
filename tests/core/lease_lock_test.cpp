// The lease lock on SQLite files (the same core code runs on every dialect;
// the server tests run it across processes, clusters and poolers): taken,
// named, renewed, freed, taken over once it lapses, and a holder that lost
// it stops. Also how lock, pooler and lease_duration are read.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "forwarding_connection.h"
#include "lease.h"
#include "retort/config.h"
#include "retort/dialect_loader.h"
#include "retort/error.h"
#include "retort/lease_lock.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using Catch::Contains;
using retort::Config;
using retort::ConfigError;
using retort::DatabaseError;
using retort::Lease;
using retort::LockKind;
using retort::VersionTableNames;
using retort::testing::TempDir;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

class LeaseFolder {
 public:
  std::string url() const { return "sqlite:///" + (temp_ / "app.db").string(); }
  fs::path database() const { return temp_ / "app.db"; }
  const retort::Dialect& dialect() const { return retort::FindDialectForScheme("sqlite"); }
  std::unique_ptr<retort::Connection> Connect() const {
    return dialect().Connect(retort::ParseDatabaseUrl(url()));
  }
  std::unique_ptr<Lease> NewLease(milliseconds duration) const {
    return std::make_unique<Lease>(dialect(), Connect(), VersionTableNames{}, duration, "app.db");
  }
  // A connection to the file whose migration lock `settings` choose.
  std::unique_ptr<retort::Connection> ConnectLocked(const retort::LockSettings& settings) const {
    return retort::WithConfiguredLock(Connect(), dialect(), retort::ParseDatabaseUrl(url()),
                                      VersionTableNames{}, settings);
  }
  std::vector<std::vector<std::string>> Row() const {
    return retort::testing::Query(
        database(), "SELECT token, holder, generation, lease_ms FROM retort_lock");
  }

 private:
  TempDir temp_;
};

// Runs `sql` on `connection` until it is refused for a lost lease (within
// ten seconds); returns the refusal's message.
std::string LossOf(retort::Connection& connection, const std::string& sql) {
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < deadline) {
    try {
      connection.Execute(sql);
      connection.Execute("DROP TABLE IF EXISTS after_loss");
    } catch (const DatabaseError& error) {
      CHECK(error.code() == "LEASE_LOST");
      return error.what();
    }
    std::this_thread::sleep_for(milliseconds(50));
  }
  FAIL("the connection kept running statements after its lease was lost");
  return "";
}

retort::LockSettings LeaseOf(milliseconds duration) {
  retort::LockSettings settings;
  settings.kind = LockKind::kLease;
  settings.lease_duration = duration;
  return settings;
}

std::string TimeoutOf(Lease& lease, milliseconds wait) {
  try {
    lease.Take(wait);
  } catch (const DatabaseError& error) {
    CHECK(error.code() == "LEASE_TIMEOUT");
    return error.what();
  }
  return "";
}

// A connection that refuses the first `refusals` statements starting with
// `prefix` the way a Galera node refuses the loser of two concurrent
// writes, doing `meanwhile` at each refusal (what the winner did).
class RefusingWrites : public retort::ForwardingConnection {
 public:
  RefusingWrites(std::unique_ptr<retort::Connection> inner, std::string prefix, int refusals,
                 std::function<void()> meanwhile = [] {})
      : ForwardingConnection(std::move(inner)),
        prefix_(std::move(prefix)),
        refusals_(refusals),
        meanwhile_(std::move(meanwhile)) {}
  retort::QueryRows Query(const std::string& sql,
                          const std::vector<retort::SqlValue>& parameters) override {
    if (sql.starts_with(prefix_) && refusals_ > 0) {
      --refusals_;
      meanwhile_();
      throw DatabaseError("1213 (40001): Deadlock found when trying to get lock", "1213");
    }
    return ForwardingConnection::Query(sql, parameters);
  }

 private:
  std::string prefix_;
  int refusals_;
  std::function<void()> meanwhile_;
};

}  // namespace

TEST_CASE("a lease is taken, names its holder, keeps others out, and is freed", "[lease]") {
  LeaseFolder folder;
  auto first = folder.NewLease(milliseconds(2000));
  first->Take(milliseconds(1000));
  CHECK(first->held());
  auto row = folder.Row();
  REQUIRE(row.size() == 1);
  CHECK(row[0][0].size() == 32);
  CHECK_THAT(row[0][1], Contains("pid " + std::to_string(::getpid())) && Contains("retort "));
  CHECK(row[0][3] == "2000");

  auto second = folder.NewLease(milliseconds(2000));
  const auto started = Clock::now();
  const std::string message = TimeoutOf(*second, milliseconds(300));
  CHECK(Clock::now() - started >= milliseconds(300));
  CHECK_THAT(message, Contains("another retort process is migrating app.db") &&
                          Contains("pid " + std::to_string(::getpid())) &&
                          Contains("holds its migration lease (table retort_lock)") &&
                          Contains("within 300 ms") && Contains("lapses when not renewed for 2000"));
  CHECK_FALSE(second->held());

  first->Release();
  row = folder.Row();
  CHECK(row[0][0] == "NULL");
  CHECK(row[0][1] == "NULL");
  second->Take(milliseconds(0));
  CHECK(second->held());
}

TEST_CASE("a holder's renewals keep its lease past the lease's length", "[lease]") {
  LeaseFolder folder;
  auto holder = folder.NewLease(milliseconds(2000));
  holder->Take(milliseconds(0));
  const long generation = std::stol(folder.Row()[0][2]);
  auto waiter = folder.NewLease(milliseconds(2000));
  CHECK_FALSE(TimeoutOf(*waiter, milliseconds(5000)).empty());
  // Renewed every third of its length while the waiter watched.
  CHECK(std::stol(folder.Row()[0][2]) >= generation + 3);
  CHECK(holder->Lost().empty());
}

TEST_CASE("a lease its holder stopped renewing is taken over once it lapses", "[lease]") {
  LeaseFolder folder;
  // What a killed migrator leaves: a token nobody renews.
  folder.NewLease(milliseconds(1000))->Take(milliseconds(0));
  retort::testing::Exec(folder.database(),
                        "UPDATE retort_lock SET token = 'dead', holder = 'ghost pid 1', "
                        "generation = 41, lease_ms = 800");
  auto next = folder.NewLease(milliseconds(5000));
  const auto started = Clock::now();
  next->Take(milliseconds(10'000));
  const auto waited = Clock::now() - started;
  CHECK(waited >= milliseconds(800));  // the dead holder's lease, not the taker's
  CHECK(waited < milliseconds(4000));
  const auto row = folder.Row();
  CHECK_THAT(row[0][1], Contains("pid " + std::to_string(::getpid())));
  CHECK(row[0][2] == "42");

  // Within the lease it is not taken over.
  retort::testing::Exec(folder.database(),
                        "UPDATE retort_lock SET token = 'dead', generation = 50, lease_ms = 60000");
  next->Release();
  CHECK_FALSE(TimeoutOf(*folder.NewLease(milliseconds(1000)), milliseconds(1500)).empty());
}

TEST_CASE("a connection whose lease was taken over runs nothing more", "[lease]") {
  LeaseFolder folder;
  auto connection = folder.ConnectLocked(LeaseOf(milliseconds(1000)));
  connection->AcquireMigrationLock(milliseconds(0));
  connection->Execute("CREATE TABLE before_loss (id integer)");
  retort::testing::Exec(folder.database(),
                        "UPDATE retort_lock SET token = 'thief', holder = 'another pid 2'");
  // The next renewal finds the thief's token.
  const std::string message = LossOf(*connection, "CREATE TABLE after_loss (id integer)");
  CHECK_THAT(message, Contains("lost its migration lease") &&
                          Contains("taken over by another pid 2"));
  CHECK_THROWS_AS(connection->Begin({}), DatabaseError);
  CHECK(retort::testing::SchemaObjects(folder.database()) ==
        std::vector<std::string>{"table before_loss", "table retort_lock"});
  // Releasing leaves the thief's row alone.
  connection->ReleaseMigrationLock();
  CHECK(folder.Row()[0][0] == "thief");
}

TEST_CASE("a holder whose renewals hang stops before its lease could be taken over",
          "[lease]") {
  LeaseFolder folder;
  auto connection = folder.ConnectLocked(LeaseOf(milliseconds(1000)));
  connection->AcquireMigrationLock(milliseconds(0));
  {
    // Another writer holds the file: each renewal waits, without an error.
    auto blocker = folder.Connect();
    blocker->Execute("BEGIN IMMEDIATE");
    const auto started = Clock::now();
    const std::string message = LossOf(*connection, "SELECT 1");
    CHECK(Clock::now() - started < milliseconds(1000));
    CHECK_THAT(message, Contains("not renewed within its 1000 ms (lease_duration)"));
    blocker->Rollback();
  }
  // Lost stays lost, also once renewals could go through again.
  std::this_thread::sleep_for(milliseconds(500));
  CHECK_THROWS_AS(connection->Query("SELECT 1", {}), DatabaseError);
}

TEST_CASE("a free or lapsed lease the database will not let be written is refused at once",
          "[lease]") {
  LeaseFolder folder;
  folder.NewLease(milliseconds(1000))->Take(milliseconds(0));
  const auto refusal_of_take = [&](const std::string& state) {
    retort::testing::Exec(folder.database(),
                          "CREATE TRIGGER keep_out BEFORE UPDATE ON retort_lock "
                          "BEGIN SELECT RAISE(ABORT, 'this table is read-only'); END");
    auto lease = folder.NewLease(milliseconds(1000));
    const auto started = Clock::now();
    try {
      lease->Take(milliseconds(20'000));
      FAIL("a lease was taken that cannot be written");
    } catch (const DatabaseError& error) {
      CHECK(error.code() != "LEASE_TIMEOUT");
      CHECK_THAT(error.what(), Contains("cannot take the migration lease of app.db (table "
                                        "retort_lock), which is " + state) &&
                                   Contains("this table is read-only"));
    }
    CHECK(Clock::now() - started < milliseconds(5000));
    retort::testing::Exec(folder.database(), "DROP TRIGGER keep_out");
  };
  refusal_of_take("free");
  // What a killed migrator leaves, lapsing 300 ms after a waiter first sees it.
  retort::testing::Exec(folder.database(),
                        "UPDATE retort_lock SET token = 'dead', holder = 'ghost pid 1', "
                        "lease_ms = 300");
  refusal_of_take("lapsed");
}

TEST_CASE("a lease row refused as a deadlock is inserted again, and a lasting refusal is named",
          "[lease]") {
  LeaseFolder folder;
  const auto lease_over = [&](int refusals) {
    return std::make_unique<Lease>(
        folder.dialect(),
        std::make_unique<RefusingWrites>(folder.Connect(), "INSERT INTO", refusals),
        VersionTableNames{}, milliseconds(1000), "app.db");
  };
  {
    auto lease = lease_over(2);
    lease->Take(milliseconds(1000));
    CHECK(lease->held());
  }
  retort::testing::Exec(folder.database(), "DELETE FROM retort_lock");
  try {
    lease_over(3)->Take(milliseconds(1000));
    FAIL("a lease was taken without its row");
  } catch (const DatabaseError& error) {
    CHECK(error.code() == "1213");
    CHECK_THAT(error.what(), Contains("cannot write the migration lease's row into retort_lock "
                                      "of app.db") &&
                                 Contains("Deadlock found"));
  }
  CHECK(folder.Row().empty());
}

TEST_CASE("takes refused while others take and free the lease are races, not a refusal",
          "[lease]") {
  LeaseFolder folder;
  folder.NewLease(milliseconds(1000))->Take(milliseconds(0));  // the row, free again
  // At each refusal another migrator takes the lease and frees it: the row
  // is free every time this lease looks, at a newer generation.
  const auto another_takes_and_frees = [&] {
    folder.NewLease(milliseconds(1000))->Take(milliseconds(0));
  };
  Lease lease(
      folder.dialect(),
      std::make_unique<RefusingWrites>(folder.Connect(), "UPDATE", 4, another_takes_and_frees),
      VersionTableNames{}, milliseconds(1000), "app.db");
  lease.Take(milliseconds(5000));
  CHECK(lease.held());
}

TEST_CASE("lock = session and auto on SQLite make no lock table", "[lease]") {
  LeaseFolder folder;
  for (LockKind kind : {LockKind::kSession, LockKind::kAuto}) {
    retort::LockSettings settings;
    settings.kind = kind;
    auto connection = folder.ConnectLocked(settings);
    connection->AcquireMigrationLock(milliseconds(0));
    connection->Execute("CREATE TABLE IF NOT EXISTS t (id integer)");
    connection->ReleaseMigrationLock();
  }
  CHECK(retort::testing::SchemaObjects(folder.database()) == std::vector<std::string>{"table t"});
}

namespace {

Config LoadIni(const std::string& options, retort::ConfigOverrides overrides = {}) {
  TempDir temp;
  const fs::path ini = temp / "retort.ini";
  retort::testing::WriteFile(ini, "[retort]\nscript_location = migrations\n" + options);
  return retort::LoadConfig(ini, overrides, [](const std::string&) { return std::nullopt; });
}

std::string IniError(const std::string& options, retort::ConfigOverrides overrides = {}) {
  try {
    LoadIni(options, overrides);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("retort.ini: lock, pooler and lease_duration are read, and bad values refused",
          "[lease][config]") {
  const Config defaults = LoadIni("");
  CHECK(defaults.lock.kind == LockKind::kAuto);
  CHECK_FALSE(defaults.lock.transaction_pooler);
  CHECK(defaults.lock.lease_duration == milliseconds(30'000));
  CHECK(defaults.tables.lock == "retort_lock");

  const Config set = LoadIni("lock = lease\npooler = transaction\nlease_duration = 2.5\n"
                             "version_table = app_version\n");
  CHECK(set.lock.kind == LockKind::kLease);
  CHECK(set.lock.transaction_pooler);
  CHECK(set.lock.lease_duration == milliseconds(2500));
  CHECK(set.tables.lock == "app_lock");
  CHECK_FALSE(LoadIni("pooler = session\n").lock.transaction_pooler);

  retort::ConfigOverrides overrides;
  overrides.lock = "session";
  CHECK(LoadIni("lock = lease\n", overrides).lock.kind == LockKind::kSession);
  overrides.lock = "leases";
  CHECK_THAT(IniError("", overrides), Contains("--lock: 'leases' is not auto, session or lease"));

  CHECK_THAT(IniError("lock = galera\n"),
             Contains("retort.ini:3: [retort] lock: 'galera' is not auto, session or lease"));
  CHECK_THAT(IniError("pooler = statement\n"),
             Contains("retort.ini:3: [retort] pooler: 'statement' is not none, session or "
                      "transaction"));
  CHECK_THAT(IniError("lease_duration = 0.5\n"),
             Contains("retort.ini:3: [retort] lease_duration: '0.5' is less than a second"));
  CHECK_THAT(IniError("lease_duration = soon\n"),
             Contains("is not a number of seconds (1 to 604800)"));
}
