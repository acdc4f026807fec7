// create_view, drop_view, create_trigger and drop_trigger: read from revision
// files, written back by the operation writer, reversed, described.
#include <catch2/catch.hpp>

#include "operation_yaml_writer.h"
#include "retort/error.h"
#include "revision_readers.h"

using namespace retort;

namespace {

std::vector<Operation> ReadOps(const std::string& upgrade) {
  const Revision revision = ParseYamlRevision(
      "abc123_x.yaml", "revision: abc123\ndown_revision: null\nupgrade:\n" + upgrade);
  std::vector<Operation> ops;
  for (const RevisionOp& op : revision.upgrade) ops.push_back(op.op);
  return ops;
}

template <class T>
T OnlyOp(const std::string& upgrade) {
  const std::vector<Operation> ops = ReadOps(upgrade);
  REQUIRE(ops.size() == 1);
  REQUIRE(std::holds_alternative<T>(ops[0]));
  return std::get<T>(ops[0]);
}

// The FileError a revision with `upgrade` raises: its line and message.
void RequireError(const std::string& upgrade, int line, const std::string& part) {
  try {
    ReadOps(upgrade);
    FAIL("no error for:\n" << upgrade);
  } catch (const FileError& error) {
    CHECK(error.line() == line);
    CHECK_THAT(error.what(), Catch::Contains(part));
  }
}

Operation WrittenAndRead(const Operation& op) {
  const std::string section = OperationSection("upgrade", {PlannedChange{op, ""}});
  INFO(section);
  const std::vector<Operation> ops = ReadOps(section.substr(section.find('\n') + 1));
  REQUIRE(ops.size() == 1);
  return ops[0];
}

const Execute kPerDialect{"", {{"sqlite", "CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END"},
                               {"postgresql", "CREATE TRIGGER t AFTER INSERT ON a "
                                              "FOR EACH ROW EXECUTE FUNCTION f()"}}};

}  // namespace

TEST_CASE("create_view reads a name, a schema, materialized and a definition",
          "[view_trigger_ops]") {
  const auto view = OnlyOp<CreateView>(
      "  - create_view: {name: active, schema: app, definition: 'SELECT id FROM users'}\n");
  CHECK(view.name == QualifiedName{"app", "active"});
  CHECK(view.definition.sql == "SELECT id FROM users");
  CHECK_FALSE(view.materialized);

  const auto per_dialect = OnlyOp<CreateView>(
      "  - create_view:\n"
      "      name: totals\n"
      "      materialized: true\n"
      "      definition: {postgresql: 'SELECT 1', sql: 'SELECT 2'}\n");
  CHECK(per_dialect.materialized);
  CHECK(per_dialect.definition.dialect_sql.at("postgresql") == "SELECT 1");
  CHECK(per_dialect.definition.sql == "SELECT 2");
}

TEST_CASE("view and trigger operations refuse what is missing or unknown, at its line",
          "[view_trigger_ops]") {
  RequireError("  - drop_table: a\n  - create_view: {name: v}\n", 5, "definition");
  RequireError("  - create_view: {name: v, definition: ''}\n", 4, "no SQL");
  RequireError("  - create_view: {name: v, definition: 'SELECT 1', replace: true}\n", 4,
               "replace");
  RequireError("  - create_trigger: {name: t, definition: 'CREATE TRIGGER t ...'}\n", 4,
               "table");
  RequireError("  - drop_trigger: {name: t, table: a, definition: [x]}\n", 4,
               "SQL text, or a mapping");
}

TEST_CASE("a drop without the definition reads, but cannot be reversed", "[view_trigger_ops]") {
  const auto view = OnlyOp<DropView>("  - drop_view: {name: old}\n");
  CHECK_FALSE(view.definition);
  std::string why_not;
  CHECK_FALSE(Reverse(view, &why_not));
  CHECK_THAT(why_not, Catch::Contains("definition"));

  const auto trigger = OnlyOp<DropTrigger>("  - drop_trigger: {name: t, table: a}\n");
  CHECK(trigger.table == QualifiedName{"", "a"});
  CHECK_FALSE(Reverse(trigger, &why_not));
  CHECK_THAT(why_not, Catch::Contains("trigger's definition"));
}

TEST_CASE("view and trigger operations reverse into each other, keeping what they need",
          "[view_trigger_ops]") {
  const CreateView create{{"app", "v"}, Execute{"SELECT 1", {}}, true};
  const auto drop = std::get<DropView>(*Reverse(create));
  CHECK(drop.name == create.name);
  CHECK(drop.materialized);
  CHECK(drop.definition == create.definition);
  const auto again = std::get<CreateView>(*Reverse(drop));
  CHECK(again.definition == create.definition);
  CHECK(again.materialized);

  const CreateTrigger trigger{"t", {"", "a"}, kPerDialect};
  const auto dropped = std::get<DropTrigger>(*Reverse(trigger));
  CHECK(dropped.definition == kPerDialect);
  CHECK(std::get<CreateTrigger>(*Reverse(dropped)).definition == kPerDialect);
}

TEST_CASE("the operation writer writes view and trigger operations the reader reads back",
          "[view_trigger_ops]") {
  const std::vector<Operation> ops = {
      CreateView{{"", "v"}, Execute{"SELECT a.id,\n  a.name\nFROM a WHERE name <> 'x: y'", {}},
                 false},
      CreateView{{"app", "m"}, Execute{"", {{"postgresql", "SELECT 1"}}}, true},
      DropView{{"", "v"}, false, Execute{"SELECT 1", {}}},
      DropView{{"app", "m"}, true, std::nullopt},
      CreateTrigger{"t", {"app", "a"}, kPerDialect},
      DropTrigger{"t", {"", "a"}, Execute{"CREATE TRIGGER t ...", {}}},
      DropTrigger{"t", {"", "a"}, std::nullopt},
  };
  for (const Operation& op : ops) {
    const Operation back = WrittenAndRead(op);
    CHECK(OperationToYaml(back) == OperationToYaml(op));
    CHECK(Describe(back) == Describe(op));
  }
  const auto view = std::get<CreateView>(WrittenAndRead(ops[0]));
  CHECK(view.definition.sql == std::get<CreateView>(ops[0]).definition.sql);
  const auto trigger = std::get<CreateTrigger>(WrittenAndRead(ops[4]));
  CHECK(trigger.definition == kPerDialect);
  CHECK(trigger.table == QualifiedName{"app", "a"});
}

TEST_CASE("view and trigger operations are named and described", "[view_trigger_ops]") {
  CHECK(OperationName(CreateView{}) == "create_view");
  CHECK(OperationName(DropView{}) == "drop_view");
  CHECK(OperationName(CreateTrigger{}) == "create_trigger");
  CHECK(OperationName(DropTrigger{}) == "drop_trigger");
  CHECK(Describe(CreateView{{"app", "v"}, {}, false}) == "create_view app.v");
  CHECK(Describe(DropTrigger{"t", {"", "a"}, std::nullopt}) == "drop_trigger t on a");
}
