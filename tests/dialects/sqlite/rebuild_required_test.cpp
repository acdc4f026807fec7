// What SQLite's ALTER TABLE cannot do needs a table rebuild. With
// "rebuild: never", each such operation must fail before anything runs, with
// an error naming the operation and the table.
#include <catch2/catch.hpp>

#include "retort/commands.h"
#include "retort/error.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;

namespace {

const char* kTable = R"yaml(
  - create_table:
      name: users
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: phone, type: string(20)}
)yaml";

}  // namespace

TEST_CASE("with rebuild: never, operations that need a rebuild fail before any revision runs",
          "[sqlite][rebuild]") {
  struct Case {
    const char* op;
    const char* expected;
  };
  const Case cases[] = {
      {"alter_column: {table: users, column: phone, type: string(40)}",
       "alter_column users.phone: SQLite's ALTER TABLE cannot change a column's type"},
      {"alter_column: {table: users, column: phone, nullable: false}",
       "alter_column users.phone: SQLite's ALTER TABLE cannot change a column's nullability"},
      {"alter_column: {table: users, column: phone, server_default: \"'x'\"}",
       "alter_column users.phone: SQLite's ALTER TABLE cannot change a column's default"},
      {"create_foreign_key: {name: fk_x, table: users, columns: [id], referent_table: users, "
       "referent_columns: [id]}",
       "create_foreign_key users fk_x"},
      {"create_unique_constraint: {name: uq_phone, table: users, columns: [phone]}",
       "create_unique_constraint users uq_phone"},
      {"create_check_constraint: {name: ck_phone, table: users, condition: \"phone <> ''\"}",
       "create_check_constraint users ck_phone"},
      {"create_primary_key: {name: pk_users, table: users, columns: [id]}",
       "create_primary_key users"},
      {"drop_constraint: {name: uq_phone, table: users}", "drop_constraint users uq_phone"},
      {"add_column: {table: users, column: {name: code, type: string(5), unique: true}}",
       "add_column users.code: SQLite's ALTER TABLE cannot add a UNIQUE column"},
      {"add_column: {table: users, column: {name: rank, type: integer, nullable: false}}",
       "add a NOT NULL column without a default"},
      {"add_column: {table: users, column: {name: seen, type: datetime, server_default: "
       "CURRENT_TIMESTAMP}}",
       "add a column whose default is an expression"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.op) {
      Project project;
      project.AddYamlRevision("a1a1a1a1a1a1", "", kTable);
      project.AddYamlRevision("b2b2b2b2b2b2", "a1a1a1a1a1a1", std::string("  - ") + c.op + "\n",
                              "rebuild: never\n");
      MigrationListener quiet;
      // The first revision is fine, but it must not run either: the plan is
      // checked whole before the first statement.
      CHECK_THROWS_AS(Upgrade(project.config(), "head", quiet), OperationError);
      CHECK_THROWS_WITH(Upgrade(project.config(), "head", quiet),
                        Catch::Contains(c.expected) && Catch::Contains("rebuild: never") &&
                            Catch::Contains("b2b2b2b2b2b2") && Catch::Contains("nothing was run"));
      CHECK((!std::filesystem::exists(project.database()) ||
             SchemaObjects(project.database()).empty()));
    }
  }
}
