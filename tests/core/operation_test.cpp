// Operations: their names and descriptions, Reverse() of each (and what it
// says when it cannot), the downgrade a revision gets without a downgrade
// section, and the SQL an execute runs on a dialect.
#include "retort/operation.h"

#include <catch2/catch.hpp>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

#include "retort/error.h"
#include "retort/revision.h"

namespace {

using Catch::Contains;
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
using retort::Describe;
using retort::DowngradeOperations;
using retort::DropColumn;
using retort::DropConstraint;
using retort::DropIndex;
using retort::DropTable;
using retort::DropTableComment;
using retort::CreateView;
using retort::DropView;
using retort::CreateTrigger;
using retort::DropTrigger;
using retort::Execute;
using retort::ForeignKey;
using retort::Index;
using retort::Operation;
using retort::OperationError;
using retort::OperationName;
using retort::OptionalText;
using retort::PrimaryKey;
using retort::QualifiedName;
using retort::ReferentialAction;
using retort::RenameTable;
using retort::Reverse;
using retort::Revision;
using retort::RevisionOp;
using retort::SqlFor;
using retort::Table;
using retort::Type;
using retort::TypeKind;
using retort::UniqueConstraint;

// The fields of each operation, so that operations compare as values.
auto Fields(const CreateTable& o) { return std::tie(o.table, o.if_not_exists); }
auto Fields(const DropTable& o) { return std::tie(o.name, o.existing, o.if_exists); }
auto Fields(const RenameTable& o) { return std::tie(o.name, o.new_name); }
auto Fields(const AddColumn& o) { return std::tie(o.table, o.column, o.foreign_key); }
auto Fields(const DropColumn& o) { return std::tie(o.table, o.column, o.existing, o.cascade); }
auto Fields(const AlterColumn& o) {
  return std::tie(o.table, o.column, o.type, o.nullable, o.server_default, o.new_column_name,
                  o.comment, o.existing_type, o.existing_nullable, o.existing_server_default,
                  o.existing_comment, o.using_expression, o.lossy_allowed, o.via_check);
}
auto Fields(const CreateIndex& o) { return std::tie(o.index, o.if_not_exists, o.concurrently); }
auto Fields(const DropIndex& o) {
  return std::tie(o.name, o.table, o.existing, o.if_exists, o.concurrently);
}
auto Fields(const CreateForeignKey& o) { return std::tie(o.table, o.foreign_key, o.not_valid); }
auto Fields(const CreateUniqueConstraint& o) {
  return std::tie(o.table, o.constraint, o.using_index);
}
auto Fields(const CreateCheckConstraint& o) { return std::tie(o.table, o.constraint, o.not_valid); }
auto Fields(const CreatePrimaryKey& o) { return std::tie(o.table, o.constraint); }
auto Fields(const DropConstraint& o) { return std::tie(o.table, o.name, o.kind, o.existing); }
auto Fields(const Execute& o) { return std::tie(o.sql, o.dialect_sql); }
auto Fields(const BulkInsert& o) { return std::tie(o.table, o.columns, o.rows); }
auto Fields(const CreateTableComment& o) {
  return std::tie(o.table, o.comment, o.existing_comment);
}
auto Fields(const DropTableComment& o) { return std::tie(o.table, o.existing_comment); }
auto Fields(const CreateView& o) { return std::tie(o.name, o.definition, o.materialized); }
auto Fields(const DropView& o) { return std::tie(o.name, o.materialized, o.definition); }
auto Fields(const CreateTrigger& o) { return std::tie(o.name, o.table, o.definition); }
auto Fields(const DropTrigger& o) { return std::tie(o.name, o.table, o.definition); }
auto Fields(const retort::ValidateConstraint& o) { return std::tie(o.table, o.name); }

bool Same(const Operation& a, const Operation& b) {
  if (a.index() != b.index()) return false;
  return std::visit(
      [&](const auto& left) {
        using T = std::decay_t<decltype(left)>;
        return Fields(left) == Fields(std::get<T>(b));
      },
      a);
}

// Reverse(op), which must exist.
Operation Reversed(const Operation& op) {
  std::string why_not;
  std::optional<Operation> reversed = Reverse(op, &why_not);
  INFO(Describe(op) << ": " << why_not);
  REQUIRE(reversed.has_value());
  return *reversed;
}

// Reverse(op) must not exist; returns the hint.
std::string WhyNot(const Operation& op) {
  std::string why_not;
  CHECK_FALSE(Reverse(op).has_value());
  CHECK_FALSE(Reverse(op, &why_not).has_value());
  CHECK_FALSE(why_not.empty());
  return why_not;
}

void CheckRoundTrip(const Operation& op) {
  INFO(Describe(op));
  CHECK(Same(Reversed(Reversed(op)), op));
}

Column MakeColumn(std::string name, TypeKind kind, bool nullable = true) {
  Column column;
  column.name = std::move(name);
  column.type = Type{kind, {}, {}, {}};
  column.nullable = nullable;
  return column;
}

Table UsersTable() {
  Table table;
  table.name = {"app", "users"};
  Column id = MakeColumn("id", TypeKind::kInteger, false);
  id.primary_key = true;
  table.columns = {id, MakeColumn("phone", TypeKind::kText)};
  table.unique_constraints = {{"uq_users_phone", {"phone"}}};
  table.comment = "people";
  return table;
}

ForeignKey OrdersUserKey() {
  ForeignKey key;
  key.name = "fk_orders_user";
  key.columns = {"user_id"};
  key.referent = {"", "users"};
  key.referent_columns = {"id"};
  key.on_delete = ReferentialAction::kCascade;
  return key;
}

// --- Names and descriptions ---------------------------------------------------

TEST_CASE("OperationName gives the name each operation has in revision files", "[operation]") {
  CHECK(OperationName(CreateTable{}) == "create_table");
  CHECK(OperationName(DropTable{}) == "drop_table");
  CHECK(OperationName(RenameTable{}) == "rename_table");
  CHECK(OperationName(AddColumn{}) == "add_column");
  CHECK(OperationName(DropColumn{}) == "drop_column");
  CHECK(OperationName(AlterColumn{}) == "alter_column");
  CHECK(OperationName(CreateIndex{}) == "create_index");
  CHECK(OperationName(DropIndex{}) == "drop_index");
  CHECK(OperationName(CreateForeignKey{}) == "create_foreign_key");
  CHECK(OperationName(CreateUniqueConstraint{}) == "create_unique_constraint");
  CHECK(OperationName(CreateCheckConstraint{}) == "create_check_constraint");
  CHECK(OperationName(CreatePrimaryKey{}) == "create_primary_key");
  CHECK(OperationName(DropConstraint{}) == "drop_constraint");
  CHECK(OperationName(Execute{}) == "execute");
  CHECK(OperationName(BulkInsert{}) == "bulk_insert");
  CHECK(OperationName(CreateTableComment{}) == "create_table_comment");
  CHECK(OperationName(DropTableComment{}) == "drop_table_comment");
}

TEST_CASE("Describe names the operation and its subject", "[operation]") {
  CHECK(Describe(CreateTable{UsersTable(), false}) == "create_table app.users");
  CHECK(Describe(DropTable{{"", "users"}, std::nullopt, false}) == "drop_table users");
  CHECK(Describe(RenameTable{{"app", "users"}, "members"}) == "rename_table app.users to members");
  CHECK(Describe(
            AddColumn{{"", "message_log"}, MakeColumn("status", TypeKind::kText), std::nullopt}) ==
        "add_column message_log.status");
  CHECK(Describe(DropColumn{{"app", "users"}, "phone", std::nullopt, std::nullopt}) ==
        "drop_column app.users.phone");
  AlterColumn alter;
  alter.table = {"", "users"};
  alter.column = "phone";
  CHECK(Describe(alter) == "alter_column users.phone");
  CHECK(Describe(CreateIndex{Index{"ix_phone", {"app", "users"}, {"phone"}, false, ""}, false,
                             false}) == "create_index ix_phone on app.users");
  CHECK(Describe(DropIndex{{"", "ix_phone"}, "users", std::nullopt, false, false}) ==
        "drop_index ix_phone");
  CHECK(Describe(CreateForeignKey{{"", "orders"}, OrdersUserKey()}) ==
        "create_foreign_key orders fk_orders_user");
  CHECK(Describe(CreateForeignKey{{"", "orders"}, ForeignKey{}}) == "create_foreign_key orders");
  CHECK(Describe(CreateUniqueConstraint{{"", "t"}, {"uq", {"a"}}}) ==
        "create_unique_constraint t uq");
  CHECK(Describe(CreateCheckConstraint{{"", "t"}, {"ck", "a > 0"}}) ==
        "create_check_constraint t ck");
  CHECK(Describe(CreatePrimaryKey{{"s", "t"}, {"pk", {"a"}}}) == "create_primary_key s.t");
  CHECK(Describe(DropConstraint{{"", "t"}, "ck", std::nullopt, std::nullopt}) ==
        "drop_constraint t ck");
  CHECK(Describe(BulkInsert{{"", "t"}, {"a"}, {{1LL}, {2LL}}}) == "bulk_insert t (2 rows)");
  CHECK(Describe(CreateTableComment{{"", "t"}, "c", std::nullopt}) == "create_table_comment t");
  CHECK(Describe(DropTableComment{{"", "t"}, std::nullopt}) == "drop_table_comment t");
}

TEST_CASE("Describe shows an execute's SQL on one line, shortened", "[operation]") {
  CHECK(Describe(Execute{"UPDATE t\nSET a = 1", {}}) == "execute UPDATE t SET a = 1");
  CHECK(Describe(Execute{"", {{"sqlite", "VACUUM"}}}) == "execute VACUUM");
  const std::string long_sql(100, 'x');
  const std::string described = Describe(Execute{long_sql, {}});
  CHECK(described == "execute " + std::string(57, 'x') + "...");
}

// --- Reverse -----------------------------------------------------------------------

TEST_CASE("create_table reverses to a drop_table that carries the table, and back", "[operation]") {
  const CreateTable create{UsersTable(), false};
  const Operation reversed = Reversed(create);
  REQUIRE(std::holds_alternative<DropTable>(reversed));
  const auto& drop = std::get<DropTable>(reversed);
  CHECK(drop.name == QualifiedName{"app", "users"});
  REQUIRE(drop.existing);
  CHECK(*drop.existing == UsersTable());
  CHECK_FALSE(drop.if_exists);
  CheckRoundTrip(create);
  CheckRoundTrip(drop);
}

TEST_CASE("drop_table without the table's definition cannot be reversed", "[operation]") {
  CHECK_THAT(WhyNot(DropTable{{"", "users"}, std::nullopt, false}), Contains("columns"));
}

TEST_CASE("rename_table reverses to the opposite rename in the same schema", "[operation]") {
  const RenameTable rename{{"app", "users"}, "members"};
  const Operation reversed = Reversed(rename);
  REQUIRE(std::holds_alternative<RenameTable>(reversed));
  CHECK(std::get<RenameTable>(reversed).name == QualifiedName{"app", "members"});
  CHECK(std::get<RenameTable>(reversed).new_name == "users");
  CheckRoundTrip(rename);
}

TEST_CASE("add_column reverses to a drop_column that carries the column, and back", "[operation]") {
  Column column = MakeColumn("status", TypeKind::kText, false);
  column.server_default = "'sent'";
  const AddColumn add{{"", "message_log"}, column, std::nullopt};
  const Operation reversed = Reversed(add);
  REQUIRE(std::holds_alternative<DropColumn>(reversed));
  const auto& drop = std::get<DropColumn>(reversed);
  CHECK(drop.table == QualifiedName{"", "message_log"});
  CHECK(drop.column == "status");
  CHECK(drop.existing == column);
  CheckRoundTrip(add);
  CheckRoundTrip(drop);
}

TEST_CASE("add_column with an inline foreign key reverses to dropping the column", "[operation]") {
  ForeignKey key = OrdersUserKey();
  key.name.clear();
  const AddColumn add{{"", "orders"}, MakeColumn("user_id", TypeKind::kInteger), key};
  const Operation reversed = Reversed(add);
  REQUIRE(std::holds_alternative<DropColumn>(reversed));
  CHECK(std::get<DropColumn>(reversed).column == "user_id");
}

TEST_CASE("drop_column without existing_type cannot be reversed", "[operation]") {
  CHECK_THAT(WhyNot(DropColumn{{"", "users"}, "phone", std::nullopt, std::nullopt}), Contains("existing_type"));
}

TEST_CASE("alter_column reverses every change it has the existing value of", "[operation]") {
  AlterColumn alter;
  alter.table = {"app", "users"};
  alter.column = "phone";
  alter.new_column_name = "phone_number";
  alter.type = Type{TypeKind::kString, 32, {}, {}};
  alter.existing_type = Type{TypeKind::kString, 20, {}, {}};
  alter.nullable = false;
  alter.existing_nullable = true;
  alter.server_default = OptionalText("''");
  alter.existing_server_default = OptionalText();  // there was none
  alter.comment = OptionalText("E.164");
  alter.existing_comment = OptionalText("old");

  const Operation reversed = Reversed(alter);
  REQUIRE(std::holds_alternative<AlterColumn>(reversed));
  const auto& undo = std::get<AlterColumn>(reversed);
  CHECK(undo.table == alter.table);
  CHECK(undo.column == "phone_number");
  CHECK(undo.new_column_name == "phone");
  CHECK(undo.type == alter.existing_type);
  CHECK(undo.existing_type == alter.type);
  CHECK(undo.nullable == true);
  CHECK(undo.existing_nullable == false);
  REQUIRE(undo.server_default);
  CHECK_FALSE(undo.server_default->has_value());  // drop the default again
  REQUIRE(undo.existing_server_default);
  CHECK(*undo.existing_server_default == "''");
  REQUIRE(undo.comment);
  CHECK(*undo.comment == "old");
  CHECK(undo.existing_comment == std::optional<OptionalText>("E.164"));
  CheckRoundTrip(alter);
}

TEST_CASE("a rename-only alter_column reverses to the opposite rename", "[operation]") {
  AlterColumn alter;
  alter.table = {"", "t"};
  alter.column = "a";
  alter.new_column_name = "b";
  const Operation reversed = Reversed(alter);
  const auto& undo = std::get<AlterColumn>(reversed);
  CHECK(undo.column == "b");
  CHECK(undo.new_column_name == "a");
  CHECK_FALSE(undo.type);
  CHECK_FALSE(undo.nullable);
  CHECK_FALSE(undo.server_default);
  CheckRoundTrip(alter);
}

TEST_CASE("the reverse of alter_column keeps the existing_ values of what it leaves alone",
          "[operation]") {
  // Dialects that need existing_type to alter a column need it on the way
  // back too; the column's type is the same before and after.
  AlterColumn alter;
  alter.table = {"", "users"};
  alter.column = "phone";
  alter.nullable = false;
  alter.existing_nullable = true;
  alter.existing_type = Type{TypeKind::kString, 20, {}, {}};
  alter.existing_server_default = OptionalText("'x'");
  const Operation reversed = Reversed(alter);
  const auto& undo = std::get<AlterColumn>(reversed);
  CHECK(undo.nullable == true);
  CHECK_FALSE(undo.type);
  CHECK(undo.existing_type == alter.existing_type);
  CHECK(undo.existing_server_default == alter.existing_server_default);
  CheckRoundTrip(alter);
}

TEST_CASE("alter_column without the existing value of a change cannot be reversed", "[operation]") {
  AlterColumn base;
  base.table = {"", "users"};
  base.column = "phone";

  AlterColumn type = base;
  type.type = Type{TypeKind::kText, {}, {}, {}};
  CHECK_THAT(WhyNot(type), Contains("existing_type"));

  AlterColumn nullable = base;
  nullable.nullable = false;
  CHECK_THAT(WhyNot(nullable), Contains("existing_nullable"));

  AlterColumn server_default = base;
  server_default.server_default = OptionalText("0");
  CHECK_THAT(WhyNot(server_default), Contains("existing_server_default"));
  CHECK_THAT(WhyNot(server_default), Contains("null if there was none"));

  AlterColumn comment = base;
  comment.comment = OptionalText();
  CHECK_THAT(WhyNot(comment), Contains("existing_comment"));
}

TEST_CASE("create_index reverses to a drop_index that carries the index, and back", "[operation]") {
  const Index index{"ux_phone", {"app", "users"}, {"phone"}, true, "phone IS NOT NULL"};
  const CreateIndex create{index, false, true};
  const Operation reversed = Reversed(create);
  REQUIRE(std::holds_alternative<DropIndex>(reversed));
  const auto& drop = std::get<DropIndex>(reversed);
  CHECK(drop.name == QualifiedName{"app", "ux_phone"});
  CHECK(drop.table == "users");
  CHECK(drop.existing == index);
  CHECK(drop.concurrently);
  CheckRoundTrip(create);
  CheckRoundTrip(drop);
}

TEST_CASE("drop_index without the index's columns cannot be reversed", "[operation]") {
  CHECK_THAT(WhyNot(DropIndex{{"", "ix"}, "t", std::nullopt, false, false}), Contains("columns"));
}

TEST_CASE("constraint creations reverse to typed drop_constraints, and back", "[operation]") {
  const QualifiedName table{"shop", "orders"};

  const CreateForeignKey foreign{table, OrdersUserKey()};
  const DropConstraint drop_foreign = std::get<DropConstraint>(Reversed(foreign));
  CHECK(drop_foreign.table == table);
  CHECK(drop_foreign.name == "fk_orders_user");
  CHECK(drop_foreign.kind == ConstraintKind::kForeignKey);
  REQUIRE(drop_foreign.existing);
  CHECK(std::get<ForeignKey>(*drop_foreign.existing) == OrdersUserKey());
  CheckRoundTrip(foreign);
  CheckRoundTrip(drop_foreign);

  const CreateUniqueConstraint unique{table, {"uq_code", {"code"}}};
  const DropConstraint drop_unique = std::get<DropConstraint>(Reversed(unique));
  CHECK(drop_unique.kind == ConstraintKind::kUnique);
  CHECK(drop_unique.name == "uq_code");
  CheckRoundTrip(unique);

  const CreateCheckConstraint check{table, {"ck_total", "total >= 0"}};
  const DropConstraint drop_check = std::get<DropConstraint>(Reversed(check));
  CHECK(drop_check.kind == ConstraintKind::kCheck);
  CHECK(drop_check.name == "ck_total");
  CheckRoundTrip(check);

  const CreatePrimaryKey primary{table, {"pk_orders", {"id"}}};
  const DropConstraint drop_primary = std::get<DropConstraint>(Reversed(primary));
  CHECK(drop_primary.kind == ConstraintKind::kPrimaryKey);
  CHECK(drop_primary.name == "pk_orders");
  CheckRoundTrip(primary);
}

TEST_CASE("drop_constraint with its definition reverses to the matching creation", "[operation]") {
  const QualifiedName table{"", "t"};
  CHECK(Same(
      Reversed(DropConstraint{table, "ck", ConstraintKind::kCheck, CheckConstraint{"ck", "a > 0"}}),
      CreateCheckConstraint{table, {"ck", "a > 0"}}));
  CHECK(Same(
      Reversed(DropConstraint{table, "uq", ConstraintKind::kUnique, UniqueConstraint{"uq", {"a"}}}),
      CreateUniqueConstraint{table, {"uq", {"a"}}}));
  CHECK(Same(
      Reversed(DropConstraint{table, "pk", ConstraintKind::kPrimaryKey, PrimaryKey{"pk", {"a"}}}),
      CreatePrimaryKey{table, {"pk", {"a"}}}));
  CHECK(Same(Reversed(DropConstraint{table, "fk_orders_user", ConstraintKind::kForeignKey,
                                     OrdersUserKey()}),
             CreateForeignKey{table, OrdersUserKey()}));
}

TEST_CASE("drop_constraint without its definition cannot be reversed", "[operation]") {
  CHECK_THAT(WhyNot(DropConstraint{{"", "t"}, "c", std::nullopt, std::nullopt}),
             Contains("describe the dropped constraint"));
  CHECK_THAT(WhyNot(DropConstraint{{"", "t"}, "c", ConstraintKind::kCheck, std::nullopt}),
             Contains("condition"));
}

TEST_CASE("execute and bulk_insert cannot be reversed", "[operation]") {
  CHECK_THAT(WhyNot(Execute{"DELETE FROM t", {}}), Contains("raw SQL"));
  CHECK_THAT(WhyNot(BulkInsert{{"", "t"}, {"a"}, {{1LL}}}), Contains("rows"));
}

TEST_CASE("create_table_comment reverses to the previous comment, or to dropping it",
          "[operation]") {
  const QualifiedName table{"", "t"};
  const CreateTableComment replace{table, "new", OptionalText("old")};
  const Operation back = Reversed(replace);
  REQUIRE(std::holds_alternative<CreateTableComment>(back));
  CHECK(std::get<CreateTableComment>(back).comment == "old");
  CHECK(std::get<CreateTableComment>(back).existing_comment == std::optional<OptionalText>("new"));
  CheckRoundTrip(replace);

  const CreateTableComment first{table, "new", OptionalText()};
  const Operation drop = Reversed(first);
  REQUIRE(std::holds_alternative<DropTableComment>(drop));
  CHECK(std::get<DropTableComment>(drop).existing_comment == std::optional<OptionalText>("new"));
  CheckRoundTrip(first);

  CHECK_THAT(WhyNot(CreateTableComment{table, "new", std::nullopt}), Contains("existing_comment"));
}

TEST_CASE("drop_table_comment reverses to setting the comment again", "[operation]") {
  const QualifiedName table{"", "t"};
  const DropTableComment drop{table, OptionalText("old")};
  const Operation back = Reversed(drop);
  REQUIRE(std::holds_alternative<CreateTableComment>(back));
  CHECK(std::get<CreateTableComment>(back).comment == "old");
  CheckRoundTrip(drop);
  CHECK_THAT(WhyNot(DropTableComment{table, std::nullopt}), Contains("existing_comment"));
}

TEST_CASE("Reverse without a why_not pointer still returns nullopt", "[operation]") {
  CHECK_FALSE(Reverse(Execute{"SELECT 1", {}}).has_value());
  CHECK(Reverse(RenameTable{{"", "a"}, "b"}).has_value());
}

// --- DowngradeOperations ---------------------------------------------------------------

Revision RevisionWith(std::vector<RevisionOp> upgrade, std::string path = "versions/r1_x.yaml") {
  Revision revision;
  revision.header.id = "r1";
  revision.header.path = std::move(path);
  revision.upgrade = std::move(upgrade);
  return revision;
}

TEST_CASE("without a downgrade section, the upgrade is reversed in reverse order", "[operation]") {
  const Revision revision = RevisionWith(
      {{CreateTable{UsersTable(), false}, 5},
       {CreateIndex{Index{"ix", {"app", "users"}, {"phone"}, false, ""}, false, false}, 12},
       {RenameTable{{"", "a"}, "b"}, 14}});
  const std::vector<RevisionOp> undo = DowngradeOperations(revision);
  REQUIRE(undo.size() == 3);
  CHECK(Same(undo[0].op, RenameTable{{"", "b"}, "a"}));
  CHECK(undo[0].line == 14);
  CHECK(std::holds_alternative<DropIndex>(undo[1].op));
  CHECK(undo[1].line == 12);
  CHECK(std::holds_alternative<DropTable>(undo[2].op));
  CHECK(undo[2].line == 5);
}

TEST_CASE("a downgrade section is used as written", "[operation]") {
  Revision revision = RevisionWith({{Execute{"UPDATE t SET a = 1", {}}, 5}});
  revision.downgrade = std::vector<RevisionOp>{{Execute{"UPDATE t SET a = 0", {}}, 9},
                                               {RenameTable{{"", "a"}, "b"}, 10}};
  const std::vector<RevisionOp> undo = DowngradeOperations(revision);
  REQUIRE(undo.size() == 2);
  CHECK(Same(undo[0].op, Execute{"UPDATE t SET a = 0", {}}));
  CHECK(undo[0].line == 9);
  CHECK(Same(undo[1].op, RenameTable{{"", "a"}, "b"}));

  revision.downgrade = std::vector<RevisionOp>{};
  CHECK(DowngradeOperations(revision).empty());
}

TEST_CASE(
    "an irreversible operation makes the downgrade fail, naming revision, file, line and hint",
    "[operation]") {
  const Revision revision = RevisionWith({{RenameTable{{"", "a"}, "b"}, 5},
                                          {Execute{"UPDATE users SET x = 1", {}}, 7},
                                          {DropColumn{{"", "users"}, "phone", std::nullopt, std::nullopt}, 9}});
  try {
    DowngradeOperations(revision);
    FAIL("no OperationError");
  } catch (const OperationError& error) {
    const std::string message = error.what();
    CHECK_THAT(message, Contains("cannot downgrade revision r1"));
    // The last operation is reversed first, so it is the one reported.
    CHECK_THAT(message, Contains("drop_column users.phone"));
    CHECK_THAT(message, Contains("(versions/r1_x.yaml:9)"));
    CHECK_THAT(message, Contains("existing_type"));
    CHECK_THAT(message, Contains("; write a downgrade section"));
  }
}

TEST_CASE("the downgrade error of a revision built in code names no file", "[operation]") {
  const Revision revision = RevisionWith({{Execute{"UPDATE t SET a = 1", {}}, 0}}, "");
  try {
    DowngradeOperations(revision);
    FAIL("no OperationError");
  } catch (const OperationError& error) {
    const std::string message = error.what();
    CHECK_THAT(message, Contains("cannot downgrade revision r1: execute UPDATE t SET a = 1 "
                                 "cannot be reversed automatically; raw SQL"));
    CHECK_THAT(message, !Contains("("));
  }
}

// --- SqlFor -----------------------------------------------------------------------

TEST_CASE("SqlFor prefers the dialect's own SQL, then the generic SQL", "[operation]") {
  const Execute both{"SELECT 'any'", {{"sqlite", "SELECT 'sqlite'"}}};
  CHECK(SqlFor(both, "sqlite") == "SELECT 'sqlite'");
  CHECK(SqlFor(both, "postgresql") == "SELECT 'any'");

  const Execute only_sqlite{"", {{"sqlite", "VACUUM"}}};
  CHECK(SqlFor(only_sqlite, "sqlite") == "VACUUM");
  CHECK_FALSE(SqlFor(only_sqlite, "postgresql"));

  const Execute generic{"SELECT 1", {}};
  CHECK(SqlFor(generic, "mysql") == "SELECT 1");
}

}  // namespace
