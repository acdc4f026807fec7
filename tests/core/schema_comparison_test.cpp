// CompareSchemas (core): what changes behaviour is its diff; comments and a
// serial where the revision makes a by-default identity are tolerated and
// listed, an ALWAYS identity is not.
#include <catch2/catch.hpp>

#include "retort/schema_diff.h"

using namespace retort;

namespace {

// users (id autoincrement, name), numbered as `numbering` says.
Schema Users(Numbering numbering = Numbering::kByDefault) {
  Column id;
  id.name = "id";
  id.type = ParseType("integer");
  id.nullable = false;
  id.autoincrement = true;
  id.numbering = numbering;
  Column name;
  name.name = "name";
  name.type = ParseType("text");
  Table users;
  users.name = {"", "users"};
  users.columns = {id, name};
  users.primary_key = PrimaryKey{"", {"id"}};
  Schema schema;
  schema.tables = {users};
  return schema;
}

}  // namespace

TEST_CASE("equal schemas match with nothing tolerated", "[schema_comparison]") {
  const SchemaComparison comparison = CompareSchemas(Users(), Users());
  CHECK(comparison.matches());
  CHECK(comparison.diff.empty());
  CHECK(comparison.tolerated.empty());
}

TEST_CASE("a serial column where the revision makes an identity is tolerated and listed",
          "[schema_comparison]") {
  // One behaviour spelled two ways: DiffSchemas does not tell them apart
  // (a schema file cannot say which), CompareSchemas names it.
  CHECK(DiffSchemas(Users(), Users(Numbering::kSerial)).empty());
  const SchemaComparison comparison = CompareSchemas(Users(), Users(Numbering::kSerial));
  CHECK(comparison.matches());
  CHECK(comparison.tolerated ==
        std::vector<std::string>{"table users, column id: serial here, identity in the revision"});
  CHECK(CompareSchemas(Users(Numbering::kSerial), Users()).tolerated ==
        std::vector<std::string>{"table users, column id: identity here, serial in the revision"});
}

TEST_CASE("an ALWAYS identity is a real difference, not tolerated", "[schema_comparison]") {
  // It refuses the explicit ids a bulk_insert or backfill writes.
  for (const Numbering other : {Numbering::kByDefault, Numbering::kSerial}) {
    const SchemaComparison comparison = CompareSchemas(Users(other), Users(Numbering::kAlways));
    CHECK_FALSE(comparison.matches());
    CHECK(comparison.diff ==
          "- table users, column id: integer not null autoincrement\n"
          "+ table users, column id: integer not null autoincrement (identity always)\n");
    CHECK(comparison.tolerated.empty());
  }
  CHECK(CompareSchemas(Users(Numbering::kAlways), Users(Numbering::kAlways)).matches());
}

TEST_CASE("table and column comments are tolerated and listed, with both sides",
          "[schema_comparison]") {
  Schema actual = Users(Numbering::kSerial);
  actual.tables[0].comment = "people who text the service";
  actual.tables[0].columns[1].comment = "full name";
  Schema expected = Users();
  expected.tables[0].columns[0].comment = "the key";
  // DiffSchemas shows every comment; CompareSchemas keeps them out of diff.
  CHECK_THAT(DiffSchemas(expected, actual),
             Catch::Contains("+ table users, comment: 'people who text the service'"));
  const SchemaComparison comparison = CompareSchemas(expected, actual);
  CHECK(comparison.diff.empty());
  CHECK(comparison.tolerated ==
        std::vector<std::string>{
            "table users, comment: 'people who text the service' here, none in the revision",
            "table users, column id: serial here, identity in the revision",
            "table users, column id, comment: none here, 'the key' in the revision",
            "table users, column name, comment: 'full name' here, none in the revision"});
}

TEST_CASE("real differences stay in the diff beside what is tolerated",
          "[schema_comparison]") {
  Schema actual = Users(Numbering::kSerial);
  actual.tables[0].comment = "people";
  actual.tables[0].columns[1].type = ParseType("string(20)");
  Table extra;
  extra.name = {"", "extra"};
  extra.columns = {actual.tables[0].columns[1]};
  extra.comment = "only here";
  actual.tables.push_back(extra);
  const SchemaComparison comparison = CompareSchemas(Users(), actual);
  CHECK_FALSE(comparison.matches());
  // A comment on a table only one side has is part of that table's line.
  CHECK(comparison.diff ==
        "- table users, column name: text null\n"
        "+ table users, column name: string(20) null\n"
        "+ table extra: columns name\n");
  CHECK(comparison.tolerated ==
        std::vector<std::string>{"table users, comment: 'people' here, none in the revision",
                                 "table users, column id: serial here, identity in the revision"});
}

TEST_CASE("numbering is only compared on columns both sides number", "[schema_comparison]") {
  // A column one side numbers and the other does not is a real difference,
  // whatever the numbering says.
  Schema actual = Users(Numbering::kSerial);
  actual.tables[0].columns[0].autoincrement = false;
  actual.tables[0].columns[0].numbering = Numbering::kByDefault;
  const SchemaComparison comparison = CompareSchemas(Users(), actual);
  CHECK_FALSE(comparison.matches());
  CHECK(comparison.tolerated.empty());
  CHECK(FormatNumbering(Numbering::kByDefault) == "identity");
  CHECK(FormatNumbering(Numbering::kSerial) == "serial");
  CHECK(FormatNumbering(Numbering::kAlways) == "identity always");
}
