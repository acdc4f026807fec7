// Every operation SQLite's ALTER TABLE (or plain DDL) can do, run through a
// revision against a real SQLite file, and undone by the automatic reverse.
#include <catch2/catch.hpp>

#include <algorithm>

#include "retort/commands.h"
#include "retort/error.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;

namespace {

std::string TableSql(const Project& project, const std::string& table) {
  const auto rows = Query(project.database(),
                          "SELECT sql FROM sqlite_schema WHERE name = '" + table + "'");
  return rows.empty() ? std::string() : rows[0][0];
}

std::vector<std::string> Values(const Project& project, const std::string& sql) {
  std::vector<std::string> values;
  for (const auto& row : Query(project.database(), sql)) values.push_back(row[0]);
  return values;
}

const char* kBase = R"yaml(
  - create_table:
      name: owners
      columns:
        - {name: id, type: integer, primary_key: true, autoincrement: true}
        - {name: email, type: string(120), nullable: false, unique: true}
  - create_table:
      name: pets
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: owner_id, type: integer, nullable: false, references: owners.id, on_delete: cascade}
        - {name: name, type: string(40), nullable: false, server_default: "'rex'"}
        - {name: weight, type: "numeric(6,2)"}
        - {name: born, type: date}
        - {name: tag, type: uuid}
        - {name: notes, type: text}
      check_constraints:
        - {name: ck_pets_weight, condition: "weight IS NULL OR weight > 0"}
        - {condition: "length(name) > 0"}
      unique_constraints:
        - {columns: [owner_id, name]}
)yaml";

}  // namespace

TEST_CASE("create_table writes every column and table constraint into SQLite's schema",
          "[sqlite][operations]") {
  Project project;
  project.AddYamlRevision("a1a1a1a1a1a1", "", kBase);
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);

  const std::string owners = TableSql(project, "owners");
  CHECK_THAT(owners, Catch::Contains("id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT"));
  CHECK_THAT(owners, Catch::Contains("email VARCHAR(120) NOT NULL UNIQUE"));
  const std::string pets = TableSql(project, "pets");
  CHECK_THAT(pets, Catch::Contains("name VARCHAR(40) NOT NULL DEFAULT 'rex'"));
  CHECK_THAT(pets, Catch::Contains("weight NUMERIC(6, 2)"));
  CHECK_THAT(pets, Catch::Contains("tag CHAR(36)"));
  CHECK_THAT(pets, Catch::Contains("CONSTRAINT ck_pets_weight CHECK (weight IS NULL OR weight > 0)"));
  CHECK_THAT(pets, Catch::Contains("CHECK (length(name) > 0)"));
  CHECK_THAT(pets, Catch::Contains("UNIQUE (owner_id, name)"));
  CHECK_THAT(pets, Catch::Contains(
                       "FOREIGN KEY (owner_id) REFERENCES owners (id) ON DELETE CASCADE"));
  // The constraints are live, not just text.
  CHECK(Values(project, "SELECT count(*) FROM pragma_foreign_key_list('pets')") ==
        std::vector<std::string>{"1"});
  CHECK(Values(project, "SELECT \"notnull\" FROM pragma_table_info('pets') WHERE name = 'owner_id'") ==
        std::vector<std::string>{"1"});
}

TEST_CASE("native operations apply and reverse on SQLite", "[sqlite][operations]") {
  Project project;
  project.AddYamlRevision("a1a1a1a1a1a1", "", kBase);
  project.AddYamlRevision("b2b2b2b2b2b2", "a1a1a1a1a1a1", R"yaml(
  - add_column: {table: pets, column: {name: nickname, type: string(30)}}
  - add_column: {table: pets, column: {name: legs, type: smallint, nullable: false, server_default: "4"}}
  - add_column: {table: pets, column: {name: vet_id, type: integer, references: owners.id}}
  - alter_column: {table: pets, column: born, new_column_name: born_on}
  - create_index: {name: ix_pets_nickname, table: pets, columns: [nickname]}
  - create_index: {name: ux_pets_tag, table: pets, columns: [tag], unique: true, where: tag IS NOT NULL}
  - rename_table: {name: owners, new_name: people}
  - create_table:
      name: visits
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: at, type: datetime, server_default: CURRENT_TIMESTAMP}
  - drop_column: {table: pets, column: notes, existing_type: text}
)yaml");
  MigrationListener quiet;
  Upgrade(project.config(), "a1a1a1a1a1a1", quiet);
  const std::vector<std::string> before = SchemaObjects(project.database());
  const std::string pets_before = TableSql(project, "pets");

  Upgrade(project.config(), "head", quiet);
  CHECK(Values(project, "SELECT name FROM pragma_table_info('pets') ORDER BY cid") ==
        std::vector<std::string>{"id", "owner_id", "name", "weight", "born_on", "tag", "nickname",
                                 "legs", "vet_id"});
  CHECK(Values(project, "SELECT dflt_value FROM pragma_table_info('pets') WHERE name = 'legs'") ==
        std::vector<std::string>{"4"});
  CHECK(Values(project, "SELECT sql FROM sqlite_schema WHERE name = 'ux_pets_tag'") ==
        std::vector<std::string>{"CREATE UNIQUE INDEX ux_pets_tag ON pets (tag) WHERE tag IS NOT NULL"});
  CHECK(TableSql(project, "owners").empty());
  CHECK_FALSE(TableSql(project, "people").empty());
  CHECK_FALSE(TableSql(project, "visits").empty());

  // The automatic reverse brings back exactly the schema before.
  Downgrade(project.config(), "-1", quiet);
  CHECK(SchemaObjects(project.database()) == before);
  CHECK(Values(project, "SELECT name FROM pragma_table_info('pets') ORDER BY cid") ==
        std::vector<std::string>{"id", "owner_id", "name", "weight", "born", "tag", "notes"});
  CHECK_FALSE(TableSql(project, "owners").empty());
  // Identical but for the quotes SQLite adds when a rename rewrites the
  // foreign key's referent.
  auto unquoted = [](std::string sql) {
    sql.erase(std::remove(sql.begin(), sql.end(), '"'), sql.end());
    return sql;
  };
  CHECK(unquoted(TableSql(project, "pets")) == unquoted(pets_before));
}

TEST_CASE("execute runs every statement of a multi-statement string", "[sqlite][operations]") {
  // SOCI's sqlite3 backend would run only the first; retort uses SQLite's own.
  Project project;
  project.AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - execute: |
      CREATE TABLE log (id INTEGER PRIMARY KEY, line TEXT);
      INSERT INTO log (line) VALUES ('one');
      INSERT INTO log (line) VALUES ('two; not a separator');
      CREATE TRIGGER log_guard BEFORE DELETE ON log BEGIN SELECT RAISE(ABORT, 'no'); END;
)yaml",
                          "downgrade:\n  - execute: DROP TABLE log\n");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
  CHECK(Values(project, "SELECT line FROM log ORDER BY id") ==
        std::vector<std::string>{"one", "two; not a separator"});
  CHECK(Values(project, "SELECT name FROM sqlite_schema WHERE type = 'trigger'") ==
        std::vector<std::string>{"log_guard"});
  Downgrade(project.config(), "base", quiet);
  CHECK(TableSql(project, "log").empty());
}

TEST_CASE("execute picks the SQL written for sqlite over the any-dialect SQL",
          "[sqlite][operations]") {
  Project project;
  project.AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - execute: {sql: "CREATE TABLE chosen (generic INTEGER)", sqlite: "CREATE TABLE chosen (sqlite INTEGER)", postgresql: "CREATE TABLE chosen (pg INTEGER)"}
)yaml");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
  CHECK(Values(project, "SELECT name FROM pragma_table_info('chosen')") ==
        std::vector<std::string>{"sqlite"});
}

TEST_CASE("an execute with SQL only for another dialect fails before anything runs",
          "[sqlite][operations]") {
  Project project;
  project.AddYamlRevision("a1a1a1a1a1a1", "", "  - create_table: {name: first, columns: [{name: id, type: integer}]}\n");
  project.AddYamlRevision("b2b2b2b2b2b2", "a1a1a1a1a1a1",
                          "  - execute: {postgresql: \"CREATE EXTENSION citext\"}\n");
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(project.config(), "head", quiet),
                    Catch::Contains("b2b2b2b2b2b2_rev.yaml:5") &&
                        Catch::Contains("no SQL for dialect sqlite") &&
                        Catch::Contains("postgresql"));
  CHECK((!std::filesystem::exists(project.database()) ||
         SchemaObjects(project.database()).empty()));
}

TEST_CASE("bulk_insert writes typed literals", "[sqlite][operations]") {
  Project project;
  project.AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table:
      name: settings
      columns:
        - {name: key, type: string(20), primary_key: true}
        - {name: number, type: integer}
        - {name: ratio, type: double}
        - {name: enabled, type: boolean}
        - {name: note, type: text}
  - bulk_insert:
      table: settings
      rows:
        - {key: a, number: 1, ratio: 0.5, enabled: true, note: "it's"}
        - {key: b, number: -7, ratio: 2, enabled: false, note: null}
        - {key: c, number: "12", ratio: 1e3, enabled: true, note: "multi
            word"}
)yaml",
                          "downgrade:\n  - drop_table: settings\n");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
  CHECK(Query(project.database(),
              "SELECT key, typeof(number), number, typeof(ratio), ratio, enabled, "
              "coalesce(note, 'NULL') FROM settings ORDER BY key") ==
        std::vector<std::vector<std::string>>{
            {"a", "integer", "1", "real", "0.5", "1", "it's"},
            {"b", "integer", "-7", "real", "2.0", "0", "NULL"},
            {"c", "integer", "12", "real", "1000.0", "1", "multi word"}});
}

TEST_CASE("comments are accepted and ignored on SQLite, which keeps none",
          "[sqlite][operations]") {
  Project project;
  project.AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table: {name: notes, comment: "user notes", columns: [{name: id, type: integer, comment: "key"}]}
  - create_table_comment: {table: notes, comment: "changed", existing_comment: "user notes"}
  - alter_column: {table: notes, column: id, comment: "the key", existing_comment: "key"}
)yaml");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
  Downgrade(project.config(), "base", quiet);
  CHECK(TableSql(project, "notes").empty());
}

TEST_CASE("an index built with concurrently: true is dropped without CONCURRENTLY on SQLite",
          "[sqlite][operations]") {
  Project project;
  project.AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table: {name: t, columns: [{name: id, type: integer}]}
  - create_index: {name: ix_t_id, table: t, columns: [id], concurrently: true}
)yaml");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
  Downgrade(project.config(), "base", quiet);
  CHECK(TableSql(project, "t").empty());
}

TEST_CASE("a create_table with if_not_exists is not undone by dropping the table",
          "[sqlite][operations]") {
  // The table may have existed before the revision, rows and all.
  Project project;
  project.AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table: {name: t, columns: [{name: id, type: integer}]}
  - execute: INSERT INTO t VALUES (1), (2)
)yaml", "downgrade:\n  - drop_table: t\n");
  project.AddYamlRevision("b2b2b2b2b2b2", "a1a1a1a1a1a1", R"yaml(
  - create_table: {name: t, if_not_exists: true, columns: [{name: id, type: integer}]}
)yaml");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
  CHECK_THROWS_WITH(Downgrade(project.config(), "-1", quiet),
                    Catch::Contains("if_not_exists") && Catch::Contains("b2b2b2b2b2b2"));
  CHECK(Values(project, "SELECT count(*) FROM t") == std::vector<std::string>{"2"});
}

TEST_CASE("an execute key that looks like a misspelt dialect name is an error",
          "[sqlite][operations]") {
  // Otherwise {sqllite: ..., sql: ...} would quietly run the generic SQL.
  Project project;
  project.AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - execute: {sqllite: "CREATE TABLE a (x INTEGER)", sql: "CREATE TABLE b (x INTEGER)"}
)yaml");
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(project.config(), "head", quiet),
                    Catch::Contains("did you mean 'sqlite'?") &&
                        Catch::Contains("nothing was run"));
}
