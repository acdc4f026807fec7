// A squash (a revision whose `replaces` names a linear range) in the revision
// graph: the view with the squash, the view of the originals used for a
// database inside the range, and the names that stand for one another.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "retort/error.h"
#include "retort/revision.h"
#include "retort/revision_graph.h"

namespace {

using Catch::Contains;
using retort::MigrationStep;
using retort::RevisionError;
using retort::RevisionGraph;
using retort::RevisionHeader;
using Strings = std::vector<std::string>;

RevisionHeader Rev(std::string id, Strings down = {}, Strings replaces = {}) {
  RevisionHeader header;
  header.id = std::move(id);
  header.down_revisions = std::move(down);
  header.replaces = std::move(replaces);
  return header;
}

// base0 <- a1 <- a2 <- a3 <- child4 <- head5, with squash s123 replacing
// a1..a3; child4 names a3 as its down_revision, as its file says.
std::vector<RevisionHeader> Squashed(bool with_originals = true) {
  std::vector<RevisionHeader> revisions = {Rev("base0")};
  if (with_originals) {
    revisions.push_back(Rev("a1", {"base0"}));
    revisions.push_back(Rev("a2", {"a1"}));
    revisions.push_back(Rev("a3", {"a2"}));
  }
  revisions.push_back(Rev("s123", {"base0"}, {"a1", "a2", "a3"}));
  revisions.push_back(Rev("child4", {"a3"}));
  revisions.push_back(Rev("head5", {"child4"}));
  return revisions;
}

Strings StepIds(const std::vector<MigrationStep>& steps) {
  Strings ids;
  for (const MigrationStep& step : steps) ids.push_back(step.revision.id);
  return ids;
}

Strings HeaderIds(const std::vector<const RevisionHeader*>& headers) {
  Strings ids;
  for (const RevisionHeader* header : headers) ids.push_back(header->id);
  return ids;
}

TEST_CASE("a squash stands for its range: one head, and history shows the squash",
          "[core][graph][squash]") {
  const RevisionGraph graph(Squashed());
  CHECK(HeaderIds(graph.Heads()) == Strings{"head5"});
  CHECK(HeaderIds(graph.History("", {})) == Strings{"head5", "child4", "s123", "base0"});
  CHECK(HeaderIds(graph.Children(*graph.Find("s123"))) == Strings{"child4"});
  CHECK(graph.Find("a2") == nullptr);
  REQUIRE(graph.ReplacedBy("a2") != nullptr);
  CHECK(graph.ReplacedBy("a2")->id == "s123");
  CHECK(graph.ReplacedBy("child4") == nullptr);
}

TEST_CASE("a fresh database upgrades through the squash, not the originals",
          "[core][graph][squash]") {
  const RevisionGraph graph(Squashed());
  const std::vector<MigrationStep> steps = graph.PlanUpgrade({}, "head");
  CHECK(StepIds(steps) == Strings{"base0", "s123", "child4", "head5"});
  CHECK(steps[1].heads_after == Strings{"s123"});
  CHECK(steps[2].heads_before == Strings{"s123"});
}

TEST_CASE("a database at the range's newest revision is at the squash",
          "[core][graph][squash]") {
  const RevisionGraph graph(Squashed());
  CHECK(HeaderIds(graph.CurrentRevisions({"a3"})) == Strings{"s123"});
  const std::vector<MigrationStep> steps = graph.PlanUpgrade({"a3"}, "head");
  CHECK(StepIds(steps) == Strings{"child4", "head5"});
  // The row is checked as the database has it.
  CHECK(steps[0].heads_before == Strings{"a3"});
  CHECK(steps[0].heads_after == Strings{"child4"});
  CHECK(graph.PlanUpgrade({"a3"}, "a3").empty());
  CHECK(StepIds(graph.PlanDowngrade({"a3"}, "base0")) == Strings{"s123"});
}

TEST_CASE("a database inside the range upgrades through the remaining originals",
          "[core][graph][squash]") {
  const RevisionGraph graph(Squashed());
  CHECK(HeaderIds(graph.CurrentRevisions({"a1"})) == Strings{"a1"});
  const std::vector<MigrationStep> steps = graph.PlanUpgrade({"a1"}, "head");
  REQUIRE(StepIds(steps) == Strings{"a2", "a3", "child4", "head5"});
  // The range's newest writes the squash's row, so that every database
  // past the range has the same rows.
  CHECK(steps[1].heads_after == Strings{"s123"});
  CHECK(steps[2].heads_before == Strings{"s123"});
  CHECK(steps[3].heads_after == Strings{"head5"});
}

TEST_CASE("downgrades cross a squash through it, or into it through the originals",
          "[core][graph][squash]") {
  const RevisionGraph graph(Squashed());
  CHECK(StepIds(graph.PlanDowngrade({"head5"}, "base")) ==
        Strings{"head5", "child4", "s123", "base0"});
  const std::vector<MigrationStep> into = graph.PlanDowngrade({"head5"}, "a1");
  REQUIRE(StepIds(into) == Strings{"head5", "child4", "a3", "a2"});
  CHECK(into[1].heads_after == Strings{"s123"});
  CHECK(into[2].heads_before == Strings{"s123"});
  CHECK(into.back().heads_after == Strings{"a1"});
  CHECK(StepIds(graph.PlanDowngrade({"a2"}, "base")) == Strings{"a2", "a1", "base0"});
  CHECK(graph.PlanStamp({}, {"a2"}, false) == Strings{"a2"});
  CHECK(graph.PlanStamp({}, {"a3"}, false) == Strings{"s123"});
}

TEST_CASE("without the originals' files, the newest still works and a row inside is an error "
          "naming the squash",
          "[core][graph][squash]") {
  const RevisionGraph graph(Squashed(/*with_originals=*/false));
  CHECK(StepIds(graph.PlanUpgrade({"a3"}, "head")) == Strings{"child4", "head5"});
  CHECK(HeaderIds(graph.CurrentRevisions({"a3"})) == Strings{"s123"});
  CHECK_THROWS_WITH(graph.PlanUpgrade({"a2"}, "head"),
                    Contains("'a2', which revision s123") &&
                        Contains("the file of revision a2 is no longer in the script directory"));
}

TEST_CASE("a replaces that does not fit the graph is refused", "[core][graph][squash]") {
  SECTION("some of the revisions it names are missing") {
    std::vector<RevisionHeader> revisions = Squashed();
    revisions[2].id = "other";  // a2 is gone
    revisions[3].down_revisions = {"other"};
    CHECK_THROWS_WITH(RevisionGraph(revisions),
                      Contains("replaces a2, which is not a revision of this script directory"));
  }
  SECTION("they are not a line from its own down_revision") {
    std::vector<RevisionHeader> revisions = Squashed();
    revisions[4].replaces = {"a2", "a3"};
    CHECK_THROWS_WITH(RevisionGraph(revisions),
                      Contains("is not a linear range from its own down_revision [base0]") &&
                          Contains("a2 has down_revision [a1], not [base0]"));
  }
  SECTION("two squashes replace one revision") {
    std::vector<RevisionHeader> revisions = Squashed();
    revisions.push_back(Rev("s3", {"a2"}, {"a3"}));
    CHECK_THROWS_AS(RevisionGraph(revisions), RevisionError);
  }
}

}  // namespace
