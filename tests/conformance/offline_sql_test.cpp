// Offline SQL against online runs: for the sample and every catalogue case,
// the script `upgrade --sql` writes, replayed by the database's own shell,
// leaves the database as an online upgrade does: the same schema, rows and
// version rows. From base, and from a start part-way (where SQLite's
// rebuilds must know each table's text), and back down again.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "catalogue.h"
#include "offline_cases.h"
#include "offline_replay.h"
#include "retort/builtin_dialects.h"
#include "retort/commands.h"
#include "retort/conformance.h"
#include "retort/schema_diff.h"
#include "retort/schema_format.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;

namespace {

// Migrates `online` with the library and `offline` with the script of the
// same range, replayed by sqlite3; returns "" when they hold the same, else
// what differs.
std::string CompareSqlite(const std::filesystem::path& scripts, const std::filesystem::path& online,
                          const std::filesystem::path& offline, const std::string& start,
                          const std::string& target, bool up) {
  const Config online_config = ConfigFor(scripts, "sqlite:///" + online.string());
  const Config offline_config = ConfigFor(scripts, "sqlite:///" + offline.string());
  MigrationListener quiet;
  const std::string range = start + ":" + target;
  const OfflineScript script = up ? UpgradeSql(offline_config, range, quiet)
                                  : DowngradeSql(offline_config, range, quiet);
  if (up) {
    Upgrade(online_config, target, quiet);
  } else {
    Downgrade(online_config, target, quiet);
  }
  const ProcessResult replay = ReplayWithSqlite3(offline, script.sql);
  if (replay.exit_code != 0) return "sqlite3 failed: " + replay.err + "\nscript:\n" + script.sql;
  if (VersionRows(online_config) != VersionRows(offline_config)) return "version rows differ";
  const std::string diff = DiffSchemas(Inspect(online_config), Inspect(offline_config));
  if (!diff.empty()) return "schemas differ:\n" + diff;
  if (SqliteContents(online) != SqliteContents(offline)) {
    return "contents differ:\nonline:\n" + SqliteContents(online) + "offline:\n" +
           SqliteContents(offline) + "script:\n" + script.sql;
  }
  return "";
}

}  // namespace

TEST_CASE("the sample's offline SQL replayed by sqlite3 equals an online upgrade and downgrade",
          "[offline][sqlite]") {
  RegisterBuiltinDialects();
  TempDir temp;
  const std::filesystem::path scripts = CopySample(temp.path());
  const auto online = temp / "online.db";
  const auto offline = temp / "offline.db";
  CHECK(CompareSqlite(scripts, online, offline, "base", "head", true) == "");
  CHECK(CompareSqlite(scripts, online, offline, "head", "base", false) == "");
}

TEST_CASE("every catalogue case's offline SQL replayed by sqlite3 equals an online run, from "
          "base, from its first revision, and back down",
          "[offline][sqlite]") {
  RegisterBuiltinDialects();
  TempDir temp;
  std::string failures;
  std::size_t compared = 0;
  for (const conformance::CatalogueCase& entry : conformance::Catalogue()) {
    if (entry.fails) continue;
    const std::filesystem::path folder = temp / std::to_string(compared++);
    const std::vector<std::string> ids = WriteCase(entry, "sqlite", folder / "versions");
    auto compare = [&](const char* what, const std::string& start, const std::string& target,
                       bool up, const std::filesystem::path& online,
                       const std::filesystem::path& offline) {
      std::string difference;
      try {
        difference = CompareSqlite(folder, online, offline, start, target, up);
      } catch (const std::exception& error) {
        difference = error.what();
      }
      if (!difference.empty()) failures += entry.name + " (" + what + "): " + difference + "\n";
    };
    compare("base:head", "base", "head", true, folder / "a.db", folder / "b.db");
    compare("head:base", "head", "base", false, folder / "a.db", folder / "b.db");
    if (ids.size() > 1) {
      // Both at the first revision, online; then the rest, one each way.
      MigrationListener quiet;
      Upgrade(ConfigFor(folder, "sqlite:///" + (folder / "c.db").string()), ids[0],
              quiet);
      Upgrade(ConfigFor(folder, "sqlite:///" + (folder / "d.db").string()), ids[0],
              quiet);
      compare("r0:head", ids[0], "head", true, folder / "c.db", folder / "d.db");
    }
  }
  CHECK(compared >= 40);
  if (!failures.empty()) FAIL(failures);
}

