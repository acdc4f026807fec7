// Reading a revision for the graph alone (ParseRevisionHeader): the part of a
// YAML file before its operations gives what the whole file gives, a file
// laid out otherwise is read whole, an error is the whole file's, and a
// header cached that way is read whole again before its operations run.
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "retort/error.h"
#include "retort/script_directory.h"
#include "revision_index.h"
#include "revision_readers.h"
#include "test_support.h"
#include "versions_folder.h"

namespace {

namespace fs = std::filesystem;
using Catch::Contains;
using retort::FileError;
using retort::ParseRevisionHeader;
using retort::ReadRevisionFile;
using retort::Revision;
using retort::ScriptDirectory;
using retort::testing::ReadFile;
using retort::testing::TempDir;
using retort::testing::WriteFile;

constexpr char kHeader[] =
    "revision: a1b2c3\n"
    "down_revision: [f0f0f0, e0e0e0]\n"
    "branch_labels: [main]\n"
    "depends_on: []\n"
    "message: \"add: pets\"\n"
    "create_date: \"2024-01-01 00:00:00\"\n"
    "transaction: false\n";
constexpr char kOperations[] =
    "upgrade:\n"
    "  - create_table:\n"
    "      name: pets\n"
    "      columns:\n"
    "        - {name: id, type: integer, primary_key: true}\n"
    "downgrade:\n"
    "  - drop_table: pets\n";

class Folder {
 public:
  // Writes `text` as <folder>/a1b2c3_pets.<extension>.
  std::string Add(const std::string& text, const std::string& extension = "yaml") {
    const fs::path path = temp_.path() / ("a1b2c3_pets." + extension);
    WriteFile(path, text);
    return path.string();
  }

 private:
  TempDir temp_;
};

// A script directory, as 'retort init' makes it, in a temp folder.
class Migrations {
 public:
  Migrations() { ScriptDirectory::Create(location()); }
  fs::path location() const { return temp_.path() / "migrations"; }
  fs::path versions() const { return location() / "versions"; }
  fs::path index() const { return location() / ".retort-index"; }

  // Writes versions/<name>, dated an hour back so that the header cache
  // keeps it (it skips files written in the last two seconds).
  fs::path Add(const std::string& name, const std::string& text) const {
    const fs::path file = versions() / name;
    WriteFile(file, text);
    fs::last_write_time(file, fs::file_time_type::clock::now() - std::chrono::hours(1));
    return file;
  }

 private:
  TempDir temp_;
};

// A listening Unix socket at `path`, which open() refuses.
void BindSocket(const fs::path& path) {
  const int descriptor = ::socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(descriptor >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  REQUIRE(path.native().size() < sizeof address.sun_path);
  std::strcpy(address.sun_path, path.c_str());
  CHECK(::bind(descriptor, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  ::close(descriptor);  // the socket file stays
}

// Reads `path` both ways: the header read must agree with the whole read on
// everything but the operations, and say whether it read them.
bool OperationsRead(const std::string& path) {
  bool operations_read = true;
  const Revision header = ParseRevisionHeader(path, ReadFile(path), &operations_read);
  const Revision whole = ReadRevisionFile(path);
  CHECK(header.header == whole.header);
  CHECK(header.checksum == whole.checksum);
  CHECK(header.transactional == whole.transactional);
  if (!operations_read) CHECK(header.upgrade.empty());
  return operations_read;
}

// The message of the FileError `read` throws.
template <class Read>
std::string ErrorOf(const Read& read) {
  try {
    read();
  } catch (const FileError& error) {
    return error.what();
  }
  FAIL("no FileError");
  return "";
}

}  // namespace

TEST_CASE("a YAML revision laid out as retort writes it is read up to its operations",
          "[revision_header]") {
  Folder folder;
  const std::string text = std::string(kHeader) + kOperations;
  CHECK_FALSE(OperationsRead(folder.Add(text)));
  // Comments, blank lines, Windows line ends, a list written at column 0,
  // and the downgrade before the upgrade change nothing of that.
  CHECK_FALSE(OperationsRead(folder.Add("# made by hand\n\n" + text)));
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  CHECK_FALSE(OperationsRead(folder.Add(crlf)));
  CHECK_FALSE(OperationsRead(
      folder.Add(std::string(kHeader) + "downgrade: []\nupgrade:\n- execute: SELECT 1\n")));
}

TEST_CASE("a YAML revision laid out otherwise is read whole, with the same header",
          "[revision_header]") {
  Folder folder;
  // A key after the operations, plain or quoted, or after a line break
  // other than a line feed (YAML breaks lines at a lone carriage return, and
  // at U+0085, U+2028 and U+2029): the part before the operations alone
  // would lack the message.
  for (const std::string late_break : {"\n", "\r", "\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9"}) {
    INFO("line break starting with byte "
         << static_cast<int>(static_cast<unsigned char>(late_break[0])));
    CHECK(OperationsRead(
        folder.Add("revision: a1b2c3\nupgrade: []" + late_break + "message: late\n")));
    CHECK(OperationsRead(folder.Add("revision: a1b2c3\nupgrade:\n  - execute: x\n# note" +
                                    late_break + "message: late\n")));
  }
  // Operations first; a flow mapping; a document marker; a root mapping
  // indented; a file without operations.
  CHECK(OperationsRead(folder.Add(std::string(kOperations) + kHeader)));
  CHECK(OperationsRead(folder.Add(std::string("upgrade: []\n") + kHeader)));
  CHECK(OperationsRead(folder.Add("revision: a1b2c3\nupgrade: []\n\"message\": late\n")));
  CHECK(OperationsRead(folder.Add("{revision: a1b2c3, down_revision: null,\nupgrade: []}\n")));
  CHECK(OperationsRead(folder.Add(std::string("---\n") + kHeader + kOperations)));
  CHECK(OperationsRead(folder.Add("  revision: a1b2c3\n  upgrade: []\n")));
  CHECK(OperationsRead(folder.Add(kHeader)));
  // A plain-SQL revision has no YAML to stop in.
  CHECK(OperationsRead(folder.Add(
      "-- revision: a1b2c3\n-- down_revision: null\n-- migrate:up\nSELECT 1;\n", "sql")));
}

TEST_CASE("a header read does not check the operations, and gives the whole file's errors",
          "[revision_header]") {
  Folder folder;
  const std::string broken_operation = folder.Add(
      std::string(kHeader) + "upgrade:\n  - create_tabel: {name: pets}\n  - execute: \"cut\n");
  bool operations_read = true;
  CHECK(ParseRevisionHeader(broken_operation, ReadFile(broken_operation), &operations_read)
            .header.id == "a1b2c3");
  CHECK_FALSE(operations_read);
  CHECK_THROWS_AS(ReadRevisionFile(broken_operation), FileError);

  // A problem before the operations: the message is the one a whole read
  // gives (an unknown key, a value of the wrong kind, an id that is no id).
  for (const std::string& header :
       {std::string("revision: a1b2c3\nmesage: typo\n"),
        std::string("revision: a1b2c3\ntransaction: perhaps\n"),
        std::string("revision: a1b2c3\ndown_revision: {a: b}\n"), std::string("revision: zz\n"),
        std::string("revision: a1b2c3\nmessage: \"open\n"),
        // What the part before the operations alone would take as a whole
        // document: one ended early, a root mapping indented.
        std::string("revision: a1b2c3\n...\n"), std::string("  revision: a1b2c3\n")}) {
    INFO(header);
    const std::string path = folder.Add(header + kOperations);
    const std::string whole = ErrorOf([&] { ReadRevisionFile(path); });
    CHECK(ErrorOf([&] { ParseRevisionHeader(path, ReadFile(path), &operations_read); }) == whole);
    CHECK_THAT(whole, Contains(path + ":"));
  }
}

TEST_CASE("a header cached by a graph-only read is read whole before operations may run",
          "[revision_header]") {
  Migrations migrations;
  const fs::path location = migrations.location();
  const fs::path file = migrations.Add("a1b2c3_pets.yaml",
                                       "revision: a1b2c3\ndown_revision: null\n"
                                       "upgrade:\n  - create_tabel: {name: pets}\n");
  const fs::path index = migrations.index();
  for (int run = 1; run <= 2; ++run) {
    INFO("graph-only run " << run);
    ScriptDirectory graph_only(location);
    graph_only.ExpectGraphOnly();
    CHECK(graph_only.graph().Heads().size() == 1);
    REQUIRE(fs::exists(index));
    retort::RevisionIndex cached(index, migrations.versions());
    const auto* entry = cached.Find("a1b2c3_pets.yaml", *retort::StampOf(file));
    REQUIRE(entry != nullptr);
    CHECK_FALSE(entry->operations_checked);
  }
  ScriptDirectory running(location);
  running.ExpectLoads();
  CHECK_THROWS_WITH(running.graph(),
                    Contains(file.string() + ":4") && Contains("unknown operation 'create_tabel'"));
  ScriptDirectory plain(location);  // the library's default reads whole too
  CHECK_THROWS_AS(plain.graph(), FileError);
}

TEST_CASE("a fresh clone's graph-only read still refuses a revision name that is no file",
          "[revision_header]") {
  // With no index, the listing stats nothing: each file is checked as it is
  // opened, with the listing's messages, and a FIFO is not waited on.
  Migrations migrations;
  const fs::path location = migrations.location();
  const fs::path versions = migrations.versions();
  migrations.Add("a1b2c3_first.yaml", "revision: a1b2c3\ndown_revision: null\n");
  struct Case {
    std::string name;
    std::string says;
    std::function<void(const fs::path&)> make;
  };
  const std::vector<Case> cases = {
      {"b2c3d4_folder.yaml", "a folder", [](const fs::path& p) { fs::create_directory(p); }},
      {"c3d4e5_gone.yaml", "a symbolic link to nothing",
       [](const fs::path& p) { fs::create_symlink("nowhere.yaml", p); }},
      {"d4e5f6_loop.yaml", "a loop of symbolic links",
       [](const fs::path& p) { fs::create_symlink(p.filename(), p); }},
      {"e5f6a1_pipe.yaml", "not a regular file",
       [](const fs::path& p) { REQUIRE(::mkfifo(p.c_str(), 0644) == 0); }},
      {"f6a1b2_socket.yaml", "not a regular file", [](const fs::path& p) { BindSocket(p); }},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const fs::path path = versions / c.name;
    c.make(path);
    for (bool graph_only : {true, false}) {
      fs::remove(migrations.index());
      ScriptDirectory directory(location);
      if (graph_only) directory.ExpectGraphOnly();
      CHECK_THROWS_WITH(directory.graph(),
                        Contains(c.name + ": a revision file name, but " + c.says));
    }
    fs::remove(path);
  }
  // Before any problem inside a file, as the listing's stat of each would.
  migrations.Add("a0a0a0_broken.yaml", "revision: a0a0a0\nmesage: typo\n");
  fs::create_directory(versions / "b2c3d4_folder.yaml");
  for (bool graph_only : {true, false}) {
    fs::remove(migrations.index());
    ScriptDirectory directory(location);
    if (graph_only) directory.ExpectGraphOnly();
    CHECK_THROWS_WITH(directory.graph(), Contains("b2c3d4_folder.yaml: a revision file name"));
  }
  fs::remove(versions / "b2c3d4_folder.yaml");
  fs::remove(versions / "a0a0a0_broken.yaml");
  ScriptDirectory directory(location);
  directory.ExpectGraphOnly();
  CHECK(directory.graph().size() == 1);
}

TEST_CASE("a fresh clone's graph-only read stamps what it read, and the next read uses it",
          "[revision_header]") {
  Migrations migrations;
  const fs::path location = migrations.location();
  const fs::path file = migrations.Add(
      "a1b2c3_pets.yaml", std::string("revision: a1b2c3\ndown_revision: null\n") + kOperations);
  {
    ScriptDirectory fresh(location);
    fresh.ExpectGraphOnly();
    REQUIRE(fresh.graph().size() == 1);
  }
  retort::RevisionIndex cached(migrations.index(), migrations.versions());
  const auto* entry = cached.Find("a1b2c3_pets.yaml", *retort::StampOf(file));
  REQUIRE(entry != nullptr);
  CHECK(entry->header.id == "a1b2c3");
  CHECK(entry->checksum == ReadRevisionFile(file).checksum);
}
