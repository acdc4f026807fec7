// The catalogue of inputs that once did harm or slipped through, each run
// through the real binary against a real SQLite file that holds data: the
// exit code, what the message says and where (file:line, option, revision),
// and the database byte for byte as it was. A case is a row of the table;
// the [bad-input] tests elsewhere keep the earlier catalogue.
#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "cli_test_helpers.h"
#include "postgres_support.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Catch::Contains;

constexpr char kFirst[] = "a1b2c3d4e5f6";
constexpr char kSecond[] = "b2c3d4e5f6a1";

// Rows that a careless conversion or drop would hurt: postal codes that are
// not numbers, a column with an index on it, an unnamed foreign key.
constexpr char kBase[] = R"yaml(
  - create_table:
      name: people
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: name, type: text, nullable: false}
        - {name: zip, type: string(10)}
  - create_index: {name: ix_people_zip, table: people, columns: [zip]}
  - create_table:
      name: orders
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: person_id, type: integer, references: people.id}
  - bulk_insert:
      table: people
      rows:
        - {id: 1, name: ann, zip: "12227-000"}
        - {id: 2, name: bob, zip: abc}
        - {id: 3, name: cy, zip: "90210"}
  - bulk_insert: {table: orders, rows: [{id: 1, person_id: 2}]}
)yaml";

// The second revision's file, as messages show it.
const std::string kFile = "versions/" + std::string(kSecond) + "_rev.yaml";

struct BadInput {
  std::string name{};
  // The second revision's body, after its revision and down_revision lines
  // (so that its line 3 is the body's first line); empty: no second revision.
  std::string revision{};
  // retort.ini's url, when the case is about it.
  std::string url{};
  // Anything else the case sets up in the project.
  std::function<void(Project&)> prepare{};
  std::vector<std::string> command = {"upgrade", "head"};
  int exit_code = 1;
  // What the message must say, and where.
  std::vector<std::string> message{};
};

std::vector<BadInput> Catalogue() {
  return {
      // Data safety.
      {.name = "a type change that would alter values",
       .revision = "upgrade:\n  - alter_column: {table: people, column: zip, type: integer}\n",
       .message = {kFile + ":4", kSecond, "2 value(s) of people.zip would change",
                   "rowid 1: '12227-000' becomes 12227", "lossy: allow", "using:"}},
      {.name = "a drop_column that would take an index with it",
       .revision = "upgrade:\n  - drop_column: {table: people, column: zip}\n",
       .message = {kFile + ":4", "cannot drop column people.zip", "index ix_people_zip",
                   "cascade: true"}},
      {.name = "a drop_column with cascade and no downgrade",
       .revision = "upgrade:\n  - drop_column: {table: people, column: zip, cascade: true}\n",
       .message = {kFile + ":4", "cascade: true", "write a 'downgrade:' section"}},
      {.name = "a drop_constraint whose selector matches nothing",
       .revision = "upgrade:\n  - drop_constraint: {table: orders, type: foreignkey, "
                   "columns: [person_id], referent_table: nobody, referent_columns: [id]}\n",
       .message = {kFile + ":4", "table orders has no foreign key", "person_id"}},
      {.name = "a drop_column under a view that really reads the column",
       .revision = "upgrade:\n"
                   "  - create_view: {name: zips, definition: \"SELECT id, zip FROM people\"}\n"
                   "  - drop_column: {table: people, column: zip, existing_type: string(10)}\n",
       .message = {kFile + ":5", "cannot drop column people.zip", "view zips"}},
      {.name = "a CHECK that the rebuild's copy would break",
       .revision = "upgrade:\n  - create_check_constraint: {table: people, name: ck_short_names, "
                   "condition: \"length(name) < 3\"}\n",
       .message = {kFile + ":4", "row(s) of people break CHECK ck_short_names",
                   "rowid 1: name 'ann'"}},
      {.name = "a UNIQUE that the rebuild's copy would break",
       .revision = "upgrade:\n  - execute: UPDATE people SET zip = 'x'\n"
                   "  - create_unique_constraint: {table: people, name: uq_zip, columns: [zip]}\n",
       .message = {kFile + ":5", "row(s) of people break", "uq_zip", "rowid 2"}},
      {.name = "a foreign key to a table that does not exist",
       .revision = "upgrade:\n  - add_column: {table: orders, column: "
                   "{name: shop_id, type: integer, references: shops.id}}\n",
       .message = {kFile + ":4", "references table shops, which does not exist"}},
      // Files that are not one whole, valid YAML document.
      {.name = "a revision cut off inside a quoted string",
       .revision = "upgrade:\n  - execute: \"DELETE FROM people\n",
       .message = {kFile + ":4", "quoted scalar", "cut off"}},
      {.name = "a second YAML document",
       .revision = "upgrade:\n  - execute: \"DELETE FROM people\"\n---\ndowngrade: []\n",
       .message = {kFile + ":5", "a second YAML document"}},
      {.name = "invalid UTF-8",
       .revision = "message: caf\xe9\nupgrade:\n  - execute: DELETE FROM people\n",
       .message = {kFile + ":3", "UTF-8"}},
      {.name = "a tab in the indentation",
       .revision = "upgrade:\n\t- execute: DELETE FROM people\n",
       .message = {kFile + ":4"}},
      {.name = "an unclosed '{'",
       .revision = "upgrade:\n  - drop_column: {table: people, column: zip\n"
                   "  - execute: DELETE FROM people\n",
       .message = {kFile + ":4", "flow mapping that begins here", "noticed on line 5"}},
      {.name = "an empty list item",
       .revision = "upgrade:\n  -\n  - execute: DELETE FROM people\n",
       .message = {kFile + ":4", "an empty list item"}},
      {.name = "a NUL in a name",
       .revision = "upgrade:\n  - create_table: {name: \"bad\\0name\", columns: "
                   "[{name: id, type: integer}]}\n",
       .message = {kFile + ":4", "NUL character"}},
      {.name = "a misspelt key that is an alter_column's only change",
       .revision = "upgrade:\n  - alter_column:\n      table: people\n      column: zip\n"
                   "      nullabel: false\n",
       .message = {kFile + ":7", "unknown key 'nullabel'", "nullable"}},
      // Script directories that hide or misname revisions.
      {.name = "a merge that names one parent twice",
       .prepare =
           [](Project& project) {
             project.AddRevision(std::string(kSecond) + "_rev.yaml",
                                 "revision: " + std::string(kSecond) + "\ndown_revision: [" +
                                     kFirst + ", " + kFirst + "]\nupgrade: []\n");
           },
       .message = {kFile + ":2", "lists down_revision '" + std::string(kFirst) + "' twice"}},
      {.name = "a down_revision that is no revision",
       .prepare =
           [](Project& project) {
             project.AddRevision(std::string(kSecond) + "_rev.yaml",
                                 "revision: " + std::string(kSecond) +
                                     "\ndown_revision: 12345\nupgrade: []\n");
           },
       .message = {kFile + ":2", "down_revision '12345'"}},
      {.name = "a revision file name that is a folder",
       .prepare =
           [](Project& project) {
             std::filesystem::create_directory(project.versions() / "c3d4e5f6a1b2_x.yaml");
           },
       .message = {"c3d4e5f6a1b2_x.yaml: a revision file name, but a folder"}},
      {.name = "a revision file name that is a broken symbolic link",
       .prepare =
           [](Project& project) {
             std::filesystem::create_symlink("nowhere.yaml",
                                             project.versions() / "c3d4e5f6a1b2_x.yaml");
           },
       .message = {"c3d4e5f6a1b2_x.yaml: a revision file name, but a symbolic link to nothing"}},
      {.name = "a revision file name that is a symbolic link loop",
       .prepare =
           [](Project& project) {
             std::filesystem::create_symlink("c3d4e5f6a1b2_x.yaml",
                                             project.versions() / "c3d4e5f6a1b2_x.yaml");
           },
       .message = {"c3d4e5f6a1b2_x.yaml: a revision file name, but a loop"}},
      // URLs that would quietly name another database.
      {.name = "an SQLite URL with an empty path",
       .url = "sqlite:///${APP_DB:-}",
       .message = {"names no database file", "sqlite:///relative.db"}},
      {.name = "an SQLite URL with %00",
       .url = "sqlite:///app%00.db",
       .message = {"sqlite:///app%00.db", "NUL"}},
      {.name = "a nested default whose variable is unset",
       .url = "sqlite:///${APP_DB:-${DATA_DIR}/app.db}",
       .message = {"retort.ini:3", "${DATA_DIR}, which is not set"}},
      {.name = "a shell-style $VAR in the ini",
       .url = "sqlite:///$HOME/app.db",
       .message = {"retort.ini:3", "'$HOME' is not expanded; write ${HOME}"}},
      // Commands that ask for what they cannot mean.
      {.name = "upgrade with a downward target",
       .command = {"upgrade", "-1"},
       .message = {"-1"}},
      {.name = "-c naming a folder",
       .command = {"-c", ".", "upgrade", "head"},
       .message = {"is a folder, not a configuration file", "retort.ini"}},
  };
}

// What PostgreSQL alone would let through, or where its own refusal must
// still say where.
std::vector<BadInput> PostgresqlCatalogue() {
  const std::string long_name(64, 'n');
  return {
      {.name = "a name longer than PostgreSQL's 63 bytes",
       .revision = "upgrade:\n  - create_table: {name: " + long_name +
                   ", columns: [{name: id, type: integer}]}\n",
       .message = {kFile + ":4", "is 64 bytes long; PostgreSQL keeps 63",
                   "would cut it to '" + long_name.substr(0, 63) + "'"}},
      {.name = "a type change that fails on a value",
       .revision = "upgrade:\n  - alter_column: {table: people, column: zip, type: integer, "
                   "using: \"zip::integer\"}\n",
       .message = {kFile + ":4", "22P02", "12227-000"}},
      {.name = "a drop_column that would take an index and a view with it",
       .revision = "upgrade:\n  - create_view: {name: zips, definition: SELECT zip FROM people}\n"
                   "  - drop_column: {table: people, column: zip}\n",
       .message = {kFile + ":5", "cannot drop column people.zip", "index ix_people_zip",
                   "view zips"}},
  };
}

// Brings a new project to kFirst, with data, and sets up `input` on it.
void Prepare(Project& project, const BadInput& input) {
  project.AddYamlRevision(kFirst, "", kBase);
  RunOk(project, {"upgrade", "head"});
  if (!input.revision.empty()) {
    project.AddRevision(std::string(kSecond) + "_rev.yaml",
                        "revision: " + std::string(kSecond) + "\ndown_revision: " + kFirst +
                            "\n" + input.revision);
  }
  if (!input.url.empty()) {
    WriteFile(project.ini(), "[retort]\nscript_location = migrations\nurl = " + input.url + "\n");
  }
  if (input.prepare) input.prepare(project);
}

}  // namespace

TEST_CASE("each catalogued bad input is refused, saying what and where, the database unchanged",
          "[cli][bad-input][catalogue]") {
  for (const BadInput& input : Catalogue()) {
    DYNAMIC_SECTION(input.name) {
      Project project;
      Prepare(project, input);
      const ProcessResult result = RunFailing(project, input.command, input.exit_code);
      for (const std::string& fragment : input.message) CHECK_THAT(result.err, Contains(fragment));
      CHECK(VersionRows(project.database()) == std::vector<std::string>{kFirst});
    }
  }
}

TEST_CASE("each catalogued bad input is refused on PostgreSQL, the database unchanged",
          "[cli][bad-input][catalogue][postgresql]") {
  for (const BadInput& input : PostgresqlCatalogue()) {
    DYNAMIC_SECTION(input.name) {
      Project project;
      PostgresDatabase db;
      WriteFile(project.ini(), "[retort]\nscript_location = migrations\nurl = " + db.url() + "\n");
      Prepare(project, input);
      const std::string before = db.Digest();
      const ProcessResult result = RunFailing(project, input.command, input.exit_code);
      for (const std::string& fragment : input.message) CHECK_THAT(result.err, Contains(fragment));
      CHECK(db.Digest() == before);
      CHECK(db.Query("SELECT version_num FROM retort_version") ==
            std::vector<std::vector<std::string>>{{kFirst}});
    }
  }
}

}  // namespace retort::testing
