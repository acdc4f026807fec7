// SQLite's lint rules: which operations rebuild which tables, grouped as
// Apply groups them, and what loses data; and, on a real file, that the
// tables the findings say are rebuilt are exactly the tables whose b-tree
// the upgrade replaced (a rebuild creates a new table, so its rootpage
// changes; ALTER TABLE in place keeps it).
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "lint_testing.h"
#include "retort/commands.h"

namespace retort::testing {
namespace {

LintReport Sqlite(const std::string& ops, const std::string& header = "") {
  return LintOps("sqlite", ops, header);
}

std::vector<QualifiedName> Tables(std::initializer_list<const char*> names) {
  std::vector<QualifiedName> tables;
  for (const char* name : names) tables.push_back({"", name});
  return tables;
}

TEST_CASE("lint sqlite: what SQLite's ALTER TABLE cannot do rebuilds the table, once per run "
          "of operations on it",
          "[lint][sqlite]") {
  const LintReport report = Sqlite(
      "- add_column: {table: a, column: {name: x, type: integer}}\n"
      "- add_column: {table: a, column: {name: y, type: datetime, server_default: "
      "CURRENT_TIMESTAMP}}\n"
      "- alter_column: {table: a, column: x, nullable: false}\n"
      "- create_check_constraint: {name: ck, table: b, condition: \"n > 0\"}\n"
      "- create_index: {name: ix_c, table: c, columns: [n]}\n");
  REQUIRE(RuleIds(report) == std::vector<std::string>{"sqlite-rebuild", "sqlite-rebuild"});
  const LintFinding& a = report.findings[0];
  CHECK(a.severity == LintSeverity::kInfo);
  CHECK(a.rebuilds == Tables({"a"}));
  CHECK(a.rewrites);
  CHECK(a.line == 6);  // the first operation of the run that needs it
  CHECK_THAT(a.message, Catch::Contains("whose default is an expression"));
  CHECK_THAT(a.message, Catch::Contains("the 3 operations on a from line 5 share this one rebuild"));
  CHECK(report.findings[1].rebuilds == Tables({"b"}));
}

TEST_CASE("lint sqlite: rebuild policies and transaction: false", "[lint][sqlite]") {
  CHECK(RuleIds(Sqlite("- add_column: {table: a, column: {name: x, type: integer}, "
                       "rebuild: always}\n")) == std::vector<std::string>{"sqlite-rebuild"});
  const LintReport never =
      Sqlite("- alter_column: {table: a, column: x, type: text, rebuild: never}\n");
  CHECK(FindingOf(never, "sqlite-rebuild-forbidden").severity == LintSeverity::kError);
  const LintReport outside = Sqlite("- alter_column: {table: a, column: x, type: text}\n",
                                    "transaction: false\n");
  CHECK(FindingOf(outside, "sqlite-rebuild-outside-transaction").severity ==
        LintSeverity::kError);
}

TEST_CASE("lint sqlite: drops and allowed lossy conversions lose data", "[lint][sqlite]") {
  const LintReport report = Sqlite(
      "- drop_column: {table: a, column: x}\n"
      "- drop_table: b\n"
      "- alter_column: {table: c, column: z, type: integer, existing_type: text, lossy: allow}\n");
  CHECK(RuleIds(report) == std::vector<std::string>{"sqlite-drop-column", "sqlite-drop-table",
                                                    "sqlite-rebuild", "sqlite-lossy-conversion"});
  for (const char* rule : {"sqlite-drop-column", "sqlite-drop-table", "sqlite-lossy-conversion"}) {
    CHECK(FindingOf(report, rule).severity == LintSeverity::kWarning);
  }
  // Dropping what the range itself made loses nothing.
  Project project;
  project.AddYamlRevision("a1", "", "- create_table: {name: t, columns: [{name: id, type: integer}, "
                                    "{name: x, type: integer}]}\n");
  project.AddYamlRevision("a2", "a1", "- drop_column: {table: t, column: x}\n- drop_table: t\n");
  CHECK(Lint(project.config(), "", "sqlite").findings.empty());
}

// Each table's rootpage: the b-tree that holds its rows.
std::map<std::string, std::string> RootPages(const std::filesystem::path& database) {
  std::map<std::string, std::string> pages;
  for (const auto& row :
       Query(database, "SELECT name, rootpage FROM sqlite_schema WHERE type = 'table'")) {
    pages[row[0]] = row[1];
  }
  return pages;
}

TEST_CASE("lint sqlite: the tables the findings say are rebuilt are the tables the upgrade "
          "rebuilt",
          "[lint][sqlite]") {
  Project project;
  project.AddYamlRevision(
      "r1", "",
      "- create_table: {name: a, columns: [{name: id, type: integer, primary_key: true}, "
      "{name: n, type: integer}]}\n"
      "- create_table: {name: b, columns: [{name: id, type: integer, primary_key: true}, "
      "{name: n, type: integer}]}\n"
      "- create_table: {name: c, columns: [{name: id, type: integer, primary_key: true}, "
      "{name: n, type: integer}, {name: gone, type: text}]}\n"
      "- create_table: {name: d, columns: [{name: id, type: integer, primary_key: true}]}\n"
      "- execute: \"INSERT INTO a VALUES (1, 1), (2, 2); INSERT INTO b VALUES (1, 1); "
      "INSERT INTO c VALUES (1, 1, 'x'); INSERT INTO d VALUES (1)\"\n");
  project.AddYamlRevision(
      "r2", "r1",
      "- add_column: {table: a, column: {name: note, type: text}}\n"
      "- alter_column: {table: b, column: n, type: text, existing_type: integer}\n"
      "- create_check_constraint: {name: ck_c, table: c, condition: \"n > 0\"}\n"
      "- create_index: {name: ix_d, table: d, columns: [id]}\n"
      "- add_column: {table: d, column: {name: at, type: datetime, server_default: "
      "CURRENT_TIMESTAMP}}\n"
      "- drop_column: {table: a, column: n}\n");
  const Config config = project.config();
  MigrationListener quiet;
  Upgrade(config, "r1", quiet);
  const auto before = RootPages(project.database());

  const LintReport report = Lint(config, "", "sqlite");
  std::set<std::string> claimed;
  for (const LintFinding& finding : report.findings) {
    if (finding.revision != "r2") continue;
    for (const QualifiedName& table : finding.rebuilds) claimed.insert(table.name);
  }
  Upgrade(config, "r2", quiet);
  const auto after = RootPages(project.database());
  std::set<std::string> rebuilt;
  for (const auto& [table, page] : before) {
    if (after.count(table) && after.at(table) != page) rebuilt.insert(table);
  }
  CHECK(rebuilt == std::set<std::string>{"b", "c", "d"});
  CHECK(claimed == rebuilt);
}

}  // namespace
}  // namespace retort::testing
