// What MariaDB does not tell apart, spelled as its reflection reports it
// (Dialect::StoredForm), and the partial indexes it builds full. Pure: no
// server (the conformance suite compares against a live one).
#include <catch2/catch.hpp>

#include "mysql_renderer.h"
#include "mysql_stored_form.h"
#include "retort/error.h"

using namespace retort;
using retort::mysql::OnlyLeavesOutNulls;
using retort::mysql::StoredForm;

namespace {

const QualifiedName kPeople{"", "people"};

Index Partial(std::vector<std::string> columns, std::string where) {
  return Index{"ix", kPeople, std::move(columns), true, std::move(where)};
}

}  // namespace

TEST_CASE("an index that leaves out only its own NULLs is a full one on MySQL",
          "[mysql][stored_form]") {
  CHECK(OnlyLeavesOutNulls(Partial({"sid"}, "sid IS NOT NULL")));
  CHECK(OnlyLeavesOutNulls(Partial({"a", "b"}, "(A is not null) and b IS NOT NULL")));
  CHECK(OnlyLeavesOutNulls(Partial({"a", "b"}, "b IS NOT NULL")));
  CHECK_FALSE(OnlyLeavesOutNulls(Partial({"a"}, "")));
  CHECK_FALSE(OnlyLeavesOutNulls(Partial({"a"}, "b IS NOT NULL")));
  CHECK_FALSE(OnlyLeavesOutNulls(Partial({"a"}, "a IS NULL")));
  CHECK_FALSE(OnlyLeavesOutNulls(Partial({"a", "b"}, "a IS NOT NULL OR b IS NOT NULL")));
  CHECK_FALSE(OnlyLeavesOutNulls(Partial({"a"}, "a IS NOT NULL AND")));
  CHECK_FALSE(OnlyLeavesOutNulls(Partial({"a"}, "status = 'live'")));
  Index expression = Partial({"lower(a)"}, "a IS NOT NULL");
  expression.expressions = {0};
  CHECK_FALSE(OnlyLeavesOutNulls(expression));

  mysql::MysqlRenderer renderer(false);
  CreateIndex full{Partial({"sid"}, "sid IS NOT NULL"), false, false};
  CHECK(renderer.Render(full) ==
        std::vector<std::string>{"ALTER TABLE `people` ADD UNIQUE INDEX `ix` (`sid`)"});
  CreateIndex partial{Partial({"sid"}, "status = 'live'"), false, false};
  CHECK_THROWS_WITH(renderer.Render(partial), Catch::Contains("no partial indexes"));
}

TEST_CASE("MariaDB's stored form names no primary key and keeps unique indexes as constraints",
          "[mysql][stored_form]") {
  Table people_written;
  people_written.name = kPeople;
  for (const char* name : {"id", "sid", "boss"}) {
    Column column;
    column.name = name;
    column.type = ParseType("integer");
    people_written.columns.push_back(column);
  }
  people_written.primary_key = PrimaryKey{"pk_people", {"id"}};
  ForeignKey boss;
  boss.name = "fk_boss";
  boss.columns = {"boss"};
  boss.referent = kPeople;
  boss.referent_columns = {"id"};
  boss.on_delete = ReferentialAction::kRestrict;
  boss.on_update = ReferentialAction::kCascade;
  people_written.foreign_keys = {boss};
  Schema written;
  written.tables = {people_written};
  written.indexes = {Partial({"sid"}, "sid IS NOT NULL"),
                     Index{"ix_boss", kPeople, {"boss"}, false, ""},
                     Index{"ix_live", kPeople, {"boss"}, true, "sid = 'x'"}};

  const Schema stored = StoredForm(written);
  const Table& people = stored.tables.at(0);
  REQUIRE(people.primary_key);
  CHECK(people.primary_key->name.empty());
  CHECK(people.foreign_keys.at(0).on_delete == std::nullopt);
  CHECK(people.foreign_keys.at(0).on_update == ReferentialAction::kCascade);
  CHECK(people.unique_constraints == std::vector<UniqueConstraint>{{"ix", {"sid"}}});
  // A plain index, and a partial one that means more, stay indexes.
  REQUIRE(stored.indexes.size() == 2);
  CHECK(stored.indexes[0].name == "ix_boss");
  CHECK(stored.indexes[1].where == "sid = 'x'");
  // Its own reflection's form maps to itself.
  CHECK(StoredForm(stored) == stored);
}
