// Catalogue: constraints added to and dropped from existing tables (also
// with the keys that give PostgreSQL brief locks: not_valid,
// validate_constraint, using_index, via_check), and table comments. On
// SQLite most of these rebuild the table.
#include "catalogue.h"

namespace retort::conformance {
namespace {

const char* const kOrders = R"yaml(upgrade:
  - create_table: {name: customers, columns: [{name: id, type: integer, primary_key: true}]}
  - create_table:
      name: orders
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: customer_id, type: integer}
        - {name: referrer_id, type: integer}
        - {name: sku, type: string(20)}
        - {name: qty, type: integer}
        - {name: price, type: "numeric(10,2)"}
)yaml";

Table Customers() {
  return {.name = N("customers"),
          .columns = {{.name = "id", .type = T("integer"), .primary_key = true}}};
}

Table Orders() {
  return {.name = N("orders"),
          .columns = {{.name = "id", .type = T("integer"), .primary_key = true},
                      {.name = "customer_id", .type = T("integer")},
                      {.name = "referrer_id", .type = T("integer")},
                      {.name = "sku", .type = T("string(20)")},
                      {.name = "qty", .type = T("integer")},
                      {.name = "price", .type = T("numeric(10,2)")}}};
}

ForeignKey ToCustomers(std::string name, std::string column) {
  return {.name = std::move(name), .columns = {std::move(column)}, .referent = N("customers"),
          .referent_columns = {"id"}};
}

CatalogueCase ForeignKeyActions() {
  Table orders = Orders();
  orders.foreign_keys = {ToCustomers("fk_orders_customer", "customer_id"),
                         ToCustomers("fk_orders_referrer", "referrer_id")};
  orders.foreign_keys[0].on_delete = ReferentialAction::kCascade;
  orders.foreign_keys[0].on_update = ReferentialAction::kSetNull;
  orders.foreign_keys[1].on_update = ReferentialAction::kRestrict;
  return {
      .name = "create_foreign_key/actions",
      .revisions = {kOrders, R"yaml(upgrade:
  - create_foreign_key: {name: fk_orders_customer, table: orders, columns: [customer_id], referent_table: customers, referent_columns: [id], on_delete: cascade, on_update: set null}
  - create_foreign_key: {name: fk_orders_referrer, table: orders, columns: [referrer_id], referent_table: customers, referent_columns: [id], on_delete: no action, on_update: restrict}
)yaml"},
      .expected = {.tables = {Customers(), orders}},
  };
}

CatalogueCase ForeignKeySetDefault() {
  Table orders = Orders();
  orders.foreign_keys = {ToCustomers("fk_orders_customer", "customer_id")};
  orders.foreign_keys[0].on_delete = ReferentialAction::kSetDefault;
  return {
      .name = "create_foreign_key/set_default",
      .revisions = {kOrders, R"yaml(upgrade:
  - create_foreign_key: {name: fk_orders_customer, table: orders, columns: [customer_id], referent_table: customers, referent_columns: [id], on_delete: set default}
)yaml"},
      .expected = {.tables = {Customers(), orders}},
      .needs = {Feature::kSetDefaultAction},
  };
}

CatalogueCase ForeignKeyDeferrable() {
  Table orders = Orders();
  orders.foreign_keys = {ToCustomers("fk_orders_customer", "customer_id"),
                         ToCustomers("fk_orders_referrer", "referrer_id")};
  orders.foreign_keys[0].deferrable = true;
  orders.foreign_keys[0].initially = "DEFERRED";
  orders.foreign_keys[1].deferrable = true;
  return {
      .name = "create_foreign_key/deferrable",
      .revisions = {kOrders, R"yaml(upgrade:
  - create_foreign_key: {name: fk_orders_customer, table: orders, columns: [customer_id], referent_table: customers, referent_columns: [id], deferrable: true, initially: deferred}
  - create_foreign_key: {name: fk_orders_referrer, table: orders, columns: [referrer_id], referent_table: customers, referent_columns: [id], deferrable: true, initially: immediate}
)yaml"},
      .expected = {.tables = {Customers(), orders}},
      .needs = {Feature::kDeferrableConstraints},
  };
}

CatalogueCase NamedUnique() {
  Table orders = Orders();
  orders.unique_constraints = {{"uq_orders_customer_sku", {"customer_id", "sku"}}};
  return {
      .name = "create_unique_constraint/named",
      .revisions = {kOrders, R"yaml(upgrade:
  - create_unique_constraint: {name: uq_orders_customer_sku, table: orders, columns: [customer_id, sku]}
)yaml"},
      .expected = {.tables = {Customers(), orders}},
  };
}

CatalogueCase NamedCheck() {
  Table orders = Orders();
  // PostgreSQL shows the second as (price >= (0)::numeric).
  orders.check_constraints = {{"ck_orders_qty", "qty > 0"}, {"ck_orders_price", "price >= 0"}};
  return {
      .name = "create_check_constraint/named",
      .revisions = {kOrders, R"yaml(upgrade:
  - create_check_constraint: {name: ck_orders_qty, table: orders, condition: "qty > 0"}
  - create_check_constraint: {name: ck_orders_price, table: orders, condition: "price >= 0"}
)yaml"},
      .expected = {.tables = {Customers(), orders}},
      .rows = RowCheck{.statements = {"INSERT INTO orders (id, customer_id, sku, qty, price) "
                                      "VALUES (1, 1, 'A-1', 2, 9.5)"},
                       .query = "SELECT CAST(id AS VARCHAR(10)), sku FROM orders ORDER BY id",
                       .expected = {{"1", "A-1"}}},
  };
}

CatalogueCase PrimaryKeyAdded() {
  return {
      .name = "create_primary_key/named",
      .revisions = {R"yaml(upgrade:
  - create_table:
      name: labels
      columns:
        - {name: name, type: string(30), nullable: false}
        - {name: color, type: string(10)}
)yaml",
                    R"yaml(upgrade:
  - create_primary_key: {name: pk_labels, table: labels, columns: [name]}
)yaml"},
      .expected = {.tables = {{.name = N("labels"),
                               .columns = {{.name = "name", .type = T("string(30)"),
                                            .nullable = false},
                                           {.name = "color", .type = T("string(10)")}},
                               .primary_key = PrimaryKey{"pk_labels", {"name"}}}}},
  };
}

CatalogueCase DropConstraints() {
  return {
      .name = "drop_constraint/every_type",
      .revisions = {R"yaml(upgrade:
  - create_table: {name: customers, columns: [{name: id, type: integer, primary_key: true}]}
  - create_table:
      name: invoices
      columns:
        - {name: id, type: integer, nullable: false}
        - {name: customer_id, type: integer}
        - {name: number, type: string(20)}
        - {name: total, type: integer}
      primary_key: {name: pk_invoices, columns: [id]}
      foreign_keys:
        - {name: fk_invoices_customer, columns: [customer_id], referent_table: customers, referent_columns: [id], on_delete: cascade}
      unique_constraints:
        - {name: uq_invoices_number, columns: [number]}
      check_constraints:
        - {name: ck_invoices_total, condition: "total >= 0"}
)yaml",
                    R"yaml(upgrade:
  - drop_constraint: {name: fk_invoices_customer, table: invoices, type: foreignkey, columns: [customer_id], referent_table: customers, referent_columns: [id], on_delete: cascade}
  - drop_constraint: {name: uq_invoices_number, table: invoices, type: unique, columns: [number]}
  - drop_constraint: {name: ck_invoices_total, table: invoices, type: check, condition: "total >= 0"}
  - drop_constraint: {name: pk_invoices, table: invoices, type: primary, columns: [id]}
)yaml"},
      .expected = {.tables = {Customers(),
                              {.name = N("invoices"),
                               .columns = {{.name = "id", .type = T("integer"), .nullable = false},
                                           {.name = "customer_id", .type = T("integer")},
                                           {.name = "number", .type = T("string(20)")},
                                           {.name = "total", .type = T("integer")}}}}},
  };
}

// Constraints made without names, dropped by type and definition: SQLite
// keeps no name for them, PostgreSQL makes one up. The check is spelled
// otherwise than either database shows it. Downgrading makes them again,
// unnamed.
CatalogueCase DropConstraintsBySelector() {
  return {
      .name = "drop_constraint/by_selector",
      .revisions = {R"yaml(upgrade:
  - create_table: {name: customers, columns: [{name: id, type: integer, primary_key: true}]}
  - create_table:
      name: invoices
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: customer_id, type: integer}
        - {name: number, type: string(20)}
        - {name: total, type: integer}
      unique_constraints:
        - {columns: [number]}
      check_constraints:
        - {condition: "total >= 0"}
        - {name: ck_invoices_number, condition: "number <> ''"}
  - create_index: {name: ix_invoices_customer, table: invoices, columns: [customer_id]}
  - create_foreign_key: {table: invoices, columns: [customer_id], referent_table: customers, referent_columns: [id], on_delete: cascade}
)yaml",
                    R"yaml(upgrade:
  - drop_constraint: {table: invoices, type: foreignkey, columns: [customer_id], referent_table: customers, referent_columns: [id], on_delete: cascade}
  - drop_constraint: {table: invoices, type: unique, columns: [number]}
  - drop_constraint: {table: invoices, type: check, condition: "(TOTAL>=0)"}
)yaml"},
      .expected = {.tables = {Customers(),
                              {.name = N("invoices"),
                               .columns = {{.name = "id", .type = T("integer"),
                                            .primary_key = true},
                                           {.name = "customer_id", .type = T("integer")},
                                           {.name = "number", .type = T("string(20)")},
                                           {.name = "total", .type = T("integer")}},
                               .check_constraints = {{"ck_invoices_number", "number <> ''"}}}},
                   .indexes = {{"ix_invoices_customer", N("invoices"), {"customer_id"}}}},
      .rows = RowCheck{.statements = {"INSERT INTO invoices (id, customer_id, number, total) "
                                      "VALUES (1, 7, 'N-1', -5), (2, 8, 'N-1', 3)"},
                       .query = "SELECT CAST(id AS VARCHAR(10)), number FROM invoices "
                                "ORDER BY id",
                       .expected = {{"1", "N-1"}, {"2", "N-1"}},
                       .cleanup = {"DELETE FROM invoices"}},
  };
}

CatalogueCase TableComments() {
  return {
      .name = "table_comment/create_and_drop",
      .revisions = {R"yaml(upgrade:
  - create_table: {name: boards, comment: Boards v1, columns: [{name: id, type: integer}]}
  - create_table: {name: cards, comment: Cards, columns: [{name: id, type: integer}]}
)yaml",
                    R"yaml(upgrade:
  - create_table_comment: {table: boards, comment: Boards v2, existing_comment: Boards v1}
  - drop_table_comment: {table: cards, existing_comment: Cards}
)yaml"},
      .expected = {.tables = {{.name = N("boards"),
                               .columns = {{.name = "id", .type = T("integer")}},
                               .comment = "Boards v2"},
                              {.name = N("cards"),
                               .columns = {{.name = "id", .type = T("integer")}}}}},
  };
}

// Rows for the lock-safe cases below, which add constraints to a table that
// has some: PostgreSQL checks them later (not_valid), SQLite at once.
const char* const kOrderRows = R"yaml(upgrade:
  - execute: "INSERT INTO customers (id) VALUES (1), (2)"
  - execute: "INSERT INTO orders (id, customer_id, sku, qty) VALUES (1, 1, 'A', 5), (2, 2, 'B', 1)"
downgrade:
  - execute: "DELETE FROM orders"
  - execute: "DELETE FROM customers"
)yaml";

// Added unchecked, then validated in a revision of their own: the
// constraints are there and hold new rows.
CatalogueCase NotValidThenValidated() {
  Table orders = Orders();
  orders.check_constraints = {{"ck_orders_qty", "qty > 0"}};
  orders.foreign_keys = {ToCustomers("fk_orders_customer", "customer_id")};
  return {
      .name = "validate_constraint/not_valid",
      .revisions = {kOrders, kOrderRows, R"yaml(upgrade:
  - create_check_constraint: {name: ck_orders_qty, table: orders, condition: "qty > 0", not_valid: true}
  - create_foreign_key: {name: fk_orders_customer, table: orders, columns: [customer_id], referent_table: customers, referent_columns: [id], not_valid: true}
)yaml",
                    R"yaml(upgrade:
  - validate_constraint: {table: orders, name: ck_orders_qty}
  - validate_constraint: {table: orders, name: fk_orders_customer}
)yaml"},
      .expected = {.tables = {Customers(), orders}},
      .rows = RowCheck{.statements = {"INSERT INTO orders (id, customer_id, sku, qty) "
                                      "VALUES (3, 2, 'C', 7)"},
                       .query = "SELECT CAST(id AS VARCHAR(10)), sku FROM orders ORDER BY id",
                       .expected = {{"1", "A"}, {"2", "B"}, {"3", "C"}}},
  };
}

// A unique index built concurrently (outside a transaction) becomes the
// constraint: the constraint is there, the index under its own name is not.
CatalogueCase UniqueUsingIndex() {
  Table orders = Orders();
  orders.unique_constraints = {{"uq_orders_sku", {"sku"}}};
  return {
      .name = "create_unique_constraint/using_index",
      .revisions = {kOrders, kOrderRows, R"yaml(transaction: false
upgrade:
  - create_index: {name: ix_orders_sku, table: orders, columns: [sku], unique: true, concurrently: true}
)yaml",
                    R"yaml(upgrade:
  - create_unique_constraint: {name: uq_orders_sku, table: orders, columns: [sku], using_index: ix_orders_sku}
)yaml"},
      .expected = {.tables = {Customers(), orders}},
  };
}

CatalogueCase NotNullViaCheck() {
  Table orders = Orders();
  orders.columns[3].nullable = false;
  return {
      .name = "alter_column/via_check",
      .revisions = {kOrders, kOrderRows, R"yaml(upgrade:
  - alter_column: {table: orders, column: sku, nullable: false, existing_nullable: true, via_check: true}
)yaml"},
      .expected = {.tables = {Customers(), orders}},
  };
}

}  // namespace

std::vector<CatalogueCase> ConstraintCases() {
  return {ForeignKeyActions(),      ForeignKeySetDefault(),  ForeignKeyDeferrable(),
          NamedUnique(),
          NamedCheck(),             PrimaryKeyAdded(),       DropConstraints(),
          DropConstraintsBySelector(), TableComments(),      NotValidThenValidated(),
          UniqueUsingIndex(),       NotNullViaCheck()};
}

}  // namespace retort::conformance
