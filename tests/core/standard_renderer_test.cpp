// The base renderer writes standard SQL only and refuses, naming the
// operation and the dialect, what the standard lacks: a new dialect inherits
// nothing of another database's SQL. (The SQLite and PostgreSQL renderers'
// own output is checked by their dialects' tests.)
#include <catch2/catch.hpp>

#include "retort/error.h"
#include "retort/sql_renderer.h"

using namespace retort;

namespace {

// A dialect that adds nothing to the base.
class StandardRenderer : public SqlRenderer {
 public:
  StandardRenderer() : SqlRenderer("standard") {}

 protected:
  bool IsReservedWord(std::string_view) const override { return false; }
};

std::vector<std::string> Rendered(const Operation& op) { return StandardRenderer().Render(op); }

Column NewColumn(std::string name, std::string_view type) {
  Column column;
  column.name = std::move(name);
  column.type = ParseType(type);
  return column;
}

Table Notes() {
  Table table;
  table.name = {"", "notes"};
  table.columns = {NewColumn("id", "integer"), NewColumn("body", "text"),
                   NewColumn("at", "timestamptz")};
  table.columns[0].primary_key = true;
  return table;
}

Index OnBody() {
  Index index;
  index.name = "notes_body";
  index.table = {"", "notes"};
  index.columns = {"body"};
  return index;
}

}  // namespace

TEST_CASE("standard renderer: the standard's spellings of types and a type change",
          "[renderer]") {
  const auto create = Rendered(CreateTable{Notes()});
  REQUIRE(create.size() == 1);
  CHECK(create[0] ==
        "CREATE TABLE notes (\n    id INTEGER NOT NULL PRIMARY KEY,\n    body CLOB,\n"
        "    at TIMESTAMP WITH TIME ZONE\n)");
  AlterColumn alter;
  alter.table = {"", "notes"};
  alter.column = "body";
  alter.type = ParseType("string(200)");
  CHECK(Rendered(alter) ==
        std::vector<std::string>{"ALTER TABLE notes ALTER COLUMN body SET DATA TYPE VARCHAR(200)"});
  CHECK(Rendered(CreateIndex{OnBody()}) ==
        std::vector<std::string>{"CREATE INDEX notes_body ON notes (body)"});
}

TEST_CASE("standard renderer: what the standard lacks is refused, naming the operation",
          "[renderer]") {
  const auto refuses = [](const Operation& op, const std::string& what) {
    INFO(Describe(op));
    CHECK_THROWS_WITH(Rendered(op), Catch::Contains(what) &&
                                         Catch::Contains("is not standard SQL") &&
                                         Catch::Contains("standard dialect"));
  };
  AlterColumn using_type;
  using_type.table = {"", "notes"};
  using_type.column = "body";
  using_type.type = ParseType("integer");
  using_type.using_expression = "length(body)";
  refuses(using_type, "USING");

  Table commented = Notes();
  commented.columns[1].comment = "what was said";
  refuses(CreateTable{commented}, "COMMENT");
  refuses(CreateTableComment{{"", "notes"}, "all notes", {}}, "COMMENT");
  AlterColumn comment;
  comment.table = {"", "notes"};
  comment.column = "body";
  comment.comment = OptionalText("text");
  refuses(comment, "COMMENT");

  refuses(CreateIndex{OnBody(), false, true}, "CONCURRENTLY");
  refuses(DropIndex{{"", "notes_body"}, "notes", {}, false, true}, "CONCURRENTLY");
  refuses(CreateIndex{OnBody(), true}, "IF NOT EXISTS");
  refuses(DropTable{{"", "notes"}, {}, true}, "IF EXISTS");
  refuses(RenameTable{{"", "notes"}, "memos"}, "RENAME TO");
  AlterColumn rename;
  rename.table = {"", "notes"};
  rename.column = "body";
  rename.new_column_name = "text";
  refuses(rename, "RENAME COLUMN");
  Index partial = OnBody();
  partial.where = "body IS NOT NULL";
  refuses(CreateIndex{partial}, "partial index");

  Table with_uuid = Notes();
  with_uuid.columns[0].type = ParseType("uuid");
  refuses(CreateTable{with_uuid}, "uuid");
}
