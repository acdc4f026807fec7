// retort graph (DOT, SVG, PNG; current revisions from the database) and
// retort history --graph, on the sample and on a branched script directory.
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "cli_test_helpers.h"
#include "dot_reading.h"
#include "schema_testing.h"

namespace {

using namespace retort::testing;

constexpr char kSampleBase[] = "58ce9da45577";
constexpr char kSampleHead[] = "9b1f0c2d4e6a";
constexpr char kNoOps[] = "- execute: SELECT 1\n";

// r0 parts into alpha (a1, a2) and beta (b1, which depends on a1, and b2);
// m merges them.
void AddBranched(Project& project) {
  project.AddYamlRevision("r0", "", kNoOps);
  project.AddYamlRevision("a1", "r0", kNoOps, "branch_labels: [alpha]\n");
  project.AddYamlRevision("a2", "a1", kNoOps);
  project.AddYamlRevision("b1", "r0", kNoOps, "branch_labels: [beta]\ndepends_on: [a1]\n");
  project.AddYamlRevision("b2", "b1", kNoOps);
  project.AddYamlRevision("m", "[a2, b2]", kNoOps);
}

}  // namespace

TEST_CASE("retort graph writes the sample as DOT and marks the database's current revision",
          "[cli][graph]") {
  Project project;
  CopySampleVersions(project);
  DotGraph dot = ReadDot(RunOk(project, {"graph"}).out);
  REQUIRE(dot.nodes.size() == 2);
  CHECK(dot.EdgeSet() == std::set<std::string>{std::string(kSampleBase) + " -> " + kSampleHead});
  CHECK(dot.Node(kSampleHead)->attributes.at("peripheries") == "2");
  CHECK(dot.Node(kSampleHead)->attributes.at("label") ==
        std::string(kSampleHead) + "\nadd accounts");
  CHECK_FALSE(dot.Node(kSampleBase)->attributes.contains("style"));

  RunOk(project, {"upgrade", kSampleBase});
  dot = ReadDot(RunOk(project, {"graph"}).out);
  CHECK(dot.Node(kSampleBase)->attributes.at("style") == "filled");
  CHECK_FALSE(dot.Node(kSampleHead)->attributes.contains("style"));
  dot = ReadDot(RunOk(project, {"graph", "--no-current"}).out);
  CHECK_FALSE(dot.Node(kSampleBase)->attributes.contains("style"));
}

TEST_CASE("retort graph fails on a database it cannot open, unless --no-current", "[cli][graph]") {
  Project project;
  CopySampleVersions(project);
  WriteFile(project.database(), "not a database, but long enough to have a header page");
  const ProcessResult failed = RunFailing(project, {"graph"}, 1);
  CHECK(failed.out.empty());
  CHECK(ReadDot(RunOk(project, {"graph", "--no-current"}).out).nodes.size() == 2);
}

TEST_CASE("retort graph: a branched graph, --collapse and -o", "[cli][graph]") {
  Project project;
  AddBranched(project);
  RunOk(project, {"graph", "-o", "graph.dot", "--collapse", "0"});
  const DotGraph dot = ReadDot(ReadFile(project.root() / "graph.dot"));
  CHECK(dot.nodes.size() == 6);
  CHECK(dot.EdgeSet() == std::set<std::string>{"r0 -> a1", "a1 -> a2", "r0 -> b1", "b1 -> b2",
                                               "a2 -> m", "b2 -> m", "a1 -> b1 (dashed)"});
  CHECK(dot.Node("b1")->attributes.at("label") == "b1\nrevision b1\n[beta]");

  const ProcessResult bad = RunFailing(project, {"graph", "--format", "gif"}, 2);
  CHECK_THAT(bad.err, Catch::Contains("--format must be dot, svg or png, not 'gif'"));
}

// SHA-256 (checksums, the history's chain) is Nettle's: OpenSSL's libcrypto
// is ten times its size, mapped at every start when it was linked.
TEST_CASE("retort maps no OpenSSL", "[cli][graph]") {
  Project project;
  CopySampleVersions(project);
  const ProcessResult heads = RunRetort({"heads"}, project.root(), {{"LD_DEBUG", "files"}});
  REQUIRE(heads.exit_code == 0);
  CHECK_THAT(heads.err, Catch::Contains("libstdc++"));  // the trace is there
  CHECK_THAT(heads.err, !Catch::Contains("libcrypto") && !Catch::Contains("libssl"));
}

#if RETORT_TEST_WITH_GRAPHVIZ

TEST_CASE("retort graph --format svg writes well-formed SVG naming the revisions",
          "[cli][graph]") {
  Project project;
  AddBranched(project);
  const ProcessResult result = RunOk(project, {"graph", "--format", "svg", "--no-current"});
  CHECK_THAT(result.out, Catch::StartsWith("<?xml"));
  for (const char* id : {"r0", "a1", "a2", "b1", "b2", "m"}) {
    CHECK_THAT(result.out, Catch::Contains(std::string(">") + id + "</text>"));
  }
  WriteFile(project.root() / "graph.svg", result.out);
  const ProcessResult parsed = RunProgram(
      "/usr/bin/python3",
      {"-c",
       "import sys, xml.dom.minidom\n"
       "print(xml.dom.minidom.parse(sys.argv[1]).documentElement.tagName)",
       "graph.svg"},
      project.root());
  INFO(parsed.err);
  CHECK(parsed.exit_code == 0);
  CHECK(parsed.out == "svg\n");
}

// Graphviz and the six libraries it needs are opened by the command that
// draws, not mapped by every start of retort.
TEST_CASE("Graphviz's library is loaded for a picture and by no other command",
          "[cli][graph]") {
  Project project;
  CopySampleVersions(project);
  const std::map<std::string, std::string> trace_loading{{"LD_DEBUG", "files"}};
  const ProcessResult heads = RunRetort({"heads"}, project.root(), trace_loading);
  REQUIRE(heads.exit_code == 0);
  CHECK_THAT(heads.err, Catch::Contains("libstdc++"));  // the trace is there
  CHECK_THAT(heads.err, !Catch::Contains("libgvc") && !Catch::Contains("libcgraph"));
  const ProcessResult dot = RunRetort({"graph"}, project.root(), trace_loading);
  REQUIRE(dot.exit_code == 0);
  CHECK_THAT(dot.err, !Catch::Contains("libgvc"));
  const ProcessResult svg = RunRetort({"graph", "--format", "svg"}, project.root(), trace_loading);
  REQUIRE(svg.exit_code == 0);
  CHECK_THAT(svg.err, Catch::Contains("libgvc"));
}

TEST_CASE("retort graph --format png -o writes a PNG file", "[cli][graph]") {
  Project project;
  CopySampleVersions(project);
  RunOk(project, {"graph", "--format", "png", "-o", "graph.png"});
  const std::string png = ReadFile(project.root() / "graph.png");
  CHECK(png.size() > 100);
  CHECK(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
}

#else

TEST_CASE("retort graph --format svg, built without Graphviz, says to write DOT",
          "[cli][graph]") {
  Project project;
  CopySampleVersions(project);
  const ProcessResult result = RunFailing(project, {"graph", "--format", "svg"}, 1);
  CHECK_THAT(result.err, Catch::Contains("built without Graphviz"));
  CHECK_THAT(result.err, Catch::Contains("retort graph | dot -Tsvg"));
}

#endif

TEST_CASE("retort history --graph draws lanes, labels, heads and current revisions",
          "[cli][graph]") {
  Project project;
  AddBranched(project);
  project.AddYamlRevision("c1", "r0", kNoOps);
  RunOk(project, {"upgrade", "b1"});
  CHECK(Lines(RunOk(project, {"history", "--graph", "-i"}).out) ==
        std::vector<std::string>{
            "* c1 (head) revision c1",
            "| * m (head) revision m",
            "| |\\",
            "| * | a2 revision a2",
            "| | * b2 revision b2",
            "| | * b1 [beta] (current) revision b1",
            "| * | a1 [alpha] revision a1",
            "|/ /",
            "|/",
            "* r0 revision r0",
        });
  // b2, m's other parent, is outside the range: m draws as no merge.
  CHECK(Lines(RunOk(project, {"history", "--graph", "-r", "a1:m"}).out) ==
        std::vector<std::string>{"* m (head) revision m", "* a2 revision a2",
                                 "* a1 [alpha] revision a1"});
  const ProcessResult both = RunFailing(project, {"history", "--graph", "-v"}, 2);
  CHECK_THAT(both.err, Catch::Contains("--graph and --verbose cannot be combined"));
}
