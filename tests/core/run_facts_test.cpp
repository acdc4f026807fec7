// What a history row records about a run: its timestamps, written by hand
// for speed, must still be the fixed format every reader parses, and the
// quoting of values into SQL must survive any quote.
#include "run_facts.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <ctime>
#include <regex>
#include <string>

#include "text_util.h"

namespace {

TEST_CASE("UtcTimestamp writes the time now as YYYY-MM-DD HH:MM:SS.ffffff+00:00", "[run_facts]") {
  // The clock UtcTimestamp reads (time() may lag it by a tick).
  const auto now = [] { return std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()); };
  const std::time_t before = now();
  const std::string stamp = retort::UtcTimestamp();
  const std::time_t after = now();
  INFO(stamp);
  REQUIRE(std::regex_match(stamp, std::regex(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}\+00:00)")));
  // The same second as the C library's own formatting of the time, within
  // the moments the call took.
  bool matched = false;
  for (std::time_t second = before; second <= after; ++second) {
    std::tm utc{};
    ::gmtime_r(&second, &utc);
    char expected[32];
    std::strftime(expected, sizeof expected, "%Y-%m-%d %H:%M:%S", &utc);
    matched = matched || stamp.compare(0, 19, expected) == 0;
  }
  CHECK(matched);
  // Read back as a database returns it, it is unchanged.
  CHECK(retort::ToUtcTimestamp(stamp) == stamp);
}

TEST_CASE("SqlStringLiteral doubles every quote and nothing else", "[run_facts]") {
  using retort::text::SqlStringLiteral;
  CHECK(SqlStringLiteral("") == "''");
  CHECK(SqlStringLiteral("abc") == "'abc'");
  CHECK(SqlStringLiteral("'") == "''''");
  CHECK(SqlStringLiteral("it's") == "'it''s'");
  CHECK(SqlStringLiteral("''x'") == "'''''x'''");
  CHECK(SqlStringLiteral("a\nb\\c") == "'a\nb\\c'");
}

}  // namespace
