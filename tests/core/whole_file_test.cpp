// Reading a file whole: exactly its bytes, past the size fstat reports, and
// nothing for a file that cannot be opened.
#include "whole_file.h"

#include <catch2/catch.hpp>
#include <string>

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

}  // namespace
