// Revision files that are not one whole, valid YAML document: cut off inside
// a quoted string (whose truncated SQL used to run), a second document,
// invalid UTF-8, a tab in the indentation, an unclosed '{'. Each is refused
// through the real binary at its file:line, nothing runs, and the database
// file is byte for byte what it was.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "cli_test_helpers.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Catch::Contains;

constexpr char kFirst[] = "a1b2c3d4e5f6";
constexpr char kSecond[] = "b2c3d4e5f6a1";

// Brings `project` to kFirst (table people, two rows), then adds kSecond,
// whose file holds `text` after its header.
void MigrateThenAdd(Project& project, const std::string& text) {
  project.AddYamlRevision(kFirst, "", R"yaml(
  - create_table: {name: people, columns: [{name: id, type: integer}, {name: name, type: text}]}
  - bulk_insert: {table: people, rows: [{id: 1, name: ann}, {id: 2, name: bob}]}
)yaml");
  RunOk(project, {"upgrade", "head"});
  project.AddRevision(std::string(kSecond) + "_rev.yaml",
                      "revision: " + std::string(kSecond) + "\ndown_revision: " + kFirst +
                          "\n" + text);
}

std::string SecondFile() { return "versions/" + std::string(kSecond) + "_rev.yaml"; }

}  // namespace

TEST_CASE("a revision cut off inside a quoted string is refused, and its SQL never runs",
          "[cli][bad-input][yaml]") {
  // The cut leaves a line break after the open quote: yaml-cpp alone takes
  // the text up to the end of the file as the string.
  Project project;
  MigrateThenAdd(project, "upgrade:\n  - execute: \"DELETE FROM people\n");
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains(SecondFile() + ":4"));
  CHECK_THAT(result.err, Contains("quoted scalar"));
  CHECK_THAT(result.err, Contains("cut off"));
}

TEST_CASE("an operation that heads and history did not read still stops upgrade before it runs",
          "[cli][bad-input][yaml]") {
  // Commands that read the graph alone parse each file only up to its
  // operations, and cache that header marked as such: a later upgrade must
  // read the whole file before the first revision runs, not halfway.
  Project project;
  MigrateThenAdd(project, "upgrade:\n  - create_table: {name: pets, columns: [{name: id, "
                          "type: integer}]}\n");
  const std::string third = "c3d4e5f6a1b2";
  project.AddRevision(third + "_rev.yaml", "revision: " + third + "\ndown_revision: " + kSecond +
                                               "\nupgrade:\n  - execute: \"DELETE FROM people\n");
  // Old enough for the header cache to keep them (it skips files written
  // within the last two seconds).
  const auto old = std::filesystem::file_time_type::clock::now() - std::chrono::hours(1);
  for (const auto& file : std::filesystem::directory_iterator(project.versions())) {
    std::filesystem::last_write_time(file.path(), old);
  }
  CHECK_THAT(RunOk(project, {"heads"}).out, Contains(third));
  CHECK_THAT(RunOk(project, {"history"}).out, Contains(third));
  REQUIRE(std::filesystem::exists(project.root() / "migrations" / ".retort-index"));
  // The offline script reads its revisions while it renders the steps
  // before them: without the whole file read first, it would report the
  // second revision's step as done, and fail only then.
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"upgrade", "head", "--sql"}, {"upgrade", "head"}}) {
    INFO(CommandLine(command));
    const ProcessResult result = RunFailing(project, command, 1);
    CHECK_THAT(result.err, Contains("versions/" + third + "_rev.yaml:4"));
    CHECK_THAT(result.err, Contains("cut off"));
    CHECK_THAT(result.err, !Contains("Running upgrade"));
    CHECK(result.out.empty());
  }
  CHECK_THAT(RunOk(project, {"current"}).out, Contains(kFirst));
}

TEST_CASE("a second YAML document in a revision file is refused at its line",
          "[cli][bad-input][yaml]") {
  Project project;
  MigrateThenAdd(project,
                 "upgrade:\n  - execute: \"UPDATE people SET name = 'x'\"\n---\ndowngrade: []\n");
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains(SecondFile() + ":5"));
  CHECK_THAT(result.err, Contains("a second YAML document"));
}

TEST_CASE("invalid UTF-8 in a revision file is refused at its line", "[cli][bad-input][yaml]") {
  Project project;
  MigrateThenAdd(project, "message: caf\xe9\nupgrade:\n  - execute: SELECT 1\n");
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains(SecondFile() + ":3"));
  CHECK_THAT(result.err, Contains("UTF-8"));
}

TEST_CASE("a tab in the indentation and an unclosed '{' are refused at their lines",
          "[cli][bad-input][yaml]") {
  Project tab;
  MigrateThenAdd(tab, "upgrade:\n\t- execute: SELECT 1\n");
  CHECK_THAT(RunFailing(tab, {"upgrade", "head"}, 1).err, Contains(SecondFile() + ":4"));

  Project brace;
  MigrateThenAdd(brace,
                 "upgrade:\n  - add_column: {table: people, column: {name: age, type: integer}\n"
                 "  - execute: SELECT 1\n");
  const ProcessResult result = RunFailing(brace, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains(SecondFile() + ":"));
  CHECK_THAT(result.err, Contains("flow mapping"));
}

}  // namespace retort::testing
