// A table rebuild is all or nothing: whatever fails (a constraint the rows
// violate, a bad expression, NULLs where NOT NULL is asked for, a foreign key
// check, a kill) leaves the database exactly as before, with the same schema
// text, the same rows and no temporary table left behind.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "rebuild_test_support.h"
#include "retort/commands.h"
#include "retort/error.h"
#include "test_support.h"

extern char** environ;

using namespace retort;
using namespace retort::testing;
using namespace retort::testing::rebuild;

namespace {


// items has NULL names (rowids 2 and 4), a negative qty (rowid 2), a
// duplicate note, owners that do not exist (rowids 2 and 4), and a deleted
// row above them (so its AUTOINCREMENT counter is above max(id)).
constexpr const char* kSchema = R"sql(CREATE TABLE parents (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO parents VALUES (1, 'one'), (2, 'two');
CREATE TABLE items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT,
  qty INTEGER DEFAULT 0,
  owner_id INTEGER,
  note TEXT
);
INSERT INTO items (name, qty, owner_id, note) VALUES
  ('a', 1, 1, 'x'), (NULL, -2, 7, 'x'), ('c', 3, NULL, NULL), (NULL, 4, 9, 'y'), ('e', 5, 2, 'z');
DELETE FROM items WHERE id = 5;
CREATE INDEX ix_items_name ON items (name) WHERE name IS NOT NULL;
CREATE VIEW v_items AS SELECT id, name FROM items;
CREATE TRIGGER tr_items AFTER DELETE ON items BEGIN DELETE FROM parents WHERE id = -1; END;
CREATE TABLE stock (w TEXT NOT NULL, s TEXT NOT NULL, bin TEXT, PRIMARY KEY (w, s)) WITHOUT ROWID;
INSERT INTO stock VALUES ('n', 'a', NULL), ('n', 'b', 'x'), ('s', 'a', NULL);
CREATE TABLE strict_t (id INTEGER PRIMARY KEY, n INTEGER) STRICT;
INSERT INTO strict_t VALUES (1, 10);
)sql";

struct Failure {
  std::string name;
  std::string ops;             // YAML list items
  std::vector<std::string> message;  // what the error must say
  bool foreign_keys = false;   // ?foreign_keys=on
};

std::vector<Failure> Failures() {
  return {
      {"a CHECK constraint the rows violate",
       "  - create_check_constraint: {name: ck_items_qty, table: items, condition: \"qty >= 0\"}\n",
       {"create_check_constraint items ck_items_qty",
        "1 row(s) of items break CHECK ck_items_qty (qty >= 0) of the rebuilt table "
        "(rowid 2: qty -2), so "
        "the rebuild cannot copy them; update or delete them first"}},
      {"a CHECK constraint the rows of a WITHOUT ROWID table violate",
       "  - create_check_constraint: {name: ck_stock_s, table: stock, condition: \"s = 'a'\"}\n",
       {"create_check_constraint stock ck_stock_s",
        "1 row(s) of stock break CHECK ck_stock_s (s = 'a') of the rebuilt table "
        "(s 'b'), so the rebuild "
        "cannot copy them"}},
      {"a UNIQUE constraint over duplicates",
       "  - create_unique_constraint: {name: uq_items_note, table: items, columns: [note]}\n",
       {"create_unique_constraint items uq_items_note",
        "1 row(s) of items break UNIQUE (note) of the rebuilt table, repeating a value of "
        "another row (rowid 2: note 'x'), so the rebuild cannot copy them"}},
      {"a bad using expression",
       "  - alter_column: {table: items, column: qty, type: text, using: \"no_such_function(qty)\"}\n",
       {"alter_column items.qty", "no such function: no_such_function"}},
      {"a CHECK condition that is not SQL",
       "  - create_check_constraint: {name: ck_bad, table: items, condition: \"qty >>> 0\"}\n",
       {"create_check_constraint items ck_bad", "syntax error"}},
      {"a bad fill_nulls expression",
       "  - alter_column: {table: items, column: name, nullable: false, fill_nulls: "
       "\"no_such_column\"}\n",
       {"alter_column items.name", "no such column: no_such_column"}},
      {"NOT NULL over NULLs without fill_nulls",
       "  - alter_column: {table: items, column: name, nullable: false}\n",
       {"alter_column items.name", "2 row(s) of items hold NULL in name", "rowid 2, 4",
        "fill_nulls"}},
      {"NOT NULL over NULLs in a WITHOUT ROWID table",
       "  - alter_column: {table: stock, column: bin, nullable: false}\n",
       {"alter_column stock.bin", "2 row(s) of stock hold NULL in bin", "fill_nulls"}},
      {"a foreign key over rows without a parent, with foreign keys on",
       "  - create_foreign_key: {name: fk_items_owner, table: items, columns: [owner_id], "
       "referent_table: parents, referent_columns: [id]}\n",
       {"foreign_key_check found 2 row(s) without a parent", "items rowid 2", "items rowid 4",
        "parents"},
       true},
      {"a conversion the STRICT table cannot store",
       "  - alter_column: {table: strict_t, column: n, type: text, using: \"x'00'\"}\n",
       {"alter_column strict_t.n", "cannot store BLOB value in TEXT column"}},
      {"dropping the primary key of a WITHOUT ROWID table",
       "  - drop_constraint: {name: pk_stock, table: stock, type: primary}\n",
       {"drop_constraint stock pk_stock", "PRIMARY KEY missing"}},
      {"the second rebuild of a revision, after the first succeeded",
       "  - alter_column: {table: items, column: qty, type: text}\n"
       "  - alter_column: {table: stock, column: bin, nullable: false}\n",
       {"alter_column stock.bin", "2 row(s) of stock hold NULL in bin"}},
      {"an operation after the rebuild",
       "  - alter_column: {table: items, column: qty, type: text}\n"
       "  - execute: INSERT INTO no_such_table VALUES (1)\n",
       {"no such table: no_such_table"}},
      {"a rebuild that foreign keys on would cascade, then a failure",
       "  - alter_column: {table: parents, column: name, type: string(20)}\n"
       "  - execute: INSERT INTO no_such_table VALUES (1)\n",
       {"no such table: no_such_table"},
       true},
  };
}

void SetUp(Project& project) {
  project.AddYamlRevision(kBase, "", ExecuteItem(kSchema), "downgrade: []\n");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
}

}  // namespace

TEST_CASE("a failed rebuild leaves the database exactly as before",
          "[sqlite][rebuild][failure]") {
  for (const Failure& failure : Failures()) {
    DYNAMIC_SECTION(failure.name) {
      Project project;
      SetUp(project);
      project.AddYamlRevision(kChange, kBase, failure.ops);
      const DatabaseState before = Capture(project.database());
      Config config = project.config();
      if (failure.foreign_keys) config.url += "?foreign_keys=on";
      MigrationListener quiet;
      std::string message;
      try {
        Upgrade(config, "head", quiet);
        FAIL("the upgrade should have failed");
      } catch (const Error& error) {
        message = error.what();
      }
      for (const std::string& part : failure.message) CHECK_THAT(message, Catch::Contains(part));
      CHECK_THAT(message, Catch::Contains("revision " + std::string(kChange)) &&
                              Catch::Contains("rolled back, the database is at " +
                                              std::string(kBase)));
      CHECK(Capture(project.database()) == before);
      CHECK(RebuildLeftovers(project.database()).empty());
      CHECK(FileDigest(project.database().string() + "-journal") == "missing");
    }
  }
}

TEST_CASE("a row without a parent written in the same revision as a rebuild fails the revision",
          "[sqlite][rebuild][failure]") {
  // Foreign keys are off for the whole transaction of a revision that
  // rebuilds: what they would have refused must still not be committed.
  Project project;
  project.AddYamlRevision(kBase, "", ExecuteItem(R"sql(
CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE CASCADE);
CREATE TABLE unrelated (id INTEGER PRIMARY KEY, w TEXT);
CREATE TABLE orders (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id));
INSERT INTO p VALUES (1, 'a'), (2, 'b');
INSERT INTO c VALUES (1, 1), (2, 2);
)sql"),
                          "downgrade: []\n");
  Config config = project.config();
  config.url += "?foreign_keys=on";
  MigrationListener quiet;
  Upgrade(config, kBase, quiet);
  const DatabaseState before = Capture(project.database());

  SECTION("a delete that would cascade, after a rebuild of the parent") {
    project.AddYamlRevision(kChange, kBase, R"yaml(
  - alter_column: {table: p, column: name, nullable: false, fill_nulls: "'x'"}
  - execute: DELETE FROM p WHERE id = 1
)yaml");
    CHECK_THROWS_WITH(Upgrade(config, "head", quiet),
                      Catch::Contains("foreign_key_check found 1 row(s) without a parent") &&
                          Catch::Contains("c rowid 1 has no row in p") &&
                          Catch::Contains("rolled back"));
  }
  SECTION("an insert into a table the rebuild does not touch") {
    project.AddYamlRevision(kChange, kBase, R"yaml(
  - alter_column: {table: unrelated, column: w, server_default: "'w'"}
  - execute: INSERT INTO orders VALUES (1, 42)
)yaml");
    CHECK_THROWS_WITH(Upgrade(config, "head", quiet),
                      Catch::Contains("orders") && Catch::Contains("rolled back"));
  }
  CHECK(Capture(project.database()) == before);
  CHECK(RebuildLeftovers(project.database()).empty());
}

TEST_CASE("a table in the way of the rebuild's new table is reported, and nothing changes",
          "[sqlite][rebuild][failure]") {
  Project project;
  SetUp(project);
  Exec(project.database(), "CREATE TABLE _retort_rebuild_items (x INTEGER)");
  project.AddYamlRevision(kChange, kBase,
                          "  - alter_column: {table: items, column: qty, type: text}\n");
  const DatabaseState before = Capture(project.database());
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(project.config(), "head", quiet),
                    Catch::Contains("_retort_rebuild_items is in the way of the rebuild of items") &&
                        Catch::Contains("rolled back"));
  CHECK(Capture(project.database()) == before);
}

TEST_CASE("a failure in a later revision of a single-transaction run undoes an earlier rebuild",
          "[sqlite][rebuild][failure]") {
  Project project;
  SetUp(project);
  project.AddYamlRevision(kChange, kBase,
                          "  - alter_column: {table: items, column: qty, type: text}\n");
  project.AddYamlRevision(kLater, kChange,
                          "  - alter_column: {table: items, column: name, nullable: false}\n");
  const DatabaseState before = Capture(project.database());
  Config config = project.config();
  config.transaction_per_revision = false;
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(config, "head", quiet),
                    Catch::Contains("2 row(s) of items hold NULL in name") &&
                        Catch::Contains("the database is at " + std::string(kBase)));
  CHECK(Capture(project.database()) == before);
  CHECK(RebuildLeftovers(project.database()).empty());
}

// ---- a kill -------------------------------------------------------------------

namespace {

constexpr int kBigRows = 250'000;

std::string BigSql() {
  return "CREATE TABLE big (\n  id INTEGER PRIMARY KEY AUTOINCREMENT,\n  n INTEGER NOT NULL,\n"
         "  s TEXT COLLATE NOCASE,\n  CHECK (n >= 0)\n);\n"
         "WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < " +
         std::to_string(kBigRows) +
         ")\nINSERT INTO big (n, s) SELECT x * 7, 'row ' || x FROM seq;\n"
         "DELETE FROM big WHERE id % 1000 = 0 OR id > " + std::to_string(kBigRows - 10) + ";\n"
         "CREATE INDEX ix_big_s ON big (s) WHERE n % 2 = 0;\n"
         "CREATE VIEW v_big AS SELECT id, s FROM big WHERE n < 100;\n";
}

// The database's schema, rows (retort's history, whose times differ from
// run to run, aside) and version rows.
struct KillState {
  DatabaseState state;
  std::vector<std::vector<std::string>> versions;
  friend bool operator==(const KillState&, const KillState&) = default;
};

KillState CaptureKillState(const std::filesystem::path& database) {
  return {Capture(database, VersionTables::kExclude),
          Query(database, "SELECT version_num FROM retort_version")};
}

std::ostream& operator<<(std::ostream& out, const KillState& state) {
  out << state.state << "versions:";
  for (const auto& row : state.versions) out << " " << row[0];
  return out << "\n";
}

// Starts `retort upgrade head` in the project's folder, its output thrown away.
pid_t StartUpgrade(const Project& project) {
  std::vector<std::string> arguments = {RETORT_BINARY, "upgrade", "head"};
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addchdir_np(&actions, project.root().c_str());
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return spawned == 0 ? pid : -1;
}

}  // namespace

TEST_CASE("a rebuild killed at any moment leaves the database as before or as after",
          "[sqlite][rebuild][failure][kill]") {
  Project project;
  project.AddYamlRevision(kBase, "", ExecuteItem(BigSql()), "downgrade: []\n");
  project.AddYamlRevision(kChange, kBase, R"yaml(
  - alter_column: {table: big, column: n, type: text, existing_type: integer}
  - create_check_constraint: {name: ck_big_s, table: big, condition: "s IS NOT NULL"}
)yaml");
  MigrationListener quiet;
  Upgrade(project.config(), kBase, quiet);
  const std::filesystem::path database = project.database();
  const std::filesystem::path journal = database.string() + "-journal";
  const KillState before = CaptureKillState(database);
  TempDir saved;
  std::filesystem::copy_file(database, saved / "before.db");

  // What a whole upgrade makes of it, on a copy.
  std::filesystem::copy_file(database, saved / "after.db");
  Config after_config = project.config();
  after_config.url = "sqlite:///" + (saved / "after.db").string();
  Upgrade(after_config, "head", quiet);
  const KillState after = CaptureKillState(saved / "after.db");
  REQUIRE_FALSE(after == before);

  int interrupted = 0;
  for (const int delay_ms : {0, 5, 40, 150, 600, 2000}) {
    INFO("killed " << delay_ms << " ms into the transaction");
    std::filesystem::copy_file(saved / "before.db", database,
                               std::filesystem::copy_options::overwrite_existing);
    REQUIRE_FALSE(std::filesystem::exists(journal));
    const pid_t pid = StartUpgrade(project);
    REQUIRE(pid > 0);
    // The journal appears with the transaction's first write.
    int status = 0;
    bool exited = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (!std::filesystem::exists(journal) && std::chrono::steady_clock::now() < deadline) {
      if (waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    if (!exited) {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
    }
    // Opening the database as any application would rolls back what the
    // killed transaction left in the journal.
    Exec(database, "SELECT count(*) FROM sqlite_schema");
    const KillState state = CaptureKillState(database);
    const bool as_before = state == before;
    const bool as_after = state == after;
    interrupted += as_before ? 1 : 0;
    INFO(state);
    CHECK((as_before || as_after));
    CHECK(RebuildLeftovers(database).empty());
    CHECK(Query(database, "PRAGMA integrity_check") ==
          std::vector<std::vector<std::string>>{{"ok"}});

    // A second upgrade completes the work.
    const ProcessResult rerun = RunRetort({"upgrade", "head"}, project.root());
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    CHECK(CaptureKillState(database) == after);
    CHECK(RebuildLeftovers(database).empty());
  }
  // At least the kill right at the transaction's first write caught the
  // rebuild in the middle.
  CHECK(interrupted >= 1);
}
