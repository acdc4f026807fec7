// The keys that ask for cheaper locks: not_valid on create_check_constraint
// and create_foreign_key, using_index on create_unique_constraint, via_check
// on alter_column, and the validate_constraint operation. Each is read,
// written back, described and reversed, and refused where it makes no sense.
#include <catch2/catch.hpp>

#include <string>

#include "operation_yaml_writer.h"
#include "retort/error.h"
#include "retort/operation.h"
#include "retort/revision.h"
#include "revision_readers.h"

using namespace retort;
using Catch::Contains;

namespace {

const std::string kPath = "versions/abc123_locks.yaml";
// Three header lines; the upgrade's operations start on line 4.
const std::string kHeader = "revision: abc123\ndown_revision: null\nupgrade:\n";

template <class T>
T OnlyOp(const std::string& ops) {
  const Revision revision = ParseYamlRevision(kPath, kHeader + ops);
  REQUIRE(revision.upgrade.size() == 1);
  REQUIRE(std::holds_alternative<T>(revision.upgrade[0].op));
  return std::get<T>(revision.upgrade[0].op);
}

// The FileError parsing the operations `ops` fails with, "" when they parse.
std::string ErrorOf(const std::string& ops) {
  try {
    ParseYamlRevision(kPath, kHeader + ops);
  } catch (const FileError& error) {
    return error.what();
  }
  return "";
}

// `op` written by the operation writer and read back; the text written
// again must be the same.
template <class T>
T RoundTrip(const T& op) {
  const std::string section = OperationSection("upgrade", {PlannedChange{op, ""}});
  INFO(section);
  const Revision revision =
      ParseYamlRevision(kPath, "revision: abc123\ndown_revision: null\n" + section);
  REQUIRE(revision.upgrade.size() == 1);
  CHECK(OperationToYaml(revision.upgrade[0].op) == OperationToYaml(op));
  return std::get<T>(revision.upgrade[0].op);
}

}  // namespace

TEST_CASE("not_valid is read on create_check_constraint and create_foreign_key, false by default",
          "[lock_safe]") {
  CHECK(OnlyOp<CreateCheckConstraint>("  - create_check_constraint: {table: t, name: ck, "
                                      "condition: 'x > 0', not_valid: true}\n")
            .not_valid);
  CHECK_FALSE(OnlyOp<CreateCheckConstraint>(
                  "  - create_check_constraint: {table: t, name: ck, condition: 'x > 0'}\n")
                  .not_valid);
  CHECK(OnlyOp<CreateForeignKey>("  - create_foreign_key: {table: t, name: fk, columns: [p], "
                                 "referent_table: p, referent_columns: [id], not_valid: true}\n")
            .not_valid);
  CHECK_FALSE(OnlyOp<CreateForeignKey>("  - create_foreign_key: {table: t, name: fk, columns: "
                                       "[p], referent_table: p, referent_columns: [id]}\n")
                  .not_valid);
  CHECK_THAT(ErrorOf("  - create_check_constraint: {table: t, name: ck, condition: 'x > 0', "
                     "not_valid: maybe}\n"),
             Contains(kPath + ":4:") && Contains("not_valid"));
  // not_valid belongs to the two constraints PostgreSQL can add unchecked.
  CHECK_THAT(ErrorOf("  - create_unique_constraint: {table: t, columns: [x], not_valid: true}\n"),
             Contains(kPath + ":4:") && Contains("not_valid"));
}

TEST_CASE("validate_constraint is read with its table and name, and both are required",
          "[lock_safe]") {
  const auto op =
      OnlyOp<ValidateConstraint>("  - validate_constraint: {table: t, schema: s, name: ck}\n");
  CHECK(op.table.name == "t");
  CHECK(op.table.schema == "s");
  CHECK(op.name == "ck");
  CHECK(Describe(op) == "validate_constraint s.t ck");
  CHECK_THAT(ErrorOf("  - validate_constraint: {table: t}\n"),
             Contains(kPath + ":4:") && Contains("name"));
  CHECK_THAT(ErrorOf("  - validate_constraint: {name: ck}\n"),
             Contains(kPath + ":4:") && Contains("table"));
  CHECK_THAT(ErrorOf("  - validate_constraint: {table: t, name: ck, columns: [x]}\n"),
             Contains(kPath + ":4:") && Contains("columns"));
}

TEST_CASE("using_index is read; the constraint takes the index's name when it has none",
          "[lock_safe]") {
  const auto named = OnlyOp<CreateUniqueConstraint>(
      "  - create_unique_constraint: {table: t, name: uq, columns: [x], using_index: ix}\n");
  CHECK(named.using_index == "ix");
  CHECK(named.constraint.name == "uq");
  const auto unnamed = OnlyOp<CreateUniqueConstraint>(
      "  - create_unique_constraint: {table: t, columns: [x], using_index: ix}\n");
  CHECK(unnamed.constraint.name == "ix");
  CHECK(OnlyOp<CreateUniqueConstraint>("  - create_unique_constraint: {table: t, columns: [x]}\n")
            .using_index.empty());
  CHECK_THAT(ErrorOf("  - create_unique_constraint: {table: t, columns: [x], using_index: ''}\n"),
             Contains(kPath + ":4:") && Contains("using_index"));
}

TEST_CASE("via_check is read with nullable: false and refused without it", "[lock_safe]") {
  CHECK(OnlyOp<AlterColumn>(
            "  - alter_column: {table: t, column: c, nullable: false, via_check: true}\n")
            .via_check);
  CHECK_FALSE(OnlyOp<AlterColumn>("  - alter_column: {table: t, column: c, nullable: false}\n")
                  .via_check);
  CHECK_THAT(ErrorOf("  - alter_column: {table: t, column: c, nullable: true, via_check: true}\n"),
             Contains(kPath + ":4:") && Contains("'via_check' goes with nullable: false"));
  CHECK_THAT(ErrorOf("  - alter_column: {table: t, column: c, type: text, via_check: true}\n"),
             Contains(kPath + ":4:") && Contains("'via_check' goes with nullable: false"));
}

TEST_CASE("the lock-safe keys are written back as read", "[lock_safe]") {
  CreateCheckConstraint check{{"", "t"}, {"ck", "x > 0"}};
  check.not_valid = true;
  CHECK(RoundTrip(check).not_valid);
  CHECK_THAT(OperationToYaml(check), Contains("not_valid: true"));

  CreateForeignKey key;
  key.table = {"", "t"};
  key.foreign_key.name = "fk";
  key.foreign_key.columns = {"p"};
  key.foreign_key.referent = {"", "p"};
  key.foreign_key.referent_columns = {"id"};
  key.not_valid = true;
  CHECK(RoundTrip(key).not_valid);

  CreateUniqueConstraint unique{{"", "t"}, {"uq", {"x"}}};
  unique.using_index = "ix";
  CHECK(RoundTrip(unique).using_index == "ix");
  CHECK_THAT(OperationToYaml(unique), Contains("using_index: ix"));

  AlterColumn alter;
  alter.table = {"", "t"};
  alter.column = "c";
  alter.nullable = false;
  alter.via_check = true;
  CHECK(RoundTrip(alter).via_check);

  const auto validate = RoundTrip(ValidateConstraint{{"s", "t"}, "ck"});
  CHECK(validate.name == "ck");
  CHECK(validate.table.schema == "s");
}

TEST_CASE("validate_constraint is undone by nothing, and a downgrade skips it", "[lock_safe]") {
  const ValidateConstraint validate{{"", "t"}, "ck"};
  const auto steps = ReverseSteps(validate);
  REQUIRE(steps.has_value());
  CHECK(steps->empty());
  std::string why_not;
  CHECK_FALSE(Reverse(validate, &why_not));
  CHECK_THAT(why_not, Contains("undone by 0 operations"));

  const Revision revision = ParseYamlRevision(
      kPath, kHeader +
                 "  - create_check_constraint: {table: t, name: ck, condition: 'x > 0', "
                 "not_valid: true}\n"
                 "  - validate_constraint: {table: t, name: ck}\n");
  const std::vector<RevisionOp> undo = DowngradeOperations(revision);
  REQUIRE(undo.size() == 1);
  const auto& drop = std::get<DropConstraint>(undo[0].op);
  CHECK(drop.name == "ck");
  CHECK(drop.kind == ConstraintKind::kCheck);
  CHECK(undo[0].line == 4);
}

TEST_CASE("a unique constraint made from an index is undone by dropping it and making the index "
          "again",
          "[lock_safe]") {
  CreateUniqueConstraint unique{{"s", "t"}, {"uq", {"a", "b"}}};
  unique.using_index = "ix";
  const auto steps = ReverseSteps(unique);
  REQUIRE(steps.has_value());
  REQUIRE(steps->size() == 2);
  const auto& drop = std::get<DropConstraint>((*steps)[0]);
  CHECK(drop.name == "uq");
  CHECK(drop.kind == ConstraintKind::kUnique);
  const auto& index = std::get<CreateIndex>((*steps)[1]);
  CHECK(index.index.name == "ix");
  CHECK(index.index.unique);
  CHECK(index.index.table.schema == "s");
  CHECK(index.index.table.name == "t");
  CHECK(index.index.columns == std::vector<std::string>{"a", "b"});
  CHECK(Describe(unique) == "create_unique_constraint s.t uq using index ix");

  // Without using_index, one step as before.
  unique.using_index.clear();
  REQUIRE(ReverseSteps(unique)->size() == 1);
  CHECK(Reverse(unique));
}

TEST_CASE("not_valid and via_check do not change what undoes the operation", "[lock_safe]") {
  CreateCheckConstraint check{{"", "t"}, {"ck", "x > 0"}};
  check.not_valid = true;
  CHECK(std::get<DropConstraint>(*Reverse(check)).name == "ck");
  CHECK(Describe(check) == "create_check_constraint t ck (not valid)");

  AlterColumn alter;
  alter.table = {"", "t"};
  alter.column = "c";
  alter.nullable = false;
  alter.existing_nullable = true;
  alter.via_check = true;
  const auto undo = std::get<AlterColumn>(*Reverse(alter));
  CHECK(undo.nullable == true);
  CHECK_FALSE(undo.via_check);
}
