// The target grammar of RevisionGraph (see revision_graph.h): head, heads,
// base, ids and prefixes, branch labels, label@..., relative steps, and
// history ranges.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
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

RevisionHeader Rev(std::string id, Strings down = {}, Strings labels = {},
                   Strings depends_on = {}) {
  return RevisionHeader{.id = std::move(id),
                        .down_revisions = std::move(down),
                        .branch_labels = std::move(labels),
                        .depends_on = std::move(depends_on),
                        .message = {},
                        .create_date = {},
                        .path = {}};
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

Strings StepIds(const std::vector<MigrationStep>& steps) {
  Strings ids;
  for (const MigrationStep& step : steps) ids.push_back(step.revision.id);
  return ids;
}

// The revisions an upgrade from `current` to `target` applies, in order.
Strings Upgrade(const RevisionGraph& graph, const Strings& current, std::string_view target) {
  return StepIds(graph.PlanUpgrade(current, target));
}

// The version rows after stamping `target` over `current` (sorted).
Strings Stamp(const RevisionGraph& graph, const Strings& current, const std::string& target) {
  return Sorted(graph.PlanStamp(current, {target}, /*purge=*/false));
}

// A CurrentRows callback that returns `rows` and counts its calls.
RevisionGraph::CurrentRows CountingRows(Strings rows, int* calls) {
  return [rows = std::move(rows), calls] {
    ++*calls;
    return rows;
  };
}

// a1 -> b2 -> c3 -> d4 -> e5
RevisionGraph Chain() {
  return RevisionGraph(
      {Rev("a1"), Rev("b2", {"a1"}), Rev("c3", {"b2"}), Rev("d4", {"c3"}), Rev("e5", {"d4"})});
}

// r0 -> a1 -> a2 -> a3 (label "alpha" on a1) and r0 -> b1 -> b2 (label "beta"
// on b1).
RevisionGraph TwoBranches() {
  return RevisionGraph({Rev("r0"), Rev("a1", {"r0"}, {"alpha"}), Rev("a2", {"a1"}),
                        Rev("a3", {"a2"}), Rev("b1", {"r0"}, {"beta"}), Rev("b2", {"b1"})});
}

// r0 -> a1 -> a2 -> m1 <- b1 <- r0, then m1 -> n1.
RevisionGraph Merged() {
  return RevisionGraph({Rev("r0"), Rev("a1", {"r0"}, {"alpha"}), Rev("a2", {"a1"}),
                        Rev("b1", {"r0"}, {"beta"}), Rev("m1", {"a2", "b1"}), Rev("n1", {"m1"})});
}

// Ids that look like Alembic's: for prefix matching.
RevisionGraph HexIds() {
  return RevisionGraph({Rev("1a2b3c4d5e6f"), Rev("1a2b9999aaaa", {"1a2b3c4d5e6f"}),
                        Rev("1a2b9998bbbb", {"1a2b9999aaaa"}),
                        Rev("77aa00112233", {"1a2b9998bbbb"}), Rev("77aa0011", {"77aa00112233"})});
}

// --- head, heads, base --------------------------------------------------------

TEST_CASE("'head' names the only head", "[revision_targets]") {
  RevisionGraph graph = Chain();
  CHECK(Upgrade(graph, {}, "head") == Strings{"a1", "b2", "c3", "d4", "e5"});
  CHECK(Stamp(graph, {"b2"}, "head") == Strings{"e5"});
}

TEST_CASE("'head' with several heads is an error naming them", "[revision_targets]") {
  RevisionGraph graph = TwoBranches();
  CHECK_THROWS_AS(graph.PlanUpgrade({}, "head"), RevisionError);
  CHECK_THROWS_WITH(graph.PlanUpgrade({}, "head"),
                    Contains("a3") && Contains("b2") && Contains("heads"));
  CHECK_THROWS_WITH(graph.PlanStamp({}, {"head"}, false), Contains("a3") && Contains("b2"));
}

TEST_CASE("'heads' names every head", "[revision_targets]") {
  RevisionGraph graph = TwoBranches();
  CHECK(Sorted(Upgrade(graph, {}, "heads")) == Strings{"a1", "a2", "a3", "b1", "b2", "r0"});
  CHECK(Stamp(graph, {"a1"}, "heads") == Strings{"a3", "b2"});
}

TEST_CASE("'base' names no revision", "[revision_targets]") {
  RevisionGraph graph = Chain();
  CHECK(Upgrade(graph, {}, "base").empty());
  CHECK(Upgrade(graph, {"c3"}, "base").empty());
  CHECK(Stamp(graph, {"c3"}, "base").empty());
  CHECK(graph.PlanDowngrade({"c3"}, "base").size() == 3);
}

// --- ids and prefixes ---------------------------------------------------------

TEST_CASE("a full revision id names that revision", "[revision_targets]") {
  RevisionGraph graph = HexIds();
  CHECK(graph.Resolve("1a2b9999aaaa").id == "1a2b9999aaaa");
  CHECK(Upgrade(graph, {}, "1a2b9999aaaa") == Strings{"1a2b3c4d5e6f", "1a2b9999aaaa"});
}

TEST_CASE("a unique prefix of four or more characters names its revision", "[revision_targets]") {
  RevisionGraph graph = HexIds();
  CHECK(graph.Resolve("1a2b3").id == "1a2b3c4d5e6f");
  CHECK(graph.Resolve("1a2b9999").id == "1a2b9999aaaa");
  CHECK(graph.Resolve("1a2b9998b").id == "1a2b9998bbbb");
  CHECK(Upgrade(graph, {"1a2b3c4d5e6f"}, "1a2b9998") == Strings{"1a2b9999aaaa", "1a2b9998bbbb"});
  CHECK(Stamp(graph, {}, "1a2b3c") == Strings{"1a2b3c4d5e6f"});
}

TEST_CASE("an exact id wins over being the prefix of a longer id", "[revision_targets]") {
  RevisionGraph graph = HexIds();
  CHECK(graph.Resolve("77aa0011").id == "77aa0011");
  CHECK(graph.Resolve("77aa00112").id == "77aa00112233");
  CHECK(Stamp(graph, {}, "77aa0011") == Strings{"77aa0011"});
}

TEST_CASE("a short id is found whole although prefixes need four characters",
          "[revision_targets]") {
  RevisionGraph graph({Rev("ab1"), Rev("ab2", {"ab1"})});
  CHECK(graph.Resolve("ab1").id == "ab1");
  CHECK(Upgrade(graph, {}, "ab2") == Strings{"ab1", "ab2"});
}

TEST_CASE("a prefix shorter than four characters is an error", "[revision_targets]") {
  RevisionGraph graph = HexIds();
  CHECK_THROWS_AS(graph.Resolve("1a2"), RevisionError);
  CHECK_THROWS_WITH(graph.Resolve("1a2"), Contains("1a2") && Contains("4"));
  CHECK_THROWS_WITH(graph.Resolve("77a"), Contains("at least 4"));
  CHECK_THROWS_AS(graph.PlanUpgrade({}, "77a"), RevisionError);
}

TEST_CASE("an ambiguous prefix is an error listing the candidates", "[revision_targets]") {
  RevisionGraph graph = HexIds();
  CHECK_THROWS_AS(graph.Resolve("1a2b"), RevisionError);
  CHECK_THROWS_WITH(graph.Resolve("1a2b"), Contains("ambiguous") && Contains("1a2b3c4d5e6f") &&
                                               Contains("1a2b9999aaaa") &&
                                               Contains("1a2b9998bbbb"));
  CHECK_THROWS_WITH(graph.Resolve("1a2b99"), Contains("1a2b9999aaaa") && Contains("1a2b9998bbbb") &&
                                                 !Contains("1a2b3c4d5e6f"));
  CHECK_THROWS_WITH(graph.PlanUpgrade({}, "1a2b99"), Contains("ambiguous"));
}

TEST_CASE("a prefix matching nothing is an error", "[revision_targets]") {
  RevisionGraph graph = HexIds();
  CHECK_THROWS_AS(graph.Resolve("ffff"), RevisionError);
  CHECK_THROWS_WITH(graph.Resolve("ffff"), Contains("ffff"));
  CHECK_THROWS_AS(graph.PlanUpgrade({}, "ffffffff"), RevisionError);
  CHECK_THROWS_AS(graph.Resolve(""), RevisionError);
}

TEST_CASE("a prefix is not matched in the middle of an id", "[revision_targets]") {
  RevisionGraph graph = HexIds();
  CHECK_THROWS_AS(graph.Resolve("3c4d5e"), RevisionError);
}

// --- branch labels ------------------------------------------------------------

TEST_CASE("a bare branch label names the revision that declares it", "[revision_targets]") {
  RevisionGraph graph = TwoBranches();
  CHECK(graph.Resolve("alpha").id == "a1");
  CHECK(graph.Resolve("beta").id == "b1");
  CHECK(Upgrade(graph, {}, "alpha") == Strings{"r0", "a1"});
  CHECK(Stamp(graph, {}, "beta") == Strings{"b1"});
}

TEST_CASE("label@head names the head of that branch", "[revision_targets]") {
  RevisionGraph graph = TwoBranches();
  CHECK(graph.Resolve("alpha@head").id == "a3");
  CHECK(graph.Resolve("beta@head").id == "b2");
  CHECK(Upgrade(graph, {}, "beta@head") == Strings{"r0", "b1", "b2"});
  CHECK(Upgrade(graph, {"a1"}, "alpha@head") == Strings{"a2", "a3"});
}

TEST_CASE("label@head after a merge is the merge's descendant", "[revision_targets]") {
  RevisionGraph graph = Merged();
  CHECK(graph.Resolve("alpha@head").id == "n1");
  CHECK(graph.Resolve("beta@head").id == "n1");
}

TEST_CASE("label@head of a branch that itself branches is ambiguous", "[revision_targets]") {
  RevisionGraph graph({Rev("r0", {}, {"main"}), Rev("x1", {"r0"}), Rev("y1", {"r0"})});
  CHECK_THROWS_AS(graph.Resolve("main@head"), RevisionError);
  CHECK_THROWS_WITH(graph.PlanUpgrade({}, "main@head"), Contains("x1") && Contains("y1"));
  CHECK(Sorted(Upgrade(graph, {}, "main@heads")) == Strings{"r0", "x1", "y1"});
}

TEST_CASE("label@base as an upgrade target applies nothing, as in Alembic", "[revision_targets]") {
  RevisionGraph graph = TwoBranches();
  CHECK(Upgrade(graph, {}, "alpha@base").empty());
  CHECK(Upgrade(graph, {"r0"}, "beta@base").empty());
}

TEST_CASE("label@base+N counts from base along the branch, through the shared trunk",
          "[revision_targets]") {
  RevisionGraph graph = TwoBranches();
  CHECK(Upgrade(graph, {}, "alpha@base+1") == Strings{"r0"});
  CHECK(Upgrade(graph, {}, "alpha@base+2") == Strings{"r0", "a1"});
  CHECK(Upgrade(graph, {}, "beta@base+3") == Strings{"r0", "b1", "b2"});
}

TEST_CASE("label@<id> names the id when it is on the branch", "[revision_targets]") {
  RevisionGraph graph = TwoBranches();
  CHECK(graph.Resolve("alpha@a2").id == "a2");
  CHECK(Upgrade(graph, {}, "alpha@a2") == Strings{"r0", "a1", "a2"});
  CHECK(Stamp(graph, {}, "beta@b2") == Strings{"b2"});
}

TEST_CASE("label@<id> of an id on another branch is an error", "[revision_targets]") {
  RevisionGraph graph = TwoBranches();
  CHECK_THROWS_AS(graph.Resolve("alpha@b2"), RevisionError);
  CHECK_THROWS_WITH(graph.Resolve("alpha@b2"), Contains("b2") && Contains("alpha"));
  CHECK_THROWS_WITH(graph.PlanUpgrade({}, "alpha@b1"), Contains("b1") && Contains("alpha"));
}

TEST_CASE("branch@<id> accepts the branch's trunk and a revision id as the branch",
          "[revision_targets]") {
  RevisionGraph graph = TwoBranches();
  // r0, the branch point below both labels, is on the trunk of each.
  CHECK(Upgrade(graph, {}, "alpha@r0") == Strings{"r0"});
  CHECK(graph.Resolve("a2@a1").id == "a1");
  CHECK(graph.Resolve("a1@a3").id == "a3");
  CHECK_THROWS_WITH(graph.Resolve("a2@b1"), Contains("b1") && Contains("a2"));
}

TEST_CASE("an unknown label before '@' is an error naming it", "[revision_targets]") {
  RevisionGraph graph = TwoBranches();
  CHECK_THROWS_AS(graph.Resolve("gamma@head"), RevisionError);
  CHECK_THROWS_WITH(graph.Resolve("gamma@head"), Contains("gamma"));
  CHECK_THROWS_WITH(graph.PlanUpgrade({}, "gamma@head"), Contains("gamma"));
  CHECK_THROWS_WITH(graph.PlanUpgrade({}, "gamma@+1"), Contains("gamma"));
}

// --- relative steps -----------------------------------------------------------

TEST_CASE("+N steps up from the current revision", "[revision_targets]") {
  RevisionGraph graph = Chain();
  CHECK(Upgrade(graph, {"b2"}, "+1") == Strings{"c3"});
  CHECK(Upgrade(graph, {"b2"}, "+3") == Strings{"c3", "d4", "e5"});
}

TEST_CASE("relative stamps are refused, as in Alembic", "[revision_targets]") {
  RevisionGraph graph = Chain();
  for (const char* target : {"+1", "-1", "b2+1", "c3-1", "a1-1"}) {
    CAPTURE(target);
    CHECK_THROWS_AS(graph.PlanStamp({"b2"}, {target}, false), RevisionError);
  }
}

TEST_CASE("+N with nothing applied counts the base as the first step", "[revision_targets]") {
  RevisionGraph graph = Chain();
  CHECK(Upgrade(graph, {}, "+1") == Strings{"a1"});
  CHECK(Upgrade(graph, {}, "+2") == Strings{"a1", "b2"});
}

TEST_CASE("+N with nothing applied and several bases is ambiguous", "[revision_targets]") {
  RevisionGraph graph({Rev("x0"), Rev("x1", {"x0"}, {"ex"}), Rev("y0", {}, {"why"})});
  CHECK_THROWS_AS(graph.PlanUpgrade({}, "+1"), RevisionError);
  CHECK_THROWS_WITH(graph.PlanUpgrade({}, "+1"),
                    Contains("ambiguous") && Contains("x0") && Contains("y0"));
  CHECK(Upgrade(graph, {}, "ex@+2") == Strings{"x0", "x1"});
  CHECK(Upgrade(graph, {}, "why@+1") == Strings{"y0"});
}

TEST_CASE("+N with several current revisions is ambiguous", "[revision_targets]") {
  RevisionGraph graph = TwoBranches();
  CHECK_THROWS_AS(graph.PlanUpgrade({"a1", "b1"}, "+1"), RevisionError);
  CHECK_THROWS_WITH(graph.PlanUpgrade({"a1", "b1"}, "+1"),
                    Contains("ambiguous") && Contains("several current"));
}

TEST_CASE("target -N steps down from the current revision", "[revision_targets]") {
  RevisionGraph graph = Chain();
  CHECK(StepIds(graph.PlanDowngrade({"d4"}, "-1")) == Strings{"d4"});
  CHECK(StepIds(graph.PlanDowngrade({"d4"}, "-3")) == Strings{"d4", "c3", "b2"});
  CHECK(StepIds(graph.PlanDowngrade({"d4"}, "-2")) == Strings{"d4", "c3"});
}

TEST_CASE("target -N with nothing applied is an error", "[revision_targets]") {
  RevisionGraph graph = Chain();
  CHECK_THROWS_AS(graph.PlanDowngrade({}, "-1"), RevisionError);
}

TEST_CASE("rev+N and rev-N step from the named revision", "[revision_targets]") {
  RevisionGraph graph = Chain();
  CHECK(Upgrade(graph, {}, "b2+2") == Strings{"a1", "b2", "c3", "d4"});
  CHECK(Upgrade(graph, {"e5"}, "b2+2").empty());  // already applied
  CHECK(StepIds(graph.PlanDowngrade({"e5"}, "d4-2")) == Strings{"e5", "d4", "c3"});
  CHECK(StepIds(graph.PlanDowngrade({"e5"}, "d4-1")) == Strings{"e5", "d4"});
  CHECK(StepIds(graph.PlanDowngrade({"e5"}, "b2+1")) == Strings{"e5", "d4"});
}

TEST_CASE("rev+N takes a prefix or a label as its revision", "[revision_targets]") {
  RevisionGraph hex = HexIds();
  CHECK(Upgrade(hex, {}, "1a2b3c+1").back() == "1a2b9999aaaa");
  RevisionGraph graph = TwoBranches();
  CHECK(Upgrade(graph, {}, "alpha+2").back() == "a3");
  CHECK(StepIds(graph.PlanDowngrade({"a3"}, "alpha@a3-2")) == Strings{"a3", "a2"});
}

TEST_CASE("label@+N and label@-N step from that branch's current revision", "[revision_targets]") {
  RevisionGraph graph = TwoBranches();
  const Strings current = {"a1", "b1"};
  CHECK(Upgrade(graph, current, "alpha@+1") == Strings{"a2"});
  CHECK(Upgrade(graph, current, "beta@+1") == Strings{"b2"});
  CHECK(Upgrade(graph, current, "alpha@+2") == Strings{"a2", "a3"});
  CHECK(StepIds(graph.PlanDowngrade({"a3", "b2"}, "alpha@-2")) == Strings{"a3", "a2"});
  CHECK(StepIds(graph.PlanDowngrade({"a3", "b2"}, "beta@-1")) == Strings{"b2"});
}

TEST_CASE("label@+N with nothing applied on the branch starts at the branch's base",
          "[revision_targets]") {
  RevisionGraph graph = TwoBranches();
  CHECK(Upgrade(graph, {"a2"}, "beta@+1") == Strings{"b1"});
  CHECK(Upgrade(graph, {"a2"}, "beta@+2") == Strings{"b1", "b2"});
}

TEST_CASE("ids containing digits and '_' are ordinary ids", "[revision_targets]") {
  RevisionGraph graph({Rev("2024_01"), Rev("2024_02", {"2024_01"}), Rev("2024_03", {"2024_02"})});
  CHECK(graph.Resolve("2024_01").id == "2024_01");
  CHECK(Stamp(graph, {}, "2024_01") == Strings{"2024_01"});
  CHECK(Upgrade(graph, {}, "2024_01+1") == Strings{"2024_01", "2024_02"});
  CHECK(StepIds(graph.PlanDowngrade({"2024_03"}, "2024_03-1")) == Strings{"2024_03"});
}

TEST_CASE("an id holding '+' or '-' is refused: it would read as a relative step",
          "[revision_targets]") {
  CHECK_THROWS_WITH(RevisionGraph({Rev("root"), Rev("feat-1", {"root"})}),
                    Contains("feat-1") && Contains("'-'"));
  CHECK_THROWS_WITH(RevisionGraph({Rev("top+1")}), Contains("top+1") && Contains("'+'"));
}

TEST_CASE("a whole-string branch label wins over the relative reading", "[revision_targets]") {
  RevisionGraph graph(
      {Rev("r0"), Rev("a1", {"r0"}, {"v-1"}), Rev("a2", {"a1"}), Rev("b1", {"r0"}, {"w+2"})});
  CHECK(graph.Resolve("v-1").id == "a1");
  CHECK(Stamp(graph, {}, "v-1") == Strings{"a1"});
  CHECK(Stamp(graph, {}, "w+2") == Strings{"b1"});
  CHECK(Upgrade(graph, {}, "v-1") == Strings{"r0", "a1"});
  CHECK(Upgrade(graph, {}, "v-1+1").back() == "a2");
  CHECK(Stamp(graph, {}, "v-1@head") == Strings{"a2"});
}

TEST_CASE("after label@, a whole-string label wins over the relative reading", "[revision_targets]") {
  RevisionGraph graph({Rev("root", {}, {"main"}), Rev("feat", {"root"}, {"feat-1"}),
                       Rev("top", {"feat"})});
  CHECK(graph.Resolve("main@feat-1").id == "feat");
  CHECK(Stamp(graph, {}, "main@feat-1") == Strings{"feat"});
}

TEST_CASE("stepping past a head is an error", "[revision_targets]") {
  RevisionGraph graph = Chain();
  CHECK_THROWS_AS(graph.PlanUpgrade({"d4"}, "+2"), RevisionError);
  CHECK_THROWS_WITH(graph.PlanUpgrade({"d4"}, "+2"), Contains("e5"));
  CHECK_THROWS_AS(graph.PlanUpgrade({}, "+6"), RevisionError);
  CHECK_THROWS_AS(graph.PlanUpgrade({}, "c3+3"), RevisionError);
}

TEST_CASE("stepping more than one step below a base is an error", "[revision_targets]") {
  RevisionGraph graph = Chain();
  CHECK_THROWS_WITH(graph.PlanDowngrade({"b2"}, "-3"), Contains("a1"));
  CHECK_THROWS_AS(graph.PlanUpgrade({}, "b2-3"), RevisionError);
  CHECK_THROWS_AS(graph.PlanDowngrade({"c3"}, "-4"), RevisionError);
  CHECK_THROWS_AS(graph.PlanDowngrade({"e5"}, "b2-3"), RevisionError);
}

TEST_CASE("one step below a base means before that base", "[revision_targets]") {
  RevisionGraph graph = Chain();
  CHECK_THROWS_WITH(graph.PlanUpgrade({}, "a1-1"), Contains("below base"));
  CHECK(graph.PlanDowngrade({"c3"}, "a1-1").size() == 3);
  CHECK(graph.PlanDowngrade({"c3"}, "-3").size() == 3);
}

TEST_CASE("stepping up through a branch point is ambiguous", "[revision_targets]") {
  RevisionGraph graph = TwoBranches();
  CHECK_THROWS_AS(graph.PlanUpgrade({"r0"}, "+1"), RevisionError);
  CHECK_THROWS_WITH(graph.PlanUpgrade({"r0"}, "+1"),
                    Contains("ambiguous") && Contains("r0") && Contains("a1") && Contains("b1"));
  CHECK_THROWS_WITH(graph.PlanUpgrade({}, "+2"), Contains("ambiguous") && Contains("r0"));
  CHECK_THROWS_WITH(graph.PlanUpgrade({}, "r0+1"), Contains("ambiguous"));
  // Naming the branch makes it unambiguous.
  CHECK(Upgrade(graph, {"r0"}, "alpha@+1") == Strings{"a1"});
}

TEST_CASE("stepping down through a merge point is ambiguous", "[revision_targets]") {
  RevisionGraph graph = Merged();
  CHECK_THROWS_WITH(graph.PlanDowngrade({"n1"}, "-3"),
                    Contains("ambiguous") && Contains("m1") && Contains("a2") && Contains("b1"));
  CHECK_THROWS_WITH(graph.PlanUpgrade({}, "m1-1"), Contains("ambiguous") && Contains("m1"));
  CHECK_THROWS_WITH(graph.PlanDowngrade({"n1"}, "-3"), Contains("ambiguous") && Contains("m1"));
  // Stepping up through the merge point and down to it is fine.
  CHECK(Upgrade(graph, {"a2", "b1"}, "m1+1") == Strings{"m1", "n1"});
  CHECK(StepIds(graph.PlanDowngrade({"n1"}, "-1")) == Strings{"n1"});
  // Below b1 is r0: everything above r0 goes, as Alembic does.
  CHECK(StepIds(graph.PlanDowngrade({"n1"}, "b1-1")) == Strings{"n1", "m1", "a2", "a1", "b1"});
}

TEST_CASE("an empty target is an error", "[revision_targets]") {
  RevisionGraph graph = Chain();
  CHECK_THROWS_AS(graph.PlanUpgrade({}, ""), RevisionError);
  CHECK_THROWS_AS(graph.PlanDowngrade({"c3"}, ""), RevisionError);
}

// --- history ranges -------------------------------------------------------------

TEST_CASE("history '' lists every revision newest first without reading rows",
          "[revision_targets][history]") {
  RevisionGraph graph = Chain();
  int calls = 0;
  CHECK(Ids(graph.History("", CountingRows({"c3"}, &calls))) ==
        Strings{"e5", "d4", "c3", "b2", "a1"});
  CHECK(calls == 0);
}

TEST_CASE("history 'a:b' lists a through b, both included", "[revision_targets][history]") {
  RevisionGraph graph = Chain();
  int calls = 0;
  CHECK(Ids(graph.History("b2:d4", CountingRows({}, &calls))) == Strings{"d4", "c3", "b2"});
  CHECK(Ids(graph.History("c3:c3", CountingRows({}, &calls))) == Strings{"c3"});
  CHECK(calls == 0);
}

TEST_CASE("history 'a:' lists a and everything above it", "[revision_targets][history]") {
  RevisionGraph graph = Chain();
  int calls = 0;
  CHECK(Ids(graph.History("c3:", CountingRows({}, &calls))) == Strings{"e5", "d4", "c3"});
  CHECK(calls == 0);
}

TEST_CASE("history ':b' lists b and everything below it", "[revision_targets][history]") {
  RevisionGraph graph = Chain();
  int calls = 0;
  CHECK(Ids(graph.History(":b2", CountingRows({}, &calls))) == Strings{"b2", "a1"});
  CHECK(calls == 0);
}

TEST_CASE("history 'base:' and 'base:heads' list everything", "[revision_targets][history]") {
  RevisionGraph graph = TwoBranches();
  int calls = 0;
  CHECK(graph.History("base:", CountingRows({}, &calls)).size() == 6);
  CHECK(graph.History("base:heads", CountingRows({}, &calls)).size() == 6);
  CHECK(graph.History(":heads", CountingRows({}, &calls)).size() == 6);
  CHECK(graph.History(":base", CountingRows({}, &calls)).empty());
  CHECK(calls == 0);
}

TEST_CASE("history ends take labels, prefixes and relative steps from a revision",
          "[revision_targets][history]") {
  RevisionGraph graph = TwoBranches();
  int calls = 0;
  // "alpha@base:" keeps the heads on branch alpha, and lists all below them.
  CHECK(Ids(graph.History("alpha@base:alpha@head", CountingRows({}, &calls))) ==
        Strings{"a3", "a2", "a1", "r0"});
  CHECK(Ids(graph.History("alpha:", CountingRows({}, &calls))) == Strings{"a3", "a2", "a1"});
  CHECK(Ids(graph.History(":a2+1", CountingRows({}, &calls))) == Strings{"a3", "a2", "a1", "r0"});
  // As in Alembic, a start is not relative to a revision.
  CHECK_THROWS_AS(graph.History("a1+1:", CountingRows({}, &calls)), RevisionError);
  CHECK(Ids(graph.History(":beta@head", CountingRows({}, &calls))) == Strings{"b2", "b1", "r0"});
  CHECK(calls == 0);
}

TEST_CASE("history ':current' lists the applied revisions, reading the rows once",
          "[revision_targets][history]") {
  RevisionGraph graph = TwoBranches();
  int calls = 0;
  CHECK(Ids(graph.History(":current", CountingRows({"a2"}, &calls))) == Strings{"a2", "a1", "r0"});
  CHECK(calls == 1);
  calls = 0;
  CHECK(Sorted(Ids(graph.History(":current", CountingRows({"a1", "b2"}, &calls)))) ==
        Strings{"a1", "b1", "b2", "r0"});
  CHECK(calls == 1);
  calls = 0;
  CHECK(graph.History(":current", CountingRows({}, &calls)).empty());
  CHECK(calls == 1);
}

TEST_CASE("history 'current:' lists the current revision and what is above it",
          "[revision_targets][history]") {
  RevisionGraph graph = Chain();
  int calls = 0;
  CHECK(Ids(graph.History("current:", CountingRows({"c3"}, &calls))) == Strings{"e5", "d4", "c3"});
  CHECK(calls == 1);
  CHECK_THROWS_AS(graph.History("current:current", CountingRows({"c3"}, &calls)), RevisionError);
}

TEST_CASE("history 'current:' with nothing applied lists everything",
          "[revision_targets][history]") {
  // Nothing applied is "base": "current:" is then "base:".
  RevisionGraph graph = Chain();
  int calls = 0;
  CHECK(Ids(graph.History("current:", CountingRows({}, &calls))) ==
        Strings{"e5", "d4", "c3", "b2", "a1"});
  CHECK(calls == 1);
}

TEST_CASE("history '-N:' counts down from the heads, as in Alembic", "[revision_targets][history]") {
  RevisionGraph graph = TwoBranches();
  int calls = 0;
  CHECK(Ids(graph.History("-1:", CountingRows({"a3"}, &calls))) ==
        Strings{"a3", "a2", "b2", "b1"});
  CHECK(Ids(graph.History("alpha@-1:", CountingRows({"a2", "b1"}, &calls))) ==
        Strings{"a3", "a2"});
  CHECK(calls == 0);
  CHECK_THROWS_AS(graph.History("beta@+1:current", CountingRows({"a2", "b1"}, &calls)),
                  RevisionError);
}

TEST_CASE("history ends below a base are errors", "[revision_targets][history]") {
  RevisionGraph graph = Chain();
  int calls = 0;
  CHECK_THROWS_AS(graph.History(":a1-1", CountingRows({}, &calls)), RevisionError);
  CHECK_THROWS_AS(graph.History("a1-1:b2", CountingRows({}, &calls)), RevisionError);
}

TEST_CASE("history 'a:b' where a is not below b is an error", "[revision_targets][history]") {
  RevisionGraph graph = TwoBranches();
  int calls = 0;
  CHECK_THROWS_WITH(graph.History("a2:b2", CountingRows({}, &calls)),
                    Contains("a2") && Contains("not an ancestor") && Contains("b2"));
  CHECK_THROWS_AS(graph.History("a3:a1", CountingRows({}, &calls)), RevisionError);
}

TEST_CASE("history lists every revision before its parents and dependencies",
          "[revision_targets][history]") {
  RevisionGraph graph({Rev("r0"), Rev("a1", {"r0"}), Rev("b1", {"r0"}), Rev("m1", {"a1", "b1"}),
                       Rev("x0"), Rev("x1", {"x0"}, {}, {"m1"}), Rev("a2", {"a1"})});
  int calls = 0;
  const Strings history = Ids(graph.History("", CountingRows({}, &calls)));
  CHECK(calls == 0);
  REQUIRE(history.size() == 7);
  auto position = [&](const std::string& id) {
    return std::find(history.begin(), history.end(), id) - history.begin();
  };
  for (const std::string& id : history) {
    const RevisionHeader* header = graph.Find(id);
    REQUIRE(header != nullptr);
    for (const auto* edges : {&header->down_revisions, &header->depends_on}) {
      for (const std::string& parent : *edges) {
        CAPTURE(id, parent);
        CHECK(position(id) < position(parent));
      }
    }
  }
}

TEST_CASE("history ':b' includes b's dependencies", "[revision_targets][history]") {
  RevisionGraph graph(
      {Rev("a0"), Rev("a1", {"a0"}), Rev("a2", {"a1"}), Rev("b0"), Rev("b1", {"b0"}, {}, {"a1"})});
  int calls = 0;
  CHECK(Sorted(Ids(graph.History(":b1", CountingRows({}, &calls)))) ==
        Strings{"a0", "a1", "b0", "b1"});
  CHECK(Ids(graph.History(":b1", CountingRows({}, &calls))).front() == "b1");
  CHECK(calls == 0);
}

TEST_CASE("a history range without ':' is an error", "[revision_targets][history]") {
  RevisionGraph graph = Chain();
  int calls = 0;
  CHECK_THROWS_AS(graph.History("b2", CountingRows({}, &calls)), RevisionError);
  CHECK_THROWS_WITH(graph.History("b2", CountingRows({}, &calls)), Contains("':'"));
  CHECK_THROWS_AS(graph.History("current", CountingRows({}, &calls)), RevisionError);
  CHECK(calls == 0);
}

TEST_CASE("a history range naming an unknown revision is an error", "[revision_targets][history]") {
  RevisionGraph graph = Chain();
  int calls = 0;
  CHECK_THROWS_AS(graph.History("zzzz9:", CountingRows({}, &calls)), RevisionError);
  CHECK_THROWS_WITH(graph.History(":zzzz9", CountingRows({}, &calls)), Contains("zzzz9"));
}

TEST_CASE("history ':current' with an unknown version row is an error naming it",
          "[revision_targets][history]") {
  RevisionGraph graph = Chain();
  int calls = 0;
  CHECK_THROWS_AS(graph.History(":current", CountingRows({"gone42"}, &calls)), RevisionError);
  CHECK_THROWS_WITH(graph.History(":current", CountingRows({"gone42"}, &calls)),
                    Contains("gone42"));
}

}  // namespace
