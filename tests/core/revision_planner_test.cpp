// Upgrade, downgrade and stamp plans of RevisionGraph: the steps, their order,
// and the version rows before and after each step (one row per current head).
#include <algorithm>
#include <set>
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
using retort::Direction;
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

Strings Sorted(Strings values) {
  std::sort(values.begin(), values.end());
  return values;
}

Strings StepIds(const std::vector<MigrationStep>& steps) {
  Strings ids;
  for (const MigrationStep& step : steps) ids.push_back(step.revision.id);
  return ids;
}

bool Has(const Strings& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// A graph together with the headers it was built from, and an independent
// model of what a plan must do to the applied set and the version rows.
class Fixture {
 public:
  explicit Fixture(std::vector<RevisionHeader> revisions)
      : revisions_(revisions), graph_(std::move(revisions)) {}

  const RevisionGraph& graph() const { return graph_; }

  // Everything the rows `rows` imply is applied: their ancestry over
  // down_revision and depends_on.
  std::set<std::string> AppliedFrom(const Strings& rows) const {
    std::set<std::string> applied;
    Strings stack = rows;
    while (!stack.empty()) {
      const std::string id = stack.back();
      stack.pop_back();
      if (!applied.insert(id).second) continue;
      const RevisionHeader& header = Header(id);
      stack.insert(stack.end(), header.down_revisions.begin(), header.down_revisions.end());
      for (const std::string& dependency : header.depends_on) {
        stack.push_back(Dependency(dependency));
      }
    }
    return applied;
  }

  // Checks every step of a plan that starts from the rows `current`:
  // direction, order (parents and dependencies first on the way up, last on
  // the way down), and that the rows before and after each step imply
  // exactly the applied set, carried from one step to the next. (Which rows
  // Alembic keeps for a dependency's branch is checked case by case.)
  void CheckPlan(const Strings& current, const std::vector<MigrationStep>& steps,
                 Direction direction) const {
    std::set<std::string> applied = AppliedFrom(current);
    Strings rows = current;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const MigrationStep& step = steps[i];
      REQUIRE_FALSE(step.revision.id.empty());
      const std::string& id = step.revision.id;
      CAPTURE(i, id);
      CHECK(step.direction == direction);
      CHECK(step.heads_before == rows);
      if (direction == Direction::kUpgrade) {
        CHECK(applied.count(id) == 0);
        for (const std::string& parent : step.revision.down_revisions) {
          CAPTURE(parent);
          CHECK(applied.count(parent) == 1);
        }
        for (const std::string& dependency : step.revision.depends_on) {
          CAPTURE(dependency);
          CHECK(applied.count(Dependency(dependency)) == 1);
        }
        applied.insert(id);
      } else {
        CHECK(applied.count(id) == 1);
        applied.erase(id);
        for (const RevisionHeader& other : revisions_) {
          if (applied.count(other.id) == 0) continue;
          CAPTURE(other.id);
          CHECK_FALSE(Has(other.down_revisions, id));
          for (const std::string& dependency : other.depends_on) {
            CHECK(Dependency(dependency) != id);
          }
        }
      }
      CHECK(AppliedFrom(step.heads_after) == applied);
      rows = step.heads_after;
    }
  }

  std::vector<MigrationStep> CheckedUpgrade(const Strings& current, std::string_view target) const {
    std::vector<MigrationStep> steps = graph_.PlanUpgrade(current, target);
    CheckPlan(current, steps, Direction::kUpgrade);
    return steps;
  }

  std::vector<MigrationStep> CheckedDowngrade(const Strings& current,
                                              std::string_view target) const {
    std::vector<MigrationStep> steps = graph_.PlanDowngrade(current, target);
    CheckPlan(current, steps, Direction::kDowngrade);
    return steps;
  }

 private:
  // The id of the revision a depends_on entry names: a revision id, or the
  // revision that declares that branch label.
  std::string Dependency(const std::string& name) const {
    for (const RevisionHeader& header : revisions_) {
      if (header.id == name) return name;
    }
    for (const RevisionHeader& header : revisions_) {
      if (Has(header.branch_labels, name)) return header.id;
    }
    FAIL("no revision or branch label " << name << " in the fixture");
    return name;
  }

  const RevisionHeader& Header(const std::string& id) const {
    for (const RevisionHeader& header : revisions_) {
      if (header.id == id) return header;
    }
    FAIL("no revision " << id << " in the fixture");
    return revisions_.front();
  }

  std::vector<RevisionHeader> revisions_;
  RevisionGraph graph_;
};

// a1 -> b2 -> c3 -> d4
Fixture Chain() {
  return Fixture({Rev("a1"), Rev("b2", {"a1"}), Rev("c3", {"b2"}), Rev("d4", {"c3"})});
}

// r0 -> a1 -> a2 (label "alpha" on a1) and r0 -> b1 -> b2 (label "beta" on b1).
Fixture TwoBranches() {
  return Fixture({Rev("r0"), Rev("a1", {"r0"}, {"alpha"}), Rev("a2", {"a1"}),
                  Rev("b1", {"r0"}, {"beta"}), Rev("b2", {"b1"})});
}

// r0 -> a1 -> a2 -> m1 <- b1 <- r0, then m1 -> n1.
Fixture Merged() {
  return Fixture({Rev("r0"), Rev("a1", {"r0"}, {"alpha"}), Rev("a2", {"a1"}),
                  Rev("b1", {"r0"}, {"beta"}), Rev("m1", {"a2", "b1"}), Rev("n1", {"m1"})});
}

// Two histories: a0 -> a1 -> a2 and b0 -> b1, where b1 depends on a1.
Fixture CrossDependency() {
  return Fixture({Rev("a0", {}, {"alpha"}), Rev("a1", {"a0"}), Rev("a2", {"a1"}),
                  Rev("b0", {}, {"beta"}), Rev("b1", {"b0"}, {}, {"a1"})});
}

// Two independent histories: x0 -> x1 and y0 -> y1.
Fixture TwoBases() {
  return Fixture(
      {Rev("x0", {}, {"ex"}), Rev("x1", {"x0"}), Rev("y0", {}, {"why"}), Rev("y1", {"y0"})});
}

// --- PlanUpgrade ------------------------------------------------------------------

TEST_CASE("upgrading a chain from nothing applies every revision in order",
          "[revision_planner][upgrade]") {
  Fixture fixture = Chain();
  const std::vector<MigrationStep> steps = fixture.CheckedUpgrade({}, "head");
  REQUIRE(StepIds(steps) == Strings{"a1", "b2", "c3", "d4"});
  CHECK(steps[0].heads_before.empty());
  CHECK(steps[0].heads_after == Strings{"a1"});
  CHECK(steps[1].heads_before == Strings{"a1"});
  CHECK(steps[1].heads_after == Strings{"b2"});
  CHECK(steps[3].heads_before == Strings{"c3"});
  CHECK(steps[3].heads_after == Strings{"d4"});
  CHECK(steps[2].direction == Direction::kUpgrade);
}

TEST_CASE("upgrading from a partial state applies only what is missing",
          "[revision_planner][upgrade]") {
  Fixture fixture = Chain();
  CHECK(StepIds(fixture.CheckedUpgrade({"b2"}, "head")) == Strings{"c3", "d4"});
  CHECK(StepIds(fixture.CheckedUpgrade({"b2"}, "c3")) == Strings{"c3"});
}

TEST_CASE("upgrading to an applied revision plans nothing", "[revision_planner][upgrade]") {
  Fixture fixture = Chain();
  CHECK(fixture.graph().PlanUpgrade({"d4"}, "head").empty());
  CHECK(fixture.graph().PlanUpgrade({"c3"}, "b2").empty());
  CHECK(fixture.graph().PlanUpgrade({"c3"}, "c3").empty());
}

TEST_CASE("upgrading two branches keeps one row per head", "[revision_planner][upgrade]") {
  Fixture fixture = TwoBranches();
  const std::vector<MigrationStep> steps = fixture.CheckedUpgrade({}, "heads");
  REQUIRE(steps.size() == 5);
  CHECK(steps.front().revision.id == "r0");
  CHECK(Sorted(steps.back().heads_after) == Strings{"a2", "b2"});
}

TEST_CASE("upgrading one branch keeps the other branch's row", "[revision_planner][upgrade]") {
  Fixture fixture = TwoBranches();
  const std::vector<MigrationStep> steps = fixture.CheckedUpgrade({"a1"}, "beta@head");
  REQUIRE(StepIds(steps) == Strings{"b1", "b2"});
  CHECK(Sorted(steps[0].heads_after) == Strings{"a1", "b1"});
  CHECK(Sorted(steps[1].heads_after) == Strings{"a1", "b2"});
}

TEST_CASE("upgrading to a branch's head does not touch the other branch",
          "[revision_planner][upgrade]") {
  Fixture fixture = TwoBranches();
  CHECK(StepIds(fixture.CheckedUpgrade({}, "alpha@head")) == Strings{"r0", "a1", "a2"});
}

TEST_CASE("a merge step replaces both parent rows with one", "[revision_planner][upgrade]") {
  Fixture fixture = Merged();
  const std::vector<MigrationStep> steps = fixture.CheckedUpgrade({"a2", "b1"}, "m1");
  REQUIRE(StepIds(steps) == Strings{"m1"});
  CHECK(steps[0].heads_before == Strings{"a2", "b1"});
  CHECK(steps[0].heads_after == Strings{"m1"});
}

TEST_CASE("upgrading through a merge point applies both parents first",
          "[revision_planner][upgrade]") {
  Fixture fixture = Merged();
  const std::vector<MigrationStep> steps = fixture.CheckedUpgrade({}, "head");
  REQUIRE(steps.size() == 6);
  CHECK(steps[0].revision.id == "r0");
  CHECK(steps[4].revision.id == "m1");
  CHECK(Sorted(steps[4].heads_before) == Strings{"a2", "b1"});
  CHECK(steps[4].heads_after == Strings{"m1"});
  CHECK(steps[5].heads_after == Strings{"n1"});
}

TEST_CASE("upgrading from one merge parent applies the other parent first",
          "[revision_planner][upgrade]") {
  Fixture fixture = Merged();
  const std::vector<MigrationStep> steps = fixture.CheckedUpgrade({"a2"}, "head");
  REQUIRE(StepIds(steps) == Strings{"b1", "m1", "n1"});
  CHECK(Sorted(steps[0].heads_after) == Strings{"a2", "b1"});
  CHECK(steps[1].heads_after == Strings{"m1"});
}

TEST_CASE("label@+1 from a merge parent applies the merge", "[revision_planner][upgrade]") {
  Fixture fixture = Merged();
  const std::vector<MigrationStep> steps = fixture.CheckedUpgrade({"a2", "b1"}, "alpha@+1");
  REQUIRE(StepIds(steps) == Strings{"m1"});
  CHECK(steps[0].heads_after == Strings{"m1"});
}

TEST_CASE("dependencies on another branch are applied first", "[revision_planner][upgrade]") {
  Fixture fixture = CrossDependency();
  const std::vector<MigrationStep> steps = fixture.CheckedUpgrade({}, "b1");
  const Strings ids = StepIds(steps);
  REQUIRE(Sorted(ids) == Strings{"a0", "a1", "b0", "b1"});  // not a2
  CHECK(ids.back() == "b1");
  // As in Alembic, b1's row implies its dependency's branch: one row.
  CHECK(Sorted(steps.back().heads_after) == Strings{"b1"});
}

TEST_CASE("a dependency already applied is not applied again", "[revision_planner][upgrade]") {
  Fixture fixture = CrossDependency();
  const std::vector<MigrationStep> steps = fixture.CheckedUpgrade({"a1"}, "beta@head");
  REQUIRE(StepIds(steps) == Strings{"b0", "b1"});
  CHECK(Sorted(steps[0].heads_after) == Strings{"a1", "b0"});
  CHECK(Sorted(steps[1].heads_after) == Strings{"b1"});
}

TEST_CASE("a dependency above the applied revision of its branch is applied first",
          "[revision_planner][upgrade]") {
  Fixture fixture = CrossDependency();
  const std::vector<MigrationStep> steps = fixture.CheckedUpgrade({"a0", "b0"}, "b1");
  REQUIRE(StepIds(steps) == Strings{"a1", "b1"});
  CHECK(Sorted(steps[1].heads_after) == Strings{"b1"});
}

TEST_CASE("a dependency on a branch label is on the declaring revision",
          "[revision_planner][upgrade]") {
  Fixture fixture({Rev("a0"), Rev("a1", {"a0"}, {"alpha"}), Rev("a2", {"a1"}), Rev("b0"),
                   Rev("b1", {"b0"}, {}, {"alpha"})});
  const std::vector<MigrationStep> steps = fixture.CheckedUpgrade({}, "b1");
  CHECK(Sorted(StepIds(steps)) == Strings{"a0", "a1", "b0", "b1"});
}

TEST_CASE("a merge point that also depends on another history", "[revision_planner][upgrade]") {
  Fixture fixture({Rev("r0"), Rev("a1", {"r0"}), Rev("b1", {"r0"}), Rev("x0"), Rev("x1", {"x0"}),
                   Rev("m1", {"a1", "b1"}, {}, {"x1"})});
  const std::vector<MigrationStep> steps = fixture.CheckedUpgrade({"a1"}, "m1");
  CHECK(Sorted(StepIds(steps)) == Strings{"b1", "m1", "x0", "x1"});
  CHECK(StepIds(steps) == Strings{"x0", "x1", "b1", "m1"});
  CHECK(Sorted(steps.back().heads_after) == Strings{"m1"});
}

TEST_CASE("upgrading several bases to heads applies every history", "[revision_planner][upgrade]") {
  Fixture fixture = TwoBases();
  const std::vector<MigrationStep> steps = fixture.CheckedUpgrade({}, "heads");
  CHECK(Sorted(StepIds(steps)) == Strings{"x0", "x1", "y0", "y1"});
  CHECK(Sorted(steps.back().heads_after) == Strings{"x1", "y1"});
  CHECK(StepIds(fixture.CheckedUpgrade({"x1"}, "why@head")) == Strings{"y0", "y1"});
  CHECK_THROWS_AS(fixture.graph().PlanUpgrade({}, "head"), RevisionError);
}

TEST_CASE("upgrading from an unknown current row is an error naming it",
          "[revision_planner][upgrade]") {
  Fixture fixture = Chain();
  CHECK_THROWS_AS(fixture.graph().PlanUpgrade({"gone42"}, "head"), RevisionError);
  CHECK_THROWS_WITH(fixture.graph().PlanUpgrade({"gone42"}, "head"), Contains("gone42"));
  CHECK_THROWS_WITH(fixture.graph().PlanUpgrade({"a1", "gone42"}, "head"), Contains("gone42"));
}

TEST_CASE("an upgrade target that does not resolve is an error", "[revision_planner][upgrade]") {
  Fixture fixture = Chain();
  CHECK_THROWS_AS(fixture.graph().PlanUpgrade({}, "nope1234"), RevisionError);
  CHECK_THROWS_WITH(fixture.graph().PlanUpgrade({}, "nope1234"), Contains("nope1234"));
}

// --- PlanDowngrade ------------------------------------------------------------------

TEST_CASE("downgrading a chain removes revisions newest first", "[revision_planner][downgrade]") {
  Fixture fixture = Chain();
  const std::vector<MigrationStep> steps = fixture.CheckedDowngrade({"d4"}, "b2");
  REQUIRE(StepIds(steps) == Strings{"d4", "c3"});
  CHECK(steps[0].heads_before == Strings{"d4"});
  CHECK(steps[0].heads_after == Strings{"c3"});
  CHECK(steps[1].heads_after == Strings{"b2"});
  CHECK(steps[1].direction == Direction::kDowngrade);
}

TEST_CASE("downgrading to base removes every revision", "[revision_planner][downgrade]") {
  Fixture fixture = Chain();
  const std::vector<MigrationStep> steps = fixture.CheckedDowngrade({"c3"}, "base");
  REQUIRE(StepIds(steps) == Strings{"c3", "b2", "a1"});
  CHECK(steps.back().heads_after.empty());
}

TEST_CASE("downgrading to the current revision plans nothing", "[revision_planner][downgrade]") {
  Fixture fixture = Chain();
  CHECK(fixture.graph().PlanDowngrade({"c3"}, "c3").empty());
  CHECK(fixture.graph().PlanDowngrade({}, "base").empty());
}

TEST_CASE("downgrading one branch leaves the other branch alone", "[revision_planner][downgrade]") {
  Fixture fixture = TwoBranches();
  const std::vector<MigrationStep> steps = fixture.CheckedDowngrade({"a2", "b2"}, "a1");
  REQUIRE(StepIds(steps) == Strings{"a2"});
  CHECK(steps[0].heads_before == Strings{"a2", "b2"});
  CHECK(Sorted(steps[0].heads_after) == Strings{"a1", "b2"});
}

TEST_CASE("downgrading to the branch point removes both branches",
          "[revision_planner][downgrade]") {
  Fixture fixture = TwoBranches();
  const std::vector<MigrationStep> steps = fixture.CheckedDowngrade({"a2", "b2"}, "r0");
  CHECK(Sorted(StepIds(steps)) == Strings{"a1", "a2", "b1", "b2"});
  CHECK(steps.back().heads_after == Strings{"r0"});
}

TEST_CASE("downgrading label@base removes just that branch", "[revision_planner][downgrade]") {
  Fixture fixture = TwoBranches();
  const std::vector<MigrationStep> steps = fixture.CheckedDowngrade({"a2", "b2"}, "alpha@base");
  REQUIRE(StepIds(steps) == Strings{"a2", "a1"});
  CHECK(steps.back().heads_after == Strings{"b2"});
  CHECK(StepIds(fixture.CheckedDowngrade({"a2", "b2"}, "beta@base")) == Strings{"b2", "b1"});
}

TEST_CASE("downgrading label@base of one of several histories leaves the others",
          "[revision_planner][downgrade]") {
  Fixture fixture = TwoBases();
  const std::vector<MigrationStep> steps = fixture.CheckedDowngrade({"x1", "y1"}, "ex@base");
  REQUIRE(StepIds(steps) == Strings{"x1", "x0"});
  CHECK(steps.back().heads_after == Strings{"y1"});
  CHECK(Sorted(StepIds(fixture.CheckedDowngrade({"x1", "y1"}, "base"))) ==
        Strings{"x0", "x1", "y0", "y1"});
}

TEST_CASE("downgrading below a merge point unmerges", "[revision_planner][downgrade]") {
  Fixture fixture = Merged();
  SECTION("to the merge point") {
    CHECK(StepIds(fixture.CheckedDowngrade({"n1"}, "m1")) == Strings{"n1"});
  }
  SECTION("to one parent: the other parent stays applied") {
    const std::vector<MigrationStep> steps = fixture.CheckedDowngrade({"n1"}, "a2");
    REQUIRE(StepIds(steps) == Strings{"n1", "m1"});
    CHECK(Sorted(steps.back().heads_after) == Strings{"a2", "b1"});
  }
  SECTION("below one parent: the other parent stays applied") {
    const std::vector<MigrationStep> steps = fixture.CheckedDowngrade({"n1"}, "a1");
    REQUIRE(StepIds(steps) == Strings{"n1", "m1", "a2"});
    CHECK(Sorted(steps.back().heads_after) == Strings{"a1", "b1"});
  }
  SECTION("to the other parent") {
    const std::vector<MigrationStep> steps = fixture.CheckedDowngrade({"n1"}, "b1");
    REQUIRE(StepIds(steps) == Strings{"n1", "m1"});
    CHECK(Sorted(steps.back().heads_after) == Strings{"a2", "b1"});
  }
  SECTION("to the branch point") {
    const std::vector<MigrationStep> steps = fixture.CheckedDowngrade({"n1"}, "r0");
    CHECK(steps.size() == 5);
    CHECK(steps.back().heads_after == Strings{"r0"});
  }
}

TEST_CASE("downgrade -1 from a merge point unmerges", "[revision_planner][downgrade]") {
  Fixture fixture = Merged();
  const std::vector<MigrationStep> steps = fixture.CheckedDowngrade({"m1"}, "-1");
  REQUIRE(StepIds(steps) == Strings{"m1"});
  CHECK(steps[0].heads_before == Strings{"m1"});
  CHECK(Sorted(steps[0].heads_after) == Strings{"a2", "b1"});
  CHECK(StepIds(fixture.CheckedDowngrade({"n1"}, "-2")) == Strings{"n1", "m1"});
}

TEST_CASE("downgrade -N removes the last N revisions", "[revision_planner][downgrade]") {
  Fixture fixture = Chain();
  CHECK(StepIds(fixture.CheckedDowngrade({"d4"}, "-1")) == Strings{"d4"});
  CHECK(StepIds(fixture.CheckedDowngrade({"d4"}, "-3")) == Strings{"d4", "c3", "b2"});
  CHECK(StepIds(fixture.CheckedDowngrade({"d4"}, "-4")) == Strings{"d4", "c3", "b2", "a1"});
  CHECK_THROWS_AS(fixture.graph().PlanDowngrade({"d4"}, "-5"), RevisionError);
}

TEST_CASE("downgrade -N with several current revisions needs a branch label",
          "[revision_planner][downgrade]") {
  Fixture fixture = TwoBranches();
  CHECK_THROWS_AS(fixture.graph().PlanDowngrade({"a2", "b2"}, "-1"), RevisionError);
  CHECK_THROWS_WITH(fixture.graph().PlanDowngrade({"a2", "b2"}, "-1"),
                    Contains("a2") && Contains("b2"));
  CHECK(StepIds(fixture.CheckedDowngrade({"a2", "b2"}, "alpha@-1")) == Strings{"a2"});
  CHECK(StepIds(fixture.CheckedDowngrade({"a2", "b2"}, "beta@-2")) == Strings{"b2", "b1"});
}

TEST_CASE("downgrading -N with nothing applied is an error", "[revision_planner][downgrade]") {
  Fixture fixture = Chain();
  CHECK_THROWS_AS(fixture.graph().PlanDowngrade({}, "-1"), RevisionError);
}

TEST_CASE("downgrading to a revision that is not applied is an error",
          "[revision_planner][downgrade]") {
  Fixture chain = Chain();
  CHECK_THROWS_AS(chain.graph().PlanDowngrade({"b2"}, "c3"), RevisionError);
  CHECK_THROWS_WITH(chain.graph().PlanDowngrade({"b2"}, "c3"),
                    Contains("c3") && Contains("not applied"));
  CHECK_THROWS_AS(chain.graph().PlanDowngrade({}, "a1"), RevisionError);
  Fixture branches = TwoBranches();
  CHECK_THROWS_WITH(branches.graph().PlanDowngrade({"a2"}, "b1"),
                    Contains("b1") && Contains("not applied"));
}

TEST_CASE("downgrading to rev-N that is not applied is an error", "[revision_planner][downgrade]") {
  // "d4-1" is c3, which is above the current revision b2.
  Fixture fixture = Chain();
  CHECK_THROWS_AS(fixture.graph().PlanDowngrade({"b2"}, "d4-1"), RevisionError);
  CHECK_THROWS_AS(fixture.graph().PlanDowngrade({"b2"}, "c3+1"), RevisionError);
}

TEST_CASE("downgrading removes dependents before their dependencies",
          "[revision_planner][downgrade]") {
  Fixture fixture = CrossDependency();
  const std::vector<MigrationStep> steps = fixture.CheckedDowngrade({"a1", "b1"}, "a0");
  REQUIRE(StepIds(steps) == Strings{"b1", "a1"});
  CHECK(Sorted(steps.back().heads_after) == Strings{"a0", "b0"});
}

TEST_CASE("downgrading a dependent branch leaves its dependency applied",
          "[revision_planner][downgrade]") {
  Fixture fixture = CrossDependency();
  const std::vector<MigrationStep> steps = fixture.CheckedDowngrade({"a1", "b1"}, "beta@base");
  REQUIRE(StepIds(steps) == Strings{"b1", "b0"});
  CHECK(steps.back().heads_after == Strings{"a1"});
}

TEST_CASE("downgrading from an unknown current row is an error naming it",
          "[revision_planner][downgrade]") {
  Fixture fixture = Chain();
  CHECK_THROWS_AS(fixture.graph().PlanDowngrade({"gone42"}, "base"), RevisionError);
  CHECK_THROWS_WITH(fixture.graph().PlanDowngrade({"gone42"}, "base"), Contains("gone42"));
}

// --- PlanStamp ------------------------------------------------------------------

TEST_CASE("stamping over nothing writes the target's row", "[revision_planner][stamp]") {
  Fixture fixture = Chain();
  CHECK(fixture.graph().PlanStamp({}, {"b2"}, false) == Strings{"b2"});
  CHECK(fixture.graph().PlanStamp({}, {"head"}, false) == Strings{"d4"});
}

TEST_CASE("stamping moves a row up or down its branch", "[revision_planner][stamp]") {
  Fixture fixture = Chain();
  CHECK(fixture.graph().PlanStamp({"a1"}, {"c3"}, false) == Strings{"c3"});
  CHECK(fixture.graph().PlanStamp({"d4"}, {"b2"}, false) == Strings{"b2"});
}

TEST_CASE("stamping keeps the rows of branches the targets do not touch",
          "[revision_planner][stamp]") {
  Fixture fixture = TwoBranches();
  CHECK(Sorted(fixture.graph().PlanStamp({"a1", "b2"}, {"a2"}, false)) == Strings{"a2", "b2"});
  CHECK(Sorted(fixture.graph().PlanStamp({"a2", "b2"}, {"a1"}, false)) == Strings{"a1", "b2"});
  Fixture bases = TwoBases();
  CHECK(Sorted(bases.graph().PlanStamp({"x1", "y0"}, {"y1"}, false)) == Strings{"x1", "y1"});
}

TEST_CASE("stamping a revision on a new branch adds a row", "[revision_planner][stamp]") {
  Fixture fixture = TwoBranches();
  CHECK(Sorted(fixture.graph().PlanStamp({"a2"}, {"b1"}, false)) == Strings{"a2", "b1"});
}

TEST_CASE("stamping the branch point replaces the rows of both branches",
          "[revision_planner][stamp]") {
  Fixture fixture = TwoBranches();
  CHECK(fixture.graph().PlanStamp({"a2", "b2"}, {"r0"}, false) == Strings{"r0"});
}

TEST_CASE("stamping a merge point replaces both parents' rows", "[revision_planner][stamp]") {
  Fixture fixture = Merged();
  CHECK(fixture.graph().PlanStamp({"a2", "b1"}, {"m1"}, false) == Strings{"m1"});
  // Alembic fails here too: both targets would take over n1's one row.
  CHECK_THROWS_AS(fixture.graph().PlanStamp({"n1"}, {"a2", "b1"}, false), RevisionError);
}

TEST_CASE("stamping several targets writes one row per target, as Alembic does",
          "[revision_planner][stamp]") {
  Fixture fixture = TwoBranches();
  CHECK(Sorted(fixture.graph().PlanStamp({}, {"a1", "b2"}, false)) == Strings{"a1", "b2"});
  CHECK(Sorted(fixture.graph().PlanStamp({}, {"a1", "a2"}, false)) == Strings{"a1", "a2"});
  CHECK(Sorted(fixture.graph().PlanStamp({}, {"a2", "a1"}, false)) == Strings{"a1", "a2"});
  CHECK(Sorted(fixture.graph().PlanStamp({"r0"}, {"heads"}, false)) == Strings{"a2", "b2"});
}

TEST_CASE("stamping base clears every row", "[revision_planner][stamp]") {
  Fixture fixture = TwoBranches();
  CHECK(fixture.graph().PlanStamp({"a2", "b2"}, {"base"}, false).empty());
  Fixture bases = TwoBases();
  CHECK(bases.graph().PlanStamp({"x1", "y1"}, {"base"}, false).empty());
}

TEST_CASE("stamping with purge writes exactly the targets", "[revision_planner][stamp]") {
  Fixture fixture = TwoBranches();
  CHECK(fixture.graph().PlanStamp({"a2", "b2"}, {"a1"}, true) == Strings{"a1"});
  CHECK(Sorted(fixture.graph().PlanStamp({"a1"}, {"a2", "b1"}, true)) == Strings{"a2", "b1"});
  CHECK(fixture.graph().PlanStamp({"a2", "b2"}, {"base"}, true).empty());
}

TEST_CASE("stamping with purge tolerates unknown current rows", "[revision_planner][stamp]") {
  Fixture fixture = TwoBranches();
  CHECK(fixture.graph().PlanStamp({"gone42"}, {"a2"}, true) == Strings{"a2"});
  CHECK(fixture.graph().PlanStamp({"gone42", "a1", "b2"}, {"a2"}, true) == Strings{"a2"});
  CHECK(fixture.graph().PlanStamp({"gone42"}, {"base"}, true).empty());
}

TEST_CASE("stamping without purge rejects an unknown current row, naming it",
          "[revision_planner][stamp]") {
  Fixture fixture = TwoBranches();
  CHECK_THROWS_AS(fixture.graph().PlanStamp({"gone42"}, {"a2"}, false), RevisionError);
  CHECK_THROWS_WITH(fixture.graph().PlanStamp({"a1", "gone42"}, {"a2"}, false), Contains("gone42"));
}

TEST_CASE("stamping a target that does not resolve is an error", "[revision_planner][stamp]") {
  Fixture fixture = TwoBranches();
  CHECK_THROWS_AS(fixture.graph().PlanStamp({}, {"nope1234"}, false), RevisionError);
  CHECK_THROWS_AS(fixture.graph().PlanStamp({}, {"nope1234"}, true), RevisionError);
  CHECK_THROWS_AS(fixture.graph().PlanStamp({}, {"head"}, false), RevisionError);
}

}  // namespace
