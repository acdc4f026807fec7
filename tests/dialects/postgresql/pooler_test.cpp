// PostgreSQL behind PgBouncer in transaction pooling, where a session's
// advisory lock stays on whichever server connection took it: retort sees
// the pooler, takes a lease instead, and eight deployers through the pooler
// apply each revision once.
#include <catch2/catch.hpp>

#include "lease_testing.h"
#include "pg_test_helpers.h"
#include "retort/dialect_loader.h"

using namespace retort::testing;

TEST_CASE("a connection through a transaction pooler says the session lock cannot work",
          "[postgresql][pooler]") {
  PostgresDatabase db;
  const retort::Dialect& dialect = retort::FindDialectForScheme("postgresql");
  CHECK(dialect.Connect(retort::ParseDatabaseUrl(db.url()))->SessionLockUnusable().empty());
  CHECK_THAT(dialect.Connect(retort::ParseDatabaseUrl(db.PoolerUrl()))->SessionLockUnusable(),
             Catch::Contains("a connection pooler stands between retort and the server"));
}

TEST_CASE("eight deployers through PgBouncer in transaction pooling apply each revision once",
          "[postgresql][pooler]") {
  PgProject pg;
  const Strings ids = AddSleepingChain(pg.project(), 4, "0.3");
  // lock = auto, the default: the lease, because the pooler is seen.
  CheckAppliedOnce(UpgradeTogether(pg.project(), {pg.db().PoolerUrl()}, 8, {}), ids);
  CHECK(VersionRows(pg.db()) == Strings{ids.back()});
  CHECK(Values(pg.db(), "SELECT revision || ' ' || count(*) FROM retort_history "
                        "GROUP BY revision ORDER BY revision") ==
        Strings{ids[0] + " 1", ids[1] + " 1", ids[2] + " 1", ids[3] + " 1"});
  CHECK(Value(pg.db(), "SELECT coalesce(token, 'free') || ' ' || (generation > 0) "
                       "FROM retort_lock") == "free true");
  CHECK(Value(pg.db(), "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                       "(SELECT oid FROM pg_database WHERE datname = current_database())") == "0");
}
