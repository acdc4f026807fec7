// retort squash on real SQLite databases: what it writes, that databases
// before, inside and after the range all reach the same schema and version
// rows, downgrades across and into the range, and what it refuses.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "cli_test_helpers.h"
#include "retort/commands.h"
#include "retort/error.h"
#include "quiet_commands.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Catch::Contains;
using Rows = std::vector<std::string>;

constexpr char kUsers[] = "a1000000001a";
constexpr char kOrders[] = "a2000000002a";
constexpr char kEmail[] = "a3000000003a";  // a plain-SQL revision
constexpr char kIndex[] = "a4000000004a";
constexpr char kTotal[] = "a5000000005a";
constexpr char kNotes[] = "a6000000006a";
const Rows kRange = {kOrders, kEmail, kIndex};

// users, then orders, users.email (SQL), an index, orders.total, notes: the
// sample's shape made longer. The squashed range is orders..index; the
// index revision has a downgrade section of its own.
void AddHistory(Project& project) {
  project.AddYamlRevision(kUsers, "",
                          "  - create_table: {name: users, columns: [{name: id, type: integer, "
                          "primary_key: true}, {name: name, type: string(50)}]}\n");
  project.AddYamlRevision(kOrders, kUsers,
                          "  - create_table: {name: orders, columns: [{name: id, type: integer, "
                          "primary_key: true}, {name: user_id, type: integer}]}\n");
  project.AddRevision(std::string(kEmail) + "_email.sql",
                      "-- revision: " + std::string(kEmail) + "\n-- down_revision: " + kOrders +
                          "\n-- message: email\n-- migrate:up\n"
                          "ALTER TABLE users ADD COLUMN email TEXT;\n"
                          "-- migrate:down\nALTER TABLE users DROP COLUMN email;\n");
  project.AddYamlRevision(kIndex, kEmail,
                          "  - create_index: {name: ix_orders_user, table: orders, "
                          "columns: [user_id]}\n"
                          "downgrade:\n  - drop_index: {name: ix_orders_user, table: orders}\n");
  project.AddYamlRevision(kTotal, kIndex,
                          "  - add_column: {table: orders, column: {name: total, type: integer, "
                          "server_default: '0', nullable: false}}\n");
  project.AddYamlRevision(kNotes, kTotal,
                          "  - create_table: {name: notes, columns: [{name: id, type: integer, "
                          "primary_key: true}, {name: body, type: text}]}\n");
}

Config At(const Project& project, const std::string& name) {
  Config config = project.config();
  config.url = "sqlite:///" + (project.root() / name).string();
  return config;
}

std::filesystem::path DatabaseOf(const Project& project, const std::string& name) {
  return project.root() / name;
}

SquashResult SquashRange(const Project& project) {
  SquashOptions options;
  options.from = kOrders;
  options.to = kIndex;
  options.message = "orders";
  options.rev_id = "5aa000000005";
  return Squash(project.config(), options);
}

std::size_t FileCount(const Project& project) {
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(project.versions())) {
    count += entry.path().extension() != "" && entry.path().filename().string()[0] != '.';
  }
  return count;
}

TEST_CASE("squash writes one revision that replaces the range, and a fresh database upgrades "
          "through it",
          "[cli][squash]") {
  Project project;
  AddHistory(project);
  const Schema expected = [&] {
    Up(At(project, "before.db"), "head");
    return Inspect(At(project, "before.db"));
  }();

  const SquashResult result = SquashRange(project);
  CHECK(result.id == "5aa000000005");
  CHECK(result.replaces == kRange);
  CHECK(result.no_downgrade.empty());
  const std::string text = ReadFile(result.path);
  CHECK_THAT(text, Contains("down_revision: " + std::string(kUsers)) &&
                       Contains("replaces: [a2000000002a, a3000000003a, a4000000004a]") &&
                       Contains("ALTER TABLE users ADD COLUMN email TEXT") &&
                       Contains("downgrade:"));
  // The originals stay; the range's newest now means the squash.
  for (const char* id : {kOrders, kEmail}) CHECK(Show(project.config(), id).header.id == id);
  CHECK(Show(project.config(), kIndex).header.id == "5aa000000005");
  CHECK(Heads(project.config()).size() == 1);

  Up(project.config(), "head");
  CHECK(HistoryRows(project.database()) ==
        Rows{std::string(kUsers) + " upgrade", "5aa000000005 upgrade",
             std::string(kTotal) + " upgrade", std::string(kNotes) + " upgrade"});
  CHECK(VersionRows(project.database()) == Rows{kNotes});
  CHECK(Inspect(project.config()) == expected);
  CHECK(Current(project.config()).front().header.id == kNotes);
}

TEST_CASE("a database at each revision of the range upgrades to the same schema and rows as one "
          "through the squash",
          "[cli][squash]") {
  Project project;
  AddHistory(project);
  const Rows starts = {kUsers, kOrders, kEmail, kIndex};
  for (const std::string& start : starts) Up(At(project, start + ".db"), start);
  SquashRange(project);
  Up(project.config(), "head");
  const Schema expected = Inspect(project.config());

  for (const std::string& start : starts) {
    INFO("a database at " << start);
    const Config config = At(project, start + ".db");
    const std::string at = Current(config).front().header.id;
    CHECK(at == (start == kIndex ? std::string("5aa000000005") : start));
    Up(config, "head");
    CHECK(Inspect(config) == expected);
    CHECK(VersionRows(DatabaseOf(project, start + ".db")) == Rows{kNotes});
  }
  // The one inside the range ran the remaining originals.
  const Rows history = HistoryRows(DatabaseOf(project, std::string(kOrders) + ".db"));
  CHECK(history == Rows{std::string(kUsers) + " upgrade", std::string(kOrders) + " upgrade",
                        std::string(kEmail) + " upgrade", std::string(kIndex) + " upgrade",
                        std::string(kTotal) + " upgrade", std::string(kNotes) + " upgrade"});
}

TEST_CASE("downgrades cross the squash and reach into the range, however the database came",
          "[cli][squash]") {
  Project project;
  AddHistory(project);
  Up(At(project, "originals.db"), "head");
  Up(At(project, "email.db"), kEmail);
  const Schema at_email = Inspect(At(project, "email.db"));
  SquashRange(project);
  Up(At(project, "squash.db"), "head");

  for (const char* name : {"originals.db", "squash.db"}) {
    INFO("a database that came through " << name);
    const Config config = At(project, name);
    Down(config, kEmail);
    CHECK(VersionRows(DatabaseOf(project, name)) == Rows{kEmail});
    CHECK(Inspect(config) == at_email);
    Up(config, "head");
    CHECK(VersionRows(DatabaseOf(project, name)) == Rows{kNotes});
    const std::vector<MigrationStep> steps = Down(config, kUsers);
    REQUIRE(steps.size() == 3);
    CHECK(steps[2].revision.id == "5aa000000005");
    Down(config, "base");
    CHECK(VersionRows(DatabaseOf(project, name)).empty());
    CHECK(Inspect(config).tables.empty());
  }
}

TEST_CASE("with the originals deleted, a database at the range's end still works and one inside "
          "it is told what is missing",
          "[cli][squash]") {
  Project project;
  AddHistory(project);
  Up(At(project, "end.db"), kIndex);
  Up(At(project, "inside.db"), kEmail);
  SquashRange(project);
  for (const auto& entry : std::filesystem::directory_iterator(project.versions())) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("a2") || name.starts_with("a3") || name.starts_with("a4")) {
      std::filesystem::remove(entry.path());
    }
  }
  Up(At(project, "end.db"), "head");
  CHECK(VersionRows(DatabaseOf(project, "end.db")) == Rows{kNotes});
  CHECK_THROWS_WITH(Up(At(project, "inside.db"), "head"),
                    Contains("which revision 5aa000000005") &&
                        Contains("the file of revision a3000000003a is no longer"));
  CHECK(VersionRows(DatabaseOf(project, "inside.db")) == Rows{kEmail});
}

TEST_CASE("squash refuses what it cannot replace, and writes nothing", "[cli][squash]") {
  Project project;
  AddHistory(project);
  std::size_t expected_files = FileCount(project);
  SquashOptions options;
  options.message = "m";

  SECTION("a branch point inside the range") {
    project.AddYamlRevision("b0000000000b", kEmail,
                            "  - create_table: {name: side, columns: [{name: id, type: "
                            "integer}]}\n");
    options.from = kOrders;
    options.to = kIndex;
    ++expected_files;
    CHECK_THROWS_WITH(Squash(project.config(), options),
                      Contains("revision a3000000003a is a branch point"));
  }
  SECTION("a start that is not below the end") {
    options.from = kTotal;
    options.to = kOrders;
    CHECK_THROWS_WITH(Squash(project.config(), options),
                      Contains("a5000000005a is not an ancestor of a2000000002a"));
  }
  SECTION("a revision outside that depends on one inside") {
    project.AddYamlRevision("c0000000000c", kNotes, "  - execute: SELECT 1\n",
                            "depends_on: " + std::string(kEmail) + "\n");
    options.from = kOrders;
    options.to = kIndex;
    ++expected_files;
    CHECK_THROWS_WITH(Squash(project.config(), options),
                      Contains("revision c0000000000c") && Contains("depends on a3000000003a"));
  }
  SECTION("a C++ revision") {
    project.AddRevision("d0000000000d_code.cpp",
                        "// revision: d0000000000d\n// down_revision: " + std::string(kNotes) +
                            "\n// message: code\n#include <retort/code_revision.h>\n");
    options.from = kTotal;
    options.to = "d0000000000d";
    ++expected_files;
    CHECK_THROWS_WITH(Squash(project.config(), options),
                      Contains("d0000000000d") && Contains("written in C++"));
  }
  SECTION("a range whose downgrade would not return to the schema before it") {
    // A downgrade that forgets the column its upgrade adds: the squash's
    // check notices.
    project.AddYamlRevision("e0000000000e", kNotes,
                            "  - add_column: {table: users, column: {name: title, type: text}}\n"
                            "downgrade: []\n");
    ++expected_files;
    options.from = kTotal;
    options.to = "e0000000000e";
    CHECK_THROWS_WITH(Squash(project.config(), options),
                      Contains("its downgrade would not return to the schema of " +
                               std::string(kIndex)) &&
                          Contains("title"));
  }
  CHECK(FileCount(project) == expected_files);
}

TEST_CASE("a replaces naming a revision that is not there is refused at load, with the line",
          "[cli][squash]") {
  Project project;
  AddHistory(project);
  project.AddRevision("f0000000000f_bad.yaml",
                      "revision: f0000000000f\ndown_revision: " + std::string(kUsers) +
                          "\nreplaces: [a2000000002a, a3000000003a, nothere00000]\n"
                          "message: bad\nupgrade: []\n");
  CHECK_THROWS_WITH(Heads(project.config()),
                    Contains("f0000000000f_bad.yaml:3") &&
                        Contains("replaces nothere00000, which is not a revision"));
}

TEST_CASE("retort squash writes the squash and the graph commands show it in the range's place",
          "[cli][squash]") {
  Project project;
  AddHistory(project);
  const ProcessResult result =
      RunOk(project, {"squash", kOrders, kIndex, "-m", "orders", "--rev-id", "5aa000000005"});
  CHECK_THAT(result.out, Contains("Generated ") && Contains("It replaces 3 revisions"));
  GeneratedFile(project, result);
  CHECK_THAT(RunOk(project, {"heads"}).out, Contains(kNotes) && !Contains("5aa000000005"));
  const std::string history = RunOk(project, {"history"}).out;
  CHECK_THAT(history, Contains("5aa000000005") && !Contains(kEmail));
  RunOk(project, {"upgrade", "head"});
  CHECK(VersionRows(project.database()) == Rows{kNotes});

  const ProcessResult refused = RunFailing(project, {"squash", kNotes, kTotal, "-m", "x"}, 1);
  CHECK_THAT(refused.err, Contains("a6000000006a is not an ancestor of a5000000005a"));
}

}  // namespace
}  // namespace retort::testing
