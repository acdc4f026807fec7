// Reading a revision for the graph alone (ReadRevisionHeader): the part of a
// YAML file before its operations gives what the whole file gives, a file
// laid out otherwise is read whole, an error is the whole file's, and a
// header cached that way is read whole again before its operations run.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <string>

#include "retort/error.h"
#include "retort/script_directory.h"
#include "revision_index.h"
#include "revision_readers.h"
#include "versions_folder.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using Catch::Contains;
using retort::FileError;
using retort::ReadRevisionFile;
using retort::ReadRevisionHeader;
using retort::Revision;
using retort::ScriptDirectory;
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

// Reads `path` both ways: the header read must agree with the whole read on
// everything but the operations, and say whether it read them.
bool OperationsRead(const std::string& path) {
  bool operations_read = true;
  const Revision header = ReadRevisionHeader(path, &operations_read);
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
  CHECK_FALSE(OperationsRead(folder.Add(std::string(kHeader) +
                                        "downgrade: []\nupgrade:\n- execute: SELECT 1\n")));
}

TEST_CASE("a YAML revision laid out otherwise is read whole, with the same header",
          "[revision_header]") {
  Folder folder;
  // A key after the operations; a flow mapping; a document marker; a root
  // mapping indented; a file without operations.
  CHECK(OperationsRead(folder.Add(std::string(kOperations) + kHeader)));
  CHECK(OperationsRead(folder.Add(std::string("upgrade: []\n") + kHeader)));
  CHECK(OperationsRead(folder.Add("revision: a1b2c3\nupgrade: []\n\"message\": late\n")));
  CHECK(OperationsRead(folder.Add("{revision: a1b2c3, down_revision: null,\nupgrade: []}\n")));
  CHECK(OperationsRead(folder.Add(std::string("---\n") + kHeader + kOperations)));
  CHECK(OperationsRead(folder.Add("  revision: a1b2c3\n  upgrade: []\n")));
  CHECK(OperationsRead(folder.Add(kHeader)));
  // A plain-SQL revision has no YAML to stop in.
  CHECK(OperationsRead(
      folder.Add("-- revision: a1b2c3\n-- down_revision: null\n-- migrate:up\nSELECT 1;\n", "sql")));
}

TEST_CASE("a header read does not check the operations, and gives the whole file's errors",
          "[revision_header]") {
  Folder folder;
  const std::string broken_operation = folder.Add(
      std::string(kHeader) + "upgrade:\n  - create_tabel: {name: pets}\n  - execute: \"cut\n");
  bool operations_read = true;
  CHECK(ReadRevisionHeader(broken_operation, &operations_read).header.id == "a1b2c3");
  CHECK_FALSE(operations_read);
  CHECK_THROWS_AS(ReadRevisionFile(broken_operation), FileError);

  // A problem before the operations: the message is the one a whole read
  // gives (an unknown key, a value of the wrong kind, an id that is no id).
  for (const std::string& header :
       {std::string("revision: a1b2c3\nmesage: typo\n"),
        std::string("revision: a1b2c3\ntransaction: perhaps\n"),
        std::string("revision: a1b2c3\ndown_revision: {a: b}\n"),
        std::string("revision: zz\n"), std::string("revision: a1b2c3\nmessage: \"open\n")}) {
    INFO(header);
    const std::string path = folder.Add(header + kOperations);
    const std::string whole = ErrorOf([&] { ReadRevisionFile(path); });
    CHECK(ErrorOf([&] { ReadRevisionHeader(path, &operations_read); }) == whole);
    CHECK_THAT(whole, Contains(path + ":"));
  }
}

TEST_CASE("a header cached by a graph-only read is read whole before operations may run",
          "[revision_header]") {
  TempDir temp;
  const fs::path location = temp.path() / "migrations";
  ScriptDirectory::Create(location);
  const fs::path file = location / "versions" / "a1b2c3_pets.yaml";
  WriteFile(file, "revision: a1b2c3\ndown_revision: null\n"
                  "upgrade:\n  - create_tabel: {name: pets}\n");
  // Old enough to be cached (files written in the last two seconds are not).
  fs::last_write_time(file, fs::file_time_type::clock::now() - std::chrono::hours(1));
  const fs::path index = location / ".retort-index";
  for (int run = 1; run <= 2; ++run) {
    INFO("graph-only run " << run);
    ScriptDirectory graph_only(location);
    graph_only.ExpectGraphOnly();
    CHECK(graph_only.graph().Heads().size() == 1);
    REQUIRE(fs::exists(index));
    retort::RevisionIndex cached(index, location / "versions");
    const auto* entry = cached.Find("a1b2c3_pets.yaml", *retort::StampOf(file));
    REQUIRE(entry != nullptr);
    CHECK_FALSE(entry->operations_checked);
  }
  ScriptDirectory running(location);
  running.ExpectLoads();
  CHECK_THROWS_WITH(running.graph(), Contains(file.string() + ":4") &&
                                         Contains("unknown operation 'create_tabel'"));
  ScriptDirectory plain(location);  // the library's default reads whole too
  CHECK_THROWS_AS(plain.graph(), FileError);
}
