// Native types: a type with no neutral equivalent, kept as each dialect
// spells it. Read from a revision's `type: {dialect: spelling}` map, shown
// readably, rendered by the dialect it names and refused by the others.
#include <catch2/catch.hpp>

#include <string>
#include <variant>

#include "postgresql_renderer.h"
#include "retort/error.h"
#include "retort/revision.h"
#include "retort/type.h"
#include "revision_readers.h"
#include "sqlite_renderer.h"

using namespace retort;
using Catch::Contains;

namespace {

const std::string kPath = "versions/abc123_native.yaml";

Revision Parse(const std::string& operations) {
  return ParseYamlRevision(kPath,
                           "revision: abc123\ndown_revision: null\nmessage: native\nupgrade:\n" +
                               operations);
}

CreateTable OnlyCreateTable(const std::string& operations) {
  const Revision revision = Parse(operations);
  REQUIRE(revision.upgrade.size() == 1);
  REQUIRE(std::holds_alternative<CreateTable>(revision.upgrade[0].op));
  return std::get<CreateTable>(revision.upgrade[0].op);
}

}  // namespace

TEST_CASE("a native type formats as its spellings", "[type][native]") {
  CHECK(FormatType(NativeType("postgresql", "tsvector")) == "postgresql: tsvector");
  Type both = NativeType("postgresql", "character(3)");
  both.native["sqlite"] = "CHAR(3)";
  CHECK(FormatType(both) == "postgresql: character(3); sqlite: CHAR(3)");
  CHECK(both.kind == TypeKind::kNative);
  CHECK(both != NativeType("postgresql", "character(3)"));
}

TEST_CASE("a revision's type map is a native type", "[type][native]") {
  const CreateTable op = OnlyCreateTable(R"yaml(
  - create_table:
      name: film
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: fulltext, type: {postgresql: tsvector}}
        - name: features
          type:
            postgresql: text[]
            sqlite: TEXT
)yaml");
  REQUIRE(op.table.columns.size() == 3);
  CHECK(op.table.columns[1].type == NativeType("postgresql", "tsvector"));
  Type features = NativeType("postgresql", "text[]");
  features.native["sqlite"] = "TEXT";
  CHECK(op.table.columns[2].type == features);
}

TEST_CASE("a bad type map is refused with its file and line", "[type][native]") {
  CHECK_THROWS_WITH(Parse("  - create_table: {name: t, columns: [{name: a, type: {}}]}\n"),
                    Contains(kPath) && Contains("empty map"));
  CHECK_THROWS_WITH(Parse("  - create_table:\n"
                          "      name: t\n"
                          "      columns:\n"
                          "        - name: a\n"
                          "          type: {postgresql: [text]}\n"),
                    Contains(kPath + ":9") && Contains("postgresql spelling"));
  CHECK_THROWS_WITH(
      Parse("  - create_table: {name: t, columns: [{name: a, type: {postgresql: \" \"}}]}\n"),
      Contains("non-empty"));
}

TEST_CASE("each dialect renders its own spelling and refuses a type without one",
          "[type][native]") {
  Table table;
  table.name = {"", "film"};
  Column fulltext;
  fulltext.name = "fulltext";
  fulltext.type = NativeType("postgresql", "tsvector");
  table.columns = {fulltext};
  const CreateTable op{table};

  const postgresql::PostgresqlRenderer postgres;
  CHECK_THAT(postgres.Render(op).at(0), Contains("fulltext tsvector"));
  const sqlite::SqliteRenderer sqlite;
  CHECK_THROWS_AS(sqlite.Render(op), OperationError);
  CHECK_THROWS_WITH(sqlite.Render(op), Contains("column fulltext") &&
                                           Contains("no sqlite spelling") &&
                                           Contains("it has postgresql"));
  // STRICT tables take the author's spelling too.
  table.columns[0].type.native["sqlite"] = "TEXT";
  const sqlite::SqliteRenderer strict(true);
  CHECK_THAT(strict.Render(CreateTable{table}).at(0), Contains("fulltext TEXT"));
}
