// The cache of parsed revisions (.retort-index.trees): what it keeps, when
// it stops trusting an entry, what a damaged file costs, and that a script
// directory reading through it loads the same revisions as reading the files.
#include "revision_tree_cache.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "operation_yaml_writer.h"
#include "retort/error.h"
#include "retort/script_directory.h"
#include "test_support.h"
#include "versions_folder.h"
#include "yaml_document.h"

namespace retort {
namespace {

namespace fs = std::filesystem;
using Catch::Contains;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;
using Files = std::vector<std::pair<std::string, FileStamp>>;

constexpr std::int64_t kLongAgoNs = 1;  // far outside the racy window

FileStamp Stamp(std::uint64_t size, std::int64_t mtime_ns = kLongAgoNs) {
  return FileStamp{size, mtime_ns, mtime_ns, 42};
}

// The tree of `text` as a string that shows every node's kind, tag and line.
std::string Shape(const YamlNode& node) {
  std::string out = std::to_string(static_cast<int>(node.kind())) + node.Tag() + "@" +
                    std::to_string(node.line()) + "{" + node.Scalar();
  if (node.IsSequence() || node.IsMap()) {
    for (const auto& element : node) {
      out += node.IsMap() ? Shape(element.first) + ":" + Shape(element.second) : Shape(element);
      out += ",";
    }
  }
  return out + "}";
}

const char* const kRevision =
    "revision: a1\ndown_revision: null\nmessage: 'quoted: text'\nupgrade:\n"
    "  - create_table:\n      name: t\n      columns:\n"
    "        - {name: id, type: integer, primary_key: true}\n"
    "        - name: note\n          type: text\n          nullable: ~\n"
    "  - execute: |\n      INSERT INTO t (id) VALUES (1);\n";

TEST_CASE("a saved tree is found again with its checksum, node for node", "[tree_cache]") {
  TempDir temp;
  const fs::path file = temp / ".retort-index.trees";
  const YamlNode root = LoadYamlDocument("a1_x.yaml", kRevision);
  {
    RevisionTreeCache cache(file, Files{{"a1_x.yaml", Stamp(10)}});
    CHECK_FALSE(cache.Find("a1_x.yaml", Stamp(10)));
    cache.Put("a1_x.yaml", Stamp(10), "sum", root);
    cache.Save();
  }
  RevisionTreeCache again(file, Files{{"a1_x.yaml", Stamp(10)}});
  const auto hit = again.Find("a1_x.yaml", Stamp(10));
  REQUIRE(hit);
  CHECK(hit->checksum == "sum");
  CHECK(Shape(hit->root) == Shape(root));
  CHECK_FALSE(again.Find("b2_y.yaml", Stamp(10)));
}

TEST_CASE("a cache read ahead on another thread finds what was saved, and takes new trees",
          "[tree_cache]") {
  TempDir temp;
  const fs::path file = temp / ".retort-index.trees";
  // Long enough for StartLoading to read it on a thread of its own.
  const std::string big = "revision: a1\ndown_revision: null\nupgrade:\n  - execute: '" +
                          std::string(300 * 1024, 'x') + "'\n";
  const YamlNode root = LoadYamlDocument("a1_x.yaml", big);
  const YamlNode other = LoadYamlDocument("b2_y.yaml", kRevision);
  const Files files{{"a1_x.yaml", Stamp(10)}, {"b2_y.yaml", Stamp(20)}};
  {
    RevisionTreeCache cache(file, files);
    cache.Put("a1_x.yaml", Stamp(10), "sum", root);
    cache.Save();
  }
  REQUIRE(fs::file_size(file) > 300 * 1024);
  {
    RevisionTreeCache ahead(file, files);
    ahead.StartLoading();
    const auto hit = ahead.Find("a1_x.yaml", Stamp(10));
    REQUIRE(hit);
    CHECK(hit->checksum == "sum");
    CHECK(Shape(hit->root) == Shape(root));
    CHECK_FALSE(ahead.Find("b2_y.yaml", Stamp(20)));
    ahead.Put("b2_y.yaml", Stamp(20), "other", other);
    ahead.Save();
  }
  {
    // Started, and destroyed before anything waited for it.
    RevisionTreeCache unused(file, files);
    unused.StartLoading();
  }
  RevisionTreeCache again(file, files);
  again.StartLoading();
  CHECK(again.Find("a1_x.yaml", Stamp(10)));
  const auto put = again.Find("b2_y.yaml", Stamp(20));
  REQUIRE(put);
  CHECK(put->checksum == "other");
  CHECK(Shape(put->root) == Shape(other));
}

TEST_CASE("an entry is used only while its file keeps its stamp", "[tree_cache]") {
  TempDir temp;
  const fs::path file = temp / ".retort-index.trees";
  const YamlNode root = LoadYamlDocument("a1_x.yaml", kRevision);
  FileStamp edited = Stamp(10);
  edited.ctime_ns += 1;
  {
    RevisionTreeCache cache(file, Files{{"a1_x.yaml", Stamp(10)}, {"b2_y.yaml", Stamp(20)}});
    cache.Put("a1_x.yaml", Stamp(10), "a", root);
    CHECK_FALSE(cache.Find("a1_x.yaml", edited));
    // A file that is not one of the folder's is not kept.
    cache.Put("gone.yaml", Stamp(10), "g", root);
    CHECK_FALSE(cache.Find("gone.yaml", Stamp(10)));
    cache.Save();
  }
  SECTION("a file edited since it was saved") {
    RevisionTreeCache cache(file, Files{{"a1_x.yaml", edited}});
    CHECK_FALSE(cache.Find("a1_x.yaml", edited));
    CHECK_FALSE(cache.Find("a1_x.yaml", Stamp(10)));
    cache.Save();  // and the stale entry is dropped
    RevisionTreeCache later(file, Files{{"a1_x.yaml", Stamp(10)}});
    CHECK_FALSE(later.Find("a1_x.yaml", Stamp(10)));
  }
  SECTION("a file modified in the last two seconds is not saved") {
    const std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    RevisionTreeCache cache(file, Files{{"c3_z.yaml", Stamp(5, now)}});
    cache.Put("c3_z.yaml", Stamp(5, now), "c", root);
    CHECK(cache.Find("c3_z.yaml", Stamp(5, now)));
    cache.Save();
    RevisionTreeCache later(file, Files{{"c3_z.yaml", Stamp(5, now)}});
    CHECK_FALSE(later.Find("c3_z.yaml", Stamp(5, now)));
  }
}

TEST_CASE("a damaged or foreign cache file is ignored as a whole, then rewritten", "[tree_cache]") {
  TempDir temp;
  const fs::path file = temp / ".retort-index.trees";
  const YamlNode root = LoadYamlDocument("a1_x.yaml", kRevision);
  {
    RevisionTreeCache cache(file, Files{{"a1_x.yaml", Stamp(10)}});
    cache.Put("a1_x.yaml", Stamp(10), "sum", root);
    cache.Save();
  }
  const std::string whole = ReadFile(file);
  const std::string body = whole.substr(whole.find('\n') + 1);
  for (const std::string& damaged :
       {whole.substr(0, whole.size() - 7), whole.substr(0, 30), std::string("not a cache\n"),
        "retort-revision-trees 2 0.0.0\n" + body, std::string()}) {
    WriteFile(file, damaged);
    RevisionTreeCache cache(file, Files{{"a1_x.yaml", Stamp(10)}});
    CHECK_FALSE(cache.Find("a1_x.yaml", Stamp(10)));
    cache.Put("a1_x.yaml", Stamp(10), "sum", root);
    cache.Save();
    CHECK(ReadFile(file) == whole);
  }
}

// An entry as the cache writes one (see revision_tree_cache.cpp), around
// `tree`, with the hash it should have.
std::string Entry(const std::string& name, const FileStamp& stamp, std::string_view tree) {
  std::string out;
  const auto number = [&](auto value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
  };
  const auto text = [&](std::string_view value) {
    number(static_cast<std::uint32_t>(value.size()));
    out.append(value);
  };
  text(name);
  number(stamp.size);
  number(stamp.mtime_ns);
  number(stamp.ctime_ns);
  number(stamp.inode);
  text("sum");
  number(static_cast<std::uint64_t>(std::hash<std::string_view>{}(tree)));
  text(tree);
  return out;
}

// One node's bytes, without its children: kind, line, text, tag, count.
std::string Node(YamlNode::Kind kind, std::uint32_t children, std::string_view text = "") {
  std::string out(1, static_cast<char>(kind));
  const auto number = [&](auto value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
  };
  number(std::int32_t{1});
  number(static_cast<std::uint32_t>(text.size()));
  out.append(text);
  number(std::uint32_t{1});
  out += '?';
  number(children);
  return out;
}

TEST_CASE("an entry is not used when its bytes were changed or cannot be a tree", "[tree_cache]") {
  TempDir temp;
  const fs::path file = temp / ".retort-index.trees";
  {
    RevisionTreeCache cache(file, Files{{"a1_x.yaml", Stamp(10)}});
    cache.Put("a1_x.yaml", Stamp(10), "sum", LoadYamlDocument("a1_x.yaml", kRevision));
    cache.Save();
  }
  const std::string whole = ReadFile(file);
  const std::string magic = whole.substr(0, whole.find('\n') + 1);
  const auto damaged = [&](const std::string& contents) {
    WriteFile(file, contents);
    RevisionTreeCache cache(file, Files{{"a1_x.yaml", Stamp(10)}});
    return !cache.Find("a1_x.yaml", Stamp(10));
  };
  SECTION("a byte of SQL changed") {
    std::string edited = whole;
    edited.replace(edited.find("VALUES (1)"), 10, "VALUES (9)");
    CHECK(damaged(edited));
  }
  const std::string scalar = Node(YamlNode::Kind::kScalar, 0, "x");
  SECTION("a mapping of an odd number of children") {
    const std::string tree = Node(YamlNode::Kind::kMap, 3) + scalar + scalar + scalar;
    CHECK(damaged(magic + Entry("a1_x.yaml", Stamp(10), tree)));
  }
  SECTION("more children than the bytes left can hold") {
    const std::string tree = Node(YamlNode::Kind::kSequence, 0x40000000) + scalar;
    CHECK(damaged(magic + Entry("a1_x.yaml", Stamp(10), tree)));
  }
  SECTION("a scalar with children, a kind that does not exist") {
    CHECK(damaged(magic +
                  Entry("a1_x.yaml", Stamp(10), Node(YamlNode::Kind::kScalar, 1) + scalar)));
    CHECK(damaged(magic + Entry("a1_x.yaml", Stamp(10), Node(YamlNode::Kind(9), 0))));
  }
  SECTION("bytes after the tree") {
    CHECK(damaged(magic + Entry("a1_x.yaml", Stamp(10), scalar + "z")));
  }
  // What the helpers write is read when nothing is wrong with it.
  CHECK_FALSE(damaged(
      magic + Entry("a1_x.yaml", Stamp(10), Node(YamlNode::Kind::kMap, 2) + scalar + scalar)));
}

// --- Through a script directory ---------------------------------------------------------------

std::string Operations(const std::vector<RevisionOp>& ops) {
  std::string text;
  for (const RevisionOp& op : ops) {
    text += std::to_string(op.line) + " " + OperationToYaml(op.op) + "\n";
  }
  return text;
}

void MakeOld(const fs::path& path) {
  fs::last_write_time(path, fs::file_time_type::clock::now() - std::chrono::hours(1));
}

// A script directory whose one revision is kRevision, dated outside the
// racy window so that the caches may keep it.
struct OneRevision {
  OneRevision() {
    ScriptDirectory::Create(location);
    WriteFile(path, kRevision);
    MakeOld(path);
  }

  TempDir temp;
  const fs::path location = temp / "migrations";
  const fs::path path = location / "versions" / "a1_x.yaml";
};

TEST_CASE("a script directory loads the same revision from the cache as from its file",
          "[tree_cache][script_directory]") {
  const OneRevision scripts;
  const fs::path& location = scripts.location;
  const fs::path& path = scripts.path;
  const Revision from_file = ReadRevisionFile(path);
  {
    ScriptDirectory directory(location);
    const Revision loaded = directory.Load(*directory.graph().Find("a1"));
    CHECK(Operations(loaded.upgrade) == Operations(from_file.upgrade));
  }
  REQUIRE(fs::exists(location / ".retort-index.trees"));
  ScriptDirectory directory(location);
  const Revision cached = directory.Load(*directory.graph().Find("a1"));
  CHECK(cached.header == from_file.header);
  CHECK(cached.checksum == from_file.checksum);
  CHECK(Operations(cached.upgrade) == Operations(from_file.upgrade));
  CHECK_FALSE(cached.downgrade);

  SECTION("an edit the same size is read from the file") {
    std::string edited = kRevision;
    edited.replace(edited.find("VALUES (1)"), 10, "VALUES (2)");
    WriteFile(path, edited);
    MakeOld(path);
    ScriptDirectory later(location);
    const Revision revision = later.Load(*later.graph().Find("a1"));
    CHECK_THAT(Operations(revision.upgrade), Contains("VALUES (2)"));
    CHECK(revision.checksum != from_file.checksum);
  }
  SECTION("the tree is taken from the cache while the file keeps its stamp") {
    // The cache is trusted, not checked against the file: a tree put there
    // for the file's stamp is what Load reads.
    const std::optional<FileStamp> live = StampOf(path);
    REQUIRE(live);
    const FileStamp stamp = *live;
    std::string other = kRevision;
    other.replace(other.find("VALUES (1)"), 10, "VALUES (3)");
    {
      RevisionTreeCache doctored(location / ".retort-index.trees", Files{{"a1_x.yaml", stamp}});
      doctored.Put("a1_x.yaml", stamp, "doctored", LoadYamlDocument(path.string(), other));
      doctored.Save();
    }
    ScriptDirectory later(location);
    const Revision revision = later.Load(*later.graph().Find("a1"));
    CHECK_THAT(Operations(revision.upgrade), Contains("VALUES (3)"));
    CHECK(revision.checksum == "doctored");
  }
  SECTION("a damaged cache costs nothing but time") {
    const std::string cache = ReadFile(location / ".retort-index.trees");
    WriteFile(location / ".retort-index.trees",
              cache.substr(0, cache.find('\n') + 1) + "\x05garbage");
    ScriptDirectory later(location);
    CHECK(Operations(later.Load(*later.graph().Find("a1")).upgrade) ==
          Operations(from_file.upgrade));
  }
}

TEST_CASE("without a header cache a fresh clone parses each file once, for the graph and "
          "for Load", "[tree_cache][script_directory]") {
  const OneRevision scripts;
  const fs::path& location = scripts.location;
  const fs::path& path = scripts.path;
  {
    ScriptDirectory directory(location);
    directory.graph();
  }
  // graph() parsed the file for its header; the tree is kept as well.
  REQUIRE(fs::exists(location / ".retort-index.trees"));
  fs::remove(location / ".retort-index");
  ScriptDirectory directory(location);
  CHECK(Operations(directory.Load(*directory.graph().Find("a1")).upgrade) ==
        Operations(ReadRevisionFile(path).upgrade));
}

}  // namespace
}  // namespace retort
