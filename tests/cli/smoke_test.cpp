#include <catch2/catch.hpp>

#include "test_support.h"

using namespace retort::testing;

TEST_CASE("retort --version prints the version and exits 0", "[cli]") {
  TempDir temp;
  const ProcessResult result = RunRetort({"--version"}, temp.path());
  CHECK(result.exit_code == 0);
  CHECK(result.out.starts_with("retort "));
}
