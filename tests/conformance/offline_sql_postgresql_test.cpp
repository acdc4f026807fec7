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

TEST_CASE("a drop_constraint without a name is looked up where psql runs the script as online",
          "[offline][postgresql]") {
  RegisterBuiltinDialects();
  TempDir temp;
  PostgresDatabase online, offline;
  const std::string tables = R"yaml(upgrade:
  - create_table: {name: customers, columns: [{name: id, type: integer, primary_key: true}, {name: code, type: integer}], unique_constraints: [{columns: [code]}]}
  - create_table:
      name: invoices
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: customer_id, type: integer}
        - {name: number, type: string(20)}
      foreign_keys:
        - {columns: [customer_id], referent_table: customers, referent_columns: [id]}
      unique_constraints:
        - {columns: [number]}
        - {columns: [number, customer_id]}
)yaml";
  conformance::CatalogueCase history;
  history.revisions = {tables, R"yaml(upgrade:
  - drop_constraint: {table: invoices, type: foreignkey, columns: [customer_id], referent_table: customers, referent_columns: [id]}
  - drop_constraint: {table: invoices, type: unique, columns: [number]}
  - drop_constraint: {table: invoices, type: primary}
  - drop_constraint: {table: customers, type: unique, columns: [code]}
)yaml"};
  WriteCase(history, "postgresql", temp / "found" / "versions");
  MigrationListener quiet;
  const Config offline_config = ConfigFor(temp / "found", offline.url());
  const OfflineScript script = UpgradeSql(offline_config, "head", quiet);
  CHECK(script.sql.find("DO $retort_drop$") != std::string::npos);
  Upgrade(ConfigFor(temp / "found", online.url()), "head", quiet);
  const ProcessResult replay = ReplayWithPsql(offline.url(), script.sql, temp.path());
  INFO(replay.err << "\n" << script.sql);
  REQUIRE(replay.exit_code == 0);
  online.Exec("DELETE FROM retort_history");
  offline.Exec("DELETE FROM retort_history");
  CHECK(online.Digest() == offline.Digest());
  // Only the two-column unique constraint is left of invoices' four.
  CHECK(offline.Query("SELECT contype FROM pg_constraint WHERE conrelid = 'invoices'::regclass") ==
        std::vector<std::vector<std::string>>{{"u"}});

  SECTION("a selector that matches nothing fails the script in its revision, naming it") {
    offline.Exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    conformance::CatalogueCase missing;
    missing.revisions = {tables, R"yaml(upgrade:
  - drop_constraint: {table: invoices, type: unique, columns: [customer_id]}
)yaml"};
    WriteCase(missing, "postgresql", temp / "missing" / "versions");
    const Config config = ConfigFor(temp / "missing", offline.url());
    const ProcessResult failed =
        ReplayWithPsql(offline.url(), UpgradeSql(config, "head", quiet).sql, temp.path());
    CHECK(failed.exit_code != 0);
    CHECK_THAT(failed.err, Catch::Contains("drop_constraint on invoices: 0 constraints match "
                                           "unique (customer_id) (none), not one"));
    CHECK(VersionRows(config) == std::vector<std::string>{"r0"});
  }

  SECTION("a check constraint is matched as only retort compares conditions: offline, it needs "
          "its name") {
    conformance::CatalogueCase check;
    check.revisions = {"upgrade:\n  - create_table: {name: things, columns: [{name: id, type: "
                       "integer}], check_constraints: [{condition: \"id > 0\"}]}\n",
                       "upgrade:\n  - drop_constraint: {table: things, type: check, condition: "
                       "\"id > 0\"}\n"};
    WriteCase(check, "postgresql", temp / "check" / "versions");
    CHECK_THROWS_WITH(UpgradeSql(ConfigFor(temp / "check", offline.url()), "head", quiet),
                      Catch::Contains("has no name") && Catch::Contains("check constraint"));
  }
}
