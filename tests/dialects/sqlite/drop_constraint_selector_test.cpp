// drop_constraint without a name on SQLite: the constraint is found by its
// type and definition in the table's CREATE TABLE text, since SQLite keeps
// no name for an unnamed FOREIGN KEY, CHECK or UNIQUE. The rebuild that
// drops it keeps the rows and everything else; a selector that matches
// several constraints or none fails before anything is written, listing the
// table's constraints; downgrading makes the constraints again, unnamed.
#include <catch2/catch.hpp>

#include <string>

#include "rebuild_test_support.h"
#include "reflect_support.h"
#include "retort/commands.h"
#include "retort/error.h"
#include "schema_testing.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;
using namespace retort::testing::rebuild;

namespace {

// albums has every kind of unnamed constraint, as Chinook and Northwind
// write them, beside named ones, an index, a trigger and a view that the
// drops must leave alone.
constexpr const char* kSchema = R"sql(CREATE TABLE artists (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE labels (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE albums (
  id INTEGER PRIMARY KEY,
  artist_id INTEGER NOT NULL,
  label_id INTEGER REFERENCES labels (id),
  title TEXT NOT NULL,
  code TEXT UNIQUE,
  price NUMERIC CHECK (price >= 0),
  qty INTEGER,
  seen TEXT,
  CONSTRAINT ck_albums_qty CHECK (qty > 0),
  UNIQUE (title, artist_id),
  FOREIGN KEY (artist_id) REFERENCES artists (id) ON DELETE CASCADE
);
CREATE INDEX ix_albums_title ON albums (title);
CREATE TRIGGER tr_albums AFTER INSERT ON albums BEGIN
  UPDATE albums SET seen = 'yes' WHERE id = new.id;
END;
CREATE VIEW v_albums AS SELECT id, title FROM albums;
INSERT INTO artists VALUES (1, 'AC/DC'), (2, 'Accept');
INSERT INTO labels VALUES (1, 'Atlantic');
INSERT INTO albums (id, artist_id, label_id, title, code, price, qty) VALUES
  (1, 1, 1, 'Let There Be Rock', 'A-1', 9.99, 3),
  (2, 2, NULL, 'Balls to the Wall', NULL, 0, 1);
)sql";

// A project at kBase: the schema above.
void SetUp(Project& project) {
  project.AddYamlRevision(kBase, "", ExecuteItem(kSchema), "downgrade: []\n");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
}

// Every schema object's text but albums'.
std::map<std::string, std::string> OthersThanAlbums(const Project& project) {
  std::map<std::string, std::string> texts = SchemaTexts(project.database());
  texts.erase("table albums");
  return texts;
}

// Upgrading to a revision of `ops` fails with a message holding `what`, and
// leaves the database as it was.
template <class Matcher>
void RequireRefused(Project& project, const std::string& ops, const Matcher& what) {
  project.AddYamlRevision(kChange, kBase, ops);
  const DatabaseState before = Capture(project.database());
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(project.config(), "head", quiet), what);
  CHECK(Capture(project.database()) == before);
}

// What every failure lists: the constraints of albums, unnamed ones too.
constexpr const char* kListing =
    "its constraints: primary key unnamed (id); foreign key unnamed (label_id) references "
    "labels (id); unique unnamed (code); check unnamed (price >= 0); check ck_albums_qty "
    "(qty > 0); unique unnamed (title, artist_id); foreign key unnamed (artist_id) references "
    "artists (id)";

}  // namespace

TEST_CASE("drop_constraint without a name drops an unnamed foreign key, unique and check on "
          "SQLite, keeping rows and everything else",
          "[sqlite][drop_constraint]") {
  Project project;
  SetUp(project);
  const Schema before = Reflect(project.database());
  const auto others = OthersThanAlbums(project);
  const std::string rows = Rows(project.database(), "albums");
  // Spelled otherwise than the table's text: names without case, the check
  // with other blanks, case and parentheses. (The downgrade makes what the
  // operations say, so the foreign keys are described as they were.)
  project.AddYamlRevision(kChange, kBase, R"yaml(  - drop_constraint:
      table: albums
      type: foreignkey
      columns: [artist_id]
      referent_table: artists
      referent_columns: [id]
      on_delete: cascade
  - drop_constraint: {table: albums, type: unique, columns: [TITLE, Artist_Id]}
  - drop_constraint: {table: albums, type: check, condition: "(PRICE>=0)"}
  - drop_constraint:
      {table: albums, type: foreignkey, columns: [label_id], referent_table: labels,
       referent_columns: [id]}
)yaml");
  RecordingListener listener;
  Upgrade(project.config(), "head", listener);
  CHECK(CountRebuilds(listener.statements()) == 1);

  CHECK(ObjectSql(project.database(), "albums") == R"sql(CREATE TABLE "albums" (
  id INTEGER PRIMARY KEY,
  artist_id INTEGER NOT NULL,
  label_id INTEGER,
  title TEXT NOT NULL,
  code TEXT UNIQUE,
  price NUMERIC,
  qty INTEGER,
  seen TEXT,
  CONSTRAINT ck_albums_qty CHECK (qty > 0)
))sql");
  CHECK(Rows(project.database(), "albums") == rows);
  CHECK(OthersThanAlbums(project) == others);
  CHECK(Query(project.database(), "SELECT count(*) FROM pragma_foreign_key_list('albums')") ==
        std::vector<std::vector<std::string>>{{"0"}});

  // Reversed: the constraints come back, unnamed as they were.
  MigrationListener quiet;
  Downgrade(project.config(), kBase, quiet);
  RequireSameSchema(before, Reflect(project.database()));
  CHECK(Rows(project.database(), "albums") == rows);
  CHECK(OthersThanAlbums(project) == others);
  const std::string restored = ObjectSql(project.database(), "albums");
  CHECK(restored.find("CONSTRAINT") == restored.rfind("CONSTRAINT ck_albums_qty"));
}

TEST_CASE("drop_constraint without a name that matches two constraints fails, listing the "
          "table's constraints, and changes nothing",
          "[sqlite][drop_constraint]") {
  Project project;
  SetUp(project);
  Exec(project.database(), "CREATE TABLE pairs (a INTEGER UNIQUE, b INTEGER, UNIQUE (A));");
  // The same column twice, as SQLite compares names: without case.
  RequireRefused(project, "  - drop_constraint: {table: pairs, type: unique, columns: [a]}\n",
                 Catch::Contains("2 constraints of table pairs are unique (a)") &&
                     Catch::Contains("its constraints: unique unnamed (a); unique unnamed (A)"));
}

TEST_CASE("drop_constraint without a name that matches nothing fails, listing the table's "
          "constraints, and changes nothing",
          "[sqlite][drop_constraint]") {
  Project project;
  SetUp(project);
  RequireRefused(project,
                 "  - drop_constraint: {table: albums, type: check, condition: \"price > 100\"}\n",
                 Catch::Contains("table albums has no check (price > 100)") &&
                     Catch::Contains(kListing));
  // The columns of a unique constraint are compared in order.
  RequireRefused(project,
                 "  - drop_constraint: {table: albums, type: unique, columns: [artist_id, "
                 "title]}\n",
                 Catch::Contains("table albums has no unique (artist_id, title)") &&
                     Catch::Contains(kListing));
  RequireRefused(project,
                 "  - drop_constraint: {table: albums, type: foreignkey, columns: [artist_id], "
                 "referent_table: labels, referent_columns: [id]}\n",
                 Catch::Contains("has no foreign key (artist_id) references labels (id)") &&
                     Catch::Contains(kListing));
}

TEST_CASE("drop_constraint with neither a name nor a whole definition is an error at its line",
          "[sqlite][drop_constraint]") {
  Project project;
  SetUp(project);
  for (const std::string op : {"{table: albums, type: unique}", "{table: albums, type: check}",
                               "{table: albums, type: foreignkey}", "{table: albums}",
                               "{table: albums, name: \"\", type: check}"}) {
    INFO(op);
    const auto file = project.AddYamlRevision(kChange, kBase,
                                              "  - create_index: {name: ix_x, table: albums, "
                                              "columns: [qty]}\n  - drop_constraint: " +
                                                  op + "\n");
    const DatabaseState before = Capture(project.database());
    MigrationListener quiet;
    CHECK_THROWS_WITH(Upgrade(project.config(), "head", quiet),
                      Catch::Contains(file.filename().string() + ":6: ") &&
                          Catch::Contains("drop_constraint needs 'name', or 'type' and the "
                                          "constraint's definition"));
    CHECK(Capture(project.database()) == before);
  }
}
