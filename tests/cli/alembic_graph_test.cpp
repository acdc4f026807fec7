// The revision graph as an Alembic user meets it, through the retort binary
// on a SQLite file: each case is a place where retort once differed from
// Alembic 1.8.1, with the result Alembic gives (tests/parity checks the same
// rules on generated graphs against Alembic itself).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "cli_test_helpers.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Catch::Contains;
using Rows = std::vector<std::string>;

// A revision that creates table t_<id>, so that what ran shows in the schema.
void AddTableRevision(Project& project, const std::string& id, const std::string& down_revision,
                      const std::string& extra_header = "") {
  project.AddYamlRevision(
      id, down_revision,
      "  - create_table: {name: t_" + id + ", columns: [{name: id, type: integer}]}\n",
      extra_header);
}

// a1 (lib1) -> b1 -> c1 -> d1, and a2 -> b2 -> c2 where c2 depends on c1.
void AddLibraryGraph(Project& project) {
  AddTableRevision(project, "a1", "", "branch_labels: [lib1]\n");
  AddTableRevision(project, "b1", "a1");
  AddTableRevision(project, "c1", "b1");
  AddTableRevision(project, "d1", "c1");
  AddTableRevision(project, "a2", "");
  AddTableRevision(project, "b2", "a2");
  AddTableRevision(project, "c2", "b2", "depends_on: [c1]\n");
}

// r0 -> s1 (side) -> s2, and r0 -> m1 -> m2: a label above a shared trunk.
void AddSideBranchGraph(Project& project) {
  AddTableRevision(project, "r0", "");
  AddTableRevision(project, "s1", "r0", "branch_labels: [side]\n");
  AddTableRevision(project, "s2", "s1");
  AddTableRevision(project, "m1", "r0");
  AddTableRevision(project, "m2", "m1");
}

// The lines of `current`, sorted: Alembic lists them in no set order.
Rows CurrentLines(const Project& project) {
  Rows lines = Lines(RunOk(project, {"current"}).out);
  std::sort(lines.begin(), lines.end());
  return lines;
}

// The revisions retort_history records, in the order they ran.
Rows Ran(const Project& project) { return HistoryRows(project.database()); }

TEST_CASE("downgrade X keeps the revisions that merely depend on X", "[cli][alembic_graph]") {
  Project project;
  AddLibraryGraph(project);
  RunOk(project, {"upgrade", "c2"});
  RunOk(project, {"upgrade", "d1"});
  const std::size_t before = Ran(project).size();

  RunOk(project, {"downgrade", "c1"});
  const Rows ran = Ran(project);
  CHECK(Rows(ran.begin() + static_cast<long>(before), ran.end()) == Rows{"d1 downgrade"});
  CHECK(VersionRows(project.database()) == Rows{"c2"});
  CHECK(HasTable(project.database(), "t_c2"));
  CHECK(HasTable(project.database(), "t_c1"));
  CHECK_FALSE(HasTable(project.database(), "t_d1"));
  CHECK(CurrentLines(project) == Rows{"c1", "c2 (head)"});
}

TEST_CASE("stamp keeps a dependency's branch current, as upgrade does", "[cli][alembic_graph]") {
  Project project;
  AddLibraryGraph(project);
  RunOk(project, {"stamp", "c2", "--force"});  // the tables are not there: --force
  CHECK(CurrentLines(project) == Rows{"c1", "c2 (head)"});

  const ProcessResult next = RunOk(project, {"upgrade", "lib1@+1"});
  CHECK_THAT(next.out, Contains("Running upgrade c1 -> d1"));
  CHECK(Ran(project) == Rows{"c2 stamp", "d1 upgrade"});
  CHECK(VersionRows(project.database()) == Rows{"c2", "d1"});
}

TEST_CASE("stamp label@base removes the branch's rows, as downgrade label@base does",
          "[cli][alembic_graph]") {
  Project project;
  AddLibraryGraph(project);
  RunOk(project, {"upgrade", "c2"});
  RunOk(project, {"upgrade", "d1"});
  const Rows objects = SchemaObjects(project.database());

  RunOk(project, {"stamp", "lib1@base"});
  // c2 holds c1 (on lib1) as its dependency, so its row goes too (Alembic).
  CHECK(VersionRows(project.database()).empty());
  CHECK(SchemaObjects(project.database()) == objects);
}

TEST_CASE("label@+N and label@base+N count as Alembic counts", "[cli][alembic_graph]") {
  Project project;
  AddSideBranchGraph(project);
  // From base, through the shared trunk r0.
  RunOk(project, {"upgrade", "side@base+2"});
  CHECK(Ran(project) == Rows{"r0 upgrade", "s1 upgrade"});
  // From the branch's current revision.
  RunOk(project, {"upgrade", "side@+1"});
  CHECK(VersionRows(project.database()) == Rows{"s2"});
  CHECK_FALSE(HasTable(project.database(), "t_m1"));
}

TEST_CASE("branch@rev accepts a revision on the branch's trunk and an id as the branch",
          "[cli][alembic_graph]") {
  Project project;
  AddSideBranchGraph(project);
  RunOk(project, {"upgrade", "side@r0"});
  CHECK(VersionRows(project.database()) == Rows{"r0"});

  Project library;
  AddLibraryGraph(library);
  RunOk(library, {"upgrade", "c2@b2"});
  CHECK(Ran(library) == Rows{"a2 upgrade", "b2 upgrade"});
  CHECK(VersionRows(library.database()) == Rows{"b2"});
}

TEST_CASE("history of a range whose start is not below its end is an error",
          "[cli][alembic_graph]") {
  Project project;
  AddLibraryGraph(project);
  const ProcessResult refused = RunFailing(project, {"history", "-r", "b1:b2"}, 1);
  CHECK_THAT(refused.err, Contains("b1") && Contains("b2") && Contains("ancestor"));
  CHECK(refused.out.empty());
}

TEST_CASE("merge heads merges heads linked by depends_on", "[cli][alembic_graph]") {
  Project project;
  AddTableRevision(project, "d1", "");
  AddTableRevision(project, "x1", "", "depends_on: [d1]\n");
  CHECK(RunOk(project, {"heads"}).out == "d1 (effective head)\nx1 (head)\n");

  const ProcessResult merge = RunOk(project, {"merge", "heads", "-m", "join", "--rev-id", "j1"});
  CHECK_THAT(ReadFile(GeneratedFile(project, merge)), Contains("down_revision: [d1, x1]"));
  CHECK(RunOk(project, {"heads"}).out == "j1 (head)\n");
  RunOk(project, {"upgrade", "head"});
  CHECK(VersionRows(project.database()) == Rows{"j1"});
}

TEST_CASE("upgrade applies a merge's parents last-listed first, as Alembic",
          "[cli][alembic_graph]") {
  Project project;
  AddTableRevision(project, "p1", "");
  AddTableRevision(project, "q1", "");
  AddTableRevision(project, "j1", "[p1, q1]");
  RunOk(project, {"upgrade", "heads"});
  CHECK(Ran(project) == Rows{"q1 upgrade", "p1 upgrade", "j1 upgrade"});

  Project library;
  AddLibraryGraph(library);
  RunOk(library, {"upgrade", "c2"});
  CHECK(Ran(library) == Rows{"a1 upgrade", "b1 upgrade", "c1 upgrade", "a2 upgrade", "b2 upgrade",
                             "c2 upgrade"});
}

TEST_CASE("history, heads and current show what Alembic shows", "[cli][alembic_graph]") {
  Project project;
  AddLibraryGraph(project);
  // Dependencies in parentheses; labels on the branch they were declared
  // for, and not on the other base.
  CHECK(RunOk(project, {"history"}).out ==
        "b2 (c1) -> c2 (head), revision c2\n"
        "a2 -> b2, revision b2\n"
        "<base> -> a2, revision a2\n"
        "c1 -> d1 (lib1) (head), revision d1\n"
        "b1 -> c1 (lib1), revision c1\n"
        "a1 -> b1 (lib1), revision b1\n"
        "<base> -> a1 (lib1), revision a1\n");
  CHECK(RunOk(project, {"heads"}).out == "c2 (head)\nd1 (lib1) (head)\n");

  Project dependent;
  AddTableRevision(dependent, "d1", "");
  AddTableRevision(dependent, "x1", "", "depends_on: [d1]\n");
  CHECK(RunOk(dependent, {"heads", "--resolve-dependencies"}).out == "x1 (head)\n");
  CHECK(RunOk(dependent, {"history"}).out ==
        "<base> (d1) -> x1 (head), revision x1\n<base> -> d1 (effective head), revision d1\n");
}

TEST_CASE("a downgrade target off the current revisions' lines is refused",
          "[cli][alembic_graph]") {
  Project project;
  AddLibraryGraph(project);
  RunOk(project, {"upgrade", "c2"});
  // c1 is applied only as c2's dependency: nothing applied lies above it.
  const ProcessResult refused = RunFailing(project, {"downgrade", "c1"}, 1);
  CHECK_THAT(refused.err, Contains("'c1' is not a valid downgrade target"));
  CHECK(VersionRows(project.database()) == Rows{"c2"});

  Project trunk;
  AddTableRevision(trunk, "a", "", "branch_labels: [trunk]\n");
  AddTableRevision(trunk, "b", "a");
  AddTableRevision(trunk, "c", "b");
  AddTableRevision(trunk, "e", "b");
  RunOk(trunk, {"upgrade", "c"});
  // One step down is branch point b, and the branch named trunk ends below it.
  const ProcessResult below = RunFailing(trunk, {"downgrade", "trunk@-1"}, 1);
  CHECK_THAT(below.err, Contains("branch point b"));
  RunOk(trunk, {"downgrade", "-1"});
  CHECK(VersionRows(trunk.database()) == Rows{"b"});
}

TEST_CASE("a bad --rev-id is reported before several heads are", "[cli][alembic_graph]") {
  Project project;
  AddLibraryGraph(project);
  const ProcessResult refused =
      RunFailing(project, {"revision", "-m", "x", "--rev-id", "bad-id!"}, 1);
  CHECK_THAT(refused.err, Contains("bad-id!"));
  CHECK_THAT(refused.err, !Contains("heads"));
}

TEST_CASE("downgrading a SQL revision with no down section asks for '-- migrate:down'",
          "[cli][alembic_graph]") {
  Project project;
  project.AddRevision("aaaa0001_t.sql",
                      "-- revision: aaaa0001\n-- down_revision: null\n-- migrate:up\n"
                      "CREATE TABLE t (id INTEGER);\n");
  RunOk(project, {"upgrade", "head"});
  const ProcessResult refused = RunFailing(project, {"downgrade", "base"}, 1);
  CHECK_THAT(refused.err, Contains("aaaa0001_t.sql:4") && Contains("'-- migrate:down'"));
  CHECK(HasTable(project.database(), "t"));
}

}  // namespace
}  // namespace retort::testing
