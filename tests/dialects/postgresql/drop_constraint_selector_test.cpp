// drop_constraint without a name on PostgreSQL: the constraints were made
// without names, so PostgreSQL made names up ("albums_price_check"), which a
// revision cannot know; retort finds the one the selector describes in
// pg_constraint when the revision runs. A check's condition is compared in
// canonical form, whatever pg_get_constraintdef prints. A selector that
// matches several constraints or none fails, listing them, and the
// transaction leaves the database as it was; downgrading makes the
// constraints again, without names, so PostgreSQL names them alike.
#include <catch2/catch.hpp>

#include "pg_test_helpers.h"
#include "retort/commands.h"
#include "retort/error.h"

using namespace retort;
using namespace retort::testing;

namespace {

constexpr const char* kBase = "a1a1a1a1a1a1";
constexpr const char* kChange = "b2b2b2b2b2b2";

constexpr const char* kSchema = R"yaml(  - execute: |
      CREATE TABLE artists (id integer PRIMARY KEY, name text);
      CREATE TABLE albums (
        id integer PRIMARY KEY,
        artist_id integer NOT NULL REFERENCES artists (id) ON DELETE CASCADE,
        title text NOT NULL,
        code text UNIQUE,
        price numeric CHECK (price >= 0),
        qty integer CONSTRAINT ck_albums_qty CHECK (qty > 0),
        UNIQUE (title, artist_id)
      );
      CREATE INDEX ix_albums_title ON albums (title);
      -- CREATE TABLE would make one constraint of the two.
      CREATE TABLE pairs (a integer UNIQUE);
      ALTER TABLE pairs ADD UNIQUE (a);
      INSERT INTO artists VALUES (1, 'AC/DC'), (2, 'Accept');
      INSERT INTO albums VALUES (1, 1, 'Let There Be Rock', 'A-1', 9.99, 3),
                                (2, 2, 'Balls to the Wall', NULL, 0, 1);
)yaml";

// A project at kBase: the schema above.
void SetUp(PgProject& pg) {
  pg.project().AddYamlRevision(kBase, "", kSchema, "downgrade: []\n");
  MigrationListener quiet;
  Upgrade(pg.config(), "head", quiet);
}

Strings Constraints(const PostgresDatabase& db, const std::string& table) {
  return Values(db, "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = '" + table + "'::regclass ORDER BY conname");
}

Strings AlbumRows(const PostgresDatabase& db) {
  return Values(db, "SELECT id || ' ' || artist_id || ' ' || title || ' ' || "
                    "coalesce(code, 'NULL') || ' ' || price || ' ' || qty FROM albums ORDER BY id");
}

// Upgrading to a revision of `ops` fails with a message holding `what`, and
// leaves the database as it was.
template <class Matcher>
void RequireRefused(PgProject& pg, const std::string& ops, const Matcher& what) {
  pg.project().AddYamlRevision(kChange, kBase, ops);
  const Strings before = CatalogFacts(pg.db());
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(pg.config(), "head", quiet), what);
  CHECK(CatalogFacts(pg.db()) == before);
  CHECK(VersionRows(pg.db()) == Strings{kBase});
}

}  // namespace

TEST_CASE("drop_constraint without a name drops PostgreSQL's generated-name foreign key, unique "
          "and check, and downgrading makes them again",
          "[postgresql][drop_constraint]") {
  PgProject pg;
  SetUp(pg);
  const Strings before = CatalogFacts(pg.db());
  const Strings rows = AlbumRows(pg.db());
  REQUIRE(Constraints(pg.db(), "albums") ==
          Strings{"albums_artist_id_fkey FOREIGN KEY (artist_id) REFERENCES artists(id) "
                  "ON DELETE CASCADE",
                  "albums_code_key UNIQUE (code)", "albums_pkey PRIMARY KEY (id)",
                  "albums_price_check CHECK ((price >= (0)::numeric))",
                  "albums_title_artist_id_key UNIQUE (title, artist_id)",
                  "ck_albums_qty CHECK ((qty > 0))"});
  // The check spelled otherwise than PostgreSQL prints it: case, blanks,
  // parentheses, no cast.
  pg.project().AddYamlRevision(
      kChange, kBase,
      "  - drop_constraint: {table: albums, type: foreignkey, columns: [artist_id], "
      "referent_table: artists, referent_columns: [id], on_delete: cascade}\n"
      "  - drop_constraint: {table: albums, type: unique, columns: [title, artist_id]}\n"
      "  - drop_constraint: {table: albums, type: check, condition: \"(PRICE>=0)\"}\n");
  MigrationListener quiet;
  Upgrade(pg.config(), "head", quiet);
  CHECK(Constraints(pg.db(), "albums") ==
        Strings{"albums_code_key UNIQUE (code)", "albums_pkey PRIMARY KEY (id)",
                "ck_albums_qty CHECK ((qty > 0))"});
  CHECK(AlbumRows(pg.db()) == rows);
  CHECK(Values(pg.db(), "SELECT indexname FROM pg_indexes WHERE tablename = 'albums' "
                        "ORDER BY indexname") ==
        Strings{"albums_code_key", "albums_pkey", "ix_albums_title"});

  Downgrade(pg.config(), kBase, quiet);
  CHECK(CatalogFacts(pg.db()) == before);
  CHECK(AlbumRows(pg.db()) == rows);
}

TEST_CASE("drop_constraint without a name that matches two PostgreSQL constraints fails, "
          "listing them, and changes nothing",
          "[postgresql][drop_constraint]") {
  PgProject pg;
  SetUp(pg);
  RequireRefused(pg, "  - drop_constraint: {table: pairs, type: unique, columns: [a]}\n",
                 Catch::Contains("2 constraints of table pairs are unique (a)") &&
                     Catch::Contains("its constraints: unique pairs_a_key (a); unique "
                                     "pairs_a_key1 (a)"));
}

TEST_CASE("drop_constraint without a name that matches no PostgreSQL constraint fails, listing "
          "the table's constraints, and changes nothing",
          "[postgresql][drop_constraint]") {
  PgProject pg;
  SetUp(pg);
  // The first operation runs, and is rolled back with the revision.
  RequireRefused(pg,
                 "  - drop_constraint: {table: albums, type: unique, columns: [code]}\n"
                 "  - drop_constraint: {table: albums, type: check, condition: \"price > 100\"}\n",
                 Catch::Contains("table albums has no check (price > 100)") &&
                     Catch::Contains("its constraints: foreign key albums_artist_id_fkey "
                                     "(artist_id) references public.artists (id); primary key "
                                     "albums_pkey (id); check albums_price_check (price >= 0); "
                                     "unique albums_title_artist_id_key (title, artist_id); "
                                     "check ck_albums_qty (qty > 0)"));
  // PostgreSQL names compare exactly: Code is not code.
  RequireRefused(pg, "  - drop_constraint: {table: albums, type: unique, columns: [Code]}\n",
                 Catch::Contains("table albums has no unique (Code)"));
  RequireRefused(pg,
                 "  - drop_constraint: {table: nowhere, type: unique, columns: [a]}\n",
                 Catch::Contains("there is no table nowhere"));
}

TEST_CASE("a selector finds its table along the search_path, as the statement that drops it does",
          "[postgresql]") {
  PgProject pg;
  pg.db().Exec(
      "CREATE SCHEMA app; CREATE SCHEMA shared; CREATE TABLE shared.codes (a integer UNIQUE)");
  retort::Config config = pg.config();
  config.url = pg.db().url() + "?options=-csearch_path%3Dapp,shared";
  pg.project().AddYamlRevision(
      kBase, "", "  - drop_constraint: {table: codes, type: unique, columns: [a]}\n",
      "downgrade: []\n");
  MigrationListener quiet;
  Upgrade(config, "head", quiet);
  CHECK(Constraints(pg.db(), "shared.codes").empty());
  // retort's own tables are the first schema's.
  CHECK(HasTable(pg.db(), "app.retort_version"));
}
