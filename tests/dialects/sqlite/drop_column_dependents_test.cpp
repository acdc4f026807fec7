// drop_column never drops another object silently: what depends on the
// column (its own key, UNIQUE, foreign key or CHECK, other columns and table
// constraints that use it, indexes, triggers, views and the views on those,
// other tables' foreign keys) is listed, all of it, and the drop refused;
// cascade: true drops them with the column and says what went.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "rebuild_test_support.h"
#include "retort/commands.h"
#include "retort/error.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;
using namespace retort::testing::rebuild;

namespace {

// Sakila's film and language, with what can depend on a column.
constexpr const char* kSchema = R"sql(CREATE TABLE language (
  language_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL
);
INSERT INTO language VALUES (1, 'English'), (2, 'Italian');
CREATE TABLE film (
  film_id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  language_id INTEGER NOT NULL REFERENCES language (language_id),
  original_language_id INTEGER REFERENCES language (language_id),
  rating INTEGER CHECK (rating > 0),
  code TEXT,
  CONSTRAINT uq_film_title_code UNIQUE (title, code)
);
INSERT INTO film VALUES (1, 'ACADEMY DINOSAUR', 1, 2, 3, 'a'), (2, 'ACE GOLDFINGER', 1, NULL, 4, 'b');
CREATE INDEX idx_fk_original_language_id ON film (original_language_id);
CREATE INDEX idx_film_title ON film (title);
CREATE VIEW film_original AS SELECT film_id, original_language_id FROM film;
CREATE VIEW film_original_count AS SELECT count(*) AS n FROM film_original;
CREATE TABLE film_log (film_id INTEGER, note TEXT);
CREATE TRIGGER film_original_changed AFTER UPDATE OF original_language_id ON film
BEGIN INSERT INTO film_log VALUES (new.film_id, 'original language'); END;
CREATE TABLE film_code (code TEXT REFERENCES film (code), note TEXT);
INSERT INTO film_code VALUES ('a', 'first');
)sql";

void SetUp(Project& project) {
  project.AddYamlRevision(kBase, "", ExecuteItem(kSchema), "downgrade: []\n");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
}

// The OperationError the change revision `ops` fails with ("" if none).
std::string Refusal(Project& project, const std::string& ops) {
  project.AddYamlRevision(kChange, kBase, ops);
  RecordingListener listener;
  try {
    Upgrade(project.config(), "head", listener);
  } catch (const OperationError& error) {
    CHECK(CountRebuilds(listener.statements()) == 0);
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("drop_column of a column with its own foreign key is refused, unless the drop "
          "describes the key",
          "[sqlite][drop_column]") {
  Project project;
  SetUp(project);
  SECTION("a drop that does not describe it") {
    // SQLite's ALTER TABLE DROP COLUMN would drop the foreign key without a word.
    Exec(project.database(), "DROP VIEW film_original_count; DROP VIEW film_original; "
                             "DROP TRIGGER film_original_changed; "
                             "DROP INDEX idx_fk_original_language_id;");
    const DatabaseState before = Capture(project.database());
    const std::string message =
        Refusal(project, "  - drop_column: {table: film, column: original_language_id}\n");
    CHECK_THAT(message,
               Catch::Contains("cannot drop column film.original_language_id: its REFERENCES "
                               "language (language_id) depends on it") &&
                   Catch::Contains("cascade: true") && Catch::Contains("rolled back"));
    CHECK(Capture(project.database()) == before);
  }
  SECTION("the automatic downgrade of add_column, whose drop_column carries the key") {
    project.AddYamlRevision(kChange, kBase,
                            "  - add_column: {table: film, column: {name: dubbed_id, type: "
                            "integer, references: language.language_id}}\n");
    MigrationListener quiet;
    Upgrade(project.config(), "head", quiet);
    CHECK_THAT(ObjectSql(project.database(), "film"), Catch::Contains("dubbed_id"));
    Downgrade(project.config(), kBase, quiet);
    CHECK_THAT(ObjectSql(project.database(), "film"), !Catch::Contains("dubbed_id"));
  }
}

TEST_CASE("drop_column refusal lists everything that depends on the column",
          "[sqlite][drop_column]") {
  Project project;
  SetUp(project);
  const DatabaseState before = Capture(project.database());
  const std::string message =
      Refusal(project, "  - drop_column: {table: film, column: original_language_id}\n");
  INFO(message);
  CHECK_THAT(message, Catch::Contains("drop_column film.original_language_id") &&
                          Catch::Contains("its REFERENCES language (language_id), index "
                                          "idx_fk_original_language_id, trigger "
                                          "film_original_changed, view film_original and view "
                                          "film_original_count depend on it"));
  CHECK(Capture(project.database()) == before);
}

TEST_CASE("drop_column of a column another table's foreign key points at is refused",
          "[sqlite][drop_column]") {
  // SQLite's ALTER TABLE DROP COLUMN would leave film_code's key dangling.
  Project project;
  SetUp(project);
  const DatabaseState before = Capture(project.database());
  const std::string message = Refusal(project, "  - drop_column: {table: film, column: code}\n");
  CHECK_THAT(message, Catch::Contains("table constraint uq_film_title_code and the foreign key "
                                      "of table film_code (code) depend on it"));
  CHECK(Capture(project.database()) == before);
}

TEST_CASE("drop_column of a column with its own CHECK is refused", "[sqlite][drop_column]") {
  Project project;
  SetUp(project);
  const DatabaseState before = Capture(project.database());
  const std::string message = Refusal(project, "  - drop_column: {table: film, column: rating}\n");
  CHECK_THAT(message, Catch::Contains("its CHECK (rating > 0) depends on it"));
  CHECK(Capture(project.database()) == before);
}

TEST_CASE("drop_column with cascade: true drops what depends on the column and says so",
          "[sqlite][drop_column]") {
  Project project;
  SetUp(project);
  const std::string film_rows = Rows(project.database(), "film", {"film_id", "title", "code"});
  const std::string code_rows = Rows(project.database(), "film_code");
  project.AddYamlRevision(kChange, kBase,
                          "  - drop_column: {table: film, column: original_language_id, "
                          "cascade: true}\n  - drop_column: {table: film, column: code, "
                          "cascade: true}\n",
                          "downgrade: []\n");
  NoticeListener listener;
  Upgrade(project.config(), "head", listener);
  const auto& notices = listener.notices();
  REQUIRE(notices.size() == 2);
  CHECK(notices[0] ==
        "drop_column film.original_language_id (cascade: true) drops with it: its REFERENCES "
        "language (language_id), index idx_fk_original_language_id, trigger "
        "film_original_changed, view film_original and view film_original_count");
  CHECK(notices[1] == "drop_column film.code (cascade: true) drops with it: table constraint "
                      "uq_film_title_code and the foreign key of table film_code (code)");
  CHECK(ObjectSql(project.database(), "film") ==
        "CREATE TABLE \"film\" (\n  film_id INTEGER PRIMARY KEY,\n  title TEXT NOT NULL,\n"
        "  language_id INTEGER NOT NULL REFERENCES language (language_id),\n"
        "  rating INTEGER CHECK (rating > 0)\n)");
  // The referencing table keeps its rows and loses its key.
  CHECK(ObjectSql(project.database(), "film_code") ==
        "CREATE TABLE \"film_code\" (code TEXT, note TEXT)");
  CHECK(Rows(project.database(), "film_code") == code_rows);
  CHECK(Rows(project.database(), "film", {"film_id", "title"}) ==
        ReplaceOnce(ReplaceOnce(film_rows, "|'a'\n", "\n"), "|'b'\n", "\n"));
  for (const char* gone : {"idx_fk_original_language_id", "film_original",
                           "film_original_count", "film_original_changed"}) {
    CHECK(ObjectSql(project.database(), gone).empty());
  }
  CHECK(ObjectSql(project.database(), "idx_film_title") ==
        "CREATE INDEX idx_film_title ON film (title)");
  CHECK(RebuildLeftovers(project.database()).empty());
}

TEST_CASE("drop_column with cascade: true and without a downgrade section is refused when read",
          "[sqlite][drop_column]") {
  Project project;
  SetUp(project);
  const DatabaseState before = Capture(project.database());
  project.AddYamlRevision(kChange, kBase,
                          "  - drop_column: {table: film, column: rating, cascade: true}\n");
  MigrationListener quiet;
  try {
    Upgrade(project.config(), "head", quiet);
    FAIL("the upgrade ran");
  } catch (const FileError& error) {
    CHECK_THAT(error.what(), Catch::Contains(kChange) &&
                                 Catch::Contains("drop_column film.rating has cascade: true") &&
                                 Catch::Contains("downgrade:"));
    CHECK(error.line() > 0);
  }
  CHECK(Capture(project.database()) == before);
}
