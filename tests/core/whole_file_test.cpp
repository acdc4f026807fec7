// Reading a file whole: exactly its bytes, past the size fstat reports, and
// nothing for a file that cannot be opened.
#include "whole_file.h"

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <utility>

#include "test_support.h"

namespace {

TEST_CASE("ReadFileWhole reads every byte, also of a file whose size is not known ahead",
          "[whole_file]") {
  retort::testing::TempDir temp;
  const std::string bytes = std::string("a\0b\n", 4) + std::string(10000, 'x');
  retort::testing::WriteFile(temp / "file", bytes);
  CHECK(retort::ReadFileWhole(temp / "file") == bytes);
  retort::testing::WriteFile(temp / "empty", "");
  CHECK(retort::ReadFileWhole(temp / "empty") == std::string());
  // procfs reports a size of 0 for a file that has text.
  const std::optional<std::string> status = retort::ReadFileWhole("/proc/self/status");
  REQUIRE(status);
  CHECK(status->find("VmRSS:") != std::string::npos);
  CHECK_FALSE(retort::ReadFileWhole(temp / "missing"));
}

TEST_CASE("MapFileWhole gives every byte, mapped or read, and keeps them through a move and "
          "a replacement of the file", "[whole_file]") {
  retort::testing::TempDir temp;
  const std::string bytes = std::string("a\0b\n", 4) + std::string(100000, 'x');
  retort::testing::WriteFile(temp / "file", bytes);
  std::optional<retort::FileContents> mapped = retort::MapFileWhole(temp / "file");
  REQUIRE(mapped);
  CHECK(mapped->view() == bytes);
  // A file replaced by rename leaves the old bytes to the one that has them.
  REQUIRE(retort::ReplaceFileWhole(temp / "file", "new"));
  retort::FileContents moved = std::move(*mapped);
  CHECK(moved.view() == bytes);
  moved = std::move(*retort::MapFileWhole(temp / "file"));
  CHECK(moved.view() == "new");

  retort::testing::WriteFile(temp / "empty", "");
  REQUIRE(retort::MapFileWhole(temp / "empty"));
  CHECK(retort::MapFileWhole(temp / "empty")->view().empty());
  // Not mappable (procfs reports a size of 0): read instead.
  const std::optional<retort::FileContents> status = retort::MapFileWhole("/proc/self/status");
  REQUIRE(status);
  CHECK(status->view().find("VmRSS:") != std::string::npos);
  CHECK_FALSE(retort::MapFileWhole(temp / "missing"));
}

}  // namespace
