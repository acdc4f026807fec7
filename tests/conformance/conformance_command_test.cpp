// `retort conformance` on PostgreSQL, as a user runs it: a fresh database on
// the test server, the URL through RETORT_URL (so that the password stays off
// the command line). Without RETORT_TEST_POSTGRESQL_URL it fails, never skips.
// The SQLite run is a plain ctest entry (tests/CMakeLists.txt).
#include <catch2/catch.hpp>

#include "postgres_support.h"
#include "test_support.h"

using namespace retort::testing;
using Catch::Contains;

TEST_CASE("retort conformance passes every case on a fresh PostgreSQL database",
          "[conformance][postgresql][cli]") {
  PostgresDatabase postgres;
  TempDir folder;
  const ProcessResult result = RunRetort({"conformance"}, folder.path(),
                                         {{"RETORT_URL", postgres.url()}});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Contains(" passed, 0 failed\n"));
  CHECK_THAT(result.out, Contains("ok   errors/failing_sql\n"));
}

TEST_CASE("retort conformance refuses a database that holds tables",
          "[conformance][postgresql][cli]") {
  PostgresDatabase postgres;
  postgres.Exec("CREATE TABLE precious (id INTEGER); INSERT INTO precious VALUES (1)");
  TempDir folder;
  const ProcessResult result = RunRetort({"conformance"}, folder.path(),
                                         {{"RETORT_URL", postgres.url()}});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains("holds tables: precious"));
  CHECK(postgres.Query("SELECT id FROM precious") == std::vector<std::vector<std::string>>{{"1"}});
}
