// -x arguments in a revision's SQL: ${x.key} replaced, everything else left
// alone, and the errors that name the file, line and key.
#include "x_arguments.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "retort/error.h"

namespace {

using Catch::Contains;
using retort::Execute;
using retort::FileError;
using retort::OperationError;
using retort::RevisionHeader;
using retort::RevisionOp;
using retort::SubstituteXArguments;
using retort::XArguments;

const XArguments kArguments = {{"tenant", "acme"}, {"days", "30"}, {"empty", ""}};

}  // namespace

TEST_CASE("${x.key} becomes the -x value, as written", "[x_arguments]") {
  CHECK(SubstituteXArguments("CREATE TABLE ${x.tenant}_events (id INTEGER)", kArguments) ==
        "CREATE TABLE acme_events (id INTEGER)");
  CHECK(SubstituteXArguments("SELECT '${x.tenant}', ${x.days}, '${x.empty}'", kArguments) ==
        "SELECT 'acme', 30, ''");
}

TEST_CASE("other dollar signs are left alone and $${x.key} is the text itself",
          "[x_arguments]") {
  const std::string body =
      "CREATE FUNCTION f() RETURNS int AS $$ SELECT $1 + ${x.days} $$ LANGUAGE sql; -- ${y} $";
  CHECK(SubstituteXArguments(body, kArguments) ==
        "CREATE FUNCTION f() RETURNS int AS $$ SELECT $1 + 30 $$ LANGUAGE sql; -- ${y} $");
  CHECK(SubstituteXArguments("SELECT '$${x.tenant}'", kArguments) == "SELECT '${x.tenant}'");
  CHECK(SubstituteXArguments("no references", {}) == "no references");
}

TEST_CASE("a key without a value, or a malformed reference, is an OperationError naming it",
          "[x_arguments]") {
  CHECK_THROWS_AS(SubstituteXArguments("SELECT ${x.region}", kArguments), OperationError);
  CHECK_THROWS_WITH(SubstituteXArguments("SELECT ${x.region}", kArguments),
                    Contains("${x.region} has no value: give -x region=VALUE") &&
                        Contains("given: days empty tenant"));
  CHECK_THROWS_WITH(SubstituteXArguments("SELECT ${x.region}", {}),
                    Contains("no -x argument was given"));
  CHECK_THROWS_WITH(SubstituteXArguments("SELECT ${x.bad-key}", kArguments),
                    Contains("is not a ${x.key} reference"));
  CHECK_THROWS_WITH(SubstituteXArguments("SELECT ${x.tenant", kArguments),
                    Contains("is not a ${x.key} reference"));
}

TEST_CASE("every dialect's SQL of an execute operation is substituted, and a missing key names "
          "the file and line",
          "[x_arguments]") {
  RevisionHeader header;
  header.id = "abc123";
  header.path = "versions/abc123_rev.yaml";
  Execute execute;
  execute.sql = "SELECT '${x.tenant}'";
  execute.dialect_sql = {{"postgresql", "SELECT ${x.days}"}};
  std::vector<RevisionOp> ops = {RevisionOp{execute, 7, {}}};
  SubstituteXArguments(header, ops, kArguments);
  const Execute& done = std::get<Execute>(ops[0].op);
  CHECK(done.sql == "SELECT 'acme'");
  CHECK(done.dialect_sql.at("postgresql") == "SELECT 30");

  // A key used only in another dialect's SQL is still required.
  std::vector<RevisionOp> missing = {RevisionOp{execute, 9, {}}};
  CHECK_THROWS_AS(SubstituteXArguments(header, missing, {{"tenant", "acme"}}), FileError);
  CHECK_THROWS_WITH(SubstituteXArguments(header, missing, {{"tenant", "acme"}}),
                    Contains("versions/abc123_rev.yaml:9") && Contains("revision abc123") &&
                        Contains("${x.days}") && Contains("nothing was run"));
}
