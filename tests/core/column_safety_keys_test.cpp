// The keys that let a column change lose something on purpose: cascade: true
// on drop_column (what depends on the column goes too) and lossy: allow on
// alter_column (a type change may alter values). Each is read, written back,
// reversed (or not) and refused where it makes no sense.
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

const std::string kPath = "versions/abc123_test.yaml";
// Three header lines; the upgrade's operations start on line 4.
const std::string kHeader = "revision: abc123\ndown_revision: null\nupgrade:\n";

Revision Parse(const std::string& ops, const std::string& downgrade = "downgrade: []\n") {
  return ParseYamlRevision(kPath, kHeader + ops + downgrade);
}

template <class T>
T OnlyOp(const std::string& ops) {
  const Revision revision = Parse(ops);
  REQUIRE(revision.upgrade.size() == 1);
  REQUIRE(std::holds_alternative<T>(revision.upgrade[0].op));
  return std::get<T>(revision.upgrade[0].op);
}

// The FileError parsing `text` fails with, "" when it parses.
std::string ErrorOf(const std::string& text) {
  try {
    ParseYamlRevision(kPath, text);
  } catch (const FileError& error) {
    return error.what();
  }
  return "";
}

// `op` written by the operation writer and read back, in a revision that
// has a downgrade section (cascade needs one).
Operation RoundTrip(const Operation& op) {
  const std::string section = OperationSection("upgrade", {PlannedChange{op, ""}});
  INFO(section);
  const Revision revision = ParseYamlRevision(
      kPath, "revision: abc123\ndown_revision: null\n" + section + "downgrade: []\n");
  REQUIRE(revision.upgrade.size() == 1);
  return revision.upgrade[0].op;
}

}  // namespace

TEST_CASE("drop_column reads cascade, false by default", "[column_safety]") {
  CHECK(OnlyOp<DropColumn>("  - drop_column: {table: film, column: code, cascade: true}\n").cascade);
  CHECK_FALSE(OnlyOp<DropColumn>("  - drop_column: {table: film, column: code}\n").cascade);
  CHECK_FALSE(
      OnlyOp<DropColumn>("  - drop_column: {table: film, column: code, cascade: false}\n").cascade);
  CHECK_THAT(ErrorOf(kHeader + "  - drop_column: {table: film, column: code, cascade: yes "
                               "please}\ndowngrade: []\n"),
             Contains(kPath + ":4:") && Contains("cascade"));
}

TEST_CASE("alter_column reads lossy: allow, and only with a type change", "[column_safety]") {
  CHECK(OnlyOp<AlterColumn>("  - alter_column: {table: t, column: c, type: integer, lossy: allow}\n")
            .lossy_allowed);
  CHECK_FALSE(OnlyOp<AlterColumn>("  - alter_column: {table: t, column: c, type: integer}\n")
                  .lossy_allowed);
  CHECK_THAT(ErrorOf(kHeader + "  - alter_column: {table: t, column: c, type: integer, lossy: "
                               "true}\n"),
             Contains(kPath + ":4:") && Contains("lossy") && Contains("allow"));
  CHECK_THAT(ErrorOf(kHeader + "  - alter_column: {table: t, column: c, nullable: false, lossy: "
                               "allow}\n"),
             Contains(kPath + ":4:") && Contains("'lossy' goes with type:"));
}

TEST_CASE("a revision with a drop_column cascade: true needs a downgrade section",
          "[column_safety]") {
  const std::string ops =
      "  - add_column: {table: t, column: {name: x, type: integer}}\n"
      "  - drop_column: {table: film, column: code, cascade: true}\n";
  const std::string message = ErrorOf(kHeader + ops);
  CHECK_THAT(message, Contains(kPath + ":5: drop_column film.code has cascade: true") &&
                          Contains("write a 'downgrade:' section"));
  // "downgrade:" left empty means "reverse the upgrade": still refused.
  CHECK_THAT(ErrorOf(kHeader + ops + "downgrade:\n"), Contains(kPath + ":5:"));
  CHECK(ErrorOf(kHeader + ops + "downgrade: []\n") == "");
  CHECK(ErrorOf(kHeader + ops +
                "downgrade:\n  - add_column: {table: film, column: {name: code, type: text}}\n") ==
        "");
}

TEST_CASE("drop_column with cascade cannot be reversed; alter_column's reverse is checked again",
          "[column_safety]") {
  DropColumn drop{{"", "film"}, "code", std::nullopt, std::nullopt};
  drop.existing = Column{};
  drop.existing->name = "code";
  drop.existing->type = ParseType("text");
  CHECK(Reverse(drop));
  drop.cascade = true;
  std::string why_not;
  CHECK_FALSE(Reverse(drop, &why_not));
  CHECK_THAT(why_not, Contains("cascade: true"));

  AlterColumn alter;
  alter.table = {"", "t"};
  alter.column = "c";
  alter.type = ParseType("integer");
  alter.existing_type = ParseType("text");
  alter.lossy_allowed = true;
  const auto reversed = Reverse(alter);
  REQUIRE(reversed);
  // Allowing a loss one way says nothing about the way back.
  CHECK_FALSE(std::get<AlterColumn>(*reversed).lossy_allowed);
}

TEST_CASE("cascade and lossy are written back as read", "[column_safety]") {
  DropColumn drop{{"", "film"}, "code", std::nullopt, std::nullopt};
  drop.cascade = true;
  CHECK(std::get<DropColumn>(RoundTrip(drop)).cascade);
  CHECK_THAT(OperationToYaml(drop), Contains("cascade: true"));

  AlterColumn alter;
  alter.table = {"", "t"};
  alter.column = "c";
  alter.type = ParseType("integer");
  alter.lossy_allowed = true;
  CHECK(std::get<AlterColumn>(RoundTrip(alter)).lossy_allowed);
  CHECK_THAT(OperationToYaml(alter), Contains("lossy: allow"));
  alter.lossy_allowed = false;
  CHECK_FALSE(std::get<AlterColumn>(RoundTrip(alter)).lossy_allowed);
}

TEST_CASE("drop_column's messages list the dependents", "[column_safety]") {
  const DropColumn drop{{"", "film"}, "code", std::nullopt, std::nullopt};
  CHECK(DropColumnRefusal(drop, {"index ix"}) ==
        "cannot drop column film.code: index ix depends on it and would be dropped with it; "
        "drop or change it first (in this revision or an earlier one), or give cascade: true "
        "to drop it with the column (the revision then needs a downgrade: section)");
  CHECK_THAT(DropColumnRefusal(drop, {"index ix", "view v", "trigger t"}),
             Contains(": index ix, view v and trigger t depend on it"));
  CHECK(DropColumnCascadeNotice(drop, {"index ix", "view v"}) ==
        "drop_column film.code (cascade: true) drops with it: index ix and view v");
}
