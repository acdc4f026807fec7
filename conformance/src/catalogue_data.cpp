// Catalogue: raw SQL, rows, the rebuild policy, and revisions that fail.
#include "catalogue.h"

namespace retort::conformance {
namespace {

Table Counters() {
  return {.name = N("counters"),
          .columns = {{.name = "name", .type = T("string(20)"), .primary_key = true},
                      {.name = "value", .type = T("integer")}}};
}

const char* const kCounters = "upgrade:\n  - create_table: {name: counters, columns: [{name: "
                              "name, type: string(20), primary_key: true}, {name: value, type: "
                              "integer}]}\n";

CatalogueCase ExecutePlain() {
  return {
      .name = "execute/plain",
      .revisions = {kCounters,
                    // Several statements in one text, DDL among them.
                    R"yaml(upgrade:
  - execute: |
      INSERT INTO counters (name, value) VALUES ('a', 1);
      INSERT INTO counters (name, value) VALUES ('b', 2);
      CREATE TABLE raw_made (id INTEGER NOT NULL PRIMARY KEY, note VARCHAR(20))
downgrade:
  - execute: "DROP TABLE raw_made; DELETE FROM counters"
)yaml"},
      .expected = {.tables = {Counters(),
                              {.name = N("raw_made"),
                               .columns = {{.name = "id", .type = T("integer"),
                                            .primary_key = true},
                                           {.name = "note", .type = T("string(20)")}}}}},
      .rows = RowCheck{.query = "SELECT name, CAST(value AS VARCHAR(10)) FROM counters "
                                "ORDER BY name",
                       .expected = {{"a", "1"}, {"b", "2"}}},
  };
}

CatalogueCase ExecuteDialectMap() {
  return {
      .name = "execute/dialect_map",
      .revisions = {kCounters, R"yaml(upgrade:
  - execute:
      ${dialect}: "INSERT INTO counters (name, value) VALUES ('own', 1)"
      sql: "INSERT INTO counters (name, value) VALUES ('generic', 1)"
  - execute:
      no_such_dialect: "INSERT INTO counters (name, value) VALUES ('wrong', 2)"
      sql: "INSERT INTO counters (name, value) VALUES ('fallback', 2)"
downgrade:
  - execute: "DELETE FROM counters"
)yaml"},
      .expected = {.tables = {Counters()}},
      .rows = RowCheck{.query = "SELECT name, CAST(value AS VARCHAR(10)) FROM counters "
                                "ORDER BY name",
                       .expected = {{"fallback", "2"}, {"own", "1"}}},
  };
}

CatalogueCase BulkInsert() {
  return {
      .name = "bulk_insert/literals",
      .revisions = {R"yaml(upgrade:
  - create_table:
      name: samples
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: label, type: string(20)}
        - {name: ratio, type: double}
        - {name: flag, type: boolean}
        - {name: note, type: text}
)yaml",
                    R"yaml(upgrade:
  - bulk_insert:
      table: samples
      rows:
        - {id: 1, label: one, ratio: 0.5, flag: true, note: null}
        - {id: 2, label: "2", ratio: 2.25, flag: false, note: "it's"}
downgrade:
  - execute: "DELETE FROM samples"
)yaml"},
      .expected = {.tables = {{.name = N("samples"),
                               .columns = {{.name = "id", .type = T("integer"),
                                            .primary_key = true},
                                           {.name = "label", .type = T("string(20)")},
                                           {.name = "ratio", .type = T("double")},
                                           {.name = "flag", .type = T("boolean")},
                                           {.name = "note", .type = T("text")}}}}},
      .rows = RowCheck{.query = "SELECT CAST(id AS VARCHAR(10)), label, "
                                "CAST(ratio AS VARCHAR(20)), CASE WHEN flag THEN 'true' "
                                "ELSE 'false' END, note FROM samples ORDER BY id",
                       .expected = {{"1", "one", "0.5", "true", "NULL"},
                                    {"2", "2", "2.25", "false", "it's"}}},
  };
}

CatalogueCase RebuildAuto() {
  return {
      .name = "rebuild/auto",
      .revisions = {kCounters, R"yaml(rebuild: auto
upgrade:
  - alter_column: {table: counters, column: value, nullable: false, server_default: "0", existing_nullable: true, existing_server_default: null, rebuild: auto}
  - add_column: {table: counters, column: {name: step, type: integer, nullable: false, server_default: "1"}}
)yaml"},
      .expected = {.tables = {{.name = N("counters"),
                               .columns = {{.name = "name", .type = T("string(20)"),
                                            .primary_key = true},
                                           {.name = "value", .type = T("integer"),
                                            .nullable = false, .server_default = "0"},
                                           {.name = "step", .type = T("integer"),
                                            .nullable = false, .server_default = "1"}}}}},
  };
}

// The failing cases: what the revisions before the failing one made stays,
// what the failing one did before its failure is rolled back (or, where DDL
// commits as it runs, stays, and the revision is marked incomplete).
Table Ledger() {
  return {.name = N("ledger"),
          .columns = {{.name = "id", .type = T("integer"), .primary_key = true},
                      {.name = "handle", .type = T("string(20)"), .unique = true}}};
}

Table HalfDone() {
  return {.name = N("half_done"), .columns = {{.name = "id", .type = T("integer")}}};
}

const char* const kLedger = "upgrade:\n  - create_table: {name: ledger, columns: [{name: id, "
                            "type: integer, primary_key: true}, {name: handle, type: "
                            "string(20), unique: true}]}\n";

CatalogueCase FailingSql() {
  return {
      .name = "errors/failing_sql",
      .revisions = {kLedger, R"yaml(upgrade:
  - create_table: {name: half_done, columns: [{name: id, type: integer}]}
  - execute: "INSERT INTO no_such_table (id) VALUES (1)"
downgrade: []
)yaml"},
      .expected = {.tables = {Ledger()}},
      .fails = true,
      .left_when_ddl_commits = Schema{.tables = {Ledger(), HalfDone()}},
      .undo_when_ddl_commits = {"DROP TABLE half_done"},
  };
}

CatalogueCase ConstraintViolation() {
  return {
      .name = "errors/constraint_violation",
      .revisions = {kLedger, R"yaml(upgrade:
  - bulk_insert: {table: ledger, rows: [{id: 1, handle: a}, {id: 2, handle: a}]}
downgrade: []
)yaml"},
      .expected = {.tables = {Ledger()}},
      .rows = RowCheck{.query = "SELECT CAST(COUNT(*) AS VARCHAR(10)) FROM ledger",
                       .expected = {{"0"}}},
      .fails = true,
  };
}

CatalogueCase FirstRevisionFails() {
  return {
      .name = "errors/first_revision",
      .revisions = {R"yaml(upgrade:
  - create_table: {name: never_kept, columns: [{name: id, type: integer}]}
  - execute: "INSERT INTO never_kept (no_such_column) VALUES (1)"
downgrade: []
)yaml"},
      .expected = {},
      .fails = true,
      .left_when_ddl_commits = Schema{.tables = {{.name = N("never_kept"),
                                                  .columns = {{.name = "id", .type = T("integer")}}}}},
      .undo_when_ddl_commits = {"DROP TABLE never_kept"},
  };
}

}  // namespace

std::vector<CatalogueCase> DataCases() {
  return {ExecutePlain(), ExecuteDialectMap(),  BulkInsert(),
          RebuildAuto(),  FailingSql(),         ConstraintViolation(),
          FirstRevisionFails()};
}

}  // namespace retort::conformance
