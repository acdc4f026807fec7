// Building a RevisionGraph: validation of the revisions (duplicate ids,
// dangling edges, cycles, branch label clashes) and the structural queries
// (heads, bases, branch points, children, branch labels with Alembic's
// propagation). Ends with graphs of 10,000 revisions.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "retort/error.h"
#include "retort/revision.h"
#include "retort/revision_graph.h"

namespace {

using Catch::Contains;
using retort::Direction;
using retort::MigrationStep;
using retort::RevisionError;
using retort::RevisionGraph;
using retort::RevisionHeader;
using Strings = std::vector<std::string>;

RevisionHeader Rev(std::string id, Strings down = {}, Strings labels = {}, Strings depends_on = {},
                   std::string path = {}) {
  return RevisionHeader{.id = std::move(id),
                        .down_revisions = std::move(down),
                        .branch_labels = std::move(labels),
                        .depends_on = std::move(depends_on),
                        .message = {},
                        .create_date = {},
                        .path = std::move(path)};
}

Strings Ids(const std::vector<const RevisionHeader*>& headers) {
  Strings ids;
  for (const RevisionHeader* header : headers) ids.push_back(header->id);
  return ids;
}

Strings Sorted(Strings values) {
  std::sort(values.begin(), values.end());
  return values;
}

Strings SortedIds(const std::vector<const RevisionHeader*>& headers) {
  return Sorted(Ids(headers));
}

Strings LabelsOf(const RevisionGraph& graph, const std::string& id) {
  const RevisionHeader* header = graph.Find(id);
  REQUIRE(header != nullptr);
  return Sorted(graph.BranchLabelsOf(*header));
}

const RevisionHeader& Get(const RevisionGraph& graph, const std::string& id) {
  const RevisionHeader* header = graph.Find(id);
  REQUIRE(header != nullptr);
  return *header;
}

RevisionGraph::CurrentRows NoCurrentRows() {
  return [] {
    FAIL("the version rows were read although no range end needs them");
    return Strings();
  };
}

// r0 -> a1 -> a2 (label "alpha" on a1) and r0 -> b1 -> b2 (label "beta" on b1).
std::vector<RevisionHeader> TwoBranches() {
  return {Rev("r0"), Rev("a1", {"r0"}, {"alpha"}), Rev("a2", {"a1"}), Rev("b1", {"r0"}, {"beta"}),
          Rev("b2", {"b1"})};
}

// --- Construction and validation --------------------------------------------

TEST_CASE("an empty graph has no heads, bases or history", "[revision_graph]") {
  RevisionGraph graph({});
  CHECK(graph.size() == 0);
  CHECK(graph.Heads().empty());
  CHECK(graph.Bases().empty());
  CHECK(graph.BranchPoints().empty());
  CHECK(graph.History("", NoCurrentRows()).empty());
  CHECK(graph.Find("anything") == nullptr);
}

TEST_CASE("two revisions with the same id are rejected, naming both files", "[revision_graph]") {
  std::vector<RevisionHeader> revisions = {Rev("base0"),
                                           Rev("dup1", {"base0"}, {}, {}, "versions/first.yaml"),
                                           Rev("dup1", {"base0"}, {}, {}, "versions/second.yaml")};
  CHECK_THROWS_AS(RevisionGraph(revisions), RevisionError);
  CHECK_THROWS_WITH(RevisionGraph(revisions), Contains("dup1") && Contains("versions/first.yaml") &&
                                                  Contains("versions/second.yaml"));
}

TEST_CASE("a revision without an id is rejected, naming its file", "[revision_graph]") {
  std::vector<RevisionHeader> revisions = {Rev("base0"),
                                           Rev("", {"base0"}, {}, {}, "versions/noid.yaml")};
  CHECK_THROWS_AS(RevisionGraph(revisions), RevisionError);
  CHECK_THROWS_WITH(RevisionGraph(revisions), Contains("versions/noid.yaml"));
}

TEST_CASE("a down_revision naming no revision is rejected, naming the file and the id",
          "[revision_graph]") {
  std::vector<RevisionHeader> revisions = {
      Rev("base0"), Rev("child1", {"missing9"}, {}, {}, "versions/child1.yaml")};
  CHECK_THROWS_AS(RevisionGraph(revisions), RevisionError);
  CHECK_THROWS_WITH(RevisionGraph(revisions),
                    Contains("versions/child1.yaml") && Contains("missing9"));
}

TEST_CASE("one unknown parent of a merge point is enough to reject it", "[revision_graph]") {
  std::vector<RevisionHeader> revisions = {
      Rev("base0"), Rev("merge1", {"base0", "ghost7"}, {}, {}, "versions/merge1.yaml")};
  CHECK_THROWS_WITH(RevisionGraph(revisions),
                    Contains("versions/merge1.yaml") && Contains("ghost7"));
}

TEST_CASE("a depends_on naming neither a revision nor a label is rejected, naming the file",
          "[revision_graph]") {
  std::vector<RevisionHeader> revisions = {
      Rev("base0"), Rev("child1", {"base0"}, {}, {"nowhere5"}, "versions/child1.yaml")};
  CHECK_THROWS_AS(RevisionGraph(revisions), RevisionError);
  CHECK_THROWS_WITH(RevisionGraph(revisions),
                    Contains("versions/child1.yaml") && Contains("nowhere5"));
}

TEST_CASE("depends_on may name a revision or a branch label", "[revision_graph]") {
  // "uses_label" depends on the label "accounts", i.e. on the revision that
  // declares it (acc1), not on the branch's head.
  RevisionGraph graph({Rev("acc1", {}, {"accounts"}), Rev("acc2", {"acc1"}), Rev("other1"),
                       Rev("uses_label", {"other1"}, {}, {"accounts"}),
                       Rev("uses_id", {"other1"}, {}, {"acc2"})});
  CHECK(SortedIds(graph.History(":uses_label", NoCurrentRows())) ==
        Strings{"acc1", "other1", "uses_label"});
  CHECK(SortedIds(graph.History(":uses_id", NoCurrentRows())) ==
        Strings{"acc1", "acc2", "other1", "uses_id"});
}

TEST_CASE("a revision naming itself as down_revision is a cycle", "[revision_graph]") {
  std::vector<RevisionHeader> revisions = {Rev("base0"),
                                           Rev("loop1", {"loop1"}, {}, {}, "versions/loop1.yaml")};
  CHECK_THROWS_AS(RevisionGraph(revisions), RevisionError);
  CHECK_THROWS_WITH(RevisionGraph(revisions), Contains("cycle") && Contains("loop1 -> loop1"));
}

TEST_CASE("a revision depending on itself is a cycle", "[revision_graph]") {
  std::vector<RevisionHeader> revisions = {Rev("base0"), Rev("self1", {"base0"}, {}, {"self1"})};
  CHECK_THROWS_AS(RevisionGraph(revisions), RevisionError);
  CHECK_THROWS_WITH(RevisionGraph(revisions), Contains("self1 -> self1"));
}

TEST_CASE("a down_revision cycle is listed", "[revision_graph]") {
  std::vector<RevisionHeader> revisions = {Rev("base0"), Rev("pp", {"qq"}), Rev("qq", {"pp"})};
  CHECK_THROWS_AS(RevisionGraph(revisions), RevisionError);
  // Either rotation of the cycle is a correct listing.
  CHECK_THROWS_WITH(RevisionGraph(revisions), Contains("pp -> qq") && Contains("qq -> pp"));
}

TEST_CASE("a cycle through depends_on is listed", "[revision_graph]") {
  // aa -(depends_on)-> cc -(down)-> bb -(down)-> aa
  std::vector<RevisionHeader> revisions = {Rev("aa", {}, {}, {"cc"}), Rev("bb", {"aa"}),
                                           Rev("cc", {"bb"})};
  CHECK_THROWS_AS(RevisionGraph(revisions), RevisionError);
  CHECK_THROWS_WITH(RevisionGraph(revisions),
                    Contains("aa -> cc") && Contains("cc -> bb") && Contains("bb -> aa"));
}

TEST_CASE("the cycle listing leaves out revisions that merely build on the cycle",
          "[revision_graph]") {
  std::vector<RevisionHeader> revisions = {Rev("tail9", {"pp"}), Rev("tail8", {"tail9"}),
                                           Rev("pp", {"qq"}), Rev("qq", {"pp"}), Rev("base0")};
  CHECK_THROWS_WITH(RevisionGraph(revisions), Contains("pp -> qq") && Contains("qq -> pp") &&
                                                  !Contains("tail9") && !Contains("tail8"));
}

TEST_CASE("a branch label declared by two revisions is rejected, naming both", "[revision_graph]") {
  std::vector<RevisionHeader> revisions = {Rev("first1", {}, {"shared"}),
                                           Rev("second2", {}, {"shared"})};
  CHECK_THROWS_AS(RevisionGraph(revisions), RevisionError);
  CHECK_THROWS_WITH(RevisionGraph(revisions),
                    Contains("shared") && Contains("first1") && Contains("second2"));
}

TEST_CASE("a branch label equal to a revision id is rejected, naming the file",
          "[revision_graph]") {
  std::vector<RevisionHeader> revisions = {
      Rev("base0"), Rev("child1", {"base0"}, {"base0"}, {}, "versions/child1.yaml")};
  CHECK_THROWS_AS(RevisionGraph(revisions), RevisionError);
  CHECK_THROWS_WITH(RevisionGraph(revisions),
                    Contains("versions/child1.yaml") && Contains("base0"));
}

TEST_CASE("a branch label equal to the id of a later revision is rejected too",
          "[revision_graph]") {
  std::vector<RevisionHeader> revisions = {Rev("base0", {}, {"later1"}), Rev("later1", {"base0"})};
  CHECK_THROWS_AS(RevisionGraph(revisions), RevisionError);
  CHECK_THROWS_WITH(RevisionGraph(revisions), Contains("later1"));
}

// --- Structural queries -----------------------------------------------------

TEST_CASE("a linear chain has one head, one base and no branch point", "[revision_graph]") {
  RevisionGraph graph({Rev("c3", {"b2"}), Rev("a1"), Rev("b2", {"a1"})});
  CHECK(graph.size() == 3);
  CHECK(Ids(graph.Heads()) == Strings{"c3"});
  CHECK(Ids(graph.Bases()) == Strings{"a1"});
  CHECK(graph.BranchPoints().empty());
  CHECK(Ids(graph.Children(Get(graph, "a1"))) == Strings{"b2"});
  CHECK(Ids(graph.Children(Get(graph, "b2"))) == Strings{"c3"});
  CHECK(graph.Children(Get(graph, "c3")).empty());
  CHECK(graph.IsHead(Get(graph, "c3")));
  CHECK_FALSE(graph.IsHead(Get(graph, "a1")));
  CHECK_FALSE(graph.IsHead(Get(graph, "b2")));
  CHECK_FALSE(graph.IsBranchPoint(Get(graph, "a1")));
}

TEST_CASE("Find returns the revision with exactly that id", "[revision_graph]") {
  RevisionGraph graph({Rev("abcdef01"), Rev("abcdef02", {"abcdef01"})});
  REQUIRE(graph.Find("abcdef02") != nullptr);
  CHECK(graph.Find("abcdef02")->id == "abcdef02");
  CHECK(graph.Find("abcdef02")->down_revisions == Strings{"abcdef01"});
  CHECK(graph.Find("abcdef") == nullptr);  // no prefix matching
  CHECK(graph.Find("") == nullptr);
}

TEST_CASE("two branches: the tips are heads and their shared parent a branch point",
          "[revision_graph]") {
  RevisionGraph graph(TwoBranches());
  CHECK(SortedIds(graph.Heads()) == Strings{"a2", "b2"});
  CHECK(Ids(graph.Bases()) == Strings{"r0"});
  CHECK(Ids(graph.BranchPoints()) == Strings{"r0"});
  CHECK(graph.IsBranchPoint(Get(graph, "r0")));
  CHECK_FALSE(graph.IsBranchPoint(Get(graph, "a1")));
  CHECK(SortedIds(graph.Children(Get(graph, "r0"))) == Strings{"a1", "b1"});
  CHECK(graph.IsHead(Get(graph, "a2")));
  CHECK(graph.IsHead(Get(graph, "b2")));
  CHECK_FALSE(graph.IsHead(Get(graph, "r0")));
}

TEST_CASE("a merge point is a child of each parent and the only head", "[revision_graph]") {
  RevisionGraph graph({Rev("r0"), Rev("a1", {"r0"}), Rev("b1", {"r0"}), Rev("m1", {"a1", "b1"})});
  CHECK(Ids(graph.Heads()) == Strings{"m1"});
  CHECK(Ids(graph.Children(Get(graph, "a1"))) == Strings{"m1"});
  CHECK(Ids(graph.Children(Get(graph, "b1"))) == Strings{"m1"});
  CHECK(Ids(graph.BranchPoints()) == Strings{"r0"});
  CHECK_FALSE(graph.IsHead(Get(graph, "a1")));
  CHECK_FALSE(graph.IsBranchPoint(Get(graph, "m1")));
}

TEST_CASE("a revision named only in depends_on is a head and has no children", "[revision_graph]") {
  // Like Alembic: only down_revision makes a revision a child.
  RevisionGraph graph({Rev("a0"), Rev("a1", {"a0"}), Rev("b0"), Rev("b1", {"b0"}, {}, {"a1"})});
  CHECK(SortedIds(graph.Heads()) == Strings{"a1", "b1"});
  CHECK(graph.IsHead(Get(graph, "a1")));
  CHECK(graph.Children(Get(graph, "a1")).empty());
  CHECK(graph.BranchPoints().empty());
}

TEST_CASE("a revision with depends_on but no down_revision is a base", "[revision_graph]") {
  RevisionGraph graph({Rev("a0"), Rev("a1", {"a0"}), Rev("b0", {}, {}, {"a1"})});
  CHECK(SortedIds(graph.Bases()) == Strings{"a0", "b0"});
  CHECK(SortedIds(graph.Heads()) == Strings{"a1", "b0"});
}

TEST_CASE("independent histories give several bases and heads", "[revision_graph]") {
  RevisionGraph graph({Rev("x0"), Rev("x1", {"x0"}), Rev("y0"), Rev("y1", {"y0"}), Rev("z0")});
  CHECK(SortedIds(graph.Bases()) == Strings{"x0", "y0", "z0"});
  CHECK(SortedIds(graph.Heads()) == Strings{"x1", "y1", "z0"});
  CHECK(graph.IsHead(Get(graph, "z0")));
  CHECK(graph.BranchPoints().empty());
}

TEST_CASE("a revision with three children is one branch point", "[revision_graph]") {
  RevisionGraph graph({Rev("r0"), Rev("c1", {"r0"}), Rev("c2", {"r0"}), Rev("c3", {"r0"})});
  CHECK(Ids(graph.BranchPoints()) == Strings{"r0"});
  CHECK(SortedIds(graph.Children(Get(graph, "r0"))) == Strings{"c1", "c2", "c3"});
  CHECK(SortedIds(graph.Heads()) == Strings{"c1", "c2", "c3"});
}

TEST_CASE("a moved graph still answers every query", "[revision_graph]") {
  // Short ids live inside the std::string object: the graph's index must not
  // point at storage the move leaves behind.
  RevisionGraph original({Rev("ab01"), Rev("ab02", {"ab01"}, {"lbl"}), Rev("cd03", {"ab02"})});
  RevisionGraph moved(std::move(original));
  CHECK(moved.size() == 3);
  REQUIRE(moved.Find("cd03") != nullptr);
  CHECK(moved.Resolve("cd03").id == "cd03");
  CHECK(moved.Resolve("lbl").id == "ab02");
  CHECK(Ids(moved.Heads()) == Strings{"cd03"});
  CHECK_THROWS_WITH(moved.Resolve("ab0"), Contains("at least 4"));
  RevisionGraph assigned({});
  assigned = std::move(moved);
  CHECK(assigned.Resolve("lbl@head").id == "cd03");
  CHECK(LabelsOf(assigned, "cd03") == Strings{"lbl"});
}

// --- Branch labels ----------------------------------------------------------

TEST_CASE("FindBranchLabel returns the declaring revision", "[revision_graph][labels]") {
  RevisionGraph graph(TwoBranches());
  REQUIRE(graph.FindBranchLabel("alpha") != nullptr);
  CHECK(graph.FindBranchLabel("alpha")->id == "a1");
  REQUIRE(graph.FindBranchLabel("beta") != nullptr);
  CHECK(graph.FindBranchLabel("beta")->id == "b1");
  CHECK(graph.FindBranchLabel("gamma") == nullptr);
  CHECK(graph.FindBranchLabel("a1") == nullptr);  // an id is not a label
}

TEST_CASE("a branch label applies to the declaring revision and all its descendants",
          "[revision_graph][labels]") {
  RevisionGraph graph({Rev("r0"), Rev("r1", {"r0"}), Rev("a1", {"r1"}, {"alpha"}),
                       Rev("a2", {"a1"}), Rev("a3", {"a2"}), Rev("a3x", {"a2"}),
                       Rev("b1", {"r1"})});
  CHECK(LabelsOf(graph, "a1") == Strings{"alpha"});
  CHECK(LabelsOf(graph, "a2") == Strings{"alpha"});
  CHECK(LabelsOf(graph, "a3") == Strings{"alpha"});
  CHECK(LabelsOf(graph, "a3x") == Strings{"alpha"});  // across a branch point above
  CHECK(LabelsOf(graph, "b1").empty());
}

TEST_CASE("a branch label applies to the unbranched stretch below the declaring revision",
          "[revision_graph][labels]") {
  RevisionGraph graph(
      {Rev("x0"), Rev("x1", {"x0"}), Rev("x2", {"x1"}, {"main"}), Rev("x3", {"x2"})});
  CHECK(LabelsOf(graph, "x0") == Strings{"main"});
  CHECK(LabelsOf(graph, "x1") == Strings{"main"});
  CHECK(LabelsOf(graph, "x2") == Strings{"main"});
  CHECK(LabelsOf(graph, "x3") == Strings{"main"});
}

TEST_CASE("label propagation below stops at a branch point", "[revision_graph][labels]") {
  // r0 -> r1 -> { a1 (alpha) -> a2, b1 -> b2 (beta on b2) }
  RevisionGraph graph({Rev("r0"), Rev("r1", {"r0"}), Rev("a1", {"r1"}, {"alpha"}),
                       Rev("a2", {"a1"}), Rev("b1", {"r1"}), Rev("b2", {"b1"}, {"beta"})});
  CHECK(LabelsOf(graph, "r0").empty());
  CHECK(LabelsOf(graph, "r1").empty());
  CHECK(LabelsOf(graph, "a1") == Strings{"alpha"});
  CHECK(LabelsOf(graph, "a2") == Strings{"alpha"});
  CHECK(LabelsOf(graph, "b1") == Strings{"beta"});  // the stretch below b2
  CHECK(LabelsOf(graph, "b2") == Strings{"beta"});
}

TEST_CASE("label propagation below stops at a merge point", "[revision_graph][labels]") {
  RevisionGraph graph({Rev("pa"), Rev("pb"), Rev("m1", {"pa", "pb"}), Rev("n1", {"m1"}),
                       Rev("p1", {"n1"}, {"tip"}), Rev("p2", {"p1"})});
  CHECK(LabelsOf(graph, "p2") == Strings{"tip"});
  CHECK(LabelsOf(graph, "p1") == Strings{"tip"});
  CHECK(LabelsOf(graph, "n1") == Strings{"tip"});
  CHECK(LabelsOf(graph, "m1").empty());
  CHECK(LabelsOf(graph, "pa").empty());
  CHECK(LabelsOf(graph, "pb").empty());
}

TEST_CASE("a merge point and what follows carry the labels of both branches",
          "[revision_graph][labels]") {
  RevisionGraph graph({Rev("r0"), Rev("a1", {"r0"}, {"alpha"}), Rev("b1", {"r0"}, {"beta"}),
                       Rev("m1", {"a1", "b1"}), Rev("n1", {"m1"})});
  CHECK(LabelsOf(graph, "m1") == Strings{"alpha", "beta"});
  CHECK(LabelsOf(graph, "n1") == Strings{"alpha", "beta"});
  CHECK(LabelsOf(graph, "a1") == Strings{"alpha"});
  CHECK(LabelsOf(graph, "b1") == Strings{"beta"});
  CHECK(LabelsOf(graph, "r0").empty());
}

TEST_CASE("a revision that depends on a labelled revision does not inherit the label",
          "[revision_graph][labels]") {
  RevisionGraph graph({Rev("a0", {}, {"alpha"}), Rev("a1", {"a0"}), Rev("b0", {}, {"beta"}),
                       Rev("b1", {"b0"}, {}, {"a1"})});
  CHECK(LabelsOf(graph, "b1") == Strings{"beta"});
  CHECK(LabelsOf(graph, "a1") == Strings{"alpha"});
}

TEST_CASE("a revision may declare several labels", "[revision_graph][labels]") {
  RevisionGraph graph(
      {Rev("r0"), Rev("a1", {"r0"}, {"one", "two"}), Rev("a2", {"a1"}), Rev("b1", {"r0"})});
  CHECK(LabelsOf(graph, "a1") == Strings{"one", "two"});
  CHECK(LabelsOf(graph, "a2") == Strings{"one", "two"});
  REQUIRE(graph.FindBranchLabel("two") != nullptr);
  CHECK(graph.FindBranchLabel("two")->id == "a1");
}

TEST_CASE("labels declared along one branch accumulate", "[revision_graph][labels]") {
  RevisionGraph graph({Rev("x0", {}, {"outer"}), Rev("x1", {"x0"}), Rev("x2", {"x1"}, {"inner"}),
                       Rev("x3", {"x2"})});
  CHECK(LabelsOf(graph, "x0") == Strings{"inner", "outer"});
  CHECK(LabelsOf(graph, "x3") == Strings{"inner", "outer"});
}

// --- 10,000 revisions ---------------------------------------------------------

std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// 12 hex digits, as `retort revision` makes them.
std::string HexId(std::uint64_t seed) {
  char text[17];
  std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(SplitMix64(seed)));
  return std::string(text, 12);
}

// The shortest prefix of `id` (at least 4 characters) that no other id has.
std::string ShortestUniquePrefix(const Strings& ids, const std::string& id) {
  for (std::size_t length = 4; length < id.size(); ++length) {
    const std::string prefix = id.substr(0, length);
    int matches = 0;
    for (const std::string& other : ids) matches += other.starts_with(prefix) ? 1 : 0;
    if (matches == 1) return prefix;
  }
  return id;
}

// Every revision comes after all its parents and dependencies in `order`.
void CheckParentsFirst(const RevisionGraph& graph, const Strings& order) {
  std::unordered_map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < order.size(); ++i) position.emplace(order[i], i);
  std::size_t violations = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const RevisionHeader* header = graph.Find(order[i]);
    REQUIRE(header != nullptr);
    for (const auto* edges : {&header->down_revisions, &header->depends_on}) {
      for (const std::string& parent : *edges) {
        auto it = position.find(parent);
        if (it != position.end() && it->second > i) ++violations;
      }
    }
  }
  CHECK(violations == 0);
}

Strings Reversed(Strings values) {
  std::reverse(values.begin(), values.end());
  return values;
}

Strings StepIds(const std::vector<MigrationStep>& steps) {
  Strings ids;
  for (const MigrationStep& step : steps) ids.push_back(step.revision.id);
  return ids;
}

TEST_CASE("a chain of 10,000 revisions", "[revision_graph][large]") {
  constexpr int kCount = 10000;
  Strings ids;
  for (int i = 0; i < kCount; ++i) ids.push_back(HexId(static_cast<std::uint64_t>(i)));
  REQUIRE(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
  std::vector<RevisionHeader> revisions;
  for (int i = 0; i < kCount; ++i) {
    revisions.push_back(Rev(ids[i], i == 0 ? Strings{} : Strings{ids[i - 1]},
                            i == 0 ? Strings{"main"} : Strings{}));
  }
  // The graph must not depend on the order the files were read in.
  std::shuffle(revisions.begin(), revisions.end(), std::mt19937(20240101));
  RevisionGraph graph(std::move(revisions));
  const std::string& first = ids.front();
  const std::string& last = ids.back();

  SECTION("structure") {
    CHECK(graph.size() == static_cast<std::size_t>(kCount));
    CHECK(Ids(graph.Heads()) == Strings{last});
    CHECK(Ids(graph.Bases()) == Strings{first});
    CHECK(graph.BranchPoints().empty());
    CHECK(Ids(graph.Children(Get(graph, ids[4999]))) == Strings{ids[5000]});
    CHECK(LabelsOf(graph, last) == Strings{"main"});
    CHECK(graph.Resolve("main@head").id == last);
    CHECK(graph.Resolve("main").id == first);
  }
  SECTION("history lists the whole chain newest first") {
    CHECK(Ids(graph.History("", NoCurrentRows())) == Reversed(ids));
    const Strings middle = Ids(graph.History(ids[100] + ":" + ids[199], NoCurrentRows()));
    REQUIRE(middle.size() == 100);
    CHECK(middle.front() == ids[199]);
    CHECK(middle.back() == ids[100]);
  }
  SECTION("upgrade from nothing to head applies every revision in order") {
    const std::vector<MigrationStep> steps = graph.PlanUpgrade({}, "head");
    REQUIRE(steps.size() == static_cast<std::size_t>(kCount));
    CHECK(StepIds(steps) == ids);
    std::size_t bad_rows = 0;
    for (int i = 0; i < kCount; ++i) {
      const Strings before = i == 0 ? Strings{} : Strings{ids[i - 1]};
      if (steps[i].heads_before != before || steps[i].heads_after != Strings{ids[i]} ||
          steps[i].direction != Direction::kUpgrade) {
        ++bad_rows;
      }
    }
    CHECK(bad_rows == 0);
  }
  SECTION("upgrade from the middle applies the upper half") {
    const std::vector<MigrationStep> steps = graph.PlanUpgrade({ids[4999]}, "heads");
    REQUIRE(steps.size() == 5000);
    CHECK(steps.front().revision.id == ids[5000]);
    CHECK(steps.back().revision.id == last);
  }
  SECTION("+N and rev+N count along the whole chain") {
    CHECK(StepIds(graph.PlanUpgrade({}, "+10000")) == ids);
    CHECK(graph.PlanUpgrade({ids[0]}, ids[0] + "+9999").size() == 9999);
    CHECK_THROWS_WITH(graph.PlanUpgrade({}, "+10001"), Contains("past head"));
  }
  SECTION("downgrade from head to base removes every revision, newest first") {
    const std::vector<MigrationStep> steps = graph.PlanDowngrade({last}, "base");
    REQUIRE(steps.size() == static_cast<std::size_t>(kCount));
    CHECK(StepIds(steps) == Reversed(ids));
    CHECK(steps.front().heads_before == Strings{last});
    CHECK(steps.back().heads_after.empty());
    std::size_t bad_rows = 0;
    for (int i = 0; i < kCount; ++i) {
      const int removed = kCount - 1 - i;
      const Strings after = removed == 0 ? Strings{} : Strings{ids[removed - 1]};
      if (steps[i].heads_before != Strings{ids[removed]} || steps[i].heads_after != after ||
          steps[i].direction != Direction::kDowngrade) {
        ++bad_rows;
      }
    }
    CHECK(bad_rows == 0);
  }
  SECTION("-N counts down the whole chain") {
    CHECK(graph.PlanDowngrade({last}, "-10000").size() == static_cast<std::size_t>(kCount));
    CHECK_THROWS_AS(graph.PlanDowngrade({last}, "-10001"), RevisionError);
    CHECK(graph.PlanDowngrade({last}, "-5000").back().heads_after == Strings{ids[4999]});
  }
  SECTION("stamp jumps from one end to the other") {
    CHECK(graph.PlanStamp({first}, {"head"}, false) == Strings{last});
    CHECK(graph.PlanStamp({last}, {first}, false) == Strings{first});
  }
  SECTION("revisions resolve by id and by unique prefix") {
    for (int i = 0; i < kCount; i += 997) {
      CAPTURE(i, ids[i]);
      CHECK(graph.Resolve(ids[i]).id == ids[i]);
      const std::string prefix = ShortestUniquePrefix(ids, ids[i]);
      CHECK(graph.Resolve(prefix).id == ids[i]);
      if (prefix.size() > 4) {
        CHECK_THROWS_WITH(graph.Resolve(prefix.substr(0, prefix.size() - 1)),
                          Contains("ambiguous") && Contains(ids[i]));
      }
    }
  }
}

TEST_CASE("10,000 revisions in 100 parallel branches, merged", "[revision_graph][large]") {
  constexpr int kBranches = 100;
  constexpr int kLength = 100;
  const std::string root = "root0000";
  const std::string merge = "merge000";
  auto id = [](int branch, int index) {
    return HexId(static_cast<std::uint64_t>(1000000 + branch * kLength + index));
  };
  std::vector<RevisionHeader> revisions = {Rev(root)};
  Strings all_ids = {root, merge};
  Strings tips;
  for (int branch = 0; branch < kBranches; ++branch) {
    for (int index = 0; index < kLength; ++index) {
      revisions.push_back(Rev(id(branch, index), {index == 0 ? root : id(branch, index - 1)},
                              index == 0 ? Strings{"b" + std::to_string(branch)} : Strings{}));
      all_ids.push_back(id(branch, index));
    }
    tips.push_back(id(branch, kLength - 1));
  }
  revisions.push_back(Rev(merge, tips));
  REQUIRE(std::set<std::string>(all_ids.begin(), all_ids.end()).size() == all_ids.size());
  std::shuffle(revisions.begin(), revisions.end(), std::mt19937(7));
  RevisionGraph graph(std::move(revisions));
  const std::size_t total = static_cast<std::size_t>(kBranches * kLength + 2);

  SECTION("structure") {
    CHECK(graph.size() == total);
    CHECK(Ids(graph.Heads()) == Strings{merge});
    CHECK(Ids(graph.Bases()) == Strings{root});
    CHECK(Ids(graph.BranchPoints()) == Strings{root});
    CHECK(graph.Children(Get(graph, root)).size() == static_cast<std::size_t>(kBranches));
    CHECK(graph.BranchLabelsOf(Get(graph, merge)).size() == static_cast<std::size_t>(kBranches));
    CHECK(LabelsOf(graph, root).empty());
    CHECK(LabelsOf(graph, id(42, 50)) == Strings{"b42"});
    CHECK(graph.Resolve("b42").id == id(42, 0));
    CHECK(graph.Resolve("b42@" + id(42, 99)).id == id(42, 99));
  }
  SECTION("history lists every revision before its parents") {
    const Strings history = Ids(graph.History("", NoCurrentRows()));
    REQUIRE(history.size() == total);
    CHECK(history.front() == merge);
    CHECK(history.back() == root);
    CheckParentsFirst(graph, Reversed(history));
    // The merge carries every branch's label, so "b7@base:" lists all below it.
    CHECK(graph.History("b7@base:", NoCurrentRows()).size() == total);
  }
  SECTION("upgrade from nothing to head") {
    const std::vector<MigrationStep> steps = graph.PlanUpgrade({}, "head");
    REQUIRE(steps.size() == total);
    CHECK(steps.front().revision.id == root);
    CHECK(steps.back().revision.id == merge);
    CheckParentsFirst(graph, StepIds(steps));
    // One row per head after every step: the merge replaces all 100 tips.
    CHECK(Sorted(steps.back().heads_before) == Sorted(tips));
    CHECK(steps.back().heads_after == Strings{merge});
    std::size_t broken_chain = 0;
    std::size_t most_rows = 0;
    for (std::size_t i = 1; i < steps.size(); ++i) {
      if (steps[i].heads_before != steps[i - 1].heads_after) ++broken_chain;
      most_rows = std::max(most_rows, steps[i].heads_after.size());
    }
    CHECK(broken_chain == 0);
    CHECK(most_rows == static_cast<std::size_t>(kBranches));
  }
  SECTION("upgrade to one branch tip applies the root and that branch only") {
    const std::vector<MigrationStep> steps = graph.PlanUpgrade({}, id(3, 99));
    REQUIRE(steps.size() == static_cast<std::size_t>(kLength + 1));
    CHECK(steps.front().revision.id == root);
    CHECK(steps.back().heads_after == Strings{id(3, 99)});
  }
  SECTION("downgrade from head to base") {
    const std::vector<MigrationStep> steps = graph.PlanDowngrade({merge}, "base");
    REQUIRE(steps.size() == total);
    CHECK(steps.front().revision.id == merge);
    CHECK(Sorted(steps.front().heads_after) == Sorted(tips));
    CHECK(steps.back().revision.id == root);
    CHECK(steps.back().heads_after.empty());
    CheckParentsFirst(graph, Reversed(StepIds(steps)));
  }
  SECTION("-1 from the merge point unmerges") {
    const std::vector<MigrationStep> steps = graph.PlanDowngrade({merge}, "-1");
    REQUIRE(steps.size() == 1);
    CHECK(Sorted(steps.front().heads_after) == Sorted(tips));
  }
  SECTION("downgrading one branch to its base removes it and the merge") {
    const std::vector<MigrationStep> steps = graph.PlanDowngrade({merge}, "b7@base");
    REQUIRE(steps.size() == static_cast<std::size_t>(kLength + 1));
    CHECK(steps.front().revision.id == merge);
    CHECK(steps.back().revision.id == id(7, 0));
    Strings remaining = tips;
    remaining.erase(remaining.begin() + 7);
    CHECK(Sorted(steps.back().heads_after) == Sorted(remaining));
  }
  SECTION("prefixes resolve") {
    for (int branch = 0; branch < kBranches; branch += 13) {
      const std::string target = id(branch, branch % kLength);
      CAPTURE(target);
      CHECK(graph.Resolve(ShortestUniquePrefix(all_ids, target)).id == target);
    }
  }
}

}  // namespace
