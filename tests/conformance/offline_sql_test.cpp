// Offline SQL against online runs: for the sample and every catalogue case,
// the script `upgrade --sql` writes, replayed by the database's own shell,
// leaves the database as an online upgrade does: the same schema, rows and
// version rows. From base, and from a start part-way (where SQLite's
// rebuilds must know each table's text), and back down again. SQLite's
// script runs a new table's and a new column's statements, and retort's own
// rows, on its in-memory database only when something needs them; a history
// made to need them in every way checks that what runs later still sees them.
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


TEST_CASE("offline SQL for SQLite runs deferred new tables and columns before whatever needs "
          "them and equals an online run",
          "[offline][sqlite]") {
  RegisterBuiltinDialects();
  TempDir temp;
  conformance::CatalogueCase history;
  history.revisions = {
      "upgrade:\n"
      "  - create_table: {name: items, columns: [{name: id, type: integer, primary_key: true},"
      " {name: code, type: string(10)}]}\n",
      // Native: written, not yet run in memory.
      "upgrade:\n"
      "  - add_column: {table: items, column: {name: label, type: string(20)}}\n"
      "  - add_column: {table: items, column: {name: rank, type: integer, server_default: \"0\"}}\n",
      // An index on a new column, raw SQL that writes it.
      "upgrade:\n"
      "  - create_index: {name: ix_items_label, table: items, columns: [label]}\n"
      "  - add_column: {table: items, column: {name: note, type: text}}\n"
      "  - execute: \"INSERT INTO items (id, code, label, note) VALUES (1, '7', 'a', 'n')\"\n"
      "downgrade:\n"
      "  - execute: \"DELETE FROM items\"\n"
      "  - drop_column: {table: items, column: note}\n"
      "  - drop_index: ix_items_label\n",
      // A rebuild reads the table's text, new columns included.
      "upgrade:\n"
      "  - add_column: {table: items, column: {name: extra, type: text}}\n"
      "  - alter_column: {table: items, column: code, type: integer, existing_type: string(10)}\n",
      // A new table with a key on a new column of another, a view on both.
      "upgrade:\n"
      "  - create_table: {name: tags, columns: [{name: id, type: integer, primary_key: true},"
      " {name: item_id, type: integer, references: items.id}]}\n"
      "  - add_column: {table: tags, column: {name: word, type: string(20)}}\n"
      "  - create_view: {name: tagged, definition: \"SELECT items.label, tags.word FROM items "
      "JOIN tags ON tags.item_id = items.id\"}\n",
      // A rebuild forced on a column ALTER TABLE could add, then a rename.
      "upgrade:\n"
      "  - add_column: {table: tags, column: {name: weight, type: integer}, rebuild: always}\n"
      "  - add_column: {table: items, column: {name: late, type: text}}\n"
      "  - rename_table: {name: items, new_name: goods}\n",
      // SQL that reads retort's own rows, which wait on the in-memory
      // database too.
      "upgrade:\n"
      "  - execute: \"INSERT INTO goods (id, code, label) SELECT 2, 8, version_num FROM "
      "retort_version\"\n"
      "  - execute: \"UPDATE goods SET note = (SELECT revision FROM retort_history ORDER BY id "
      "DESC LIMIT 1) WHERE id = 2\"\n"
      "downgrade:\n"
      "  - execute: \"DELETE FROM goods WHERE id = 2\"\n",
  };
  const std::filesystem::path folder = temp / "history";
  const std::vector<std::string> ids = WriteCase(history, "sqlite", folder / "versions");
  CHECK(CompareSqlite(folder, temp / "a.db", temp / "b.db", "base", "head", true) == "");
  CHECK(CompareSqlite(folder, temp / "a.db", temp / "b.db", "head", "base", false) == "");
  MigrationListener quiet;
  for (const char* name : {"c.db", "d.db"}) {
    Upgrade(ConfigFor(folder, "sqlite:///" + (temp / name).string()), ids[1], quiet);
  }
  CHECK(CompareSqlite(folder, temp / "c.db", temp / "d.db", ids[1], "head", true) == "");

  // Columns that ALTER TABLE adds need no foreign keys off, nor a check of
  // the whole database; a forced rebuild still does.
  const Config config = ConfigFor(folder, "sqlite:///" + (temp / "e.db").string());
  const std::string adds = UpgradeSql(config, ids[0] + ":" + ids[1], quiet).sql;
  CHECK(adds.find("ADD COLUMN label") != std::string::npos);
  CHECK(adds.find("foreign_key") == std::string::npos);
  const std::string forced = UpgradeSql(config, ids[4] + ":" + ids[5], quiet).sql;
  CHECK(forced.find("PRAGMA foreign_keys = OFF") != std::string::npos);
  CHECK(forced.find("pragma_foreign_key_check") != std::string::npos);
}
