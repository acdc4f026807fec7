// ParallelFor: every index once, and the failure a loop in order would give.
#include "parallel_for.h"

#include <catch2/catch.hpp>
#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

namespace retort {
namespace {

TEST_CASE("ParallelFor calls the work once for every index", "[parallel]") {
  for (const std::size_t count : {0u, 1u, 7u, 5000u}) {
    std::vector<std::atomic<int>> calls(count);
    ParallelFor(count, 16, [&](std::size_t i) { ++calls[i]; });
    for (std::size_t i = 0; i < count; ++i) REQUIRE(calls[i] == 1);
  }
}

TEST_CASE("ParallelFor rethrows the failure of the lowest index", "[parallel]") {
  std::atomic<std::size_t> runs{0};
  const auto work = [&](std::size_t i) {
    ++runs;
    if (i == 1000 || i == 3000) throw std::runtime_error("item " + std::to_string(i));
  };
  try {
    ParallelFor(5000, 16, work);
    FAIL("no exception");
  } catch (const std::runtime_error& error) {
    CHECK(std::string(error.what()) == "item 1000");
  }
  // Claiming stops at a failure: not every item ran.
  CHECK(runs < 5000);
}

TEST_CASE("ParallelFor runs every index below the failure it reports", "[parallel]") {
  // An item claimed just before another thread's failure still runs: had it
  // failed too, its failure would be the one a loop in order meets first.
  for (int attempt = 0; attempt < 20; ++attempt) {
    std::vector<std::atomic<int>> ran(4000);
    try {
      ParallelFor(ran.size(), 16, [&](std::size_t i) {
        ++ran[i];
        if (i == 2000) throw std::runtime_error("item 2000");
      });
      FAIL("no exception");
    } catch (const std::runtime_error& error) {
      CHECK(std::string(error.what()) == "item 2000");
    }
    for (std::size_t i = 0; i < 2000; ++i) REQUIRE(ran[i] == 1);
  }
}

}  // namespace
}  // namespace retort
