// PostgreSQL's DDL is transactional, so a failing revision must leave no
// trace: not its tables, not its version row, not its history row. A
// revision with "transaction: false" cannot be rolled back, and instead is
// marked incomplete until a person says with a stamp what the database is.
#include <catch2/catch.hpp>

#include "pg_test_helpers.h"
#include "retort/commands.h"
#include "retort/error.h"

using namespace retort;
using namespace retort::testing;

namespace {

constexpr const char* kFirst = "a1a1a1a1a1a1";
constexpr const char* kSecond = "b2b2b2b2b2b2";

// What must not change when a revision fails: the catalogue, retort's rows,
// and the data of `table`.
struct Snapshot {
  Strings facts;
  Strings versions;
  Strings history;
  PgRows data;

  friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

Snapshot Take(const PostgresDatabase& db, const std::string& table) {
  return {CatalogFacts(db), VersionRows(db), HistoryRows(db),
          HasTable(db, table) ? db.Query("SELECT * FROM " + table + " ORDER BY 1") : PgRows{}};
}

// One table with two rows, then a revision that changes it and more in
// every way a revision can, and fails at its last operation.
void AddRevisionFailingAtTheEnd(PgProject& pg) {
  pg.project().AddYamlRevision(kFirst, "", R"yaml(
  - create_table:
      name: one
      columns:
        - {name: id, type: integer, primary_key: true, autoincrement: true}
        - {name: name, type: text}
  - bulk_insert: {table: one, rows: [{name: a}, {name: b}]}
)yaml");
  pg.project().AddYamlRevision(kSecond, kFirst, R"yaml(
  - create_table: {name: two, columns: [{name: id, type: integer, primary_key: true}]}
  - add_column: {table: one, column: {name: two_id, type: integer, references: two.id, comment: new}}
  - alter_column: {table: one, column: name, nullable: false, type: string(20), existing_type: text}
  - create_index: {name: ix_one_name, table: one, columns: [name], unique: true}
  - rename_table: {name: one, new_name: uno}
  - bulk_insert: {table: uno, rows: [{name: c}]}
  - execute: "UPDATE uno SET name = upper(name); CREATE SEQUENCE stray_seq"
  - execute: INSERT INTO no_such_table VALUES (1)
)yaml");
}

}  // namespace

TEST_CASE("a failing statement rolls back its whole revision with the version and history rows",
          "[postgresql][transactions]") {
  PgProject pg;
  AddRevisionFailingAtTheEnd(pg);
  MigrationListener quiet;
  Upgrade(pg.config(), kFirst, quiet);
  const auto& db = pg.db();
  const Snapshot before = Take(db, "one");
  REQUIRE(before.data.size() == 2);

  try {
    Upgrade(pg.config(), "head", quiet);
    FAIL("the upgrade should have failed");
  } catch (const DatabaseError& error) {
    CHECK(error.code() == "42P01");
    CHECK_THAT(error.what(), Catch::Contains("revision b2b2b2b2b2b2") &&
                                 Catch::Contains("b2b2b2b2b2b2_rev.yaml:13") &&
                                 Catch::Contains("no_such_table") &&
                                 Catch::Contains("42P01") &&
                                 Catch::Contains("rolled back, the database is at a1a1a1a1a1a1"));
  }
  CHECK(Take(db, "one") == before);
  CHECK_FALSE(HasTable(db, "uno"));
  CHECK(AppliedHistory(pg.config()).size() == 1);
  CHECK(Current(pg.config()).front().header.id == kFirst);
}

TEST_CASE("a first revision that fails leaves not even retort's tables behind",
          "[postgresql][transactions]") {
  PgProject pg;
  pg.project().AddYamlRevision(kFirst, "", R"yaml(
  - create_table: {name: one, columns: [{name: id, type: integer}]}
  - execute: SELECT 1 / 0
)yaml");
  const auto& db = pg.db();
  const Strings empty = CatalogFacts(db);
  MigrationListener quiet;
  try {
    Upgrade(pg.config(), "head", quiet);
    FAIL("the upgrade should have failed");
  } catch (const DatabaseError& error) {
    CHECK(error.code() == "22012");
    CHECK_THAT(error.what(), Catch::Contains("division by zero") &&
                                 Catch::Contains("rolled back, the database is at base"));
  }
  CHECK(CatalogFacts(db) == empty);
  CHECK(Current(pg.config()).empty());
}

TEST_CASE("a single-transaction run that fails in its second revision rolls back the first",
          "[postgresql][transactions]") {
  PgProject pg;
  AddRevisionFailingAtTheEnd(pg);
  const auto& db = pg.db();
  const Strings empty = CatalogFacts(db);
  Config config = pg.config();
  config.transaction_per_revision = false;
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(config, "head", quiet),
                    Catch::Contains("b2b2b2b2b2b2") && Catch::Contains("no_such_table") &&
                        Catch::Contains("the database is at base"));
  CHECK(CatalogFacts(db) == empty);
  CHECK(VersionRows(db).empty());

  // The same run, fixed, commits both revisions at once.
  pg.project().AddYamlRevision(kSecond, kFirst, R"yaml(
  - create_table: {name: two, columns: [{name: id, type: integer, primary_key: true}]}
)yaml");
  REQUIRE(Upgrade(config, "head", quiet).size() == 2);
  CHECK(VersionRows(db) == Strings{kSecond});
  CHECK(HistoryRows(db) == Strings{"a1a1a1a1a1a1 upgrade", "b2b2b2b2b2b2 upgrade"});
}

TEST_CASE("a single-transaction downgrade that fails keeps every revision",
          "[postgresql][transactions]") {
  PgProject pg;
  pg.project().AddYamlRevision(
      kFirst, "", "  - create_table: {name: one, columns: [{name: id, type: integer}]}\n");
  pg.project().AddYamlRevision(
      kSecond, kFirst, "  - create_table: {name: two, columns: [{name: id, type: integer}]}\n",
      "downgrade:\n  - drop_table: two\n  - execute: DROP TABLE missing\n");
  MigrationListener quiet;
  Upgrade(pg.config(), "head", quiet);
  const Snapshot before = Take(pg.db(), "one");
  Config config = pg.config();
  config.transaction_per_revision = false;
  CHECK_THROWS_AS(Downgrade(config, "base", quiet), DatabaseError);
  CHECK(Take(pg.db(), "one") == before);
}

TEST_CASE("a deferred constraint that fails at COMMIT rolls the revision back",
          "[postgresql][transactions]") {
  PgProject pg;
  pg.project().AddYamlRevision(kFirst, "", R"yaml(
  - create_table: {name: parent, columns: [{name: id, type: integer, primary_key: true}]}
  - create_table:
      name: child
      columns: [{name: id, type: integer}, {name: parent_id, type: integer}]
      foreign_keys:
        - {columns: [parent_id], referent_table: parent, referent_columns: [id],
           deferrable: true, initially: deferred}
  - execute: INSERT INTO child VALUES (1, 42)
)yaml");
  const Strings empty = CatalogFacts(pg.db());
  MigrationListener quiet;
  try {
    Upgrade(pg.config(), "head", quiet);
    FAIL("the upgrade should have failed at COMMIT");
  } catch (const DatabaseError& error) {
    CHECK(error.code() == "23503");
    CHECK_THAT(error.what(), Catch::Contains("revision a1a1a1a1a1a1") &&
                                 Catch::Contains("child_parent_id_fkey") &&
                                 Catch::Contains("rolled back, the database is at base"));
  }
  CHECK(CatalogFacts(pg.db()) == empty);
}

TEST_CASE("a revision outside a transaction that fails part-way keeps what ran and is marked "
          "incomplete until a stamp",
          "[postgresql][transactions][incomplete]") {
  PgProject pg;
  pg.project().AddYamlRevision(kFirst, "", R"yaml(
  - create_table: {name: t, columns: [{name: id, type: integer}, {name: v, type: text}]}
  - execute: INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 100) g
)yaml");
  pg.project().AddYamlRevision(kSecond, kFirst, R"yaml(
  - create_index: {name: ix_t_id, table: t, columns: [id], concurrently: true}
  - execute: INSERT INTO no_such_table VALUES (1)
  - create_index: {name: ix_t_v, table: t, columns: [v], concurrently: true}
)yaml",
                               "transaction: false\n");
  MigrationListener quiet;
  const auto& db = pg.db();
  Upgrade(pg.config(), kFirst, quiet);

  try {
    Upgrade(pg.config(), "head", quiet);
    FAIL("the upgrade should have failed");
  } catch (const DatabaseError& error) {
    CHECK(error.code() == "42P01");
    CHECK_THAT(error.what(), Catch::Contains("revision b2b2b2b2b2b2") &&
                                 Catch::Contains("b2b2b2b2b2b2_rev.yaml:8") &&
                                 Catch::Contains("no_such_table") &&
                                 Catch::Contains("marked incomplete") &&
                                 Catch::Contains("'retort stamp b2b2b2b2b2b2'") &&
                                 Catch::Contains("'retort stamp a1a1a1a1a1a1'"));
  }
  // The index built before the failure stays, valid; the one after it was
  // never built; the version table did not move.
  CHECK(Values(db, "SELECT indexrelid::regclass::text || ' ' || indisvalid FROM pg_index "
                   "WHERE indrelid = 't'::regclass") == Strings{"ix_t_id true"});
  CHECK(VersionRows(db) == Strings{kFirst});
  CHECK(HistoryRows(db) == Strings{"a1a1a1a1a1a1 upgrade"});
  CHECK(db.Query("SELECT revision, direction, heads_before, heads_after, "
                 "failure LIKE '%no_such_table%' FROM retort_incomplete") ==
        PgRows{{kSecond, "upgrade", kFirst, kSecond, "t"}});

  // current, upgrade and downgrade stop, name the revision and change
  // nothing.
  const Strings facts = CatalogFacts(db);
  CHECK_THROWS_AS(Current(pg.config()), RevisionError);
  for (const std::string& message :
       {ErrorOf<RevisionError>([&] { Current(pg.config()); }),
        ErrorOf<RevisionError>([&] { Upgrade(pg.config(), "head", quiet); }),
        ErrorOf<RevisionError>([&] { Downgrade(pg.config(), "base", quiet); })}) {
    CHECK_THAT(message, Catch::Contains("revision b2b2b2b2b2b2 is incomplete") &&
                            Catch::Contains("no_such_table") &&
                            Catch::Contains("'retort stamp a1a1a1a1a1a1'") &&
                            Catch::Contains("Until then upgrade and downgrade refuse to run"));
  }
  CHECK(CatalogFacts(db) == facts);

  SECTION("undo by hand, stamp the revision before, fix the file, upgrade") {
    db.Exec("DROP INDEX ix_t_id");
    CHECK(Stamp(pg.config(), {kFirst}, false) == Strings{kFirst});
    CHECK(Value(db, "SELECT count(*) FROM retort_incomplete") == "0");
    CHECK(Current(pg.config()).front().header.id == kFirst);
    pg.project().AddYamlRevision(kSecond, kFirst, R"yaml(
  - create_index: {name: ix_t_id, table: t, columns: [id], concurrently: true}
  - create_index: {name: ix_t_v, table: t, columns: [v], concurrently: true}
)yaml",
                                 "transaction: false\n");
    REQUIRE(Upgrade(pg.config(), "head", quiet).size() == 1);
    CHECK(VersionRows(db) == Strings{kSecond});
    CHECK(Values(db, "SELECT indexrelid::regclass::text || ' ' || indisvalid FROM pg_index "
                     "WHERE indrelid = 't'::regclass ORDER BY 1") ==
          Strings{"ix_t_id true", "ix_t_v true"});
    CHECK(HistoryRows(db).back() == "b2b2b2b2b2b2 upgrade");
  }
  SECTION("finish by hand and stamp the revision itself") {
    db.Exec("CREATE INDEX ix_t_v ON t (v)");
    // force: the file still holds the failing statement, which stamp's
    // schema check would meet again on its scratch database.
    CHECK(Stamp(pg.config(), {kSecond}, false, /*force=*/true) == Strings{kSecond});
    CHECK(Value(db, "SELECT count(*) FROM retort_incomplete") == "0");
    CHECK(Current(pg.config()).front().header.id == kSecond);
    CHECK(HistoryRows(db).back() == "b2b2b2b2b2b2 stamp");
  }
}

TEST_CASE("a failed CREATE UNIQUE INDEX CONCURRENTLY leaves an invalid index and an incomplete "
          "mark",
          "[postgresql][transactions][incomplete]") {
  // PostgreSQL keeps the half-built index of a failed concurrent build; the
  // mark is what tells the user to look.
  PgProject pg;
  pg.project().AddYamlRevision(kFirst, "", R"yaml(
  - create_table: {name: t, columns: [{name: code, type: text}]}
  - execute: INSERT INTO t VALUES ('a'), ('a')
)yaml");
  pg.project().AddYamlRevision(kSecond, kFirst, R"yaml(
  - create_index: {name: ux_t_code, table: t, columns: [code], unique: true, concurrently: true}
)yaml",
                               "transaction: false\n");
  MigrationListener quiet;
  try {
    Upgrade(pg.config(), "head", quiet);
    FAIL("the unique index should not build over duplicates");
  } catch (const DatabaseError& error) {
    CHECK(error.code() == "23505");
    CHECK_THAT(error.what(), Catch::Contains("marked incomplete"));
  }
  CHECK(Values(pg.db(), "SELECT indisvalid::text FROM pg_index WHERE indexrelid = "
                        "'ux_t_code'::regclass") == Strings{"false"});
  CHECK(VersionRows(pg.db()) == Strings{kFirst});
  CHECK_THROWS_WITH(Current(pg.config()), Catch::Contains("revision b2b2b2b2b2b2 is incomplete"));
}

TEST_CASE("a revision outside a transaction is refused in a single-transaction run before "
          "anything runs",
          "[postgresql][transactions][incomplete]") {
  PgProject pg;
  pg.project().AddYamlRevision(
      kFirst, "", "  - create_table: {name: t, columns: [{name: id, type: integer}]}\n");
  pg.project().AddYamlRevision(kSecond, kFirst,
                               "  - create_index: {name: ix_t_id, table: t, columns: [id], "
                               "concurrently: true}\n",
                               "transaction: false\n");
  const Strings empty = CatalogFacts(pg.db());
  Config config = pg.config();
  config.transaction_per_revision = false;
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(config, "head", quiet),
                    Catch::Contains("b2b2b2b2b2b2") && Catch::Contains("transaction: false") &&
                        Catch::Contains("--single-transaction") &&
                        Catch::Contains("nothing was run"));
  CHECK(CatalogFacts(pg.db()) == empty);
}

TEST_CASE("a SQL revision outside a transaction runs several CONCURRENTLY statements",
          "[postgresql][transactions][incomplete]") {
  // file-format.md: "-- transaction: false" runs the revision "without a
  // transaction, each statement committing on its own", which is what
  // CREATE INDEX CONCURRENTLY needs; PostgreSQL runs a string of several
  // statements sent at once as one implicit transaction.
  PgProject pg;
  pg.project().AddYamlRevision(kFirst, "", R"yaml(
  - create_table: {name: t, columns: [{name: id, type: integer}, {name: v, type: text}]}
)yaml");
  pg.project().AddRevision("b2b2b2b2b2b2_indexes.sql", R"sql(-- revision: b2b2b2b2b2b2
-- down_revision: a1a1a1a1a1a1
-- transaction: false
-- migrate:up
CREATE INDEX CONCURRENTLY ix_t_id ON t (id);
CREATE INDEX CONCURRENTLY ix_t_v ON t (v);
-- migrate:down
DROP INDEX CONCURRENTLY ix_t_v;
DROP INDEX CONCURRENTLY ix_t_id;
)sql");
  MigrationListener quiet;
  const auto& db = pg.db();
  CHECK_NOTHROW(Upgrade(pg.config(), "head", quiet));
  CHECK(VersionRows(db) == Strings{kSecond});
  CHECK(Values(db, "SELECT indexrelid::regclass::text FROM pg_index "
                   "WHERE indrelid = 't'::regclass ORDER BY 1") ==
        Strings{"ix_t_id", "ix_t_v"});
  CHECK_NOTHROW(Downgrade(pg.config(), kFirst, quiet));
  CHECK(Values(db, "SELECT count(*) FROM pg_index WHERE indrelid = 't'::regclass") ==
        Strings{"0"});
  CHECK(Value(db, "SELECT count(*) FROM retort_incomplete") == "0");
}

TEST_CASE("history and incomplete marks read back in UTC whatever the session's time zone",
          "[postgresql][transactions]") {
  // HistoryRow and IncompleteRevision promise UTC; PostgreSQL writes a
  // timestamptz in the session's TimeZone, which servers often set to local
  // time.
  PgProject pg;
  pg.db().Exec("ALTER DATABASE \"" + pg.db().name() + "\" SET TimeZone = 'America/New_York'");
  pg.project().AddYamlRevision(
      kFirst, "", "  - create_table: {name: t, columns: [{name: id, type: integer}]}\n");
  pg.project().AddYamlRevision(kSecond, kFirst, "  - execute: SELECT 1 / 0\n",
                               "transaction: false\n");
  MigrationListener quiet;
  Upgrade(pg.config(), kFirst, quiet);
  const std::vector<HistoryRow> history = AppliedHistory(pg.config());
  REQUIRE(history.size() == 1);
  CHECK_THAT(history[0].started_at, Catch::EndsWith("+00") || Catch::EndsWith("+00:00"));
  CHECK_THAT(history[0].finished_at, Catch::EndsWith("+00") || Catch::EndsWith("+00:00"));

  CHECK_THROWS(Upgrade(pg.config(), "head", quiet));
  CHECK_THAT(ErrorOf<RevisionError>([&] { Current(pg.config()); }),
             Catch::Matches(".*started at [0-9-]+ [0-9:.]+\\+00(:00)? by [\\s\\S]*"));
}
