// The YAML revision format: every operation with all of its keys, the header,
// the downgrade section, and the errors a user gets for a wrong file, each
// naming the file and the line.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "retort/error.h"
#include "retort/revision.h"
#include "revision_readers.h"

namespace {

using Catch::Contains;
using Catch::StartsWith;
using retort::AddColumn;
using retort::AlterColumn;
using retort::BulkInsert;
using retort::CheckConstraint;
using retort::Column;
using retort::ConstraintKind;
using retort::CreateCheckConstraint;
using retort::CreateForeignKey;
using retort::CreateIndex;
using retort::CreatePrimaryKey;
using retort::CreateTable;
using retort::CreateTableComment;
using retort::CreateUniqueConstraint;
using retort::DropColumn;
using retort::DropConstraint;
using retort::DropIndex;
using retort::DropTable;
using retort::DropTableComment;
using retort::Execute;
using retort::FileError;
using retort::ForeignKey;
using retort::Index;
using retort::Literal;
using retort::ParseYamlRevision;
using retort::PrimaryKey;
using retort::PrimaryKeyColumns;
using retort::QualifiedName;
using retort::ReferentialAction;
using retort::RenameTable;
using retort::Revision;
using retort::Sha256Hex;
using retort::Table;
using retort::Type;
using retort::TypeKind;
using retort::UniqueConstraint;

const std::string kPath = "versions/abc123_test.yaml";

// Four header lines; the operations that follow start on line 5.
const std::string kHeader =
    "revision: abc123\n"
    "down_revision: null\n"
    "message: test\n"
    "upgrade:\n";

Revision ParseOps(const std::string& ops) { return ParseYamlRevision(kPath, kHeader + ops); }

// The one upgrade operation of a revision with `ops`, as a T.
template <class T>
T OnlyOp(const std::string& ops) {
  const Revision revision = ParseOps(ops);
  REQUIRE(revision.upgrade.size() == 1);
  REQUIRE(std::holds_alternative<T>(revision.upgrade[0].op));
  return std::get<T>(revision.upgrade[0].op);
}

// Parses `text` as the file `path`, expecting a FileError at `line` whose
// message says `reason`.
void CheckFileError(const std::string& text, int line, const std::string& reason,
                    const std::string& path = kPath) {
  INFO(text);
  try {
    ParseYamlRevision(path, text);
  } catch (const FileError& error) {
    const std::string message = error.what();
    CHECK_THAT(message, StartsWith(path + ":" + std::to_string(line) + ": "));
    CHECK(error.line() == line);
    CHECK(error.path() == path);
    CHECK_THAT(message, Contains(reason));
    return;
  }
  FAIL_CHECK("no FileError");
}

void CheckOpsError(const std::string& ops, int line, const std::string& reason) {
  CheckFileError(kHeader + ops, line, reason);
}

Type T(TypeKind kind) { return Type{kind, {}, {}, {}}; }

Column MakeColumn(std::string name, Type type) {
  Column column;
  column.name = std::move(name);
  column.type = type;
  return column;
}

// --- Header and sections ------------------------------------------------------

TEST_CASE("YAML revision header keys are read into the revision header", "[yaml_revision]") {
  const std::string text =
      "revision: abc123\n"
      "down_revision: [p1, p2]\n"
      "branch_labels: [billing]\n"
      "depends_on: d1\n"
      "message: add billing\n"
      "create_date: \"2024-03-02 18:41:07\"\n"
      "upgrade: []\n";
  const Revision revision = ParseYamlRevision(kPath, text);
  CHECK(revision.header.id == "abc123");
  CHECK(revision.header.down_revisions == std::vector<std::string>{"p1", "p2"});
  CHECK(revision.header.branch_labels == std::vector<std::string>{"billing"});
  CHECK(revision.header.depends_on == std::vector<std::string>{"d1"});
  CHECK(revision.header.message == "add billing");
  CHECK(revision.header.create_date == "2024-03-02 18:41:07");
  CHECK(revision.header.path == kPath);
  CHECK(revision.upgrade.empty());
  CHECK(revision.checksum == Sha256Hex(text));
  CHECK(revision.checksum.size() == 64);
}

TEST_CASE("a YAML revision with only the revision key is a base with no operations",
          "[yaml_revision]") {
  const Revision revision = ParseYamlRevision(kPath, "revision: abc123\n");
  CHECK(revision.header.down_revisions.empty());
  CHECK(revision.header.branch_labels.empty());
  CHECK(revision.header.depends_on.empty());
  CHECK(revision.header.message.empty());
  CHECK(revision.upgrade.empty());
  CHECK_FALSE(revision.downgrade);
}

TEST_CASE("a file named exactly after the revision id is accepted", "[yaml_revision]") {
  CHECK(ParseYamlRevision("versions/abc123.yaml", "revision: abc123\n").header.id == "abc123");
}

TEST_CASE("operations record the line of their list item", "[yaml_revision]") {
  const Revision revision = ParseOps(
      "  - drop_table: a\n"        // 5
      "\n"                         // 6
      "  - rename_table:\n"        // 7
      "      name: b\n"            // 8
      "      new_name: c\n"        // 9
      "  - execute: SELECT 1\n");  // 10
  REQUIRE(revision.upgrade.size() == 3);
  CHECK(revision.upgrade[0].line == 5);
  CHECK(revision.upgrade[1].line == 7);
  CHECK(revision.upgrade[2].line == 10);
}

TEST_CASE("without a downgrade key, or with downgrade: null, downgrade is not given",
          "[yaml_revision]") {
  CHECK_FALSE(ParseYamlRevision(kPath, "revision: abc123\nupgrade: []\n").downgrade);
  CHECK_FALSE(
      ParseYamlRevision(kPath, "revision: abc123\nupgrade: []\ndowngrade: null\n").downgrade);
  CHECK_FALSE(ParseYamlRevision(kPath, "revision: abc123\nupgrade: []\ndowngrade:\n").downgrade);
}

TEST_CASE("downgrade: [] says explicitly that there is nothing to undo", "[yaml_revision]") {
  const Revision revision =
      ParseYamlRevision(kPath, "revision: abc123\nupgrade:\n  - drop_table: t\ndowngrade: []\n");
  REQUIRE(revision.downgrade);
  CHECK(revision.downgrade->empty());
}

TEST_CASE("a downgrade section is parsed like upgrade, with its lines", "[yaml_revision]") {
  const Revision revision = ParseYamlRevision(kPath,
                                              "revision: abc123\n"       // 1
                                              "upgrade:\n"               // 2
                                              "  - execute: SELECT 1\n"  // 3
                                              "downgrade:\n"             // 4
                                              "  - drop_table: t\n"      // 5
                                              "  - drop_index: ix\n");   // 6
  REQUIRE(revision.downgrade);
  REQUIRE(revision.downgrade->size() == 2);
  CHECK(std::holds_alternative<DropTable>((*revision.downgrade)[0].op));
  CHECK((*revision.downgrade)[0].line == 5);
  CHECK(std::holds_alternative<DropIndex>((*revision.downgrade)[1].op));
  CHECK((*revision.downgrade)[1].line == 6);
}

// --- create_table ---------------------------------------------------------------

TEST_CASE("create_table reads columns, inline references, constraints and comment",
          "[yaml_revision]") {
  const auto op = OnlyOp<CreateTable>(R"yaml(  - create_table:
      name: orders
      schema: shop
      comment: customer orders
      if_not_exists: true
      columns:
        - {name: id, type: bigint, nullable: false}
        - name: user_id
          type: integer
          references: auth.users.id
          on_delete: cascade
          on_update: set_null
        - {name: total, type: "numeric(10,2)", server_default: "0", comment: in cents}
        - {name: code, type: string(8), unique: true}
        - {name: a, type: integer}
        - {name: b, type: integer}
      primary_key: {name: pk_orders, columns: [id]}
      foreign_keys:
        - name: fk_orders_pair
          columns: [a, b]
          referent_table: pairs
          referent_schema: ref
          referent_columns: [x, y]
          on_delete: restrict
          on_update: no action
          deferrable: true
          initially: deferred
      unique_constraints:
        - {name: uq_orders_code, columns: [code, a]}
        - {columns: b}
      check_constraints:
        - {name: ck_orders_total, condition: "total >= 0"}
        - {condition: "a <> b"}
)yaml");
  CHECK(op.if_not_exists);
  const Table& table = op.table;
  CHECK(table.name == QualifiedName{"shop", "orders"});
  CHECK(table.comment == "customer orders");

  REQUIRE(table.columns.size() == 6);
  Column id = MakeColumn("id", T(TypeKind::kBigInt));
  id.nullable = false;
  CHECK(table.columns[0] == id);
  CHECK(table.columns[1] == MakeColumn("user_id", T(TypeKind::kInteger)));
  Column total = MakeColumn("total", Type{TypeKind::kNumeric, {}, 10, 2});
  total.server_default = "0";
  total.comment = "in cents";
  CHECK(table.columns[2] == total);
  Column code = MakeColumn("code", Type{TypeKind::kString, 8, {}, {}});
  code.unique = true;
  CHECK(table.columns[3] == code);

  REQUIRE(table.primary_key);
  CHECK(*table.primary_key == PrimaryKey{"pk_orders", {"id"}});

  REQUIRE(table.foreign_keys.size() == 2);
  ForeignKey inline_key;
  inline_key.columns = {"user_id"};
  inline_key.referent = {"auth", "users"};
  inline_key.referent_columns = {"id"};
  inline_key.on_delete = ReferentialAction::kCascade;
  inline_key.on_update = ReferentialAction::kSetNull;
  CHECK(table.foreign_keys[0] == inline_key);
  ForeignKey pair_key;
  pair_key.name = "fk_orders_pair";
  pair_key.columns = {"a", "b"};
  pair_key.referent = {"ref", "pairs"};
  pair_key.referent_columns = {"x", "y"};
  pair_key.on_delete = ReferentialAction::kRestrict;
  pair_key.on_update = ReferentialAction::kNoAction;
  pair_key.deferrable = true;
  pair_key.initially = "DEFERRED";
  CHECK(table.foreign_keys[1] == pair_key);

  REQUIRE(table.unique_constraints.size() == 2);
  CHECK(table.unique_constraints[0] == UniqueConstraint{"uq_orders_code", {"code", "a"}});
  CHECK(table.unique_constraints[1] == UniqueConstraint{"", {"b"}});
  REQUIRE(table.check_constraints.size() == 2);
  CHECK(table.check_constraints[0] == CheckConstraint{"ck_orders_total", "total >= 0"});
  CHECK(table.check_constraints[1] == CheckConstraint{"", "a <> b"});
}

TEST_CASE("create_table reads column-level primary keys and autoincrement", "[yaml_revision]") {
  const auto op = OnlyOp<CreateTable>(
      "  - create_table:\n"
      "      name: users\n"
      "      columns:\n"
      "        - {name: id, type: integer, primary_key: true, autoincrement: true}\n"
      "        - {name: phone, type: string(20), nullable: no}\n");
  const Table& table = op.table;
  CHECK(table.name == QualifiedName{"", "users"});
  CHECK_FALSE(op.if_not_exists);
  CHECK_FALSE(table.primary_key);
  CHECK_FALSE(table.comment);
  CHECK(table.foreign_keys.empty());
  REQUIRE(table.columns.size() == 2);
  CHECK(table.columns[0].primary_key);
  CHECK(table.columns[0].autoincrement);
  CHECK(table.columns[0].nullable);
  CHECK_FALSE(table.columns[1].nullable);
  CHECK(PrimaryKeyColumns(table) == std::vector<std::string>{"id"});
}

TEST_CASE("an inline reference without a schema names the table and column", "[yaml_revision]") {
  const auto op = OnlyOp<CreateTable>(
      "  - create_table:\n"
      "      name: posts\n"
      "      columns:\n"
      "        - {name: author_id, type: integer, references: users.id}\n");
  REQUIRE(op.table.foreign_keys.size() == 1);
  const ForeignKey& key = op.table.foreign_keys[0];
  CHECK(key.name.empty());
  CHECK(key.columns == std::vector<std::string>{"author_id"});
  CHECK(key.referent == QualifiedName{"", "users"});
  CHECK(key.referent_columns == std::vector<std::string>{"id"});
  CHECK_FALSE(key.on_delete);
  CHECK_FALSE(key.on_update);
}

TEST_CASE("create_table rejects a table that is both keyed by mapping and by column",
          "[yaml_revision]") {
  CheckOpsError(
      "  - create_table:\n"                                       // 5
      "      name: t\n"                                           // 6
      "      columns:\n"                                          // 7
      "        - {name: id, type: integer, primary_key: true}\n"  // 8
      "      primary_key: {columns: [id]}\n",                     // 9
      9, "use one form");
}

TEST_CASE("create_table rejects constraints naming columns it does not have", "[yaml_revision]") {
  CheckOpsError(
      "  - create_table:\n"                    // 5
      "      name: t\n"                        // 6
      "      columns:\n"                       // 7
      "        - {name: id, type: integer}\n"  // 8
      "      unique_constraints:\n"            // 9
      "        - {columns: [idd]}\n",          // 10
      6, "names column 'idd', which table t does not have");
}

TEST_CASE("create_table without columns is rejected", "[yaml_revision]") {
  CheckOpsError("  - create_table: {name: t}\n", 5, "create_table needs 'columns'");
  CheckOpsError("  - create_table: {name: t, columns: []}\n", 5, "create_table needs 'columns'");
}

TEST_CASE("autoincrement without primary_key is rejected", "[yaml_revision]") {
  CheckOpsError(
      "  - create_table:\n"               // 5
      "      name: t\n"                   // 6
      "      columns:\n"                  // 7
      "        - name: id\n"              // 8
      "          type: integer\n"         // 9
      "          autoincrement: true\n",  // 10
      10, "needs primary_key: true");
}

TEST_CASE("a foreign key with more columns than referent columns is rejected", "[yaml_revision]") {
  CheckOpsError(
      "  - create_table:\n"  // 5
      "      name: t\n"      // 6
      "      columns: [{name: a, type: integer}, {name: b, type: integer}]\n"
      "      foreign_keys:\n"                                                     // 8
      "        - {columns: [a, b], referent_table: u, referent_columns: [x]}\n",  // 9
      9, "2 columns but 1 referent_columns");
}

TEST_CASE("a numeric type with an unquoted comma in a flow mapping gets a quoting hint",
          "[yaml_revision]") {
  CheckOpsError("  - add_column: {table: t, column: {name: price, type: numeric(6,2)}}\n", 5,
                "quote a type with a comma");
}

// --- drop_table and rename_table ----------------------------------------------------

TEST_CASE("drop_table: name is short for a drop without the table's definition",
          "[yaml_revision]") {
  const auto op = OnlyOp<DropTable>("  - drop_table: users\n");
  CHECK(op.name == QualifiedName{"", "users"});
  CHECK_FALSE(op.existing);
  CHECK_FALSE(op.if_exists);
}

TEST_CASE("drop_table with columns carries the dropped table's definition", "[yaml_revision]") {
  const auto op = OnlyOp<DropTable>(
      "  - drop_table:\n"
      "      name: users\n"
      "      schema: app\n"
      "      if_exists: true\n"
      "      comment: people\n"
      "      columns:\n"
      "        - {name: id, type: integer, primary_key: true}\n"
      "        - {name: team_id, type: integer, references: teams.id}\n"
      "      check_constraints:\n"
      "        - {name: ck_id, condition: id > 0}\n");
  CHECK(op.name == QualifiedName{"app", "users"});
  CHECK(op.if_exists);
  REQUIRE(op.existing);
  CHECK(op.existing->name == op.name);
  CHECK(op.existing->comment == "people");
  REQUIRE(op.existing->columns.size() == 2);
  CHECK(op.existing->columns[0].primary_key);
  REQUIRE(op.existing->foreign_keys.size() == 1);
  CHECK(op.existing->foreign_keys[0].referent == QualifiedName{"", "teams"});
  REQUIRE(op.existing->check_constraints.size() == 1);
  CHECK(op.existing->check_constraints[0] == CheckConstraint{"ck_id", "id > 0"});
}

TEST_CASE("drop_table as a mapping without columns has no definition", "[yaml_revision]") {
  const auto op = OnlyOp<DropTable>("  - drop_table: {name: users, schema: app}\n");
  CHECK(op.name == QualifiedName{"app", "users"});
  CHECK_FALSE(op.existing);
}

TEST_CASE("rename_table reads the old qualified name and the new name", "[yaml_revision]") {
  const auto op =
      OnlyOp<RenameTable>("  - rename_table: {name: users, schema: app, new_name: members}\n");
  CHECK(op.name == QualifiedName{"app", "users"});
  CHECK(op.new_name == "members");
}

// --- Columns ------------------------------------------------------------------------

TEST_CASE("add_column reads the column and its inline foreign key", "[yaml_revision]") {
  const auto op = OnlyOp<AddColumn>(
      "  - add_column:\n"
      "      table: posts\n"
      "      schema: blog\n"
      "      column:\n"
      "        name: author_id\n"
      "        type: integer\n"
      "        nullable: false\n"
      "        server_default: '0'\n"
      "        comment: who wrote it\n"
      "        references: users.id\n"
      "        on_delete: set null\n");
  CHECK(op.table == QualifiedName{"blog", "posts"});
  Column expected = MakeColumn("author_id", T(TypeKind::kInteger));
  expected.nullable = false;
  expected.server_default = "0";
  expected.comment = "who wrote it";
  CHECK(op.column == expected);
  REQUIRE(op.foreign_key);
  CHECK(op.foreign_key->columns == std::vector<std::string>{"author_id"});
  CHECK(op.foreign_key->referent == QualifiedName{"", "users"});
  CHECK(op.foreign_key->referent_columns == std::vector<std::string>{"id"});
  CHECK(op.foreign_key->on_delete == ReferentialAction::kSetNull);
  CHECK_FALSE(op.foreign_key->on_update);
}

TEST_CASE("add_column without references has no foreign key", "[yaml_revision]") {
  const auto op =
      OnlyOp<AddColumn>("  - add_column: {table: users, column: {name: nick, type: string(50)}}\n");
  CHECK(op.table == QualifiedName{"", "users"});
  CHECK(op.column == MakeColumn("nick", Type{TypeKind::kString, 50, {}, {}}));
  CHECK_FALSE(op.foreign_key);
}

TEST_CASE("on_delete without references is rejected", "[yaml_revision]") {
  CheckOpsError(
      "  - add_column: {table: u, column: {name: a, type: integer, on_delete: cascade}}\n", 5,
      "on_delete and on_update need 'references'");
}

TEST_CASE("drop_column with existing_type carries the dropped column", "[yaml_revision]") {
  const auto op = OnlyOp<DropColumn>(
      "  - drop_column:\n"
      "      table: users\n"
      "      schema: app\n"
      "      column: phone\n"
      "      existing_type: string(20)\n"
      "      existing_nullable: false\n"
      "      existing_server_default: \"'none'\"\n");
  CHECK(op.table == QualifiedName{"app", "users"});
  CHECK(op.column == "phone");
  Column expected = MakeColumn("phone", Type{TypeKind::kString, 20, {}, {}});
  expected.nullable = false;
  expected.server_default = "'none'";
  REQUIRE(op.existing);
  CHECK(*op.existing == expected);
}

TEST_CASE("drop_column without existing_type has no definition", "[yaml_revision]") {
  const auto op = OnlyOp<DropColumn>("  - drop_column: {table: users, column: phone}\n");
  CHECK(op.column == "phone");
  CHECK_FALSE(op.existing);
}

TEST_CASE("drop_column existing_nullable without existing_type is rejected", "[yaml_revision]") {
  CheckOpsError("  - drop_column: {table: users, column: phone, existing_nullable: false}\n", 5,
                "need existing_type");
}

TEST_CASE("alter_column reads every change and every existing_ value", "[yaml_revision]") {
  const auto op = OnlyOp<AlterColumn>(
      "  - alter_column:\n"
      "      table: users\n"
      "      schema: app\n"
      "      column: phone\n"
      "      type: string(32)\n"
      "      nullable: false\n"
      "      server_default: \"''\"\n"
      "      new_column_name: phone_number\n"
      "      comment: E.164\n"
      "      existing_type: string(20)\n"
      "      existing_nullable: true\n"
      "      existing_server_default: null\n"
      "      existing_comment: old comment\n"
      "      using: phone::varchar(32)\n");
  CHECK(op.table == QualifiedName{"app", "users"});
  CHECK(op.column == "phone");
  CHECK(op.type == Type{TypeKind::kString, 32, {}, {}});
  CHECK(op.nullable == false);
  REQUIRE(op.server_default);
  CHECK(*op.server_default == "''");
  CHECK(op.new_column_name == "phone_number");
  REQUIRE(op.comment);
  CHECK(*op.comment == "E.164");
  CHECK(op.existing_type == Type{TypeKind::kString, 20, {}, {}});
  CHECK(op.existing_nullable == true);
  REQUIRE(op.existing_server_default);
  CHECK_FALSE(op.existing_server_default->has_value());
  REQUIRE(op.existing_comment);
  CHECK(*op.existing_comment == "old comment");
  CHECK(op.using_expression == "phone::varchar(32)");
}

TEST_CASE("alter_column server_default: null drops the default; absent leaves it",
          "[yaml_revision]") {
  const auto drop =
      OnlyOp<AlterColumn>("  - alter_column: {table: t, column: c, server_default: null}\n");
  REQUIRE(drop.server_default.has_value());
  CHECK_FALSE(drop.server_default->has_value());

  const auto keep =
      OnlyOp<AlterColumn>("  - alter_column: {table: t, column: c, nullable: true}\n");
  CHECK_FALSE(keep.server_default.has_value());
  CHECK_FALSE(keep.comment.has_value());
  CHECK_FALSE(keep.type);
  CHECK(keep.nullable == true);
  CHECK(keep.using_expression.empty());

  const auto drop_comment =
      OnlyOp<AlterColumn>("  - alter_column: {table: t, column: c, comment: null}\n");
  REQUIRE(drop_comment.comment.has_value());
  CHECK_FALSE(drop_comment.comment->has_value());
}

TEST_CASE("alter_column that changes nothing is rejected", "[yaml_revision]") {
  CheckOpsError(
      "  - alter_column:\n"                 // 5
      "      table: users\n"                // 6
      "      column: phone\n"               // 7
      "      existing_type: string(20)\n",  // 8
      6, "alter_column changes nothing");
}

// --- Indexes --------------------------------------------------------------------

TEST_CASE("create_index reads columns, unique, where and the PostgreSQL flags", "[yaml_revision]") {
  const auto op = OnlyOp<CreateIndex>(
      "  - create_index:\n"
      "      name: ux_users_phone\n"
      "      table: users\n"
      "      schema: app\n"
      "      columns: [phone, country]\n"
      "      unique: true\n"
      "      where: phone IS NOT NULL\n"
      "      if_not_exists: true\n"
      "      concurrently: true\n");
  CHECK(op.index ==
        Index{"ux_users_phone", {"app", "users"}, {"phone", "country"}, true, "phone IS NOT NULL"});
  CHECK(op.if_not_exists);
  CHECK(op.concurrently);
}

TEST_CASE("create_index accepts a single column as a scalar", "[yaml_revision]") {
  const auto op = OnlyOp<CreateIndex>("  - create_index: {name: ix, table: t, columns: a}\n");
  CHECK(op.index == Index{"ix", {"", "t"}, {"a"}, false, ""});
  CHECK_FALSE(op.if_not_exists);
  CHECK_FALSE(op.concurrently);
}

TEST_CASE("drop_index: name is short for a drop without the index's definition",
          "[yaml_revision]") {
  const auto op = OnlyOp<DropIndex>("  - drop_index: ix_users_phone\n");
  CHECK(op.name == QualifiedName{"", "ix_users_phone"});
  CHECK(op.table.empty());
  CHECK_FALSE(op.existing);
  CHECK_FALSE(op.if_exists);
  CHECK_FALSE(op.concurrently);
}

TEST_CASE("drop_index with columns carries the dropped index", "[yaml_revision]") {
  const auto op = OnlyOp<DropIndex>(
      "  - drop_index:\n"
      "      name: ux_phone\n"
      "      schema: app\n"
      "      table: users\n"
      "      columns: [phone]\n"
      "      unique: true\n"
      "      where: phone IS NOT NULL\n"
      "      if_exists: true\n"
      "      concurrently: true\n");
  CHECK(op.name == QualifiedName{"app", "ux_phone"});
  CHECK(op.table == "users");
  CHECK(op.if_exists);
  CHECK(op.concurrently);
  REQUIRE(op.existing);
  CHECK(*op.existing == Index{"ux_phone", {"app", "users"}, {"phone"}, true, "phone IS NOT NULL"});
}

TEST_CASE("drop_index with columns but no table is rejected", "[yaml_revision]") {
  CheckOpsError("  - drop_index: {name: ix, columns: [a]}\n", 5, "needs 'table' too");
}

// --- Constraints ------------------------------------------------------------------

TEST_CASE("create_foreign_key reads every key of the foreign key", "[yaml_revision]") {
  const auto op = OnlyOp<CreateForeignKey>(
      "  - create_foreign_key:\n"
      "      name: fk_orders_user\n"
      "      table: orders\n"
      "      schema: shop\n"
      "      columns: [user_id]\n"
      "      referent_table: users\n"
      "      referent_schema: auth\n"
      "      referent_columns: [id]\n"
      "      on_delete: CASCADE\n"
      "      on_update: set default\n"
      "      deferrable: true\n"
      "      initially: Immediate\n");
  CHECK(op.table == QualifiedName{"shop", "orders"});
  ForeignKey expected;
  expected.name = "fk_orders_user";
  expected.columns = {"user_id"};
  expected.referent = {"auth", "users"};
  expected.referent_columns = {"id"};
  expected.on_delete = ReferentialAction::kCascade;
  expected.on_update = ReferentialAction::kSetDefault;
  expected.deferrable = true;
  expected.initially = "IMMEDIATE";
  CHECK(op.foreign_key == expected);
}

TEST_CASE("create_foreign_key with more columns than referent columns is rejected",
          "[yaml_revision]") {
  // create_table's foreign_keys reject this; the stand-alone operation must too.
  CheckOpsError(
      "  - create_foreign_key:\n"       // 5
      "      name: fk\n"                // 6
      "      table: t\n"                // 7
      "      columns: [a, b]\n"         // 8
      "      referent_table: u\n"       // 9
      "      referent_columns: [x]\n",  // 10
      6, "referent_columns");
}

TEST_CASE("initially must be deferred or immediate", "[yaml_revision]") {
  CheckOpsError(
      "  - create_foreign_key:\n"                                      // 5
      "      {name: fk, table: t, columns: [a], referent_table: u,\n"  // 6
      "       referent_columns: [x], deferrable: true, initially: later}\n",  // 7
      7, "must be deferred or immediate");
}

TEST_CASE("initially needs deferrable: true", "[yaml_revision]") {
  CheckOpsError(
      "  - create_foreign_key:\n"                                      // 5
      "      {name: fk, table: t, columns: [a], referent_table: u,\n"  // 6
      "       referent_columns: [x], initially: deferred}\n",          // 7
      7, "initially' needs deferrable: true");
}

TEST_CASE("create_unique_constraint reads name and columns", "[yaml_revision]") {
  const auto op = OnlyOp<CreateUniqueConstraint>(
      "  - create_unique_constraint: {name: uq_ab, table: t, schema: s, columns: [a, b]}\n");
  CHECK(op.table == QualifiedName{"s", "t"});
  CHECK(op.constraint == UniqueConstraint{"uq_ab", {"a", "b"}});
}

TEST_CASE("create_check_constraint reads name and condition", "[yaml_revision]") {
  const auto op = OnlyOp<CreateCheckConstraint>(
      "  - create_check_constraint: {name: ck_a, table: t, condition: \"a > 0\"}\n");
  CHECK(op.table == QualifiedName{"", "t"});
  CHECK(op.constraint == CheckConstraint{"ck_a", "a > 0"});
}

TEST_CASE("create_primary_key reads an optional name and the columns", "[yaml_revision]") {
  const auto named =
      OnlyOp<CreatePrimaryKey>("  - create_primary_key: {name: pk_t, table: t, columns: [a, b]}\n");
  CHECK(named.table == QualifiedName{"", "t"});
  CHECK(named.constraint == PrimaryKey{"pk_t", {"a", "b"}});
  const auto unnamed =
      OnlyOp<CreatePrimaryKey>("  - create_primary_key: {table: t, columns: id}\n");
  CHECK(unnamed.constraint == PrimaryKey{"", {"id"}});
}

TEST_CASE("drop_constraint without type describes nothing", "[yaml_revision]") {
  const auto op = OnlyOp<DropConstraint>("  - drop_constraint: {table: t, schema: s, name: c}\n");
  CHECK(op.table == QualifiedName{"s", "t"});
  CHECK(op.name == "c");
  CHECK_FALSE(op.kind);
  CHECK_FALSE(op.existing);
}

TEST_CASE("drop_constraint with type and definition carries the dropped constraint",
          "[yaml_revision]") {
  const auto check = OnlyOp<DropConstraint>(
      "  - drop_constraint: {table: t, name: ck, type: check, condition: \"a > 0\"}\n");
  CHECK(check.kind == ConstraintKind::kCheck);
  REQUIRE(check.existing);
  CHECK(std::get<CheckConstraint>(*check.existing) == CheckConstraint{"ck", "a > 0"});

  const auto unique = OnlyOp<DropConstraint>(
      "  - drop_constraint: {table: t, name: uq, type: UNIQUE, columns: [a, b]}\n");
  CHECK(unique.kind == ConstraintKind::kUnique);
  REQUIRE(unique.existing);
  CHECK(std::get<UniqueConstraint>(*unique.existing) == UniqueConstraint{"uq", {"a", "b"}});

  const auto primary = OnlyOp<DropConstraint>(
      "  - drop_constraint: {table: t, name: pk, type: primary, columns: id}\n");
  CHECK(primary.kind == ConstraintKind::kPrimaryKey);
  REQUIRE(primary.existing);
  CHECK(std::get<PrimaryKey>(*primary.existing) == PrimaryKey{"pk", {"id"}});

  const auto foreign = OnlyOp<DropConstraint>(
      "  - drop_constraint:\n"
      "      table: orders\n"
      "      name: fk_orders_user\n"
      "      type: foreignkey\n"
      "      columns: [user_id]\n"
      "      referent_table: users\n"
      "      referent_columns: [id]\n"
      "      on_delete: cascade\n");
  CHECK(foreign.kind == ConstraintKind::kForeignKey);
  REQUIRE(foreign.existing);
  ForeignKey expected;
  expected.name = "fk_orders_user";
  expected.columns = {"user_id"};
  expected.referent = {"", "users"};
  expected.referent_columns = {"id"};
  expected.on_delete = ReferentialAction::kCascade;
  CHECK(std::get<ForeignKey>(*foreign.existing) == expected);
}

TEST_CASE("drop_constraint with a type but no definition carries only the kind",
          "[yaml_revision]") {
  const auto op =
      OnlyOp<DropConstraint>("  - drop_constraint: {table: t, name: fk, type: foreignkey}\n");
  CHECK(op.kind == ConstraintKind::kForeignKey);
  CHECK_FALSE(op.existing);
}

TEST_CASE("drop_constraint rejects an unknown type and keys that do not apply", "[yaml_revision]") {
  CheckOpsError("  - drop_constraint: {table: t, name: ix, type: index}\n", 5,
                "must be primary, foreignkey, unique or check");
  CheckOpsError("  - drop_constraint: {table: t, name: c, condition: a > 0}\n", 5,
                "needs 'type' to say what was dropped");
  CheckOpsError("  - drop_constraint: {table: t, name: c, type: check, columns: [a]}\n", 5,
                "does not apply to a check constraint");
  CheckOpsError("  - drop_constraint: {table: t, name: c, type: unique, condition: a > 0}\n", 5,
                "does not apply to this constraint type");
}

// --- execute, bulk_insert, comments ----------------------------------------------

TEST_CASE("execute: SQL text runs on every dialect", "[yaml_revision]") {
  const auto op = OnlyOp<Execute>(
      "  - execute: |\n"
      "      UPDATE users\n"
      "      SET a = 1\n");
  CHECK(op.sql == "UPDATE users\nSET a = 1\n");
  CHECK(op.dialect_sql.empty());
}

TEST_CASE("execute: a mapping gives SQL per dialect, with sql: for the others", "[yaml_revision]") {
  const auto op = OnlyOp<Execute>(
      "  - execute:\n"
      "      sqlite: SELECT 1\n"
      "      postgresql: SELECT 2\n"
      "      sql: SELECT 3\n");
  CHECK(op.sql == "SELECT 3");
  CHECK(op.dialect_sql ==
        std::map<std::string, std::string>{{"sqlite", "SELECT 1"}, {"postgresql", "SELECT 2"}});

  const auto only_dialects = OnlyOp<Execute>("  - execute: {sqlite: VACUUM}\n");
  CHECK(only_dialects.sql.empty());
  CHECK(only_dialects.dialect_sql == std::map<std::string, std::string>{{"sqlite", "VACUUM"}});
}

TEST_CASE("execute without SQL is rejected", "[yaml_revision]") {
  CheckOpsError("  - execute: \"  \"\n", 5, "execute has no SQL");
  CheckOpsError("  - execute: [a, b]\n", 5, "execute takes SQL text");
  CheckOpsError("  - execute: {}\n", 5, "execute has no SQL");
}

TEST_CASE("bulk_insert types plain values and keeps quoted values as text", "[yaml_revision]") {
  const auto op = OnlyOp<BulkInsert>(
      "  - bulk_insert:\n"
      "      table: settings\n"
      "      schema: app\n"
      "      rows:\n"
      "        - {id: 1, ratio: 1.5, active: true, note: null, code: \"1\"}\n"
      "        - {id: -2, ratio: 2e3, active: False, note: ~, code: abc}\n"
      "        - {id: +3, ratio: -0.25, active: 'true', note: '', code: 'null'}\n");
  CHECK(op.table == QualifiedName{"app", "settings"});
  CHECK(op.columns == std::vector<std::string>{"id", "ratio", "active", "note", "code"});
  REQUIRE(op.rows.size() == 3);
  CHECK(op.rows[0] == std::vector<Literal>{1LL, 1.5, true, std::monostate(), std::string("1")});
  CHECK(op.rows[1] ==
        std::vector<Literal>{-2LL, 2000.0, false, std::monostate(), std::string("abc")});
  CHECK(op.rows[2] ==
        std::vector<Literal>{3LL, -0.25, std::string("true"), std::string(), std::string("null")});
  CHECK(std::holds_alternative<long long>(op.rows[0][0]));
  CHECK(std::holds_alternative<double>(op.rows[0][1]));
  CHECK(std::holds_alternative<bool>(op.rows[0][2]));
  CHECK(std::holds_alternative<std::monostate>(op.rows[0][3]));
  CHECK(std::holds_alternative<std::string>(op.rows[0][4]));
}

TEST_CASE("bulk_insert keeps a value tagged !!str as text", "[yaml_revision]") {
  const auto op = OnlyOp<BulkInsert>(
      "  - bulk_insert: {table: t, rows: [{code: !!str 007, flag: !!str true}]}\n");
  REQUIRE(op.rows.size() == 1);
  CHECK(op.rows[0] == std::vector<Literal>{std::string("007"), std::string("true")});
}

TEST_CASE("bulk_insert rows naming different columns are rejected at the row", "[yaml_revision]") {
  CheckOpsError(
      "  - bulk_insert:\n"         // 5
      "      table: t\n"           // 6
      "      rows:\n"              // 7
      "        - {a: 1, b: 2}\n"   // 8
      "        - {a: 1, c: 2}\n",  // 9
      9, "every bulk_insert row must name the same columns in the same order (a, b)");
  CheckOpsError(
      "  - bulk_insert:\n"         // 5
      "      table: t\n"           // 6
      "      rows:\n"              // 7
      "        - {a: 1, b: 2}\n"   // 8
      "        - {b: 2, a: 1}\n",  // 9
      9, "same columns in the same order");
}

TEST_CASE("bulk_insert rejects rows that are not mappings and values that are not scalars",
          "[yaml_revision]") {
  CheckOpsError("  - bulk_insert: {table: t, rows: {a: 1}}\n", 5, "must be a list");
  CheckOpsError(
      "  - bulk_insert:\n"   // 5
      "      table: t\n"     // 6
      "      rows:\n"        // 7
      "        - [1, 2]\n",  // 8
      8, "a bulk_insert row must be a mapping");
  CheckOpsError(
      "  - bulk_insert:\n"        // 5
      "      table: t\n"          // 6
      "      rows:\n"             // 7
      "        - {a: [1, 2]}\n",  // 8
      8, "a bulk_insert value must be a single value");
}

TEST_CASE("create_table_comment reads the comment and the optional existing comment",
          "[yaml_revision]") {
  const auto op = OnlyOp<CreateTableComment>(
      "  - create_table_comment: {table: t, schema: s, comment: new, existing_comment: old}\n");
  CHECK(op.table == QualifiedName{"s", "t"});
  CHECK(op.comment == "new");
  REQUIRE(op.existing_comment);
  CHECK(*op.existing_comment == "old");

  const auto none_before = OnlyOp<CreateTableComment>(
      "  - create_table_comment: {table: t, comment: new, existing_comment: null}\n");
  REQUIRE(none_before.existing_comment);
  CHECK_FALSE(none_before.existing_comment->has_value());

  const auto unknown =
      OnlyOp<CreateTableComment>("  - create_table_comment: {table: t, comment: new}\n");
  CHECK_FALSE(unknown.existing_comment);
}

TEST_CASE("drop_table_comment reads the optional existing comment", "[yaml_revision]") {
  const auto op =
      OnlyOp<DropTableComment>("  - drop_table_comment: {table: t, existing_comment: old}\n");
  CHECK(op.table == QualifiedName{"", "t"});
  REQUIRE(op.existing_comment);
  CHECK(*op.existing_comment == "old");
  CHECK_FALSE(OnlyOp<DropTableComment>("  - drop_table_comment: {table: t}\n").existing_comment);
}

// --- Errors -------------------------------------------------------------------------

TEST_CASE("text that is not YAML is a FileError at the line of the problem", "[yaml_revision]") {
  CheckFileError(
      "revision: abc123\n"  // 1
      "message: fix: it\n"  // 2
      "upgrade: []\n",      // 3
      2, "not valid YAML");
  CheckFileError(
      "revision: abc123\n"    // 1
      "upgrade:\n"            // 2
      "  - drop_table: t\n"   // 3
      " bad: indentation\n",  // 4
      4, "not valid YAML");
}

TEST_CASE("a revision file that is not a mapping is rejected", "[yaml_revision]") {
  CheckFileError("- revision: abc123\n", 1, "a revision file is a mapping");
  CheckFileError("just text\n", 1, "a revision file is a mapping");
  CheckFileError("", 1, "a revision file is a mapping");
}

TEST_CASE("a revision file without revision: is rejected", "[yaml_revision]") {
  CheckFileError("message: hello\nupgrade: []\n", 1, "needs 'revision'");
  CheckFileError("revision:\nupgrade: []\n", 1, "needs 'revision'");
}

TEST_CASE("an unknown top-level key is rejected, listing the known ones", "[yaml_revision]") {
  CheckFileError(
      "revision: abc123\n"      // 1
      "down_revisions: null\n"  // 2
      "upgrade: []\n",          // 3
      2, "unknown key 'down_revisions' in revision file (known: ");
  CheckFileError("revision: abc123\ndown_revisions: null\n", 2, "down_revision");
}

TEST_CASE("a duplicated top-level key is rejected, not silently ignored", "[yaml_revision]") {
  // YAML forbids duplicate keys; taking one of them would drop operations.
  CheckFileError(
      "revision: abc123\n"    // 1
      "upgrade:\n"            // 2
      "  - drop_table: a\n"   // 3
      "upgrade:\n"            // 4
      "  - drop_table: b\n",  // 5
      4, "upgrade");
}

TEST_CASE("a duplicated key inside an operation is rejected, not silently ignored",
          "[yaml_revision]") {
  CheckOpsError(
      "  - add_column:\n"                                                           // 5
      "      table: t\n"                                                            // 6
      "      column: {name: c, type: integer, nullable: false, nullable: true}\n",  // 7
      7, "nullable");
}

TEST_CASE("an unknown operation is rejected, listing the known ones", "[yaml_revision]") {
  const std::string ops =
      "  - drop_table: a\n"             // 5
      "  - create_tabel: {name: t}\n";  // 6
  CheckOpsError(ops, 6, "unknown operation 'create_tabel' (known: ");
  for (const char* name :
       {"execute", "create_table", "drop_table", "rename_table", "add_column", "drop_column",
        "alter_column", "create_index", "drop_index", "create_foreign_key",
        "create_unique_constraint", "create_check_constraint", "create_primary_key",
        "drop_constraint", "bulk_insert", "create_table_comment", "drop_table_comment",
        "create_view", "drop_view", "create_trigger", "drop_trigger"}) {
    CheckOpsError(ops, 6, name);
  }
}

TEST_CASE("an unknown key inside an operation is rejected at its line", "[yaml_revision]") {
  CheckOpsError(
      "  - add_column:\n"          // 5
      "      table: users\n"       // 6
      "      column:\n"            // 7
      "        name: nick\n"       // 8
      "        type: text\n"       // 9
      "        nulable: false\n",  // 10
      10, "unknown key 'nulable' in column (known: ");
  CheckOpsError(
      "  - add_column:\n"          // 5
      "      table: users\n"       // 6
      "      column:\n"            // 7
      "        name: nick\n"       // 8
      "        type: text\n"       // 9
      "        nulable: false\n",  // 10
      10, "nullable");
  CheckOpsError(
      "  - create_index:\n"    // 5
      "      name: ix\n"       // 6
      "      table: t\n"       // 7
      "      colums: [a]\n"    // 8
      "      columns: [a]\n",  // 9
      8, "unknown key 'colums' in create_index");
}

TEST_CASE("an unknown column type is rejected at the type's line", "[yaml_revision]") {
  CheckOpsError(
      "  - add_column:\n"            // 5
      "      table: users\n"         // 6
      "      column:\n"              // 7
      "        name: nick\n"         // 8
      "        type: varchr(20)\n",  // 9
      9, "unknown type 'varchr(20)'");
  CheckOpsError("  - alter_column: {table: t, column: c, type: int4}\n", 5, "unknown type 'int4'");
}

TEST_CASE("a revision id other than letters, digits and '_' is rejected at its line",
          "[yaml_revision]") {
  // Such an id would read as a target: rev+1, label@head, a range a:b.
  for (const std::string id : {"abc+1", "abc@head", "a-b", "a.b"}) {
    CheckFileError("message: x\nrevision: \"" + id + "\"\n", 2, "revision",
                   "versions/" + id + "_x.yaml");
  }
}

TEST_CASE("a file whose name does not start with the revision id is rejected", "[yaml_revision]") {
  CheckFileError("message: x\nrevision: abc123\n", 2, "does not start with 'abc123_'",
                 "versions/other_name.yaml");
  CheckFileError("revision: abc123\n", 1, "name revision files {revision}_{slug}",
                 "versions/abc1234_longer.yaml");
}

TEST_CASE("an unknown on_delete action is rejected at its line", "[yaml_revision]") {
  CheckOpsError(
      "  - create_foreign_key:\n"      // 5
      "      name: fk\n"               // 6
      "      table: t\n"               // 7
      "      columns: [a]\n"           // 8
      "      referent_table: u\n"      // 9
      "      referent_columns: [x]\n"  // 10
      "      on_delete: explode\n",    // 11
      11, "unknown referential action 'explode'");
}

TEST_CASE("a list where a mapping is expected, and the reverse, are rejected", "[yaml_revision]") {
  CheckOpsError(
      "  - add_column:\n"              // 5
      "      table: t\n"               // 6
      "      column: [a, integer]\n",  // 7
      7, "column must be a mapping");
  CheckOpsError("  - create_table: [users]\n", 5, "create_table takes a mapping");
  CheckOpsError(
      "  - create_table:\n"                          // 5
      "      name: t\n"                              // 6
      "      columns: {name: id, type: integer}\n",  // 7
      7, "'columns' must be a list");
  CheckOpsError("  - drop_table\n", 5, "each operation is a mapping with one key");
  CheckOpsError("  - {drop_table: a, drop_index: b}\n", 5,
                "each operation is a mapping with one key");
  CheckOpsError("  - rename_table: {name: [a, b], new_name: c}\n", 5, "must be a single value");
  CheckFileError("revision: abc123\nupgrade: {drop_table: a}\n", 2,
                 "upgrade must be a list of operations");
}

TEST_CASE("a required key that is missing is named", "[yaml_revision]") {
  CheckOpsError("  - rename_table: {name: a}\n", 5, "rename_table needs 'new_name'");
  CheckOpsError("  - add_column: {table: t}\n", 5, "add_column needs 'column'");
  CheckOpsError("  - create_index: {name: ix, table: t}\n", 5, "create_index needs 'columns'");
}

TEST_CASE("a boolean key with a value that is not a boolean is rejected", "[yaml_revision]") {
  CheckOpsError("  - create_index: {name: ix, table: t, columns: a, unique: maybe}\n", 5,
                "must be true or false, not 'maybe'");
}

}  // namespace
