// Cross-dialect equivalence: the same revisions give SQLite and PostgreSQL
// the same neutral schema (normalized, without comments, which SQLite does
// not keep). A difference fails with DiffSchemas' lines, SQLite's side as
// "-" and PostgreSQL's as "+".
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <string>

#include "postgres_support.h"
#include "retort/builtin_dialects.h"
#include "retort/commands.h"
#include "equivalence_support.h"
#include "retort/conformance.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;

TEST_CASE("the sample history gives SQLite and PostgreSQL equivalent schemas",
          "[conformance][equivalence][postgresql]") {
  RegisterBuiltinDialects();
  TempDir temp;
  PostgresDatabase postgres;
  const std::filesystem::path scripts = CopySample(temp);
  const Schema sqlite =
      Comparable(UpgradeToHead(scripts, "sqlite:///" + (temp / "sample.db").string()), {});
  const Schema postgresql = Comparable(UpgradeToHead(scripts, postgres.url()), {});

  CHECK(sqlite.tables.size() == 4);
  CHECK(sqlite.indexes.size() == 4);
  const std::string diff = DiffSchemas(sqlite, postgresql);
  if (!diff.empty()) FAIL("SQLite (-) and PostgreSQL (+) differ:\n" << diff);
}

TEST_CASE("every catalogue case gives SQLite and PostgreSQL equivalent schemas",
          "[conformance][equivalence][postgresql]") {
  RegisterBuiltinDialects();
  TempDir temp;
  PostgresDatabase postgres;
  std::ostringstream sqlite_lines, postgresql_lines;
  const ConformanceReport sqlite =
      RunConformance("sqlite:///" + (temp / "catalogue.db").string(), sqlite_lines);
  const ConformanceReport postgresql = RunConformance(postgres.url(), postgresql_lines);
  INFO("SQLite:\n" << sqlite_lines.str() << "PostgreSQL:\n" << postgresql_lines.str());
  CHECK(sqlite.failed() == 0);
  CHECK(postgresql.failed() == 0);
  REQUIRE(sqlite.cases.size() == ConformanceCaseNames().size());
  REQUIRE(postgresql.cases.size() == sqlite.cases.size());

  const std::string differences = CatalogueDifferences(sqlite, postgresql, {});
  if (!differences.empty()) FAIL("SQLite (-) and PostgreSQL (+) differ:\n" << differences);
}
