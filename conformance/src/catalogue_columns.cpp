// Catalogue: one column at a time. Cases that change data first write rows
// in a revision of their own (its downgrade does nothing: the rows go with
// the table), so that the change meets existing rows.
#include "catalogue.h"

namespace retort::conformance {
namespace {

CatalogueCase AddColumn() {
  return {
      .name = "add_column/plain",
      .revisions = {"upgrade:\n  - create_table: {name: accounts, columns: "
                    "[{name: id, type: integer, primary_key: true}]}\n",
                    "upgrade:\n  - bulk_insert: {table: accounts, rows: [{id: 1}]}\ndowngrade: []\n",
                    R"yaml(upgrade:
  - add_column: {table: accounts, column: {name: note, type: text}}
  - add_column: {table: accounts, column: {name: state, type: string(10), nullable: false, server_default: "'active'"}}
  - add_column: {table: accounts, column: {name: score, type: integer, server_default: "0", comment: points so far}}
)yaml"},
      .expected = {.tables = {{.name = N("accounts"),
                               .columns = {{.name = "id", .type = T("integer"),
                                            .primary_key = true},
                                           {.name = "note", .type = T("text")},
                                           {.name = "state", .type = T("string(10)"),
                                            .nullable = false, .server_default = "'active'"},
                                           {.name = "score", .type = T("integer"),
                                            .server_default = "0",
                                            .comment = "points so far"}}}}},
      // The existing row takes the defaults.
      .rows = RowCheck{.statements = {"INSERT INTO accounts (id) VALUES (2)"},
                       .query = "SELECT CAST(id AS VARCHAR(10)), note, state, "
                                "CAST(score AS VARCHAR(10)) FROM accounts ORDER BY id",
                       .expected = {{"1", "NULL", "active", "0"}, {"2", "NULL", "active", "0"}}},
  };
}

CatalogueCase AddColumnReferences() {
  return {
      .name = "add_column/references",
      .revisions = {R"yaml(upgrade:
  - create_table: {name: authors, columns: [{name: id, type: integer, primary_key: true}]}
  - create_table: {name: books, columns: [{name: id, type: integer, primary_key: true}]}
)yaml",
                    R"yaml(upgrade:
  - add_column:
      table: books
      column: {name: author_id, type: integer, references: authors.id, on_delete: set null, on_update: cascade}
)yaml"},
      .expected = {.tables = {{.name = N("authors"),
                               .columns = {{.name = "id", .type = T("integer"),
                                            .primary_key = true}}},
                              {.name = N("books"),
                               .columns = {{.name = "id", .type = T("integer"),
                                            .primary_key = true},
                                           {.name = "author_id", .type = T("integer")}},
                               .foreign_keys = {{.columns = {"author_id"},
                                                 .referent = N("authors"),
                                                 .referent_columns = {"id"},
                                                 .on_delete = ReferentialAction::kSetNull,
                                                 .on_update = ReferentialAction::kCascade}}}}},
  };
}

CatalogueCase DropColumn() {
  // The dropped columns are the table's last, dropped last-first, so that
  // the downgrade adds them back in their places.
  return {
      .name = "drop_column/described",
      .revisions = {R"yaml(upgrade:
  - create_table:
      name: gadgets
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: name, type: string(40)}
        - {name: weight, type: double}
        - {name: color, type: string(20), nullable: false, server_default: "'black'"}
)yaml",
                    R"yaml(upgrade:
  - drop_column: {table: gadgets, column: color, existing_type: string(20), existing_nullable: false, existing_server_default: "'black'"}
  - drop_column: {table: gadgets, column: weight, existing_type: double}
)yaml"},
      .expected = {.tables = {{.name = N("gadgets"),
                               .columns = {{.name = "id", .type = T("integer"),
                                            .primary_key = true},
                                           {.name = "name", .type = T("string(40)")}}}}},
  };
}

CatalogueCase DropColumnCascade() {
  // The index goes with the column; the downgrade, which no reverse could
  // know, brings both back.
  return {
      .name = "drop_column/cascade",
      .revisions = {R"yaml(upgrade:
  - create_table:
      name: gauges
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: serial_no, type: string(20)}
  - create_index: {name: ix_gauges_serial_no, table: gauges, columns: [serial_no]}
)yaml",
                    R"yaml(upgrade:
  - drop_column: {table: gauges, column: serial_no, cascade: true}
downgrade:
  - add_column: {table: gauges, column: {name: serial_no, type: string(20)}}
  - create_index: {name: ix_gauges_serial_no, table: gauges, columns: [serial_no]}
)yaml"},
      .expected = {.tables = {{.name = N("gauges"),
                               .columns = {{.name = "id", .type = T("integer"),
                                            .primary_key = true}}}}},
      .needs = {Feature::kDropColumnCascade},
  };
}

CatalogueCase AlterType() {
  return {
      .name = "alter_column/type",
      .revisions = {R"yaml(upgrade:
  - create_table:
      name: measures
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: amount, type: integer, nullable: false}
        - {name: label, type: string(10)}
)yaml",
                    "upgrade:\n  - bulk_insert: {table: measures, rows: [{id: 1, amount: 5, "
                    "label: five}]}\ndowngrade: []\n",
                    R"yaml(upgrade:
  - alter_column: {table: measures, column: amount, type: bigint, existing_type: integer}
  - alter_column: {table: measures, column: label, type: string(40), existing_type: string(10)}
)yaml"},
      .expected = {.tables = {{.name = N("measures"),
                               .columns = {{.name = "id", .type = T("integer"),
                                            .primary_key = true},
                                           {.name = "amount", .type = T("bigint"),
                                            .nullable = false},
                                           {.name = "label", .type = T("string(40)")}}}}},
      .rows = RowCheck{.statements = {"INSERT INTO measures (id, amount, label) VALUES "
                                      "(2, 9007199254740993, 'longer than ten')"},
                       .query = "SELECT CAST(id AS VARCHAR(10)), CAST(amount AS VARCHAR(30)), "
                                "label FROM measures ORDER BY id",
                       .expected = {{"1", "5", "five"},
                                    {"2", "9007199254740993", "longer than ten"}},
                       .cleanup = {"DELETE FROM measures WHERE id = 2"}},
  };
}

CatalogueCase AlterTypeUsing() {
  return {
      .name = "alter_column/type_using",
      .revisions = {"upgrade:\n  - create_table: {name: codes, columns: [{name: id, type: "
                    "integer, primary_key: true}, {name: code, type: string(10)}]}\n",
                    "upgrade:\n  - bulk_insert: {table: codes, rows: [{id: 1, code: \"17\"}, "
                    "{id: 2, code: \"42\"}]}\ndowngrade: []\n",
                    R"yaml(upgrade:
  - alter_column: {table: codes, column: code, type: integer, using: "CAST(code AS INTEGER)", existing_type: string(10)}
)yaml"},
      .expected = {.tables = {{.name = N("codes"),
                               .columns = {{.name = "id", .type = T("integer"),
                                            .primary_key = true},
                                           {.name = "code", .type = T("integer")}}}}},
      // Arithmetic shows that the values became numbers.
      .rows = RowCheck{.query = "SELECT CAST(id AS VARCHAR(10)), CAST(code + 1 AS VARCHAR(10)) "
                                "FROM codes ORDER BY id",
                       .expected = {{"1", "18"}, {"2", "43"}}},
      .needs = {Feature::kTypeChangeUsing},
  };
}

CatalogueCase AlterTypeLossy() {
  // 2.25 becomes 2 both ways: PostgreSQL rounds, SQLite's CAST truncates.
  // SQLite refuses the change unless lossy: allow; PostgreSQL converts.
  return {
      .name = "alter_column/lossy_allow",
      .revisions = {"upgrade:\n  - create_table: {name: weights, columns: [{name: id, type: "
                    "integer, primary_key: true}, {name: kilos, type: double}]}\n",
                    "upgrade:\n  - bulk_insert: {table: weights, rows: [{id: 1, kilos: 2.25}, "
                    "{id: 2, kilos: 3.0}]}\ndowngrade: []\n",
                    R"yaml(upgrade:
  - alter_column: {table: weights, column: kilos, type: integer, lossy: allow, existing_type: double}
)yaml"},
      .expected = {.tables = {{.name = N("weights"),
                               .columns = {{.name = "id", .type = T("integer"),
                                            .primary_key = true},
                                           {.name = "kilos", .type = T("integer")}}}}},
      .rows = RowCheck{.query = "SELECT CAST(id AS VARCHAR(10)), CAST(kilos AS VARCHAR(10)) "
                                "FROM weights ORDER BY id",
                       .expected = {{"1", "2"}, {"2", "3"}}},
  };
}

CatalogueCase AlterNullable() {
  return {
      .name = "alter_column/nullable",
      .revisions = {R"yaml(upgrade:
  - create_table:
      name: people
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: nickname, type: string(20)}
        - {name: email, type: string(50), nullable: false}
)yaml",
                    R"yaml(upgrade:
  - alter_column: {table: people, column: nickname, nullable: false, existing_nullable: true}
  - alter_column: {table: people, column: email, nullable: true, existing_nullable: false}
)yaml"},
      .expected = {.tables = {{.name = N("people"),
                               .columns = {{.name = "id", .type = T("integer"),
                                            .primary_key = true},
                                           {.name = "nickname", .type = T("string(20)"),
                                            .nullable = false},
                                           {.name = "email", .type = T("string(50)")}}}}},
      // email takes a NULL now; the downgrade, which makes it NOT NULL again,
      // would refuse it.
      .rows = RowCheck{.statements = {"INSERT INTO people (id, nickname) VALUES (1, 'kit')"},
                       .query = "SELECT CAST(id AS VARCHAR(10)), nickname, email FROM people",
                       .expected = {{"1", "kit", "NULL"}},
                       .cleanup = {"DELETE FROM people"}},
  };
}

CatalogueCase FillNulls() {
  return {
      .name = "alter_column/fill_nulls",
      .revisions = {"upgrade:\n  - create_table: {name: tasks, columns: [{name: id, type: "
                    "integer, primary_key: true}, {name: status, type: string(10)}]}\n",
                    "upgrade:\n  - bulk_insert: {table: tasks, rows: [{id: 1, status: open}, "
                    "{id: 2, status: null}]}\ndowngrade: []\n",
                    R"yaml(upgrade:
  - alter_column: {table: tasks, column: status, nullable: false, fill_nulls: "'unknown'", existing_nullable: true}
)yaml"},
      .expected = {.tables = {{.name = N("tasks"),
                               .columns = {{.name = "id", .type = T("integer"),
                                            .primary_key = true},
                                           {.name = "status", .type = T("string(10)"),
                                            .nullable = false}}}}},
      .rows = RowCheck{.query = "SELECT CAST(id AS VARCHAR(10)), status FROM tasks ORDER BY id",
                       .expected = {{"1", "open"}, {"2", "unknown"}}},
  };
}

CatalogueCase AlterDefault() {
  return {
      .name = "alter_column/server_default",
      .revisions = {R"yaml(upgrade:
  - create_table:
      name: settings
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: theme, type: string(10), server_default: "'light'"}
        - {name: size, type: integer}
)yaml",
                    R"yaml(upgrade:
  - alter_column: {table: settings, column: theme, server_default: null, existing_server_default: "'light'"}
  - alter_column: {table: settings, column: size, server_default: "12", existing_server_default: null}
)yaml"},
      .expected = {.tables = {{.name = N("settings"),
                               .columns = {{.name = "id", .type = T("integer"),
                                            .primary_key = true},
                                           {.name = "theme", .type = T("string(10)")},
                                           {.name = "size", .type = T("integer"),
                                            .server_default = "12"}}}}},
      .rows = RowCheck{.statements = {"INSERT INTO settings (id) VALUES (1)"},
                       .query = "SELECT CAST(id AS VARCHAR(10)), theme, CAST(size AS VARCHAR(10)) "
                                "FROM settings",
                       .expected = {{"1", "NULL", "12"}}},
  };
}

CatalogueCase RenameColumn() {
  return {
      .name = "alter_column/rename",
      .revisions = {R"yaml(upgrade:
  - create_table:
      name: profiles
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: fullname, type: string(80), nullable: false}
      check_constraints:
        - {name: ck_profiles_fullname, condition: "length(fullname) > 0"}
  - create_index: {name: ix_profiles_fullname, table: profiles, columns: [fullname]}
)yaml",
                    R"yaml(upgrade:
  - alter_column: {table: profiles, column: fullname, new_column_name: display_name}
)yaml"},
      .expected = {.tables = {{.name = N("profiles"),
                               .columns = {{.name = "id", .type = T("integer"),
                                            .primary_key = true},
                                           {.name = "display_name", .type = T("string(80)"),
                                            .nullable = false}},
                               .check_constraints = {{"ck_profiles_fullname",
                                                      "length(display_name) > 0"}}}},
                   .indexes = {{"ix_profiles_fullname", N("profiles"), {"display_name"}}}},
  };
}

CatalogueCase AlterComment() {
  return {
      .name = "alter_column/comment",
      .revisions = {R"yaml(upgrade:
  - create_table:
      name: documents
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: title, type: string(50), comment: old title}
        - {name: body, type: text}
        - {name: summary, type: text, comment: short}
)yaml",
                    R"yaml(upgrade:
  - alter_column: {table: documents, column: title, comment: the title, existing_comment: old title}
  - alter_column: {table: documents, column: body, comment: the text, existing_comment: null}
  - alter_column: {table: documents, column: summary, comment: null, existing_comment: short}
)yaml"},
      .expected = {.tables = {{.name = N("documents"),
                               .columns = {{.name = "id", .type = T("integer"),
                                            .primary_key = true},
                                           {.name = "title", .type = T("string(50)"),
                                            .comment = "the title"},
                                           {.name = "body", .type = T("text"),
                                            .comment = "the text"},
                                           {.name = "summary", .type = T("text")}}}}},
  };
}

}  // namespace

std::vector<CatalogueCase> ColumnCases() {
  return {AddColumn(),      AddColumnReferences(), DropColumn(),    DropColumnCascade(),
          AlterType(),      AlterTypeUsing(),      AlterTypeLossy(), AlterNullable(),
          FillNulls(),      AlterDefault(),        RenameColumn(),   AlterComment()};
}

}  // namespace retort::conformance
