// retort revision --autogenerate on the Chinook sample schema
// (tests/data/chinook_*.sql, written in the shape of Chinook's own
// scripts): a schema nobody designed around retort, with a self-reference,
// a composite key, tables its SQLite script creates before the tables they
// reference, and an index on every foreign key column. From an empty
// history to all of it and back to base, and to a modified copy and back,
// on SQLite and on PostgreSQL; the property is autogenerate_property.h's.
// The PostgreSQL case, tagged [postgresql] as the others, needs the test
// server of RETORT_TEST_POSTGRESQL_URL.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "autogenerate_property.h"
#include "cli_test_helpers.h"
#include "postgres_support.h"
#include "schema_testing.h"

using namespace retort;
using namespace retort::testing;

namespace {

// Copies tests/data/`name` into the project, so that the revision names the
// file as a user's project would and not the source tree.
void CopyChinook(const Project& project, const std::string& name) {
  const std::filesystem::path data = std::filesystem::path(RETORT_SOURCE_DIR) / "tests" / "data";
  std::filesystem::copy_file(data / name, project.root() / name);
}

// `text` with its one occurrence of `from` replaced by `to`: an edit that
// silently missed would leave the "modified" copy unmodified.
std::string ReplacedOnce(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  INFO("replacing: " << from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.replace(at, from.size(), to);
}

// Where the revision creates (or drops) `table`; npos when it does not.
std::size_t TableOperation(const std::string& revision, const std::string& operation,
                           const std::string& table) {
  return revision.find("- " + operation + ":\n      name: " + table + "\n");
}

// Every table the revision creates comes after the tables its foreign keys
// reference (a self-reference needs nothing before it): the order that
// lets each create_table carry its foreign keys.
void RequireReferencedTablesFirst(const std::string& revision, const Schema& schema) {
  for (const Table& table : schema.tables) {
    const std::size_t created = TableOperation(revision, "create_table", table.name.name);
    REQUIRE(created != std::string::npos);
    for (const ForeignKey& key : table.foreign_keys) {
      if (key.referent.name == table.name.name) continue;
      INFO(table.name.name << " references " << key.referent.name);
      CHECK(TableOperation(revision, "create_table", key.referent.name) < created);
    }
  }
}

// The checks on the revision from an empty history to all of Chinook:
// a base revision, created tables in an order that runs, no foreign key
// added after its table, and downgrading left to reversal.
void RequireFromEmpty(const std::string& revision, const Schema& chinook) {
  CHECK(chinook.tables.size() == 11);
  CHECK(chinook.indexes.size() == 11);
  CHECK_THAT(revision, Catch::Contains("down_revision: null"));
  CHECK(revision.find("\ndowngrade:") == std::string::npos);
  CHECK(revision.find("create_foreign_key") == std::string::npos);
  RequireReferencedTablesFirst(revision, chinook);
}

// The modified copies' edits, one of each kind: two tables dropped (one
// referencing the other), a column added, a column made NOT NULL, an index
// added and a table added that references one already there.
const char* const kSqliteChanges = R"(
DROP TABLE [PlaylistTrack];
DROP TABLE [Playlist];
ALTER TABLE [Track] ADD COLUMN [Lyrics] NTEXT;
CREATE UNIQUE INDEX [IX_CustomerEmail] ON [Customer] ([Email]);
CREATE TABLE [AlbumReview]
(
    [AlbumReviewId] INTEGER NOT NULL,
    [AlbumId] INTEGER NOT NULL,
    [Stars] INTEGER NOT NULL,
    [Body] NVARCHAR(4000),
    CONSTRAINT [PK_AlbumReview] PRIMARY KEY ([AlbumReviewId]),
    FOREIGN KEY ([AlbumId]) REFERENCES [Album] ([AlbumId]) ON DELETE CASCADE
);
CREATE INDEX [IFK_AlbumReviewAlbumId] ON [AlbumReview] ([AlbumId]);
)";

const char* const kPostgresqlChanges = R"(
DROP TABLE playlist_track;
DROP TABLE playlist;
ALTER TABLE track ADD COLUMN lyrics TEXT;
ALTER TABLE track ALTER COLUMN album_id SET NOT NULL;
CREATE UNIQUE INDEX customer_email_idx ON customer (email);
CREATE TABLE album_review
(
    album_review_id INT NOT NULL,
    album_id INT NOT NULL,
    stars INT NOT NULL,
    body VARCHAR(4000),
    CONSTRAINT album_review_pkey PRIMARY KEY (album_review_id),
    CONSTRAINT album_review_album_id_fkey FOREIGN KEY (album_id)
        REFERENCES album (album_id) ON DELETE CASCADE
);
CREATE INDEX album_review_album_id_idx ON album_review (album_id);
)";

// Writes `changed_sql` as changed.sql, generates a revision to it and one
// back to `original` (both held to the property), and returns the first.
std::string RequireChangedAndBack(const Project& project, const std::string& original,
                                  const std::string& changed_sql,
                                  const Environment& environment = {}) {
  WriteFile(project.root() / "changed.sql", changed_sql);
  const std::string changed = RequireAutogenerated(project, "changed.sql", environment);
  const std::string back = RequireAutogenerated(project, original, environment);
  CHECK(changed.find("\ndowngrade:") == std::string::npos);
  CHECK(back.find("\ndowngrade:") == std::string::npos);
  return changed;
}

}  // namespace

TEST_CASE("autogenerate takes an empty history to Chinook on SQLite, and back to base",
          "[cli][autogenerate][chinook]") {
  Project project;
  CopyChinook(project, "chinook_sqlite.sql");
  const std::string revision = RequireAutogenerated(project, "chinook_sqlite.sql");
  const Schema chinook = ReflectUrl(project.url());
  RequireFromEmpty(revision, chinook);
  // The script creates Album before Artist, which SQLite allows; the
  // revision may not, since it must run on any database.
  CHECK(TableOperation(revision, "create_table", "Artist") <
        TableOperation(revision, "create_table", "Album"));
  CHECK_THAT(revision, Catch::Contains("primary_key: {name: PK_PlaylistTrack, columns: "
                                       "[PlaylistId, TrackId]}"));

  RunOk(project, {"downgrade", "base"});
  CHECK(SchemaObjects(project.database()) ==
        std::vector<std::string>{"table retort_history", "table retort_version"});
}

TEST_CASE("autogenerate takes Chinook on SQLite to a modified copy and back",
          "[cli][autogenerate][chinook]") {
  Project project;
  CopyChinook(project, "chinook_sqlite.sql");
  RequireAutogenerated(project, "chinook_sqlite.sql");
  // SQLite cannot change a column's nullability by ALTER TABLE: the copy's
  // CREATE TABLE says it.
  const std::string original = ReadFile(project.root() / "chinook_sqlite.sql");
  const std::string changed = RequireChangedAndBack(
      project, "chinook_sqlite.sql",
      ReplacedOnce(original, "[AlbumId] INTEGER,", "[AlbumId] INTEGER NOT NULL,") +
          kSqliteChanges);
  // PlaylistTrack, which references Playlist, is dropped first; the new
  // table's foreign key keeps its action.
  CHECK(TableOperation(changed, "drop_table", "PlaylistTrack") <
        TableOperation(changed, "drop_table", "Playlist"));
  CHECK_THAT(changed, Catch::Contains("- alter_column: {table: Track, column: AlbumId, "
                                      "nullable: false, existing_type: integer, "
                                      "existing_nullable: true}"));
  CHECK_THAT(changed, Catch::Contains("referent_table: Album, referent_columns: [AlbumId], "
                                      "on_delete: cascade}"));
  CHECK(HasTable(project.database(), "Playlist"));
  CHECK_FALSE(HasTable(project.database(), "AlbumReview"));
}

TEST_CASE("autogenerate drops one of Chinook's unnamed foreign keys on SQLite, keeping the rows, "
          "and makes it again",
          "[cli][autogenerate][chinook]") {
  Project project;
  CopyChinook(project, "chinook_sqlite.sql");
  RequireAutogenerated(project, "chinook_sqlite.sql");
  Exec(project.database(), "INSERT INTO Artist VALUES (1, 'AC/DC');"
                           "INSERT INTO Album VALUES (1, 'For Those About To Rock', 1);");
  const std::string original = ReadFile(project.root() / "chinook_sqlite.sql");
  const std::string changed = RequireChangedAndBack(
      project, "chinook_sqlite.sql",
      ReplacedOnce(original,
                   ",\n    FOREIGN KEY ([ArtistId]) REFERENCES [Artist] ([ArtistId])\n"
                   "        ON DELETE NO ACTION ON UPDATE NO ACTION",
                   ""));
  // SQLite keeps no name for it: the drop names what it is.
  CHECK_THAT(changed, Catch::Contains("  - drop_constraint: {table: Album, type: foreignkey, "
                                      "columns: [ArtistId], referent_table: Artist, "
                                      "referent_columns: [ArtistId]}\n"));
  CHECK(Query(project.database(), "SELECT Title FROM Album") ==
        std::vector<std::vector<std::string>>{{"For Those About To Rock"}});
  CHECK(Query(project.database(), "SELECT \"table\" FROM pragma_foreign_key_list('Album')") ==
        std::vector<std::vector<std::string>>{{"Artist"}});
}

TEST_CASE("autogenerate takes an empty history to Chinook on PostgreSQL, to a modified copy, "
          "and back to base",
          "[cli][autogenerate][chinook][postgresql]") {
  PostgresDatabase database;
  Project project;
  const Environment environment = {{"RETORT_URL", database.url()}};
  CopyChinook(project, "chinook_postgresql.sql");
  const std::string revision =
      RequireAutogenerated(project, "chinook_postgresql.sql", environment);
  RequireFromEmpty(revision, ReflectUrl(database.url()));
  // The file's constraint names are the ones PostgreSQL would make up, so
  // they read as unnamed (docs/architecture.md) and the revision leaves
  // them to PostgreSQL, which makes the same names again.
  CHECK(revision.find("_pkey") == std::string::npos);
  CHECK(revision.find("_fkey") == std::string::npos);
  CHECK_THAT(revision, Catch::Contains("primary_key: {columns: [playlist_id, track_id]}"));

  const std::string original = ReadFile(project.root() / "chinook_postgresql.sql");
  const std::string changed = RequireChangedAndBack(project, "chinook_postgresql.sql",
                                                    original + kPostgresqlChanges, environment);
  CHECK(TableOperation(changed, "drop_table", "playlist_track") <
        TableOperation(changed, "drop_table", "playlist"));
  CHECK_THAT(changed, Catch::Contains("referent_table: album, referent_columns: [album_id], "
                                      "on_delete: cascade}"));

  RunOk(project, {"downgrade", "base"}, environment);
  CHECK(database.Query("SELECT table_name FROM information_schema.tables "
                       "WHERE table_schema = 'public' ORDER BY table_name") ==
        std::vector<std::vector<std::string>>{{"retort_history"}, {"retort_version"}});
}

TEST_CASE("autogenerate drops one of Chinook's foreign keys on PostgreSQL, where PostgreSQL "
          "named it, and makes it again",
          "[cli][autogenerate][chinook][postgresql]") {
  PostgresDatabase database;
  Project project;
  const Environment environment = {{"RETORT_URL", database.url()}};
  CopyChinook(project, "chinook_postgresql.sql");
  RequireAutogenerated(project, "chinook_postgresql.sql", environment);
  const std::string original = ReadFile(project.root() / "chinook_postgresql.sql");
  const std::string changed = RequireChangedAndBack(
      project, "chinook_postgresql.sql",
      ReplacedOnce(original,
                   "ALTER TABLE album ADD CONSTRAINT album_artist_id_fkey\n    FOREIGN KEY "
                   "(artist_id) REFERENCES artist (artist_id) ON DELETE NO ACTION ON UPDATE NO "
                   "ACTION;\n",
                   ""),
      environment);
  // The name is PostgreSQL's own, so the revision leaves it out and the
  // drop finds the key in pg_constraint.
  CHECK_THAT(changed, Catch::Contains("  - drop_constraint: {table: album, type: foreignkey, "
                                      "columns: [artist_id], referent_table: artist, "
                                      "referent_columns: [artist_id]}\n"));
  CHECK(database.Query("SELECT conname FROM pg_constraint WHERE contype = 'f' "
                       "AND conrelid = 'album'::regclass") ==
        std::vector<std::vector<std::string>>{{"album_artist_id_fkey"}});
}
