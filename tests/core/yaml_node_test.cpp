// The YAML tree revision and schema files are read into: YAML's core-schema
// rules for null, the tags that tell quoted text from plain, lines, anchors,
// and the checks made while building it.
#include "yaml_node.h"

#include <catch2/catch.hpp>
#include <string>

#include "retort/error.h"
#include "yaml_document.h"

namespace retort {
namespace {

using Catch::Contains;

YamlNode Load(const std::string& text) { return LoadYamlDocument("f.yaml", text); }

std::string FailureOf(const std::string& text) {
  try {
    Load(text);
  } catch (const FileError& error) {
    return error.what();
  }
  return "";
}

TEST_CASE("YamlNode: plain null spellings are null, quoted ones are text", "[yaml]") {
  const YamlNode root = Load("a:\nb: ~\nc: null\nd: NULL\ne: 'null'\nf: \"\"\ng: !!null x\n");
  for (const char* key : {"a", "b", "c", "d", "g"}) {
    INFO(key);
    CHECK(root[key].IsNull());
    CHECK(root[key].IsDefined());
    CHECK(root[key].Scalar().empty());
  }
  CHECK(root["e"].IsScalar());
  CHECK(root["e"].Scalar() == "null");
  CHECK(root["f"].IsScalar());
  CHECK(root["f"].Scalar().empty());
  CHECK_FALSE(root["missing"].IsDefined());
  CHECK_FALSE(root["missing"]);
  CHECK(root["missing"].line() == 0);
}

TEST_CASE("YamlNode: Tag tells plain, quoted and tagged scalars apart", "[yaml]") {
  const YamlNode root = Load("plain: 1\nsingle: '1'\ndouble: \"1\"\nstr: !!str 1\nblock: |\n  x\n");
  CHECK(root["plain"].Tag() == "?");
  CHECK(root["single"].Tag() == "!");
  CHECK(root["double"].Tag() == "!");
  CHECK(root["str"].Tag() == "tag:yaml.org,2002:str");
  CHECK(root["block"].Tag() == "!");
  CHECK(root["block"].Scalar() == "x\n");
}

TEST_CASE("YamlNode: mappings and lists keep order, lines and sizes", "[yaml]") {
  const YamlNode root = Load("# comment\nname: t\nitems:\n  - a\n  - {b: 2, c: [3, 4]}\n");
  REQUIRE(root.IsMap());
  CHECK(root.size() == 2);
  CHECK(root["name"].line() == 2);
  const YamlNode items = root["items"];
  REQUIRE(items.IsSequence());
  CHECK(items.size() == 2);
  CHECK(items[0].Scalar() == "a");
  CHECK(items[0].line() == 4);
  CHECK(items[1]["c"][1].Scalar() == "4");
  CHECK_FALSE(items[2].IsDefined());
  CHECK_FALSE(items["name"].IsDefined());
  std::string keys;
  for (const auto& entry : root) keys += entry.first.Scalar() + ";";
  CHECK(keys == "name;items;");
  std::string values;
  for (const YamlNode& item : items[1]["c"]) values += item.Scalar();
  CHECK(values == "34");
  CHECK(root.begin()->second.Scalar() == "t");
  CHECK(items[0].size() == 0);
  CHECK(items[0].begin() == items[0].end());
}

TEST_CASE("YamlNode: an alias is a copy of its anchor's node", "[yaml]") {
  const YamlNode root = Load("base: &cols {name: id, type: integer}\nagain: *cols\n");
  CHECK(root["again"]["type"].Scalar() == "integer");
  CHECK(root["again"].line() == 1);
  CHECK_THAT(FailureOf("a: *nowhere\n"), Contains("f.yaml:1") && Contains("*nowhere"));
}

TEST_CASE("YamlNode: an empty file is one null node", "[yaml]") {
  CHECK(Load("").IsNull());
  CHECK(Load("# nothing\n").IsNull());
}

TEST_CASE("YamlNode: a shorthand mapping has its one entry at the given line", "[yaml]") {
  const YamlNode map = YamlNode::SingleEntryMap("name", "users", 7);
  CHECK(map.IsMap());
  CHECK(map.size() == 1);
  CHECK(map["name"].Scalar() == "users");
  CHECK(map["name"].line() == 7);
}

TEST_CASE("LoadYamlDocument refuses what would be read wrong, at its line", "[yaml]") {
  CHECK_THAT(FailureOf("a: 1\n---\nb: 2\n"), Contains("f.yaml:2") && Contains("second YAML"));
  CHECK_THAT(FailureOf("a: \"cut off\n"), Contains("f.yaml:1") && Contains("cut off?"));
  CHECK_THAT(FailureOf("list:\n  - a\n  -\n  - c\n"), Contains("f.yaml:3") && Contains("empty list item"));
  CHECK_THAT(FailureOf(std::string("a: \"x\\0y\"\n")), Contains("NUL"));
  CHECK_THAT(FailureOf("a: [1, 2\nb: 3\n"), Contains("f.yaml:1"));
}

}  // namespace
}  // namespace retort
