// The neutral type vocabulary: parsing the spelling users write in revision
// files, formatting it back, and the errors for what is not a type.
#include "retort/type.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "retort/error.h"

namespace {

using Catch::Contains;
using retort::FormatType;
using retort::OperationError;
using retort::ParseType;
using retort::Type;
using retort::TypeKind;

// The message ParseType throws for `text`; fails the test when it does not.
std::string ParseError(const std::string& text) {
  try {
    ParseType(text);
  } catch (const OperationError& error) {
    return error.what();
  }
  FAIL_CHECK("ParseType(\"" << text << "\") did not throw");
  return {};
}

TEST_CASE("types round-trip through their neutral spelling", "[type]") {
  for (const char* text : {"integer", "string(20)", "numeric(10,2)", "uuid"}) {
    CHECK(FormatType(ParseType(text)) == text);
  }
}

TEST_CASE("every neutral type parses to its kind and formats back to its name", "[type]") {
  const std::vector<std::pair<std::string, TypeKind>> types = {
      {"integer", TypeKind::kInteger},
      {"bigint", TypeKind::kBigInt},
      {"smallint", TypeKind::kSmallInt},
      {"boolean", TypeKind::kBoolean},
      {"string", TypeKind::kString},
      {"text", TypeKind::kText},
      {"float", TypeKind::kFloat},
      {"double", TypeKind::kDouble},
      {"numeric", TypeKind::kNumeric},
      {"date", TypeKind::kDate},
      {"time", TypeKind::kTime},
      {"datetime", TypeKind::kDateTime},
      {"timestamptz", TypeKind::kTimestampTz},
      {"blob", TypeKind::kBlob},
      {"json", TypeKind::kJson},
      {"uuid", TypeKind::kUuid},
  };
  REQUIRE(types.size() == retort::NeutralTypeNames().size());
  for (const auto& [name, kind] : types) {
    INFO(name);
    const Type type = ParseType(name);
    CHECK(type.kind == kind);
    CHECK_FALSE(type.length);
    CHECK_FALSE(type.precision);
    CHECK_FALSE(type.scale);
    CHECK(FormatType(type) == name);
    CHECK(ParseType(FormatType(type)) == type);
  }
}

TEST_CASE("the documented type names list every type, with their arguments", "[type]") {
  const std::vector<std::string>& names = retort::NeutralTypeNames();
  CHECK(names.front() == "integer");
  CHECK(std::find(names.begin(), names.end(), "string(n)") != names.end());
  CHECK(std::find(names.begin(), names.end(), "numeric(p,s)") != names.end());
  CHECK(std::find(names.begin(), names.end(), "uuid") != names.end());
}

TEST_CASE("type names ignore case and blanks around the name and arguments", "[type]") {
  CHECK(ParseType("  INTEGER ") == Type{TypeKind::kInteger, {}, {}, {}});
  CHECK(ParseType("TimestampTZ") == Type{TypeKind::kTimestampTz, {}, {}, {}});
  CHECK(ParseType("String( 20 )") == Type{TypeKind::kString, 20, {}, {}});
  CHECK(ParseType(" NUMERIC ( 10 , 2 ) ") == Type{TypeKind::kNumeric, {}, 10, 2});
  CHECK(FormatType(ParseType(" NUMERIC ( 10 , 2 ) ")) == "numeric(10,2)");
}

TEST_CASE("string without a length is an unlimited string", "[type]") {
  const Type type = ParseType("string");
  CHECK(type.kind == TypeKind::kString);
  CHECK_FALSE(type.length);
  CHECK(FormatType(type) == "string");
}

TEST_CASE("string(n) carries its length", "[type]") {
  const Type type = ParseType("string(255)");
  CHECK(type.kind == TypeKind::kString);
  CHECK(type.length == 255);
  CHECK_FALSE(type.precision);
  CHECK(FormatType(type) == "string(255)");
}

TEST_CASE("numeric takes a precision alone or a precision and a scale", "[type]") {
  const Type precision_only = ParseType("numeric(12)");
  CHECK(precision_only.kind == TypeKind::kNumeric);
  CHECK(precision_only.precision == 12);
  CHECK_FALSE(precision_only.scale);
  CHECK(FormatType(precision_only) == "numeric(12)");

  const Type both = ParseType("numeric(10,2)");
  CHECK(both.precision == 10);
  CHECK(both.scale == 2);
  CHECK_FALSE(both.length);
  CHECK(FormatType(both) == "numeric(10,2)");
  CHECK(ParseType(FormatType(both)) == both);

  const Type zero_scale = ParseType("numeric(5,0)");
  CHECK(zero_scale.scale == 0);
  CHECK(FormatType(zero_scale) == "numeric(5,0)");
}

TEST_CASE("an unknown type name is rejected, listing the known types", "[type]") {
  const std::string message = ParseError("varchar(20)");
  CHECK_THAT(message, Contains("unknown type 'varchar(20)'"));
  CHECK_THAT(message, Contains("not a neutral type"));
  for (const std::string& name : retort::NeutralTypeNames()) {
    CHECK_THAT(message, Contains(name));
  }
  CHECK_THAT(ParseError(""), Contains("unknown type ''"));
  CHECK_THAT(ParseError("int"), Contains("unknown type 'int'"));
}

TEST_CASE("an unknown type keeps the user's spelling in the message", "[type]") {
  CHECK_THAT(ParseError("VarChar"), Contains("'VarChar'"));
}

TEST_CASE("too many type arguments are rejected", "[type]") {
  CHECK_THAT(ParseError("integer(4)"), Contains("integer takes no arguments"));
  CHECK_THAT(ParseError("uuid(1)"), Contains("uuid takes no arguments"));
  CHECK_THAT(ParseError("string(10,2)"), Contains("string takes at most 1 argument"));
  CHECK_THAT(ParseError("numeric(10,2,1)"), Contains("numeric takes at most 2 argument"));
}

TEST_CASE("a type argument that is not a whole number is rejected", "[type]") {
  CHECK_THAT(ParseError("string(abc)"), Contains("'abc' is not a whole number"));
  CHECK_THAT(ParseError("string(-5)"), Contains("'-5' is not a whole number"));
  CHECK_THAT(ParseError("string(2.5)"), Contains("'2.5' is not a whole number"));
  CHECK_THAT(ParseError("numeric(10,x)"), Contains("'x' is not a whole number"));
  CHECK_THAT(ParseError("string()"), Contains("is not a whole number"));
  CHECK_THAT(ParseError("string(99999999999999)"), Contains("is not a whole number"));
}

TEST_CASE("a type with '(' but no closing ')' is rejected", "[type]") {
  const std::string message = ParseError("string(20");
  CHECK_THAT(message, Contains("unknown type 'string(20'"));
  CHECK_THAT(message, Contains("missing ')'"));
  CHECK_THAT(ParseError("numeric(6"), Contains("missing ')'"));
}

}  // namespace
