// PlanSchemaChanges: the order of the operations, what each carries for its
// reverse, the remarks; and, on real SQLite files, that the operations take
// one schema to the other and their reverses take it back.
#include <catch2/catch.hpp>

#include <algorithm>

#include "retort/schema_changes.h"
#include "retort/schema_format.h"
#include "schema_testing.h"

using namespace retort;
using namespace retort::testing;

namespace {

Schema Parse(const std::string& yaml) { return SchemaFromYaml(yaml, "test.yaml"); }

std::vector<std::string> Described(const std::vector<PlannedChange>& changes) {
  std::vector<std::string> lines;
  for (const PlannedChange& change : changes) lines.push_back(Describe(change.operation));
  return lines;
}

std::size_t PositionOf(const std::vector<std::string>& lines, const std::string& line) {
  const auto found = std::find(lines.begin(), lines.end(), line);
  INFO("looking for '" << line << "' in:\n" << Catch::Detail::stringify(lines));
  REQUIRE(found != lines.end());
  return static_cast<std::size_t>(found - lines.begin());
}

const char* const kShop = R"yaml(tables:
  - name: customers
    columns:
      - {name: id, type: integer, nullable: false, primary_key: true, autoincrement: true}
      - {name: email, type: string(200), nullable: false}
      - {name: nickname, type: string(50)}
    unique_constraints:
      - {name: uq_customers_email, columns: [email]}
      - {name: uq_customers_nickname, columns: [nickname]}
  - name: orders
    columns:
      - {name: id, type: integer, nullable: false, primary_key: true, autoincrement: true}
      - {name: customer_id, type: integer, nullable: false}
      - {name: total, type: "numeric(10,2)", nullable: false, server_default: "0"}
    foreign_keys:
      - {name: fk_orders_customer, columns: [customer_id], referent_table: customers,
         referent_columns: [id], on_delete: cascade}
    check_constraints: [{name: ck_orders_total, condition: total >= 0}]
indexes:
  - {name: ix_orders_customer, table: orders, columns: [customer_id]}
)yaml";

// Applies `ops` to the SQLite file at `url` in one transaction.
void Apply(const std::string& url, const std::vector<Operation>& ops) {
  std::unique_ptr<Connection> connection = DialectOf(url).Connect(ParseDatabaseUrl(url));
  std::vector<RevisionOp> revision_ops;
  std::vector<const RevisionOp*> pointers;
  for (const Operation& op : ops) revision_ops.push_back(RevisionOp{op, 0, RebuildPolicy::kAuto});
  for (const RevisionOp& op : revision_ops) pointers.push_back(&op);
  MigrationListener quiet;
  Connection::Span current;
  connection->Begin(pointers);
  connection->Apply(revision_ops, quiet, &current);
  connection->Commit();
}

// Plans from `from` to `to` on a fresh SQLite file made as `from`, applies
// the plan and requires `to`; then applies the reversed plan and requires
// `from` again.
void RequireRoundTrip(const Schema& from, const Schema& to) {
  TempDir folder;
  const std::string url = "sqlite:///" + (folder / "db.sqlite").string();
  if (const std::string script = SqlScript(from, url); !script.empty()) ExecuteOn(url, script);
  const Schema start = ReflectUrl(url);
  RequireSameSchema(from, start);

  const std::vector<PlannedChange> changes = PlanSchemaChanges(from, to);
  std::vector<Operation> upgrade, downgrade;
  for (const PlannedChange& change : changes) {
    upgrade.push_back(change.operation);
    std::string why_not;
    std::optional<Operation> reverse = Reverse(change.operation, &why_not);
    INFO(Describe(change.operation) << ": " << why_not);
    REQUIRE(reverse);
    downgrade.insert(downgrade.begin(), std::move(*reverse));
  }
  INFO("upgrade:\n" << Catch::Detail::stringify(Described(changes)));
  Apply(url, upgrade);
  RequireSameSchema(to, ReflectUrl(url));
  Apply(url, downgrade);
  RequireSameSchema(from, ReflectUrl(url));
}

}  // namespace

TEST_CASE("equal schemas need no change", "[schema_changes]") {
  CHECK(PlanSchemaChanges(Parse(kShop), Parse(kShop)).empty());
  CHECK(PlanSchemaChanges(Schema{}, Schema{}).empty());
}

TEST_CASE("tables are created referenced first, indexes after them", "[schema_changes]") {
  const std::vector<std::string> lines = Described(PlanSchemaChanges(Schema{}, Parse(kShop)));
  CHECK(lines == std::vector<std::string>{"create_table customers", "create_table orders",
                                          "create_index ix_orders_customer on orders"});
}

TEST_CASE("tables are dropped referencing first, after their indexes", "[schema_changes]") {
  const std::vector<PlannedChange> changes = PlanSchemaChanges(Parse(kShop), Schema{});
  CHECK(Described(changes) == std::vector<std::string>{"drop_index ix_orders_customer",
                                                       "drop_table orders",
                                                       "drop_table customers"});
  // What the reverse needs.
  const auto& drop_index = std::get<DropIndex>(changes[0].operation);
  REQUIRE(drop_index.existing);
  CHECK(drop_index.existing->columns == std::vector<std::string>{"customer_id"});
  const auto& drop_orders = std::get<DropTable>(changes[1].operation);
  REQUIRE(drop_orders.existing);
  CHECK(drop_orders.existing->foreign_keys.size() == 1);
}

TEST_CASE("a cycle of foreign keys is broken by a separate foreign key", "[schema_changes]") {
  const Schema cycle = Parse(R"(tables:
  - name: stores
    columns: [{name: id, type: integer, nullable: false}, {name: manager_id, type: integer}]
    primary_key: {columns: [id]}
    foreign_keys:
      - {name: fk_store_manager, columns: [manager_id], referent_table: staff,
         referent_columns: [id]}
  - name: staff
    columns: [{name: id, type: integer, nullable: false}, {name: store_id, type: integer}]
    primary_key: {columns: [id]}
    foreign_keys:
      - {name: fk_staff_store, columns: [store_id], referent_table: stores,
         referent_columns: [id]}
)");
  const std::vector<std::string> created = Described(PlanSchemaChanges(Schema{}, cycle));
  CHECK(created == std::vector<std::string>{"create_table stores", "create_table staff",
                                            "create_foreign_key stores fk_store_manager"});
  const std::vector<std::string> dropped = Described(PlanSchemaChanges(cycle, Schema{}));
  CHECK(dropped == std::vector<std::string>{"drop_constraint stores fk_store_manager",
                                            "drop_table staff", "drop_table stores"});
  RequireRoundTrip(Schema{}, cycle);
}

TEST_CASE("column changes carry what they were", "[schema_changes]") {
  Schema to = Parse(kShop);
  Column& email = to.tables[0].columns[1];
  email.type = ParseType("string(320)");
  email.nullable = true;
  email.server_default = "'none'";
  const std::vector<PlannedChange> changes = PlanSchemaChanges(Parse(kShop), to);
  REQUIRE(changes.size() == 1);
  const auto& alter = std::get<AlterColumn>(changes[0].operation);
  CHECK(alter.column == "email");
  CHECK(alter.type == ParseType("string(320)"));
  CHECK(alter.existing_type == ParseType("string(200)"));
  CHECK(alter.nullable == true);
  CHECK(alter.existing_nullable == false);
  CHECK(alter.server_default == std::optional<OptionalText>("'none'"));
  CHECK(alter.existing_server_default == std::optional<OptionalText>(OptionalText()));
  RequireRoundTrip(Parse(kShop), to);
}

TEST_CASE("a drop and an add of the same type are remarked as a possible rename",
          "[schema_changes]") {
  Schema to = Parse(kShop);
  to.tables[0].columns[2].name = "handle";
  to.tables[0].unique_constraints[1].columns = {"handle"};
  const std::vector<PlannedChange> changes = PlanSchemaChanges(Parse(kShop), to);
  REQUIRE(Described(changes) == std::vector<std::string>{
                                    "drop_constraint customers uq_customers_nickname",
                                    "drop_column customers.nickname",
                                    "add_column customers.handle",
                                    "create_unique_constraint customers uq_customers_nickname"});
  CHECK_THAT(changes[1].remark, Catch::Contains("possible rename of column nickname to handle"));
  CHECK(changes[2].remark.empty());

  // A column dropped from the middle comes back last.
  Schema without_email = Parse(kShop);
  without_email.tables[0].columns.erase(without_email.tables[0].columns.begin() + 1);
  without_email.tables[0].unique_constraints.erase(
      without_email.tables[0].unique_constraints.begin());
  bool told = false;
  for (const PlannedChange& change : PlanSchemaChanges(Parse(kShop), without_email)) {
    if (Describe(change.operation) == "drop_column customers.email") {
      told = change.remark.find("downgrading adds it back last") != std::string::npos;
    }
  }
  CHECK(told);

  Schema renamed_table = Parse(kShop);
  renamed_table.tables[0].name.name = "clients";
  renamed_table.tables[1].foreign_keys[0].referent.name = "clients";
  SortCanonically(renamed_table);
  bool remarked = false;
  for (const PlannedChange& change : PlanSchemaChanges(Parse(kShop), renamed_table)) {
    if (Describe(change.operation) == "drop_table customers") {
      remarked = change.remark == "possible rename of table customers to clients";
    }
  }
  CHECK(remarked);
}

TEST_CASE("constraint and index changes drop before and add after the columns they use",
          "[schema_changes]") {
  Schema to = Parse(kShop);
  Table& orders = to.tables[1];
  orders.columns.push_back(Col("note", "text"));
  orders.check_constraints = {CheckConstraint{"ck_orders_total", "total > 0"}};
  to.tables[0].unique_constraints.pop_back();
  to.tables[0].columns.pop_back();  // nickname, in the unique
  to.indexes = {Index{"ix_orders_customer", {"", "orders"}, {"customer_id", "note"}, false, ""}};
  const std::vector<std::string> lines = Described(PlanSchemaChanges(Parse(kShop), to));
  CHECK(PositionOf(lines, "drop_index ix_orders_customer") <
        PositionOf(lines, "drop_constraint customers uq_customers_nickname"));
  CHECK(PositionOf(lines, "drop_constraint customers uq_customers_nickname") <
        PositionOf(lines, "drop_column customers.nickname"));
  CHECK(PositionOf(lines, "drop_constraint orders ck_orders_total") <
        PositionOf(lines, "add_column orders.note"));
  CHECK(PositionOf(lines, "add_column orders.note") <
        PositionOf(lines, "create_check_constraint orders ck_orders_total"));
  CHECK(PositionOf(lines, "add_column orders.note") <
        PositionOf(lines, "create_index ix_orders_customer on orders"));
  RequireRoundTrip(Parse(kShop), to);
}

TEST_CASE("tables, foreign keys and comments come and go on SQLite and back", "[schema_changes]") {
  Schema to = Parse(kShop);
  Table items;
  items.name = {"", "order_items"};
  items.columns = {Col("order_id", "integer", false), Col("sku", "string(40)", false),
                   Col("quantity", "integer", false, "1")};
  items.primary_key = PrimaryKey{"pk_order_items", {"order_id", "sku"}};
  items.foreign_keys = {ForeignKey{"fk_items_order", {"order_id"}, {"", "orders"}, {"id"},
                                   ReferentialAction::kCascade, std::nullopt, false, ""}};
  to.tables.push_back(items);
  to.tables[1].foreign_keys.clear();  // orders no longer references customers
  to.tables[0].columns.push_back(Col("referrer_id", "integer"));
  to.tables[0].foreign_keys = {ForeignKey{"fk_customer_referrer", {"referrer_id"},
                                          {"", "customers"}, {"id"}, std::nullopt,
                                          std::nullopt, false, ""}};
  to.indexes.push_back(Index{"ux_items_sku", {"", "order_items"}, {"sku", "order_id"}, true,
                             "quantity > 0"});
  SortCanonically(to);
  RequireRoundTrip(Parse(kShop), to);
  RequireRoundTrip(to, Parse(kShop));
  RequireRoundTrip(Schema{}, to);
}
