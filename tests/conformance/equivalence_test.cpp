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
#include "retort/conformance.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;

namespace {

// What two dialects can share: comments aside (SQLite keeps none), and
// triggers by name and table, since each dialect writes its own statement.
Schema Comparable(Schema schema) {
  for (Trigger& trigger : schema.triggers) trigger.definition.clear();
  return WithoutComments(NormalizeForComparison(std::move(schema)));
}

// A copy of the sample script directory, without its header cache.
std::filesystem::path CopySample(const TempDir& temp) {
  const std::filesystem::path copy = temp / "migrations";
  std::filesystem::copy(std::filesystem::path(RETORT_SOURCE_DIR) / "migrations", copy,
                        std::filesystem::copy_options::recursive);
  std::filesystem::remove(copy / ".retort-index");
  return copy;
}

Schema UpgradeSample(const std::filesystem::path& scripts, const std::string& url) {
  Config config;
  config.script_location = scripts;
  config.url = url;
  config.url_origin = "test";
  MigrationListener quiet;
  Upgrade(config, "head", quiet);
  return Comparable(ReflectDatabase(url));
}

}  // namespace

TEST_CASE("the sample history gives SQLite and PostgreSQL equivalent schemas",
          "[conformance][equivalence][postgresql]") {
  RegisterBuiltinDialects();
  TempDir temp;
  PostgresDatabase postgres;
  const std::filesystem::path scripts = CopySample(temp);
  const Schema sqlite = UpgradeSample(scripts, "sqlite:///" + (temp / "sample.db").string());
  const Schema postgresql = UpgradeSample(scripts, postgres.url());

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

  std::string differences;
  for (std::size_t i = 0; i < sqlite.cases.size(); ++i) {
    const CaseResult& left = sqlite.cases[i];
    const CaseResult& right = postgresql.cases[i];
    if (left.name.starts_with("connection/")) continue;  // checks of the contract: no schema
    if (!left.schema_at_head || !right.schema_at_head) {
      differences += left.name + ": not read on both (see the case's failure)\n";
      continue;
    }
    const std::string diff = DiffSchemas(Comparable(*left.schema_at_head),
                                         Comparable(*right.schema_at_head));
    if (!diff.empty()) differences += left.name + ":\n" + diff;
  }
  if (!differences.empty()) FAIL("SQLite (-) and PostgreSQL (+) differ:\n" << differences);
}
