#include <catch2/catch.hpp>

#include "retort/type.h"

TEST_CASE("types round-trip through their neutral spelling", "[type]") {
  for (const char* text : {"integer", "string(20)", "numeric(10,2)", "uuid"}) {
    CHECK(retort::FormatType(retort::ParseType(text)) == text);
  }
}
