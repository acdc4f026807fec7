// Offline SQL against online runs on PostgreSQL: the script `upgrade --sql`
// writes, replayed by psql, leaves the database as an online upgrade does.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "catalogue.h"
#include "offline_cases.h"
#include "offline_replay.h"
#include "postgres_support.h"
#include "retort/builtin_dialects.h"
#include "retort/commands.h"
#include "retort/error.h"
#include "retort/schema_diff.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;

TEST_CASE("every catalogue case's offline SQL replayed by psql equals an online upgrade",
          "[offline][postgresql]") {
  RegisterBuiltinDialects();
  TempDir temp;
  PostgresDatabase online, offline;
  std::string failures;
  std::vector<std::string> refused;
  std::size_t compared = 0;
  auto reset = [](const PostgresDatabase& database) {
    database.Exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  };
  for (const conformance::CatalogueCase& entry : conformance::Catalogue()) {
    if (entry.fails) continue;
    const std::filesystem::path folder = temp / std::to_string(compared++);
    WriteCase(entry, "postgresql", folder / "versions");
    reset(online);
    reset(offline);
    try {
      MigrationListener quiet;
      const Config online_config = ConfigFor(folder, online.url());
      const Config offline_config = ConfigFor(folder, offline.url());
      const OfflineScript script = UpgradeSql(offline_config, "head", quiet);
      Upgrade(online_config, "head", quiet);
      const ProcessResult replay = ReplayWithPsql(offline.url(), script.sql, folder);
      if (replay.exit_code != 0) {
        failures += entry.name + ": psql failed: " + replay.err + "\n" + script.sql + "\n";
        continue;
      }
      if (VersionRows(online_config) != VersionRows(offline_config)) {
        failures += entry.name + ": version rows differ\n";
      }
      // The history rows differ in time and user only; the rest must not.
      for (const PostgresDatabase* database : {&online, &offline}) {
        database->Exec("DELETE FROM retort_history");
      }
      if (online.Digest() != offline.Digest()) {
        failures += entry.name + ": contents differ:\n" +
                    DiffSchemas(Inspect(online_config), Inspect(offline_config)) + "\n" +
                    script.sql + "\n";
      }
    } catch (const OperationError& error) {
      // A drop_constraint without a name looks the name up in the
      // database: offline, it is refused, saying so (docs/commands.md).
      if (std::string(error.what()).find("has no name") != std::string::npos) {
        refused.push_back(entry.name);
      } else {
        failures += entry.name + ": " + error.what() + "\n";
      }
    } catch (const std::exception& error) {
      failures += entry.name + ": " + error.what() + "\n";
    }
  }
  CHECK(compared >= 40);
  CHECK(refused == std::vector<std::string>{"drop_constraint/by_selector"});
  if (!failures.empty()) FAIL(failures);
}

TEST_CASE("the sample's offline SQL replayed by psql equals an online upgrade",
          "[offline][postgresql]") {
  RegisterBuiltinDialects();
  TempDir temp;
  PostgresDatabase online, offline;
  const std::filesystem::path scripts = CopySample(temp.path());
  MigrationListener quiet;
  const OfflineScript script = UpgradeSql(ConfigFor(scripts, offline.url()), "head", quiet);
  Upgrade(ConfigFor(scripts, online.url()), "head", quiet);
  const ProcessResult replay = ReplayWithPsql(offline.url(), script.sql, temp.path());
  INFO(replay.err << "\n" << script.sql);
  REQUIRE(replay.exit_code == 0);
  CHECK(VersionRows(ConfigFor(scripts, online.url())) ==
        VersionRows(ConfigFor(scripts, offline.url())));
  CHECK(online.Query("SELECT revision, direction FROM retort_history ORDER BY id") ==
        offline.Query("SELECT revision, direction FROM retort_history ORDER BY id"));
  online.Exec("DELETE FROM retort_history");
  offline.Exec("DELETE FROM retort_history");
  CHECK(online.Digest() == offline.Digest());
}
