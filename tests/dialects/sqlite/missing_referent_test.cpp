// SQLite accepts a foreign key to a table that does not exist; retort
// refuses the revision that leaves one behind, naming the revision, the
// operation and the missing table, and the database stays as it was. A
// referent that the same revision creates later, or the table itself, is
// fine.
#include <catch2/catch.hpp>

#include <string>

#include "rebuild_test_support.h"
#include "retort/commands.h"
#include "retort/error.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;
using namespace retort::testing::rebuild;

namespace {

constexpr const char* kSchema = R"sql(CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);
INSERT INTO customers VALUES (1, 'Alfreds');
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, total REAL);
INSERT INTO orders VALUES (10248, 1, 32.5);
CREATE TABLE notes (body TEXT);
)sql";

void SetUp(Project& project) {
  project.AddYamlRevision(kBase, "", ExecuteItem(kSchema), "downgrade: []\n");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
}

// The message the change revision `ops` fails with ("" if it does not).
std::string Failure(Project& project, const std::string& ops) {
  project.AddYamlRevision(kChange, kBase, ops);
  return UpgradeFailure(project);
}

}  // namespace

TEST_CASE("a foreign key to a missing table is refused, and nothing changes",
          "[sqlite][foreign_key]") {
  struct Case {
    const char* name;
    const char* ops;
    const char* operation;  // how the message names the operation
  };
  const Case cases[] = {
      {"create_table",
       "  - create_table:\n      name: invoices\n      columns: [{name: id, type: integer, "
       "primary_key: true}, {name: order_id, type: integer}]\n      foreign_keys:\n        - "
       "{columns: [order_id], referent_table: order_rows, referent_columns: [id]}\n",
       "create_table invoices"},
      {"add_column with references",
       "  - add_column: {table: notes, column: {name: order_id, type: integer, references: "
       "order_rows.id}}\n",
       "add_column notes.order_id"},
      {"create_foreign_key, through a rebuild",
       "  - create_foreign_key: {name: fk_orders_shipper, table: orders, columns: [customer_id], "
       "referent_table: order_rows, referent_columns: [id]}\n",
       "create_foreign_key orders fk_orders_shipper"},
      {"a rebuild that carries the key along",
       "  - add_column: {table: orders, column: {name: row_id, type: integer, references: "
       "order_rows.id}}\n  - alter_column: {table: orders, column: total, nullable: false}\n",
       "add_column orders.row_id"},
  };
  for (const Case& each : cases) {
    DYNAMIC_SECTION(each.name) {
      Project project;
      SetUp(project);
      const DatabaseState before = Capture(project.database());
      const std::string message = Failure(project, each.ops);
      INFO(message);
      CHECK_THAT(message, Catch::Contains("revision " + std::string(kChange)) &&
                              Catch::Contains(each.operation) &&
                              Catch::Contains("references table order_rows, which does not "
                                              "exist") &&
                              Catch::Contains("rolled back"));
      CHECK(Capture(project.database()) == before);
      CHECK(RebuildLeftovers(project.database()).empty());
    }
  }
}

TEST_CASE("a foreign key to a missing column is refused", "[sqlite][foreign_key]") {
  Project project;
  SetUp(project);
  const DatabaseState before = Capture(project.database());
  const std::string message =
      Failure(project, "  - add_column: {table: notes, column: {name: customer_id, type: "
                       "integer, references: customers.customer_no}}\n");
  CHECK_THAT(message, Catch::Contains("add_column notes.customer_id") &&
                          Catch::Contains("references column customers.customer_no, which does "
                                          "not exist"));
  CHECK(Capture(project.database()) == before);
}

TEST_CASE("a foreign key to a table the revision creates later, or to itself, is accepted",
          "[sqlite][foreign_key]") {
  Project project;
  SetUp(project);
  project.AddYamlRevision(kChange, kBase, R"yaml(
  - create_table:
      name: invoices
      columns: [{name: id, type: integer, primary_key: true}, {name: order_row_id, type: integer},
                {name: corrects_id, type: integer}]
      foreign_keys:
        - {columns: [order_row_id], referent_table: order_rows, referent_columns: [id]}
        - {columns: [corrects_id], referent_table: invoices, referent_columns: [id]}
  - add_column: {table: notes, column: {name: customer_id, type: integer, references: CUSTOMERS.id}}
  - create_table: {name: order_rows, columns: [{name: id, type: integer, primary_key: true}]}
)yaml");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
  CHECK_FALSE(ObjectSql(project.database(), "invoices").empty());
  CHECK(Query(project.database(), "SELECT \"table\" FROM pragma_foreign_key_list('invoices') "
                                  "ORDER BY \"table\"") ==
        std::vector<std::vector<std::string>>{{"invoices"}, {"order_rows"}});
}
