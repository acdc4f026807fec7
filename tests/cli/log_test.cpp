// retort log on a SQLite file: the history rows with their checksums, then
// the revisions upgrade heads would apply, --limit and -r.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli_test_helpers.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Catch::Contains;
using Catch::StartsWith;
using Rows = std::vector<std::string>;

constexpr char kFirst[] = "a1a1a1a1a1a1";
constexpr char kSecond[] = "b2b2b2b2b2b2";
constexpr char kThird[] = "c3c3c3c3c3c3";

void AddThreeRevisions(Project& project) {
  project.AddYamlRevision(kFirst, "",
                          "  - create_table: {name: a, columns: [{name: id, type: integer}]}\n");
  project.AddYamlRevision(kSecond, kFirst,
                          "  - create_table: {name: b, columns: [{name: id, type: integer}]}\n");
  project.AddYamlRevision(kThird, kSecond,
                          "  - create_table: {name: c, columns: [{name: id, type: integer}]}\n");
}

// The checksum the history table recorded for the upgrade of `revision`.
std::string RecordedChecksum(const Project& project, const std::string& revision) {
  const auto rows = Query(project.database(),
                          "SELECT checksum FROM retort_history WHERE direction = 'upgrade' AND "
                          "revision = '" + revision + "'");
  REQUIRE(rows.size() == 1);
  return rows[0][0];
}

TEST_CASE("log lists the applied steps with their checksums, then the pending revisions in "
          "upgrade order",
          "[cli][log]") {
  Project project;
  AddThreeRevisions(project);
  const Rows before_any = Lines(RunOk(project, {"log"}).out);
  REQUIRE(before_any.size() == 4);
  CHECK(before_any[0] == "(no history: retort has not migrated this database)");
  CHECK_THAT(before_any[1], StartsWith("pending  upgrade  " + std::string(kFirst) + "  "));
  CHECK_THAT(before_any[3], StartsWith("pending  upgrade  " + std::string(kThird) + "  "));

  RunOk(project, {"upgrade", kSecond});
  const Rows lines = Lines(RunOk(project, {"log"}).out);
  REQUIRE(lines.size() == 3);
  CHECK_THAT(lines[0], Contains("  upgrade  " + std::string(kFirst) + "  " +
                                RecordedChecksum(project, kFirst).substr(0, 8) + "  ") &&
                           Contains(" ms  "));
  CHECK_THAT(lines[1], Contains("  upgrade  " + std::string(kSecond) + "  " +
                                RecordedChecksum(project, kSecond).substr(0, 8) + "  "));
  CHECK_THAT(lines[2], StartsWith("pending") && Contains(kThird));
  const std::string pending_checksum = lines[2].substr(lines[2].find(kThird) + 14, 8);

  // The checksum shown while pending is the one the upgrade records.
  RunOk(project, {"upgrade", "head"});
  CHECK(RecordedChecksum(project, kThird).substr(0, 8) == pending_checksum);
  const Rows applied = Lines(RunOk(project, {"log"}).out);
  REQUIRE(applied.size() == 3);
  CHECK_THAT(applied[2], Contains("  upgrade  " + std::string(kThird) + "  " + pending_checksum));
}

TEST_CASE("log --limit keeps the last applied rows and every pending revision", "[cli][log]") {
  Project project;
  AddThreeRevisions(project);
  RunOk(project, {"upgrade", "head"});
  RunOk(project, {"downgrade", "-1"});
  const Rows lines = Lines(RunOk(project, {"log", "--limit", "2"}).out);
  REQUIRE(lines.size() == 3);
  CHECK_THAT(lines[0], Contains("  upgrade    " + std::string(kThird)));
  CHECK_THAT(lines[1], Contains("  downgrade  " + std::string(kThird)));
  CHECK_THAT(lines[2], StartsWith("pending") && Contains(kThird));
  CHECK(Lines(RunOk(project, {"log", "-n", "0"}).out).size() == 2);  // the note and kThird
}

TEST_CASE("log -r keeps the rows and pending revisions of the range", "[cli][log]") {
  Project project;
  AddThreeRevisions(project);
  RunOk(project, {"upgrade", kFirst});
  const Rows lines = Lines(RunOk(project, {"log", "-r", std::string(kSecond) + ":"}).out);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "(no history rows in this selection)");
  CHECK_THAT(lines[1], StartsWith("pending") && Contains(kSecond));
  CHECK_THAT(lines[2], StartsWith("pending") && Contains(kThird));

  const Rows first = Lines(RunOk(project, {"log", "-r", std::string(kFirst) + ":" + kSecond}).out);
  REQUIRE(first.size() == 2);
  CHECK_THAT(first[0], Contains("  upgrade  " + std::string(kFirst)));
  CHECK_THAT(first[1], StartsWith("pending") && Contains(kSecond));

  const ProcessResult bad = RunFailing(project, {"log", "-r", "nosuch:"}, 1);
  CHECK_THAT(bad.err, Contains("nosuch"));
}

}  // namespace
}  // namespace retort::testing
