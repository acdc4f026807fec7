// The catalogue covers the whole revision format: every operation and every
// option docs/file-format.md lists appears in some case's revisions, so that
// an operation added to the format without a case shows up here.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "catalogue.h"
#include "connection_checks.h"
#include "retort/conformance.h"
#include "retort/error.h"

using retort::conformance::Catalogue;
using retort::conformance::CatalogueCase;

namespace {

bool AnyRevisionHas(const std::string& text) {
  for (const CatalogueCase& entry : Catalogue()) {
    for (const std::string& revision : entry.revisions) {
      if (revision.find(text) != std::string::npos) return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("the catalogue uses every operation of the revision format",
          "[conformance][catalogue]") {
  for (const char* operation :
       {"create_table", "drop_table", "rename_table", "add_column", "drop_column", "alter_column",
        "create_index", "drop_index", "create_foreign_key", "create_unique_constraint",
        "create_check_constraint", "create_primary_key", "drop_constraint", "execute",
        "bulk_insert", "create_table_comment", "drop_table_comment", "create_view", "drop_view",
        "create_trigger", "drop_trigger"}) {
    INFO(operation);
    CHECK(AnyRevisionHas(std::string("- ") + operation + ":"));
  }
}

TEST_CASE("the catalogue uses every option of the revision format", "[conformance][catalogue]") {
  for (const char* option :
       {// columns
        "nullable:", "server_default:", "primary_key:", "unique:", "autoincrement:", "comment:",
        "references:", "on_delete:", "on_update:",
        // tables and constraints
        "foreign_keys:", "unique_constraints:", "check_constraints:", "if_not_exists:",
        "if_exists:", "new_name:", "referent_table:", "referent_columns:", "deferrable:",
        "initially: deferred", "initially: immediate", "condition:", "type: primary",
        "type: foreignkey", "type: unique", "type: check",
        // columns changed
        "existing_type:", "existing_nullable:", "existing_server_default:", "existing_comment:",
        "using:", "fill_nulls:", "lossy: allow", "new_column_name:", "server_default: null",
        "comment: null", "cascade: true",
        // indexes
        "where:", "concurrently: true",
        // actions
        "cascade", "restrict", "set null", "set default", "no action",
        // data and revisions
        "rows:", "sql:", "${dialect}:", "transaction: false", "rebuild: auto", "downgrade: []"}) {
    INFO(option);
    CHECK(AnyRevisionHas(option));
  }
}

TEST_CASE("case names are unique, grouped, and listed in catalogue order",
          "[conformance][catalogue]") {
  const std::vector<std::string> names = retort::ConformanceCaseNames();
  // The connection contract's checks run first.
  const auto& checks = retort::conformance::ConnectionChecks();
  REQUIRE(names.size() == checks.size() + Catalogue().size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string& expected =
        i < checks.size() ? checks[i].name : Catalogue()[i - checks.size()].name;
    CHECK(names[i] == expected);
    CHECK(names[i].find('/') != std::string::npos);
  }
}

TEST_CASE("selecting cases by name or group", "[conformance][catalogue]") {
  using retort::conformance::SelectCases;
  CHECK(SelectCases({}).size() == Catalogue().size());
  CHECK(SelectCases({"alter_column/rename"}).size() == 1);
  CHECK(SelectCases({"errors"}).size() == 3);
  CHECK_THROWS_AS(SelectCases({"alter"}), retort::ConfigError);
}
