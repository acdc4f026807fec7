// Cross-dialect equivalence with MariaDB: the same revisions give SQLite and
// MariaDB the same neutral schema, compared in the form MariaDB reports
// (Dialect::StoredForm: it names no primary key, keeps a unique constraint
// as a unique index, and builds an index that leaves out only NULLs full).
// Catalogue cases that need what MySQL lacks are refused there, which its
// conformance run checks; they are not compared. SQLite's side is "-",
// MariaDB's "+".
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>
#include <string>

#include "equivalence_support.h"
#include "mysql_support.h"
#include "retort/builtin_dialects.h"
#include "retort/conformance.h"
#include "retort/dialect_loader.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;

TEST_CASE("the sample history gives SQLite and MariaDB equivalent schemas",
          "[conformance][equivalence][mysql]") {
  RegisterBuiltinDialects();
  TempDir temp;
  MysqlDatabase mariadb;
  const std::vector<const Dialect*> stored_by = {&FindDialectForScheme("mysql")};
  const std::filesystem::path scripts = CopySample(temp);
  const Schema sqlite =
      Comparable(UpgradeToHead(scripts, "sqlite:///" + (temp / "sample.db").string()), stored_by);
  const Schema mysql = Comparable(UpgradeToHead(scripts, mariadb.url()), stored_by);

  CHECK(sqlite.tables.size() == 4);
  const std::string diff = DiffSchemas(sqlite, mysql);
  if (!diff.empty()) FAIL("SQLite (-) and MariaDB (+) differ:\n" << diff);
}

TEST_CASE("every catalogue case MariaDB can run gives SQLite and MariaDB equivalent schemas",
          "[conformance][equivalence][mysql]") {
  RegisterBuiltinDialects();
  TempDir temp;
  MysqlDatabase mariadb;
  std::ostringstream sqlite_lines, mysql_lines;
  const ConformanceReport sqlite =
      RunConformance("sqlite:///" + (temp / "catalogue.db").string(), sqlite_lines);
  const ConformanceReport mysql = RunConformance(mariadb.url(), mysql_lines);
  INFO("SQLite:\n" << sqlite_lines.str() << "MariaDB:\n" << mysql_lines.str());
  CHECK(sqlite.failed() == 0);
  CHECK(mysql.failed() == 0);
  REQUIRE(mysql.cases.size() == ConformanceCaseNames().size());

  const std::string differences =
      CatalogueDifferences(sqlite, mysql, {&FindDialectForScheme("mysql")});
  if (!differences.empty()) FAIL("SQLite (-) and MariaDB (+) differ:\n" << differences);
}
