// Reads back the DOT documents `retort graph` writes, strictly enough that a
// malformed document fails the test: the statements of one digraph, with
// quoted or bare names and attribute lists.
#ifndef RETORT_TESTS_DOT_READING_H_
#define RETORT_TESTS_DOT_READING_H_

#include <catch2/catch.hpp>

#include <cctype>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace retort::testing {

using DotAttributes = std::map<std::string, std::string>;

struct DotNode {
  std::string name;
  DotAttributes attributes;
};

struct DotEdge {
  std::string from;
  std::string to;
  DotAttributes attributes;
};

struct DotGraph {
  std::vector<DotNode> nodes;
  std::vector<DotEdge> edges;

  const DotNode* Node(const std::string& name) const {
    for (const DotNode& node : nodes) {
      if (node.name == name) return &node;
    }
    return nullptr;
  }
  // "from -> to" for every edge, and " (dashed)" for a dashed one.
  std::set<std::string> EdgeSet() const {
    std::set<std::string> set;
    for (const DotEdge& edge : edges) {
      const auto style = edge.attributes.find("style");
      set.insert(edge.from + " -> " + edge.to +
                 (style != edge.attributes.end() && style->second == "dashed" ? " (dashed)" : ""));
    }
    return set;
  }
};

class DotReader {
 public:
  explicit DotReader(const std::string& text) : text_(text) {}

  DotGraph Read() {
    REQUIRE(Next() == "digraph");
    Next();  // the graph's name
    REQUIRE(Next() == "{");
    DotGraph graph;
    for (std::string token = Next(); token != "}"; token = Next()) {
      REQUIRE(!token.empty());
      std::string second = Next();
      if (second == "=") {  // a graph attribute
        Next();
        REQUIRE(Next() == ";");
        continue;
      }
      if (second == "->") {
        DotEdge edge{.from = token, .to = Next(), .attributes = {}};
        second = Next();
        if (second == "[") edge.attributes = Attributes(), second = Next();
        REQUIRE(second == ";");
        graph.edges.push_back(edge);
        continue;
      }
      DotNode node{.name = token, .attributes = {}};
      if (second == "[") node.attributes = Attributes(), second = Next();
      REQUIRE(second == ";");
      if (token != "node" && token != "edge" && token != "graph") graph.nodes.push_back(node);
    }
    REQUIRE(Next().empty());
    std::set<std::string> names;
    for (const DotNode& node : graph.nodes) REQUIRE(names.insert(node.name).second);
    for (const DotEdge& edge : graph.edges) {
      INFO("edge " << edge.from << " -> " << edge.to);
      REQUIRE(names.contains(edge.from));
      REQUIRE(names.contains(edge.to));
    }
    return graph;
  }

 private:
  DotAttributes Attributes() {
    DotAttributes attributes;
    for (std::string key = Next(); key != "]"; key = Next()) {
      if (key == ",") continue;
      REQUIRE(Next() == "=");
      attributes[key] = Next();
    }
    return attributes;
  }

  // The next token: a name (quoted ones unescaped: \" \\ and \n), "->" or
  // one punctuation character; empty at the end.
  std::string Next() {
    while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_;
    if (at_ == text_.size()) return "";
    if (text_[at_] == '"') {
      std::string value;
      for (++at_; at_ < text_.size() && text_[at_] != '"'; ++at_) {
        if (text_[at_] == '\\') {
          ++at_;
          REQUIRE(at_ < text_.size());
          value += text_[at_] == 'n' ? '\n' : text_[at_];
        } else {
          REQUIRE(text_[at_] != '\n');
          value += text_[at_];
        }
      }
      REQUIRE(at_ < text_.size());
      ++at_;
      return value;
    }
    if (text_.compare(at_, 2, "->") == 0) {
      at_ += 2;
      return "->";
    }
    const std::size_t start = at_;
    while (at_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[at_])) || text_[at_] == '_')) {
      ++at_;
    }
    if (at_ == start) ++at_;
    return text_.substr(start, at_ - start);
  }

  const std::string& text_;
  std::size_t at_ = 0;
};

inline DotGraph ReadDot(const std::string& text) { return DotReader(text).Read(); }

}  // namespace retort::testing

#endif  // RETORT_TESTS_DOT_READING_H_
