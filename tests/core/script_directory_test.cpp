// The script directory: opening it, reading the revision graph from its files
// (through the .retort-index header cache), loading whole revisions, writing
// new revisions from the templates, creating a new directory, and slugs.
#include "retort/script_directory.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <regex>
#include <variant>
#include <string>
#include <vector>

#include "retort/error.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using Catch::Contains;
using Catch::StartsWith;
using retort::ConfigError;
using retort::FileError;
using retort::NewRevision;
using retort::Revision;
using retort::RevisionFormat;
using retort::RevisionHeader;
using retort::ScriptDirectory;
using retort::testing::FileDigest;
using retort::testing::ReadFile;
using retort::testing::TempDir;
using retort::testing::WriteFile;
using Strings = std::vector<std::string>;

// A fresh script directory, as 'retort init' creates it, in a temp folder.
class Scripts {
 public:
  Scripts() { ScriptDirectory::Create(location()); }

  fs::path location() const { return temp_ / "migrations"; }
  fs::path versions() const { return location() / "versions"; }
  fs::path index() const { return location() / ".retort-index"; }

  // Writes versions/<name>; with `old`, dates it an hour back so that the
  // index may cache it.
  fs::path Add(const std::string& name, const std::string& contents, bool old = true) {
    const fs::path path = versions() / name;
    WriteFile(path, contents);
    if (old) MakeOld(path);
    return path;
  }

  static void MakeOld(const fs::path& path) { fs::last_write_time(path, OldTime()); }

  // One fixed time well outside the index's racy window.
  static fs::file_time_type OldTime() {
    static const fs::file_time_type time = fs::file_time_type::clock::now() - std::chrono::hours(1);
    return time;
  }

 private:
  TempDir temp_;
};

std::string YamlRevision(const std::string& id, const std::string& down,
                         const std::string& message) {
  return "revision: " + id + "\ndown_revision: " + (down.empty() ? "null" : down) +
         "\nmessage: " + message + "\nupgrade:\n  - drop_table: t_" + id + "\n";
}

std::string SqlRevision(const std::string& id, const std::string& down,
                        const std::string& message) {
  return "-- revision: " + id + "\n-- down_revision: " + (down.empty() ? "null" : down) +
         "\n-- message: " + message + "\n-- migrate:up\nSELECT 1;\n";
}

const RevisionHeader& Get(ScriptDirectory& scripts, const std::string& id) {
  const RevisionHeader* header = scripts.graph().Find(id);
  INFO("revision " << id);
  REQUIRE(header != nullptr);
  return *header;
}

// The file names the index lists, in its order.
Strings IndexedNames(const fs::path& index) {
  Strings names;
  const std::string text = ReadFile(index);
  std::size_t start = text.find('\n');
  while (start != std::string::npos && start + 1 < text.size()) {
    const std::size_t end = text.find('\n', start + 1);
    const std::string line = text.substr(start + 1, end - start - 1);
    if (!line.empty()) names.push_back(line.substr(0, line.find('\t')));
    start = end;
  }
  return names;
}

// --- Opening and reading ---------------------------------------------------------

TEST_CASE("a script directory that does not exist is a ConfigError", "[script_directory]") {
  TempDir temp;
  CHECK_THROWS_WITH(ScriptDirectory(temp / "nowhere"), Contains("does not exist"));
  CHECK_THROWS_AS(ScriptDirectory(temp / "nowhere"), ConfigError);
}

TEST_CASE("a script directory without versions/ is a ConfigError", "[script_directory]") {
  TempDir temp;
  fs::create_directories(temp / "migrations");
  CHECK_THROWS_AS(ScriptDirectory(temp / "migrations"), ConfigError);
  CHECK_THROWS_WITH(ScriptDirectory(temp / "migrations"), Contains("has no versions/ folder"));
}

TEST_CASE("graph() reads YAML and SQL revision files", "[script_directory]") {
  Scripts scripts;
  scripts.Add("a1_first.yaml", YamlRevision("a1", "", "first"));
  scripts.Add("b2_second.sql", SqlRevision("b2", "a1", "second"));
  scripts.Add("c3_third.yml", YamlRevision("c3", "b2", "third"));
  ScriptDirectory directory(scripts.location());
  const retort::RevisionGraph& graph = directory.graph();
  CHECK(graph.size() == 3);
  CHECK(Get(directory, "a1").message == "first");
  CHECK(Get(directory, "b2").down_revisions == Strings{"a1"});
  CHECK(Get(directory, "b2").path == (scripts.versions() / "b2_second.sql").string());
  CHECK(Get(directory, "c3").path == (scripts.versions() / "c3_third.yml").string());
  REQUIRE(graph.Heads().size() == 1);
  CHECK(graph.Heads()[0]->id == "c3");
  CHECK(&directory.graph() == &graph);  // read once
}

TEST_CASE("graph() lists the revision files in name order", "[script_directory]") {
  Scripts scripts;
  scripts.Add("c3_third.yaml", YamlRevision("c3", "", "third"));
  scripts.Add("a1_first.sql", SqlRevision("a1", "", "first"));
  scripts.Add("b2_second.yaml", YamlRevision("b2", "", "second"));
  ScriptDirectory directory(scripts.location());
  CHECK(directory.graph().size() == 3);
  CHECK(IndexedNames(scripts.index()) ==
        Strings{"a1_first.sql", "b2_second.yaml", "c3_third.yaml"});
}

TEST_CASE("graph() ignores dotfiles, drafts and files that are not revisions",
          "[script_directory]") {
  Scripts scripts;
  scripts.Add("a1_first.yaml", YamlRevision("a1", "", "first"));
  const std::string garbage = ": this is not a revision [\n";
  scripts.Add(".a1_first.yaml.swp", garbage);
  scripts.Add(".hidden.yaml", garbage);
  scripts.Add("_draft.yaml", garbage);
  scripts.Add("README.md", garbage);
  scripts.Add("notes.txt", garbage);
  scripts.Add("a1_first.yaml~", garbage);
  scripts.Add("a1_first.yaml.bak", garbage);
  fs::create_directories(scripts.versions() / "_folder.yaml");
  ScriptDirectory directory(scripts.location());
  CHECK(directory.graph().size() == 1);
  CHECK(directory.graph().Find("a1") != nullptr);
}

TEST_CASE("graph() refuses a folder named as a revision file, which would hide a revision",
          "[script_directory]") {
  Scripts scripts;
  scripts.Add("a1_first.yaml", YamlRevision("a1", "", "first"));
  fs::create_directories(scripts.versions() / "folder.yaml");
  CHECK_THROWS_WITH(ScriptDirectory(scripts.location()).graph(),
                    Catch::Contains("folder.yaml: a revision file name, but a folder"));
}

TEST_CASE("a long folder is listed on several threads, and a broken entry in it still stops it",
          "[script_directory]") {
  // Enough files that their stats are spread over threads: each is read,
  // in name order, and a dangling link among them is named.
  Scripts scripts;
  std::string down;
  for (int i = 0; i < 700; ++i) {
    const std::string id = "r" + std::to_string(1000 + i);
    scripts.Add(id + "_step.yaml", YamlRevision(id, down, "step " + std::to_string(i)));
    down = id;
  }
  {
    ScriptDirectory directory(scripts.location());
    REQUIRE(directory.graph().size() == 700);
    CHECK(directory.graph().Find("r1699")->down_revisions == Strings{"r1698"});
    const Strings indexed = IndexedNames(scripts.index());
    REQUIRE(indexed.size() == 700);
    CHECK(indexed.front() == "r1000_step.yaml");
    CHECK(indexed.back() == "r1699_step.yaml");
  }
  fs::create_symlink("nowhere.yaml", scripts.versions() / "r1350_zz.yaml");
  CHECK_THROWS_WITH(ScriptDirectory(scripts.location()).graph(),
                    Catch::Contains("r1350_zz.yaml: a revision file name, but a symbolic link to "
                                    "nothing"));
}

TEST_CASE("graph() reports a broken revision file with its path and line", "[script_directory]") {
  Scripts scripts;
  const fs::path path = scripts.Add("a1_first.yaml", "revision: a1\nupgrade:\n  - drop_tabel: t\n");
  ScriptDirectory directory(scripts.location());
  CHECK_THROWS_AS(directory.graph(), FileError);
  CHECK_THROWS_WITH(directory.graph(), StartsWith(path.string() + ":3: "));
}

TEST_CASE("an empty versions folder gives an empty graph", "[script_directory]") {
  Scripts scripts;
  ScriptDirectory directory(scripts.location());
  CHECK(directory.graph().size() == 0);
}

// --- Load ----------------------------------------------------------------------------

TEST_CASE("Load() returns the operations and the SHA-256 of the file", "[script_directory]") {
  Scripts scripts;
  const fs::path yaml = scripts.Add("a1_first.yaml", YamlRevision("a1", "", "first"));
  const fs::path sql = scripts.Add("b2_second.sql", SqlRevision("b2", "a1", "second"));
  ScriptDirectory directory(scripts.location());

  const Revision first = directory.Load(Get(directory, "a1"));
  CHECK(first.header == Get(directory, "a1"));
  REQUIRE(first.upgrade.size() == 1);
  REQUIRE(std::holds_alternative<retort::DropTable>(first.upgrade[0].op));
  CHECK(std::get<retort::DropTable>(first.upgrade[0].op).name.name == "t_a1");
  CHECK(first.upgrade[0].line == 5);
  CHECK(first.checksum == FileDigest(yaml));

  const Revision second = directory.Load(Get(directory, "b2"));
  REQUIRE(second.upgrade.size() == 1);
  CHECK(std::holds_alternative<retort::Execute>(second.upgrade[0].op));
  CHECK(second.checksum == FileDigest(sql));
  CHECK(second.checksum != first.checksum);
}

TEST_CASE("Load() of a file whose header changed since graph() is a FileError",
          "[script_directory]") {
  Scripts scripts;
  const fs::path path = scripts.Add("a1_first.yaml", YamlRevision("a1", "", "first"));
  ScriptDirectory directory(scripts.location());
  const RevisionHeader header = Get(directory, "a1");
  WriteFile(path, YamlRevision("a1", "", "first, edited"));
  try {
    directory.Load(header);
    FAIL("no FileError");
  } catch (const FileError& error) {
    CHECK(error.path() == path.string());
    CHECK_THAT(error.what(), Contains("changed while retort was running"));
    CHECK_THAT(error.what(), Contains("a1"));
  }
}

TEST_CASE("Load() of a file deleted since graph() is a FileError naming it", "[script_directory]") {
  Scripts scripts;
  const fs::path path = scripts.Add("a1_first.yaml", YamlRevision("a1", "", "first"));
  ScriptDirectory directory(scripts.location());
  const RevisionHeader header = Get(directory, "a1");
  fs::remove(path);
  CHECK_THROWS_AS(directory.Load(header), FileError);
  CHECK_THROWS_WITH(directory.Load(header), StartsWith(path.string()));
}

TEST_CASE("Load() accepts a header that came from the index", "[script_directory]") {
  Scripts scripts;
  scripts.Add("a1_first.yaml",
              "revision: a1\nbranch_labels: [x]\ndepends_on: []\n"
              "message: \"tab\\there, back\\\\slash, new\\nline, cr\\rend\"\n"
              "create_date: \"2024-01-01 00:00:00\"\nupgrade:\n  - drop_table: t\n");
  {
    ScriptDirectory warm(scripts.location());
    CHECK(warm.graph().size() == 1);
  }
  REQUIRE(IndexedNames(scripts.index()) == Strings{"a1_first.yaml"});
  ScriptDirectory directory(scripts.location());
  const RevisionHeader& header = Get(directory, "a1");
  CHECK(header.message == "tab\there, back\\slash, new\nline, cr\rend");
  const Revision revision = directory.Load(header);
  CHECK(revision.upgrade.size() == 1);
}

TEST_CASE("Load() sees an edit of the operations that keeps the header", "[script_directory]") {
  Scripts scripts;
  const fs::path path = scripts.Add("a1_first.yaml", YamlRevision("a1", "", "first"));
  ScriptDirectory directory(scripts.location());
  const RevisionHeader header = Get(directory, "a1");
  const std::string before = FileDigest(path);
  WriteFile(path, YamlRevision("a1", "", "first") + "  - drop_table: extra\n");
  const Revision revision = directory.Load(header);
  CHECK(revision.upgrade.size() == 2);
  CHECK(revision.checksum == FileDigest(path));
  CHECK(revision.checksum != before);
}

TEST_CASE("LoadAsListed() reads a file as graph() listed it: what runs is what was planned",
          "[script_directory]") {
  Scripts scripts;
  const fs::path path = scripts.Add("a1_first.yaml", YamlRevision("a1", "", "first"));
  ScriptDirectory directory(scripts.location());
  const RevisionHeader header = Get(directory, "a1");  // parses the file, keeping its tree
  const std::string listed = FileDigest(path);
  WriteFile(path, YamlRevision("a1", "", "first") + "  - drop_table: extra\n");
  const Revision as_listed = directory.LoadAsListed(header);
  CHECK(as_listed.upgrade.size() == 1);
  CHECK(as_listed.checksum == listed);  // the checksum is of what runs
  CHECK(directory.Load(header).upgrade.size() == 2);
  // A file the cache holds no tree of is read as it is now.
  const fs::path second = scripts.Add("a2_second.yaml", YamlRevision("a2", "a1", "second"));
  ScriptDirectory fresh(scripts.location(), /*use_index=*/false);
  const RevisionHeader header2 = Get(fresh, "a2");
  WriteFile(second, YamlRevision("a2", "a1", "second") + "  - drop_table: extra\n");
  CHECK(fresh.LoadAsListed(header2).upgrade.size() == 2);
}

TEST_CASE("LoadAsListed() finds the listed tree of a version location written with a "
          "trailing slash",
          "[script_directory]") {
  Scripts scripts;
  const fs::path path = scripts.Add("a1_first.yaml", YamlRevision("a1", "", "first"));
  retort::ScriptDirectoryOptions options;
  options.version_locations = {scripts.versions().string() + "/"};
  ScriptDirectory directory(scripts.location(), options);
  const RevisionHeader header = Get(directory, "a1");  // parses the file, keeping its tree
  WriteFile(path, YamlRevision("a1", "", "first") + "  - drop_table: extra\n");
  CHECK(directory.LoadAsListed(header).upgrade.size() == 1);
  CHECK(directory.Load(header).upgrade.size() == 2);
}

// --- Write -----------------------------------------------------------------------------

TEST_CASE("Write() gives a new revision a random 12-hex-digit id and a slug",
          "[script_directory]") {
  Scripts scripts;
  ScriptDirectory directory(scripts.location());
  NewRevision spec;
  spec.message = "Add users table";
  const fs::path path = directory.Write(spec);
  CHECK(path.parent_path() == scripts.versions());
  const std::string name = path.filename().string();
  CHECK(std::regex_match(name, std::regex("[0-9a-f]{12}_add_users_table\\.yaml")));

  const Revision revision = retort::ReadRevisionFile(path);
  CHECK(revision.header.id == name.substr(0, 12));
  CHECK(revision.header.message == "Add users table");
  CHECK(revision.header.down_revisions.empty());
  CHECK(revision.header.branch_labels.empty());
  CHECK(revision.header.depends_on.empty());
  CHECK(std::regex_match(revision.header.create_date,
                         std::regex("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}")));
  CHECK(revision.upgrade.empty());
  CHECK_FALSE(revision.downgrade);

  const fs::path other = directory.Write(spec);
  CHECK(other != path);
}

TEST_CASE("Write() renders the header so that the file parses back to it", "[script_directory]") {
  Scripts scripts;
  ScriptDirectory directory(scripts.location());
  for (const RevisionFormat format : {RevisionFormat::kYaml, RevisionFormat::kSql}) {
    const bool sql = format == RevisionFormat::kSql;
    INFO((sql ? "sql" : "yaml"));
    NewRevision spec;
    spec.id = sql ? "merge0002" : "merge0001";
    spec.down_revisions = {"aaa111", "bbb222"};
    spec.branch_labels = {"billing", "v2"};
    spec.depends_on = {"ccc333"};
    spec.message = "merge heads";
    spec.format = format;
    const fs::path path = directory.Write(spec);
    CHECK(path.filename() == spec.id + "_merge_heads" + (sql ? ".sql" : ".yaml"));
    const Revision revision = retort::ReadRevisionFile(path);
    CHECK(revision.header.id == spec.id);
    CHECK(revision.header.down_revisions == spec.down_revisions);
    CHECK(revision.header.branch_labels == spec.branch_labels);
    CHECK(revision.header.depends_on == spec.depends_on);
    CHECK(revision.header.message == spec.message);

    NewRevision single = spec;
    single.id += "b";
    single.down_revisions = {"aaa111"};
    single.branch_labels = {};
    single.depends_on = {};
    const Revision child = retort::ReadRevisionFile(directory.Write(single));
    CHECK(child.header.down_revisions == Strings{"aaa111"});
    CHECK(child.header.branch_labels.empty());
    CHECK(child.header.depends_on.empty());
  }
}

TEST_CASE("Write() keeps a message with colons, quotes and line breaks intact",
          "[script_directory]") {
  Scripts scripts;
  ScriptDirectory directory(scripts.location());
  const Strings messages = {"fix: the \"quoted\" 'thing'\nsecond line",
                            "null",
                            "yes",
                            "#1 priority",
                            "- a list item?",
                            "  padded  ",
                            "back\\slash and tab\there",
                            "-- migrate:up",
                            "${revision} $$ and $HOME",
                            "caf\xc3\xa9 na\xc3\xafve"};
  int n = 0;
  for (const RevisionFormat format : {RevisionFormat::kYaml, RevisionFormat::kSql}) {
    for (const std::string& message : messages) {
      INFO("message: [" << message << "] " << (format == RevisionFormat::kSql ? "sql" : "yaml"));
      NewRevision spec;
      spec.id = "msg" + std::to_string(n++);
      spec.message = message;
      spec.format = format;
      const fs::path path = directory.Write(spec);
      const Revision revision = retort::ReadRevisionFile(path);
      CHECK(revision.header.message == message);
      CHECK(revision.header.id == spec.id);
    }
  }
}

TEST_CASE("Write() of an empty message names the file after the id alone", "[script_directory]") {
  Scripts scripts;
  ScriptDirectory directory(scripts.location());
  NewRevision spec;
  spec.id = "abc123";
  const fs::path path = directory.Write(spec);
  CHECK(path.filename() == "abc123.yaml");
  CHECK(retort::ReadRevisionFile(path).header.message.empty());
}

TEST_CASE("Write() refuses to overwrite an existing revision file", "[script_directory]") {
  Scripts scripts;
  ScriptDirectory directory(scripts.location());
  NewRevision spec;
  spec.id = "abc123";
  spec.message = "first";
  const fs::path path = directory.Write(spec);
  const std::string digest = FileDigest(path);
  CHECK_THROWS_AS(directory.Write(spec), ConfigError);
  CHECK_THROWS_WITH(directory.Write(spec), Contains("already exists"));
  CHECK(FileDigest(path) == digest);
}

TEST_CASE("Write() refuses an id another revision file already has", "[script_directory]") {
  Scripts scripts;
  ScriptDirectory directory(scripts.location());
  NewRevision first;
  first.id = "abc123";
  first.message = "first";
  directory.Write(first);
  NewRevision second = first;
  second.message = "second";
  CHECK_THROWS_AS(directory.Write(second), ConfigError);
  second.format = RevisionFormat::kSql;
  CHECK_THROWS_AS(directory.Write(second), ConfigError);
  CHECK(directory.graph().size() == 1);
}

TEST_CASE("a revision Write() accepts is one graph() reads", "[script_directory]") {
  for (const char* id : {"_leading", "head", "current", "0123456789ab", "rev_2"}) {
    INFO(id);
    Scripts scripts;
    ScriptDirectory directory(scripts.location());
    NewRevision spec;
    spec.id = id;
    spec.message = "m";
    try {
      directory.Write(spec);
    } catch (const ConfigError&) {
      continue;  // refusing the id is fine too
    }
    const retort::RevisionGraph* graph = nullptr;
    CHECK_NOTHROW(graph = &directory.graph());
    if (graph != nullptr) CHECK(graph->Find(id) != nullptr);
  }
}

TEST_CASE("Write() refuses an id that cannot name a file or be told from a target",
          "[script_directory]") {
  Scripts scripts;
  ScriptDirectory directory(scripts.location());
  for (const char* id : {"a-b", "a/b", "rev+1", "label@head", "a b", "../x"}) {
    INFO(id);
    NewRevision spec;
    spec.id = id;
    CHECK_THROWS_AS(directory.Write(spec), ConfigError);
  }
  CHECK(fs::is_empty(scripts.versions()));
}

TEST_CASE("Write() of a SQL revision uses the SQL template", "[script_directory]") {
  Scripts scripts;
  ScriptDirectory directory(scripts.location());
  NewRevision spec;
  spec.id = "sql001";
  spec.message = "backfill phones";
  spec.down_revisions = {"abc123"};
  spec.format = RevisionFormat::kSql;
  const fs::path path = directory.Write(spec);
  CHECK(path.filename() == "sql001_backfill_phones.sql");
  CHECK_THAT(ReadFile(path), Contains("-- migrate:up"));
  const Revision revision = retort::ReadRevisionFile(path);
  CHECK(revision.header.down_revisions == Strings{"abc123"});
  CHECK(revision.upgrade.empty());
  // No down section until the user writes one: a fresh SQL revision does
  // not silently downgrade by doing nothing.
  CHECK_FALSE(revision.downgrade);
}

TEST_CASE("an unknown placeholder in a template is a FileError naming the template and line",
          "[script_directory]") {
  Scripts scripts;
  const fs::path template_path = scripts.location() / "script.yaml.tmpl";
  WriteFile(template_path,
            "revision: ${revision}\n"  // 1
            "# costs $$5\n"            // 2
            "message: ${mesage}\n");   // 3
  ScriptDirectory directory(scripts.location());
  NewRevision spec;
  spec.id = "abc123";
  try {
    directory.Write(spec);
    FAIL("no FileError");
  } catch (const FileError& error) {
    CHECK(error.path() == template_path.string());
    CHECK(error.line() == 3);
    CHECK_THAT(error.what(), StartsWith(template_path.string() + ":3: "));
    CHECK_THAT(error.what(), Contains("unknown placeholder '${mesage}'"));
    CHECK_THAT(error.what(), Contains("${message}"));
  }
  CHECK(fs::is_empty(scripts.versions()));
}

TEST_CASE("a template's $$ is a literal dollar sign", "[script_directory]") {
  Scripts scripts;
  WriteFile(scripts.location() / "script.yaml.tmpl",
            "revision: ${revision}\nmessage: ${message}\n# costs $$5 and $x\n");
  ScriptDirectory directory(scripts.location());
  NewRevision spec;
  spec.id = "abc123";
  spec.message = "m";
  CHECK_THAT(ReadFile(directory.Write(spec)), Contains("# costs $5 and $x\n"));
}

TEST_CASE("Write() without the template is a ConfigError", "[script_directory]") {
  Scripts scripts;
  fs::remove(scripts.location() / "script.sql.tmpl");
  ScriptDirectory directory(scripts.location());
  NewRevision spec;
  spec.format = RevisionFormat::kSql;
  CHECK_THROWS_AS(directory.Write(spec), ConfigError);
  CHECK_THROWS_WITH(directory.Write(spec), Contains("script.sql.tmpl"));
}

TEST_CASE("the graph is read again after Write()", "[script_directory]") {
  Scripts scripts;
  ScriptDirectory directory(scripts.location());
  CHECK(directory.graph().size() == 0);
  NewRevision base;
  base.id = "base01";
  directory.Write(base);
  NewRevision child;
  child.id = "child1";
  child.down_revisions = {"base01"};
  directory.Write(child);
  CHECK(directory.graph().size() == 2);
  REQUIRE(directory.graph().Heads().size() == 1);
  CHECK(directory.graph().Heads()[0]->id == "child1");
}

// --- Create ----------------------------------------------------------------------------

TEST_CASE("Create() makes versions/, both templates and a .gitignore for the index",
          "[script_directory]") {
  TempDir temp;
  const fs::path location = temp / "db" / "migrations";
  ScriptDirectory::Create(location);
  CHECK(fs::is_directory(location / "versions"));
  CHECK(fs::is_regular_file(location / "script.yaml.tmpl"));
  CHECK(fs::is_regular_file(location / "script.sql.tmpl"));
  CHECK(ReadFile(location / ".gitignore") == ".retort-index*\n");
  ScriptDirectory directory(location);
  CHECK(directory.graph().size() == 0);
}

TEST_CASE("Create() accepts an existing empty folder", "[script_directory]") {
  TempDir temp;
  fs::create_directories(temp / "migrations");
  ScriptDirectory::Create(temp / "migrations");
  CHECK(fs::is_directory(temp / "migrations" / "versions"));
}

TEST_CASE("Create() refuses a folder that is not empty, or a file", "[script_directory]") {
  TempDir temp;
  WriteFile(temp / "migrations" / "keep.txt", "mine");
  CHECK_THROWS_AS(ScriptDirectory::Create(temp / "migrations"), ConfigError);
  CHECK_THROWS_WITH(ScriptDirectory::Create(temp / "migrations"),
                    Contains("already exists and is not an empty folder"));
  CHECK_FALSE(fs::exists(temp / "migrations" / "versions"));
  CHECK(ReadFile(temp / "migrations" / "keep.txt") == "mine");

  WriteFile(temp / "afile", "x");
  CHECK_THROWS_AS(ScriptDirectory::Create(temp / "afile"), ConfigError);
}

// --- The .retort-index cache --------------------------------------------------------------

TEST_CASE("a second graph() read from the index gives the same headers", "[script_directory]") {
  Scripts scripts;
  scripts.Add("a1_first.yaml",
              "revision: a1\ndown_revision: null\nbranch_labels: [main]\n"
              "message: \"first:\\ttabbed\\nline\\r back\\\\slash \\x1f unit\"\n"
              "create_date: \"2024-01-01 00:00:00\"\n");
  scripts.Add("b2_second.sql", SqlRevision("b2", "a1", "second"));
  scripts.Add("c3_merge.yaml",
              "revision: c3\ndown_revision: [a1, b2]\ndepends_on: [a1]\nmessage: merge\n");
  std::vector<RevisionHeader> first;
  {
    ScriptDirectory directory(scripts.location());
    for (const char* id : {"a1", "b2", "c3"}) first.push_back(Get(directory, id));
  }
  REQUIRE(fs::exists(scripts.index()));
  CHECK(IndexedNames(scripts.index()) ==
        Strings{"a1_first.yaml", "b2_second.sql", "c3_merge.yaml"});
  const std::string index_text = ReadFile(scripts.index());
  for (int read = 2; read <= 3; ++read) {
    // The second read's index gives its headers up to the graph; it must
    // not be written back without them.
    INFO("read " << read);
    ScriptDirectory again(scripts.location());
    CHECK(Get(again, "a1") == first[0]);
    CHECK(Get(again, "b2") == first[1]);
    CHECK(Get(again, "c3") == first[2]);
    CHECK(Get(again, "a1").message == "first:\ttabbed\nline\r back\\slash \x1f unit");
    CHECK(Get(again, "c3").down_revisions == Strings{"a1", "b2"});
    CHECK(ReadFile(scripts.index()) == index_text);
  }
}

TEST_CASE("an edit that keeps the size and modification time is still noticed",
          "[script_directory]") {
  // As when a file is copied in with its old modification time preserved:
  // the change time (ctime) moves all the same.
  Scripts scripts;
  const fs::path path = scripts.Add("a1_first.yaml", YamlRevision("a1", "", "aaaa"));
  {
    ScriptDirectory directory(scripts.location());
    CHECK(Get(directory, "a1").message == "aaaa");
  }
  REQUIRE(IndexedNames(scripts.index()) == Strings{"a1_first.yaml"});
  scripts.Add("a1_first.yaml", YamlRevision("a1", "", "bbbb"));
  ScriptDirectory again(scripts.location());
  CHECK(Get(again, "a1").message == "bbbb");
  CHECK(path == scripts.versions() / "a1_first.yaml");
}

TEST_CASE("a file edited to a different size is read again", "[script_directory]") {
  Scripts scripts;
  scripts.Add("a1_first.yaml", YamlRevision("a1", "", "first"));
  {
    ScriptDirectory directory(scripts.location());
    CHECK(Get(directory, "a1").message == "first");
  }
  scripts.Add("a1_first.yaml", YamlRevision("a1", "", "first, longer"));  // same time
  ScriptDirectory again(scripts.location());
  CHECK(Get(again, "a1").message == "first, longer");
  // ...and the index now holds the new header.
  ScriptDirectory third(scripts.location());
  CHECK(Get(third, "a1").message == "first, longer");
}

TEST_CASE("a file edited with the same size but a new time is read again", "[script_directory]") {
  Scripts scripts;
  const fs::path path = scripts.Add("a1_first.yaml", YamlRevision("a1", "", "aaaa"));
  {
    ScriptDirectory directory(scripts.location());
    CHECK(Get(directory, "a1").message == "aaaa");
  }
  WriteFile(path, YamlRevision("a1", "", "bbbb"));
  fs::last_write_time(path, Scripts::OldTime() + std::chrono::seconds(1));
  ScriptDirectory again(scripts.location());
  CHECK(Get(again, "a1").message == "bbbb");
}

TEST_CASE("a deleted file disappears from the graph and the index", "[script_directory]") {
  Scripts scripts;
  scripts.Add("a1_first.yaml", YamlRevision("a1", "", "first"));
  const fs::path second = scripts.Add("b2_second.yaml", YamlRevision("b2", "", "second"));
  {
    ScriptDirectory directory(scripts.location());
    CHECK(directory.graph().size() == 2);
  }
  fs::remove(second);
  {
    ScriptDirectory directory(scripts.location());
    CHECK(directory.graph().size() == 1);
    CHECK(directory.graph().Find("b2") == nullptr);
  }
  CHECK(IndexedNames(scripts.index()) == Strings{"a1_first.yaml"});
}

TEST_CASE("a corrupt index is ignored", "[script_directory]") {
  Scripts scripts;
  scripts.Add("a1_first.yaml", YamlRevision("a1", "", "first"));
  scripts.Add("b2_second.yaml", YamlRevision("b2", "a1", "second"));
  const Strings corruptions = {
      std::string("\0\x01\x02garbage\xff", 12),
      "retort-revision-index 1\na1_first.yaml\tnot-a-size\n",
      "retort-revision-index 1\na1_first.yaml\t1\t2\n",
      "retort-revision-index 1\na1_first.yaml\t1\t2\ta1\t\t\t\tbad\\escape\t\n",
      "retort-revision-index 999\n",
      "",
  };
  for (const std::string& corrupt : corruptions) {
    INFO("index: " << corrupt);
    WriteFile(scripts.index(), corrupt);
    ScriptDirectory directory(scripts.location());
    CHECK(directory.graph().size() == 2);
    CHECK(Get(directory, "a1").message == "first");
    CHECK(Get(directory, "b2").down_revisions == Strings{"a1"});
  }
  // The last read wrote a good index again.
  CHECK(IndexedNames(scripts.index()) == Strings{"a1_first.yaml", "b2_second.yaml"});
}

TEST_CASE("an index in another order is read as it is; one naming a file twice is rebuilt",
          "[script_directory]") {
  Scripts scripts;
  scripts.Add("a1_first.yaml", YamlRevision("a1", "", "first"));
  scripts.Add("b2_second.yaml", YamlRevision("b2", "a1", "second"));
  scripts.Add("c3_third.yaml", YamlRevision("c3", "b2", "third"));
  { ScriptDirectory(scripts.location()).graph(); }
  const std::string text = ReadFile(scripts.index());
  const std::size_t first_end = text.find('\n') + 1;
  Strings lines;
  for (std::size_t at = first_end; at < text.size();) {
    const std::size_t end = text.find('\n', at) + 1;
    lines.push_back(text.substr(at, end - at));
    at = end;
  }
  REQUIRE(lines.size() == 3);
  // Reversed, with one entry's message changed: that message shows that
  // the entry came from the index, not from the file.
  const std::string reversed = text.substr(0, first_end) +
                               std::regex_replace(lines[2], std::regex("\tthird\t"), "\tcached\t") +
                               lines[1] + lines[0];
  WriteFile(scripts.index(), reversed);
  {
    ScriptDirectory directory(scripts.location());
    CHECK(Get(directory, "c3").message == "cached");
    CHECK(Get(directory, "b2").down_revisions == Strings{"a1"});
  }
  CHECK(ReadFile(scripts.index()) == reversed);  // not written: nothing changed
  WriteFile(scripts.index(), reversed + lines[2]);
  {
    ScriptDirectory directory(scripts.location());
    CHECK(Get(directory, "c3").message == "third");
    CHECK(directory.graph().size() == 3);
  }
  CHECK(ReadFile(scripts.index()) == text);
}

TEST_CASE("a file modified within the last two seconds is not cached", "[script_directory]") {
  Scripts scripts;
  scripts.Add("a1_first.yaml", YamlRevision("a1", "", "first"));
  scripts.Add("b2_fresh.yaml", YamlRevision("b2", "", "fresh"), /*old=*/false);
  ScriptDirectory directory(scripts.location());
  CHECK(directory.graph().size() == 2);
  CHECK(IndexedNames(scripts.index()) == Strings{"a1_first.yaml"});
}

TEST_CASE("without use_index no index is written", "[script_directory]") {
  Scripts scripts;
  scripts.Add("a1_first.yaml", YamlRevision("a1", "", "first"));
  ScriptDirectory directory(scripts.location(), false);
  CHECK(directory.graph().size() == 1);
  CHECK_FALSE(fs::exists(scripts.index()));
}

// --- Slugify -----------------------------------------------------------------------------

TEST_CASE("Slugify lower-cases words and joins them with '_'", "[script_directory]") {
  CHECK(retort::Slugify("Add users table") == "add_users_table");
  CHECK(retort::Slugify("  Fix: the 'bug'!! ") == "fix_the_bug");
  CHECK(retort::Slugify("v2 -- rename   columns") == "v2_rename_columns");
  CHECK(retort::Slugify("") == "");
  CHECK(retort::Slugify("!!!") == "");
  CHECK(retort::Slugify("caf\xc3\xa9 au lait") == "caf_au_lait");
}

TEST_CASE("Slugify keeps at most 40 characters and never ends with '_'", "[script_directory]") {
  const std::string slug =
      retort::Slugify("a very long message about what this revision does to the schema");
  CHECK(slug.size() <= 40);
  CHECK(slug.back() != '_');
  CHECK(slug == "a_very_long_message_about_what_this_revi");
  CHECK(retort::Slugify(std::string(39, 'x') + " yz") == std::string(39, 'x'));
}

}  // namespace

TEST_CASE("checksums come from the index while a file is unchanged, and from the file after an "
          "edit",
          "[script_directory]") {
  Scripts scripts;
  const fs::path file = scripts.Add("a1_first.yaml", YamlRevision("a1", "", "first"));
  const std::string digest = FileDigest(file);
  {
    ScriptDirectory directory(scripts.location());
    const RevisionHeader& header = *directory.graph().Find("a1");
    CHECK(directory.Checksum(header) == digest);
    CHECK(directory.Load(header).checksum == digest);
  }
  // The index is what answers: a checksum planted in it comes back.
  const std::string planted(64, 'c');
  std::string index = ReadFile(scripts.index());
  REQUIRE(index.find(digest) != std::string::npos);
  index.replace(index.find(digest), digest.size(), planted);
  WriteFile(scripts.index(), index);
  {
    ScriptDirectory directory(scripts.location());
    CHECK(directory.Checksum(*directory.graph().Find("a1")) == planted);
  }
  // An edit changes the file's stamp: the file is read again.
  WriteFile(file, ReadFile(file) + "# edited\n");
  Scripts::MakeOld(file);
  ScriptDirectory directory(scripts.location());
  CHECK(directory.Checksum(*directory.graph().Find("a1")) == FileDigest(file));
  CHECK(FileDigest(file) != digest);
}
