// Schemas as text: YAML and JSON that read back to the same schema (built by
// hand with every field, and reflected from real databases), the errors bad
// files get, and SQL that makes the same schema again on SQLite.
#include <catch2/catch.hpp>

#include "retort/error.h"
#include "retort/schema_format.h"
#include "schema_testing.h"

using namespace retort;
using namespace retort::testing;

namespace {

// A schema that sets every field the files can hold, in canonical form.
Schema EverythingSchema() {
  Table accounts;
  accounts.name = {"", "accounts"};
  accounts.columns = {Col("id", "integer", false), Col("name", "string(100)", false),
                      Col("balance", "numeric(10,2)")};
  accounts.columns[0].autoincrement = true;
  accounts.columns[2].server_default = "0";
  accounts.columns[1].comment = "shown to people: \"quoted\", and a\nsecond line";
  accounts.primary_key = PrimaryKey{"", {"id"}};
  accounts.comment = "who pays";

  Table members;
  members.name = {"", "members"};
  members.columns = {Col("account_id", "integer", false), Col("person", "text", false),
                     Col("role", "string(16)", false), Col("note", "text"),
                     Col("joined", "timestamptz")};
  members.columns[2].server_default = "'member'";
  members.columns[3].server_default = "null";  // as canonical expressions spell them
  members.columns[4].server_default = "current_timestamp";
  members.primary_key = PrimaryKey{"pk_members", {"account_id", "person"}};
  ForeignKey key;
  key.name = "fk_members_account";
  key.columns = {"account_id"};
  key.referent = {"", "accounts"};
  key.referent_columns = {"id"};
  key.on_delete = ReferentialAction::kCascade;
  key.on_update = ReferentialAction::kSetNull;
  key.deferrable = true;
  key.initially = "DEFERRED";
  members.foreign_keys = {key};
  members.unique_constraints = {UniqueConstraint{"", {"person"}},
                                UniqueConstraint{"uq_members_role", {"account_id", "role"}}};
  members.check_constraints = {CheckConstraint{"ck_role", "role in ('owner', 'member')"},
                               CheckConstraint{"", "length(person) > 0"}};

  Schema schema;
  schema.tables = {accounts, members};
  schema.indexes = {Index{"ix_members_note", {"", "members"}, {"note", "role"}, false, ""},
                    Index{"ux_members_person", {"", "members"}, {"person"}, true,
                          "note is not null"}};
  schema.views = {View{{"", "owners"}, "SELECT person FROM members\nWHERE role = 'owner'", false}};
  schema.triggers = {Trigger{"members_touch", {"", "members"},
                             "CREATE TRIGGER members_touch AFTER UPDATE ON members BEGIN "
                             "SELECT 1; END"}};
  SortCanonically(schema);
  return schema;
}

}  // namespace

TEST_CASE("a schema written as YAML reads back the same", "[schema_format]") {
  const Schema schema = EverythingSchema();
  const std::string yaml = SchemaToYaml(schema);
  INFO(yaml);
  RequireSameSchema(schema, SchemaFromYaml(yaml, "schema.yaml"));
  // The keys of revision files.
  CHECK_THAT(yaml, Catch::Contains("tables:\n  - name: accounts\n"));
  CHECK_THAT(yaml, Catch::Contains("{name: id, type: integer, nullable: false, primary_key: true, "
                                   "autoincrement: true}"));
  CHECK_THAT(yaml,
             Catch::Contains("primary_key: {name: pk_members, columns: [account_id, person]}"));
  CHECK_THAT(yaml, Catch::Contains("server_default: \"null\""));
  CHECK_THAT(yaml, Catch::Contains("initially: deferred"));
}

TEST_CASE("a schema written as JSON is JSON and reads back the same", "[schema_format]") {
  const Schema schema = EverythingSchema();
  const std::string json = SchemaToJson(schema);
  INFO(json);
  RequireSameSchema(schema, SchemaFromYaml(json, "schema.json"));
  CHECK(json.front() == '{');
  CHECK_THAT(json, Catch::Contains("\"nullable\": false"));
  CHECK_THAT(json, Catch::Contains("\"server_default\": \"0\""));
  CHECK_THAT(json, Catch::Contains("shown to people: \\\"quoted\\\", and a\\nsecond line"));
  CHECK_THAT(json, Catch::Contains("\"indexes\": ["));
}

TEST_CASE("an empty schema is two empty lists", "[schema_format]") {
  CHECK(SchemaToYaml(Schema{}) == "tables: []\nindexes: []\n");
  CHECK(SchemaFromYaml("tables: []\nindexes: []\n", "empty.yaml") == Schema{});
  CHECK(SchemaFromYaml("{}", "empty.json") == Schema{});
}

TEST_CASE("a schema file in the revision spellings reads in canonical form", "[schema_format]") {
  const Schema schema = SchemaFromYaml(R"(tables:
  - name: users
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: phone, type: string(20), unique: true}
      - {name: team_id, type: integer, references: teams.id, on_delete: cascade}
  - name: teams
    columns:
      - {name: id, type: integer, primary_key: true}
indexes: []
)",
                                       "users.yaml");
  REQUIRE(schema.tables.size() == 2);
  const Table& users = schema.tables[1];
  CHECK(users.name.name == "users");
  CHECK(users.primary_key == PrimaryKey{"", {"id"}});
  CHECK(users.unique_constraints == std::vector<UniqueConstraint>{{"", {"phone"}}});
  CHECK_FALSE(users.columns[0].primary_key);
  CHECK_FALSE(users.columns[1].unique);
  REQUIRE(users.foreign_keys.size() == 1);
  CHECK(users.foreign_keys[0].referent.name == "teams");
}

TEST_CASE("bad schema files name the file and line", "[schema_format]") {
  auto message_of = [](const std::string& text) -> std::string {
    try {
      SchemaFromYaml(text, "bad.yaml");
    } catch (const FileError& error) {
      return error.what();
    }
    FAIL("no error for:\n" << text);
    return "";
  };
  CHECK_THAT(message_of("tables:\n  - name: t\n    columns:\n      - {name: a, type: integr}\n"),
             Catch::StartsWith("bad.yaml:4: ") && Catch::Contains("integr"));
  CHECK_THAT(message_of("tables: []\nindexes: []\nviews: []\ntabels: []\n"),
             Catch::StartsWith("bad.yaml:4: ") && Catch::Contains("unknown key 'tabels'"));
  CHECK_THAT(message_of("tables:\n  - name: t\n    columns: [{name: a, type: text}]\n"
                        "    colour: red\n"),
             Catch::StartsWith("bad.yaml:4: ") && Catch::Contains("unknown key 'colour'"));
  CHECK_THAT(message_of("tables: []\nindexes:\n  - {name: ix, table: nowhere, columns: [a]}\n"),
             Catch::StartsWith("bad.yaml:3: ") && Catch::Contains("nowhere"));
  CHECK_THAT(message_of("tables:\n  - name: t\n    columns: [{name: a, type: text}]\n"
                        "  - name: t\n    columns: [{name: a, type: text}]\n"),
             Catch::StartsWith("bad.yaml:4: ") && Catch::Contains("given twice"));
  CHECK_THAT(message_of("tables: [\n"), Catch::StartsWith("bad.yaml:") &&
                                            Catch::Contains("not valid YAML or JSON"));
  CHECK_THAT(message_of("- a\n- b\n"), Catch::StartsWith("bad.yaml:1: "));
}

TEST_CASE("the sample history's schema round-trips through YAML, JSON and SQL on SQLite",
          "[schema_format]") {
  Project project;
  const Config config = SampleConfig(project, project.url());
  UpgradeToHead(config);
  const Schema live = ReflectUrl(config.url);
  REQUIRE(live.tables.size() == 4);
  RequireSameSchema(live, SchemaFromYaml(SchemaToYaml(live), "live.yaml"));
  RequireSameSchema(live, SchemaFromYaml(SchemaToJson(live), "live.json"));

  // The SQL makes the same schema in another file.
  const std::string copy = "sqlite:///" + (project.root() / "copy.db").string();
  INFO(SqlScript(live, copy));
  ExecuteOn(copy, SqlScript(live, copy));
  RequireSameSchema(live, ReflectUrl(copy));
}

TEST_CASE("SQL for a cycle of foreign keys creates both tables on SQLite", "[schema_format]") {
  Schema schema = SchemaFromYaml(R"(tables:
  - name: a
    columns: [{name: id, type: integer, nullable: false}, {name: b_id, type: integer}]
    primary_key: {columns: [id]}
    foreign_keys: [{name: fk_a_b, columns: [b_id], referent_table: b, referent_columns: [id]}]
  - name: b
    columns: [{name: id, type: integer, nullable: false}, {name: a_id, type: integer}]
    primary_key: {columns: [id]}
    foreign_keys: [{name: fk_b_a, columns: [a_id], referent_table: a, referent_columns: [id]}]
)",
                                 "cycle.yaml");
  TempDir folder;
  const std::string url = "sqlite:///" + (folder / "cycle.db").string();
  ExecuteOn(url, SqlScript(schema, url));
  RequireSameSchema(schema, ReflectUrl(url));
}

TEST_CASE("a schema file's expressions read in canonical form", "[schema_format]") {
  const Schema schema = SchemaFromYaml(R"yaml(tables:
  - name: t
    columns:
      - {name: a, type: integer, server_default: "(0)"}
      - {name: b, type: text}
    check_constraints: [{name: ck, condition: "((A > 0) AND (B <> 'X'))"}]
indexes:
  - {name: ix, table: t, columns: [b], where: "(A IS NOT NULL)"}
)yaml",
                                       "t.yaml");
  CHECK(schema.tables[0].columns[0].server_default == std::optional<std::string>("0"));
  CHECK(schema.tables[0].check_constraints[0].condition == "a > 0 and b <> 'X'");
  CHECK(schema.indexes[0].where == "a is not null");
}
