// The revision graph as a picture: the DOT document (nodes, edges, styles,
// escaping, collapsed runs, heads and current revisions, on a branched graph
// and on 10,000 revisions) and the lanes of `history --graph`.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "dot_reading.h"
#include "retort/error.h"
#include "retort/graph_picture.h"
#include "retort/revision_graph.h"

namespace {

using retort::DrawGraphLanes;
using retort::GraphDotOptions;
using retort::GraphLine;
using retort::RevisionGraph;
using retort::RevisionGraphDot;
using retort::RevisionHeader;
using retort::testing::DotGraph;
using retort::testing::ReadDot;
using Strings = std::vector<std::string>;

RevisionHeader Rev(std::string id, Strings down = {}, Strings labels = {},
                   Strings depends_on = {}) {
  RevisionHeader header;
  header.message = "revision " + id;
  header.id = std::move(id);
  header.down_revisions = std::move(down);
  header.branch_labels = std::move(labels);
  header.depends_on = std::move(depends_on);
  return header;
}

// r0 parts into alpha (a1, a2) and beta (b1, which depends on a1, and b2);
// m merges them and x1 follows it.
std::vector<RevisionHeader> Branched() {
  return {Rev("r0"),         Rev("a1", {"r0"}, {"alpha"}), Rev("a2", {"a1"}),
          Rev("b1", {"r0"}, {"beta"}, {"a1"}), Rev("b2", {"b1"}),
          Rev("m", {"a2", "b2"}), Rev("x1", {"m"})};
}

// A line of `count` revisions r0000, r0001, ... each on the one before.
std::string LineId(int index) {
  const std::string digits = std::to_string(index);
  return "r" + std::string(digits.size() < 4 ? 4 - digits.size() : 0, '0') + digits;
}

std::vector<RevisionHeader> Line(int count) {
  std::vector<RevisionHeader> revisions;
  for (int i = 0; i < count; ++i) {
    revisions.push_back(Rev(LineId(i), i == 0 ? Strings{} : Strings{LineId(i - 1)}));
  }
  return revisions;
}

bool Has(const retort::testing::DotNode& node, const std::string& key, const std::string& value) {
  const auto found = node.attributes.find(key);
  return found != node.attributes.end() && found->second == value;
}

Strings Texts(const std::vector<GraphLine>& lines,
              const std::vector<const RevisionHeader*>& order) {
  Strings texts;
  for (const GraphLine& line : lines) {
    texts.push_back(line.lanes + (line.revision ? " " + order[*line.revision]->id : ""));
  }
  return texts;
}

std::vector<const RevisionHeader*> NewestFirst(const RevisionGraph& graph) {
  return graph.History("", [] { return Strings(); });
}

}  // namespace

TEST_CASE("DOT: a node per revision, parent and dependency edges, labels, heads, current",
          "[graph]") {
  const RevisionGraph graph(Branched());
  const DotGraph dot = ReadDot(RevisionGraphDot(graph, {.collapse = 5, .current = {"b2"}}));

  REQUIRE(dot.nodes.size() == 7);
  CHECK(dot.EdgeSet() == std::set<std::string>{"r0 -> a1", "a1 -> a2", "r0 -> b1", "b1 -> b2",
                                               "a2 -> m", "b2 -> m", "m -> x1",
                                               "a1 -> b1 (dashed)"});
  CHECK(dot.Node("a1")->attributes.at("label") == "a1\nrevision a1\n[alpha]");
  CHECK(dot.Node("r0")->attributes.at("label") == "r0\nrevision r0");
  for (const auto& node : dot.nodes) {
    INFO(node.name);
    CHECK(Has(node, "peripheries", "2") == (node.name == "x1"));
    CHECK(Has(node, "style", "filled") == (node.name == "b2"));
  }
}

TEST_CASE("DOT: the same graph gives the same text, and an unknown current revision is an error",
          "[graph]") {
  const RevisionGraph graph(Branched());
  CHECK(RevisionGraphDot(graph) == RevisionGraphDot(RevisionGraph(Branched())));
  CHECK_THROWS_MATCHES(RevisionGraphDot(graph, {.collapse = 5, .current = {"zz"}}),
                       retort::RevisionError, Catch::Matchers::Message(
                           "cannot mark revision 'zz' as current: it is not in the script "
                           "directory"));
}

TEST_CASE("DOT: quotes, backslashes and line breaks in messages are escaped", "[graph]") {
  RevisionHeader odd = Rev("q1");
  odd.message = "say \"hi\" \\n to C:\\temp\nsecond line";
  const RevisionGraph graph({odd});
  const std::string text = RevisionGraphDot(graph);
  CHECK_THAT(text, Catch::Contains(R"("q1" [label="q1\nsay \"hi\" \\n to C:\\temp\nsecond line")"
                                   R"(, peripheries=2];)"));
  CHECK(ReadDot(text).Node("q1")->attributes.at("label") == "q1\n" + odd.message);
}

TEST_CASE("DOT: a long linear run becomes one node, as long as --collapse allows", "[graph]") {
  const RevisionGraph graph(Line(20));
  // r0000 is a base and r0019 the head: the 18 between make the run.
  const DotGraph collapsed = ReadDot(RevisionGraphDot(graph));
  REQUIRE(collapsed.nodes.size() == 3);
  const std::string run = "r0001..r0018";
  CHECK(collapsed.Node(run)->attributes.at("label") == "18 revisions:\nr0001 .. r0018");
  CHECK(collapsed.EdgeSet() ==
        std::set<std::string>{"r0000 -> " + run, run + " -> r0019"});

  CHECK(ReadDot(RevisionGraphDot(graph, {.collapse = 0, .current = {}})).nodes.size() == 20);
  CHECK(ReadDot(RevisionGraphDot(graph, {.collapse = 18, .current = {}})).nodes.size() == 20);
  CHECK(ReadDot(RevisionGraphDot(graph, {.collapse = 17, .current = {}})).nodes.size() == 3);
  // A current revision stays visible and splits the run.
  const DotGraph split = ReadDot(RevisionGraphDot(graph, {.collapse = 5, .current = {"r0010"}}));
  CHECK(split.EdgeSet() == std::set<std::string>{"r0000 -> r0001..r0009", "r0001..r0009 -> r0010",
                                                 "r0010 -> r0011..r0018",
                                                 "r0011..r0018 -> r0019"});
}

TEST_CASE("DOT: 10,000 revisions with branches and merges stay a small picture", "[graph]") {
  // A line of 10,000 with, every 2,000 revisions, a side revision that parts
  // from the line and is merged back ten revisions later; one label and one
  // dependency.
  std::vector<RevisionHeader> revisions = Line(10000);
  for (int k = 1; k < 5; ++k) {
    const std::string side = "s" + std::to_string(k);
    revisions.push_back(Rev(side, {revisions[2000 * k].id}));
    revisions[2000 * k + 10].down_revisions.push_back(side);
  }
  revisions[5000].branch_labels = {"reporting"};
  revisions[7000].depends_on = {"r0500"};
  const RevisionGraph graph(std::move(revisions));

  const std::string text = RevisionGraphDot(graph, {.collapse = 5, .current = {"r9000"}});
  CHECK(text == RevisionGraphDot(graph, {.collapse = 5, .current = {"r9000"}}));
  const DotGraph dot = ReadDot(text);
  CHECK(dot.nodes.size() < 60);
  // Every revision is a node or inside exactly one run.
  std::size_t drawn = 0;
  for (const auto& node : dot.nodes) {
    const std::string& label = node.attributes.at("label");
    const std::size_t words = label.find(" revisions:");
    drawn += words == std::string::npos ? 1 : std::stoul(label.substr(0, words));
  }
  CHECK(drawn == 10004);
  for (const char* visible : {"r2000", "r2010", "s1", "r5000", "r7000", "r0500", "r9000",
                              "r9999", "r0000"}) {
    INFO(visible);
    CHECK(dot.Node(visible) != nullptr);
  }
  CHECK(Has(*dot.Node("r9999"), "peripheries", "2"));
  CHECK(Has(*dot.Node("r9000"), "style", "filled"));
  CHECK(dot.EdgeSet().contains("r0500 -> r7000 (dashed)"));
  CHECK(dot.EdgeSet().contains("s1 -> r2010"));
  CHECK(dot.EdgeSet().contains("r2000 -> s1"));
}

TEST_CASE("history --graph lanes: a line needs one lane", "[graph]") {
  const RevisionGraph graph(Line(3));
  const auto order = NewestFirst(graph);
  CHECK(Texts(DrawGraphLanes(order), order) == Strings{"* r0002", "* r0001", "* r0000"});
}

TEST_CASE("history --graph lanes: branches part, a merge joins them", "[graph]") {
  const RevisionGraph graph(Branched());
  const auto order = NewestFirst(graph);
  CHECK(Texts(DrawGraphLanes(order), order) == Strings{
                                                   "* x1",
                                                   "* m",
                                                   "|\\",
                                                   "* | a2",
                                                   "| * b2",
                                                   "| * b1",
                                                   "* | a1",
                                                   "|/",
                                                   "* r0",
                                               });
}

TEST_CASE("history --graph lanes: three heads on one branch point, and a second base",
          "[graph]") {
  const RevisionGraph graph({Rev("r0"), Rev("a1", {"r0"}), Rev("b1", {"r0"}), Rev("c1", {"r0"}),
                             Rev("z0")});
  const auto order = NewestFirst(graph);
  // An empty line keeps z0 from looking like r0's parent.
  CHECK(Texts(DrawGraphLanes(order), order) ==
        Strings{"* a1", "| * b1", "| | * c1", "|/ /", "|/", "* r0", "", "* z0"});
}

TEST_CASE("history --graph lanes: a lane passes under another to join", "[graph]") {
  // m merges a1 and q1; b1, a second child of r0, opens a lane right of
  // q1's, which has to pass under q1's lane to reach r0.
  const RevisionGraph graph({Rev("q0"), Rev("q1", {"q0"}), Rev("r0"), Rev("a1", {"r0"}),
                             Rev("b1", {"r0"}), Rev("m", {"a1", "q1"})});
  const std::vector<const RevisionHeader*> order = {graph.Find("m"),  graph.Find("a1"),
                                                    graph.Find("b1"), graph.Find("r0"),
                                                    graph.Find("q1"), graph.Find("q0")};
  CHECK(Texts(DrawGraphLanes(order), order) == Strings{"* m", "|\\", "* | a1", "| | * b1",
                                                       "|_|/", "* | r0", " /", "* q1", "* q0"});
}

TEST_CASE("history --graph lanes: a parent outside the listing ends its lane", "[graph]") {
  const RevisionGraph graph(Branched());
  std::vector<const RevisionHeader*> order = NewestFirst(graph);
  order.resize(4);  // x1, m, a2, b2: neither a2's nor b2's parent
  CHECK(Texts(DrawGraphLanes(order), order) ==
        Strings{"* x1", "* m", "|\\", "* | a2", " /", "* b2"});
}
