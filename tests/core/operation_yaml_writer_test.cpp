// The operation writer: every operation kind, written and read back by the
// YAML revision reader, is the operation that was written; remarks become
// comments.
#include <catch2/catch.hpp>

#include "operation_yaml_writer.h"
#include "retort/schema_format.h"
#include "schema_document.h"
#include "revision_readers.h"

using namespace retort;

namespace {

// The operations of an upgrade section read back by the revision reader.
std::vector<Operation> ReadBack(const std::string& section) {
  const Revision revision =
      ParseYamlRevision("abc123_x.yaml", "revision: abc123\ndown_revision: null\n" + section);
  std::vector<Operation> ops;
  for (const RevisionOp& op : revision.upgrade) ops.push_back(op.op);
  return ops;
}

Operation RoundTrip(const Operation& op) {
  const std::string section = OperationSection("upgrade", {PlannedChange{op, ""}});
  INFO(section);
  const std::vector<Operation> ops = ReadBack(section);
  REQUIRE(ops.size() == 1);
  return ops[0];
}

// Operations have no ==; what the writer writes is their whole content, so
// the same text means the same operation, and the fields checked below show
// that the text holds them.
void RequireSame(const Operation& op) {
  const Operation back = RoundTrip(op);
  CHECK(OperationToYaml(back) == OperationToYaml(op));
  CHECK(Describe(back) == Describe(op));
}

Table SampleTable() {
  return SchemaFromYaml(R"yaml(tables:
  - name: orders
    schema: shop
    comment: "every order: \"quoted\""
    columns:
      - {name: id, type: bigint, nullable: false, primary_key: true, autoincrement: true}
      - {name: total, type: "numeric(10,2)", nullable: false, server_default: "0"}
      - {name: note, type: text, server_default: "NULL", comment: "free text\nsecond line"}
      - {name: customer_id, type: integer}
    foreign_keys:
      - {name: fk_orders_customer, columns: [customer_id], referent_table: customers,
         referent_schema: shop, referent_columns: [id], on_delete: set null,
         on_update: cascade, deferrable: true, initially: deferred}
    unique_constraints: [{name: uq_orders_note, columns: [note, total]}]
    check_constraints: [{name: ck_total, condition: "total >= 0 AND note <> 'x: y'"}]
indexes: []
)yaml", "t.yaml").tables[0];
}

}  // namespace

TEST_CASE("every operation kind reads back as written", "[operation_yaml_writer]") {
  const Table table = SampleTable();
  const QualifiedName orders{"shop", "orders"};
  const Index index{"ix_orders_note", orders, {"note", "total"}, true, "note IS NOT NULL"};
  const ForeignKey& key = table.foreign_keys[0];
  ForeignKey unnamed_key = key;
  unnamed_key.name.clear();
  Column added;
  added.name = "status";
  added.type = ParseType("string(16)");
  added.nullable = false;
  added.server_default = "'new'";
  Column uncommented = added;  // drop_column's existing has no comment key
  added.comment = "yes";  // a word YAML 1.1 reads as true

  const std::vector<Operation> ops = {
      CreateTable{table, true},
      DropTable{orders, table, false},
      DropTable{{"", "plain"}, std::nullopt, true},
      RenameTable{orders, "purchases"},
      AddColumn{orders, added, std::nullopt},
      DropColumn{{"", "users"}, "status", uncommented, std::nullopt},
      DropColumn{orders, "total", std::nullopt, std::nullopt},
      AlterColumn{orders, "total", ParseType("numeric(12,2)"), true, OptionalText(),
                  std::string("amount"), OptionalText("money"), ParseType("numeric(10,2)"),
                  false, OptionalText("0"), OptionalText(), "total::numeric", ""},
      AlterColumn{orders, "note", std::nullopt, false, std::nullopt, std::nullopt, std::nullopt,
                  std::nullopt, std::nullopt, std::nullopt, std::nullopt, "", "''"},
      CreateIndex{index, true, true},
      DropIndex{{"shop", "ix_orders_note"}, "orders", index, false, true},
      DropIndex{{"", "ix_plain"}, "", std::nullopt, true, false},
      CreateForeignKey{orders, key},
      CreateUniqueConstraint{orders, table.unique_constraints[0]},
      CreateCheckConstraint{orders, table.check_constraints[0]},
      CreatePrimaryKey{orders, PrimaryKey{"pk_orders", {"id", "note"}}},
      CreatePrimaryKey{orders, PrimaryKey{"", {"id"}}},
      DropConstraint{orders, "fk_orders_customer", ConstraintKind::kForeignKey, key},
      DropConstraint{orders, "uq_orders_note", ConstraintKind::kUnique,
                     table.unique_constraints[0]},
      DropConstraint{orders, "ck_total", ConstraintKind::kCheck, table.check_constraints[0]},
      DropConstraint{orders, "pk_orders", ConstraintKind::kPrimaryKey,
                     PrimaryKey{"pk_orders", {"id"}}},
      DropConstraint{orders, "whatever", std::nullopt, std::nullopt},
      // Without names: made unnamed, dropped by type and definition.
      CreateForeignKey{orders, unnamed_key},
      CreateUniqueConstraint{orders, UniqueConstraint{"", {"note"}}},
      CreateCheckConstraint{orders, CheckConstraint{"", "total > 0"}},
      DropConstraint{orders, "", ConstraintKind::kForeignKey, unnamed_key},
      DropConstraint{orders, "", ConstraintKind::kUnique, UniqueConstraint{"", {"note"}}},
      DropConstraint{orders, "", ConstraintKind::kCheck, CheckConstraint{"", "total > 0"}},
      DropConstraint{orders, "", ConstraintKind::kPrimaryKey, std::nullopt},
      Execute{"UPDATE orders SET note = 'a: b'\nWHERE id = 1\n", {}},
      Execute{"SELECT 1", {{"sqlite", "SELECT 2"}}},
      BulkInsert{orders,
                 {"id", "note", "total", "flag", "nothing"},
                 {{1LL, std::string("12"), 2.5, true, std::monostate()},
                  {2LL, std::string("null"), 1e20, false, std::string("it's")}}},
      CreateTableComment{orders, "orders: all of them", OptionalText("old")},
      CreateTableComment{orders, "new", std::nullopt},
      DropTableComment{orders, OptionalText()},
      DropTableComment{orders, std::nullopt},
  };
  for (const Operation& op : ops) {
    INFO(OperationToYaml(op));
    RequireSame(op);
  }
}

TEST_CASE("what the writer writes is what the operation holds", "[operation_yaml_writer]") {
  const Table table = SampleTable();
  const auto created = std::get<CreateTable>(RoundTrip(CreateTable{table, false}));
  CHECK(created.table.comment == table.comment);
  CHECK(created.table.columns[2].comment == table.columns[2].comment);
  CHECK(created.table.columns[2].server_default == std::optional<std::string>("null"));
  CHECK(created.table.foreign_keys == table.foreign_keys);
  CHECK(created.table.check_constraints == table.check_constraints);

  const auto dropped = std::get<DropTable>(RoundTrip(DropTable{table.name, table, false}));
  REQUIRE(dropped.existing);
  // An autoincrement key is written on its column, where revisions take it.
  CHECK(dropped.existing->columns == WithInlineKey(table).columns);
  CHECK_FALSE(dropped.existing->primary_key);

  const auto insert = std::get<BulkInsert>(RoundTrip(
      BulkInsert{{"", "t"}, {"a", "b", "c"}, {{std::string("12"), 2.5, std::monostate()}}}));
  CHECK(insert.rows[0][0] == Literal(std::string("12")));
  CHECK(insert.rows[0][1] == Literal(2.5));
  CHECK(insert.rows[0][2] == Literal(std::monostate()));

  AlterColumn alter;
  alter.table = {"", "t"};
  alter.column = "c";
  alter.server_default = OptionalText();
  alter.existing_server_default = OptionalText("'x'");
  const auto back = std::get<AlterColumn>(RoundTrip(alter));
  CHECK(back.server_default == std::optional<OptionalText>(OptionalText()));
  CHECK(back.existing_server_default == std::optional<OptionalText>(OptionalText("'x'")));
}

TEST_CASE("remarks are comments above their operation", "[operation_yaml_writer]") {
  const std::string section = OperationSection(
      "upgrade", {PlannedChange{DropColumn{{"", "t"}, "a", std::nullopt, std::nullopt},
                     "possible rename of column a to b\nsecond thought"},
       PlannedChange{RenameTable{{"", "t"}, "u"}, ""}});
  CHECK(section ==
        "upgrade:\n"
        "  # possible rename of column a to b\n"
        "  # second thought\n"
        "  - drop_column: {table: t, column: a}\n"
        "  - rename_table: {name: t, new_name: u}\n");
  CHECK(ReadBack(section).size() == 2);
}
