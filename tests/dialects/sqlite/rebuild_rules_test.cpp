// The rules that decide, per operation, between SQLite's own ALTER TABLE and
// a table rebuild; the rebuild policy (rebuild: auto|always|never); and how
// consecutive operations on one table share one rebuild. What ran is read
// from the statements the migration reports.
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


// t: a column for each reason DROP COLUMN can be refused. keyed: a
// non-integer primary key and a UNIQUE column nothing else uses. nokey: no
// primary key. other: empty. child: a foreign key to t.u.
constexpr const char* kSchema = R"sql(CREATE TABLE t (
  id INTEGER PRIMARY KEY,
  a TEXT,
  b INTEGER,
  u TEXT UNIQUE,
  c INTEGER,
  d INTEGER,
  g INTEGER AS (c * 2),
  i TEXT,
  v TEXT,
  tr TEXT,
  CONSTRAINT ck_t_d CHECK (d IS NULL OR d > 0)
);
INSERT INTO t (id, a, b, u, c, d, i, v, tr) VALUES
  (1, 'x', 1, 'u1', 1, 1, 'i', 'v', 'tr'),
  (2, NULL, 2, 'u2', 2, NULL, NULL, NULL, NULL);
CREATE INDEX ix_t_i ON t (i);
CREATE VIEW v_t AS SELECT id, v FROM t;
CREATE TRIGGER tr_t AFTER INSERT ON t BEGIN UPDATE t SET tr = 'seen' WHERE id = new.id; END;
CREATE TABLE keyed (code TEXT PRIMARY KEY, tag TEXT UNIQUE, n INTEGER);
INSERT INTO keyed VALUES ('k1', 'a', 1), ('k2', 'b', 2);
CREATE TABLE nokey (x INTEGER, y TEXT);
INSERT INTO nokey VALUES (1, 'a'), (2, 'b');
CREATE TABLE other (id INTEGER PRIMARY KEY, w TEXT);
CREATE TABLE child (id INTEGER PRIMARY KEY, t_u TEXT REFERENCES t (u));
INSERT INTO child VALUES (1, 'u1');
)sql";

// A project at the base revision.
void SetUp(Project& project) {
  project.AddYamlRevision(kBase, "", ExecuteItem(kSchema), "downgrade: []\n");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
}

// Adds a revision with `ops` (YAML list items) and upgrades to it; returns
// the statements it ran.
std::vector<std::string> Change(Project& project, const std::string& ops,
                                const std::string& header = "") {
  project.AddYamlRevision(kChange, kBase, ops, header);
  RecordingListener listener;
  Upgrade(project.config(), "head", listener);
  return listener.statements();
}

std::vector<std::string> Values(const Project& project, const std::string& sql) {
  std::vector<std::string> values;
  for (const auto& row : Query(project.database(), sql)) values.push_back(row[0]);
  return values;
}

using Strings = std::vector<std::string>;

// Applies the one operation `op` (a YAML mapping) to the schema above and
// checks that it took exactly one rebuild and no ALTER TABLE.
void CheckOneRebuild(const std::string& op) {
  Project project;
  SetUp(project);
  const Strings statements = Change(project, "  - " + op + "\n");
  CHECK(CountRebuilds(statements) == 1);
  CHECK(NativeAlters(statements).empty());
}

}  // namespace

// ---- add_column -------------------------------------------------------------

TEST_CASE("add_column of a plain column is an ALTER TABLE ADD COLUMN", "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  const Strings statements =
      Change(project, "  - add_column: {table: t, column: {name: n, type: text}}\n");
  CHECK(CountRebuilds(statements) == 0);
  CHECK(NativeAlters(statements) == Strings{"ALTER TABLE t ADD COLUMN n TEXT"});
}

TEST_CASE("add_column of a NOT NULL column with a literal default is an ALTER TABLE",
          "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  const Strings statements = Change(
      project,
      "  - add_column: {table: t, column: {name: n, type: integer, nullable: false, "
      "server_default: \"-1\"}}\n");
  CHECK(CountRebuilds(statements) == 0);
  CHECK(NativeAlters(statements) ==
        Strings{"ALTER TABLE t ADD COLUMN n INTEGER NOT NULL DEFAULT -1"});
  CHECK(Values(project, "SELECT n FROM t ORDER BY id") == Strings{"-1", "-1"});
}

TEST_CASE("add_column of a PRIMARY KEY column rebuilds, the key taking the rowids",
          "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  Exec(project.database(), "DELETE FROM nokey WHERE x = 1; INSERT INTO nokey VALUES (3, 'c');");
  const Strings statements = Change(
      project, "  - add_column: {table: nokey, column: {name: id, type: integer, primary_key: true}}\n");
  CHECK(CountRebuilds(statements) == 1);
  CHECK(NativeAlters(statements).empty());
  CHECK(ObjectSql(project.database(), "nokey") ==
        "CREATE TABLE \"nokey\" (x INTEGER, y TEXT, id INTEGER NOT NULL PRIMARY KEY)");
  CHECK(Values(project, "SELECT id || ':' || x FROM nokey ORDER BY id") == Strings{"2:2", "3:3"});
}

TEST_CASE("add_column of a UNIQUE column rebuilds", "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  const Strings statements =
      Change(project, "  - add_column: {table: other, column: {name: n, type: text, unique: true}}\n");
  CHECK(CountRebuilds(statements) == 1);
  CHECK(NativeAlters(statements).empty());
  CHECK(ObjectSql(project.database(), "other") ==
        "CREATE TABLE \"other\" (id INTEGER PRIMARY KEY, w TEXT, n TEXT UNIQUE)");
}

TEST_CASE("add_column of a NOT NULL column without a default rebuilds an empty table",
          "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  const Strings statements = Change(
      project, "  - add_column: {table: other, column: {name: n, type: text, nullable: false}}\n");
  CHECK(CountRebuilds(statements) == 1);
  CHECK(ObjectSql(project.database(), "other") ==
        "CREATE TABLE \"other\" (id INTEGER PRIMARY KEY, w TEXT, n TEXT NOT NULL)");
}

TEST_CASE("add_column of a NOT NULL column without a default to a table with rows says to give "
          "a default",
          "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  project.AddYamlRevision(kChange, kBase,
                          "  - add_column: {table: t, column: {name: n, type: text, "
                          "nullable: false}}\n");
  const DatabaseState before = Capture(project.database());
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(project.config(), "head", quiet),
                    Catch::Contains("add_column t.n") &&
                        Catch::Contains("cannot add NOT NULL column t.n without a default to a "
                                        "table that has rows") &&
                        Catch::Contains("server_default") && Catch::Contains("rolled back"));
  CHECK(Capture(project.database()) == before);
}

TEST_CASE("add_column with an expression default rebuilds and fills the rows with it",
          "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  const Strings statements = Change(
      project,
      "  - add_column: {table: nokey, column: {name: n, type: text, server_default: "
      "\"lower('X')\"}}\n");
  CHECK(CountRebuilds(statements) == 1);
  CHECK(NativeAlters(statements).empty());
  CHECK(Values(project, "SELECT n FROM nokey ORDER BY rowid") == Strings{"x", "x"});
}

TEST_CASE("add_column with a CURRENT_TIMESTAMP default rebuilds and fills the rows with it",
          "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  const Strings statements = Change(
      project,
      "  - add_column: {table: nokey, column: {name: at, type: datetime, server_default: "
      "CURRENT_TIMESTAMP}}\n");
  CHECK(CountRebuilds(statements) == 1);
  CHECK(NativeAlters(statements).empty());
  CHECK(ObjectSql(project.database(), "nokey") ==
        "CREATE TABLE \"nokey\" (x INTEGER, y TEXT, at DATETIME DEFAULT CURRENT_TIMESTAMP)");
  CHECK(Values(project, "SELECT count(*) FROM nokey WHERE at GLOB "
                        "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:*'") ==
        Strings{"2"});
}

TEST_CASE("add_column with REFERENCES rebuilds with a non-NULL default, and is an ALTER without",
          "[sqlite][rebuild][rules]") {
  SECTION("a non-NULL default") {
    Project project;
    SetUp(project);
    Exec(project.database(), "INSERT INTO other VALUES (1, 'one')");
    const Strings statements = Change(
        project,
        "  - add_column: {table: nokey, column: {name: o, type: integer, server_default: \"1\", "
        "references: other.id}}\n");
    CHECK(CountRebuilds(statements) == 1);
    CHECK(NativeAlters(statements).empty());
    CHECK(ObjectSql(project.database(), "nokey") ==
          "CREATE TABLE \"nokey\" (x INTEGER, y TEXT, o INTEGER DEFAULT 1 REFERENCES other (id))");
  }
  SECTION("no default") {
    Project project;
    SetUp(project);
    const Strings statements = Change(
        project,
        "  - add_column: {table: nokey, column: {name: o, type: integer, references: other.id}}\n");
    CHECK(CountRebuilds(statements) == 0);
    CHECK(NativeAlters(statements) ==
          Strings{"ALTER TABLE nokey ADD COLUMN o INTEGER REFERENCES other (id)"});
  }
}

// ---- drop_column ------------------------------------------------------------

TEST_CASE("drop_column of a plain column is an ALTER TABLE DROP COLUMN", "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  const Strings statements = Change(project, "  - drop_column: {table: t, column: b}\n");
  CHECK(CountRebuilds(statements) == 0);
  CHECK(NativeAlters(statements) == Strings{"ALTER TABLE t DROP COLUMN b"});
}

TEST_CASE("drop_column of a PRIMARY KEY column rebuilds and keeps the rows",
          "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  const std::string rows = Rows(project.database(), "keyed", {"tag", "n"});
  // The key goes with the column: cascade: true says so.
  const Strings statements = Change(
      project, "  - drop_column: {table: keyed, column: code, cascade: true}\n", "downgrade: []\n");
  CHECK(CountRebuilds(statements) == 1);
  CHECK(NativeAlters(statements).empty());
  CHECK(ObjectSql(project.database(), "keyed") ==
        "CREATE TABLE \"keyed\" (tag TEXT UNIQUE, n INTEGER)");
  CHECK(Rows(project.database(), "keyed") == rows);
}

TEST_CASE("drop_column of a UNIQUE column rebuilds", "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  const Strings statements = Change(
      project, "  - drop_column: {table: keyed, column: tag, cascade: true}\n", "downgrade: []\n");
  CHECK(CountRebuilds(statements) == 1);
  CHECK(NativeAlters(statements).empty());
  CHECK(ObjectSql(project.database(), "keyed") ==
        "CREATE TABLE \"keyed\" (code TEXT PRIMARY KEY, n INTEGER)");
}

TEST_CASE("drop_column of a column something else uses is refused, naming what uses it",
          "[sqlite][rebuild][rules]") {
  struct Refusal {
    const char* column;
    const char* user;  // what the error must name
  };
  const Refusal refusals[] = {
      {"c", ": generated column g depends on it"},
      {"d", ": table constraint ck_t_d depends on it"},
      {"i", ": index ix_t_i depends on it"},
      {"v", ": view v_t depends on it"},
      {"tr", ": trigger tr_t depends on it"},
      {"u", ": its UNIQUE and the foreign key of table child (t_u) depend on it"},
  };
  for (const Refusal& refusal : refusals) {
    DYNAMIC_SECTION("column " << refusal.column) {
      Project project;
      SetUp(project);
      project.AddYamlRevision(
          kChange, kBase,
          std::string("  - drop_column: {table: t, column: ") + refusal.column + "}\n");
      const DatabaseState before = Capture(project.database());
      RecordingListener listener;
      CHECK_THROWS_WITH(Upgrade(project.config(), "head", listener),
                        Catch::Contains(std::string("drop_column t.") + refusal.column) &&
                            Catch::Contains(std::string("cannot drop column t.") +
                                            refusal.column) &&
                            Catch::Contains(refusal.user) && Catch::Contains("rolled back"));
      // Refused before the rebuild wrote anything.
      CHECK(CountRebuilds(listener.statements()) == 0);
      CHECK(Capture(project.database()) == before);
    }
  }
}

TEST_CASE("drop_column of a column used by a trigger on another table is refused",
          "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  Exec(project.database(),
       "CREATE TRIGGER tr_other AFTER INSERT ON other BEGIN UPDATE t SET b = 0; END;");
  project.AddYamlRevision(kChange, kBase, "  - drop_column: {table: t, column: b}\n");
  const DatabaseState before = Capture(project.database());
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(project.config(), "head", quiet), Catch::Contains("tr_other"));
  CHECK(Capture(project.database()) == before);
}

TEST_CASE("drop_column of a column whose name another table's index uses is an ALTER TABLE",
          "[sqlite][rebuild][rules]") {
  // Only the table's own indexes keep SQLite from dropping a column.
  Project project;
  SetUp(project);
  Exec(project.database(), "CREATE TABLE elsewhere (b INTEGER); CREATE INDEX ix_b ON elsewhere (b);");
  const Strings statements = Change(project, "  - drop_column: {table: t, column: b}\n");
  CHECK(CountRebuilds(statements) == 0);
  CHECK(NativeAlters(statements) == Strings{"ALTER TABLE t DROP COLUMN b"});
}

// ---- alter_column -----------------------------------------------------------

TEST_CASE("alter_column that only renames is an ALTER TABLE RENAME COLUMN",
          "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  const Strings statements =
      Change(project, "  - alter_column: {table: t, column: v, new_column_name: v2}\n");
  CHECK(CountRebuilds(statements) == 0);
  CHECK(NativeAlters(statements) == Strings{"ALTER TABLE t RENAME COLUMN v TO v2"});
  // SQLite's rename rewrites the view that uses the column.
  CHECK(ObjectSql(project.database(), "v_t") == "CREATE VIEW v_t AS SELECT id, v2 FROM t");
}

TEST_CASE("alter_column of a type, nullability or default rebuilds", "[sqlite][rebuild][rules]") {
  const char* ops[] = {
      "alter_column: {table: t, column: b, type: text}",
      "alter_column: {table: t, column: b, nullable: false}",
      "alter_column: {table: t, column: b, server_default: \"7\"}",
  };
  for (const char* op : ops) {
    DYNAMIC_SECTION(op) { CheckOneRebuild(op); }
  }
}

TEST_CASE("every constraint operation rebuilds", "[sqlite][rebuild][rules]") {
  const char* ops[] = {
      "create_foreign_key: {name: fk_nokey_other, table: nokey, columns: [x], referent_table: "
      "other, referent_columns: [id]}",
      "create_unique_constraint: {name: uq_nokey_y, table: nokey, columns: [y]}",
      "create_check_constraint: {name: ck_nokey_x, table: nokey, condition: \"x > 0\"}",
      "create_primary_key: {name: pk_nokey, table: nokey, columns: [y]}",
      "drop_constraint: {name: ck_t_d, table: t}",
  };
  for (const char* op : ops) {
    DYNAMIC_SECTION(op) { CheckOneRebuild(op); }
  }
}

TEST_CASE("create_primary_key on a table that has one says so", "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  project.AddYamlRevision(kChange, kBase,
                          "  - create_primary_key: {name: pk_keyed, table: keyed, columns: [n]}\n");
  const DatabaseState before = Capture(project.database());
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(project.config(), "head", quiet),
                    Catch::Contains("keyed already has a primary key"));
  CHECK(Capture(project.database()) == before);
}

TEST_CASE("drop_constraint of a name the table does not have lists the names it has",
          "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  project.AddYamlRevision(kChange, kBase, "  - drop_constraint: {name: ck_nope, table: t}\n");
  const DatabaseState before = Capture(project.database());
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(project.config(), "head", quiet),
                    Catch::Contains("t has no constraint named ck_nope") &&
                        Catch::Contains("ck_t_d"));
  CHECK(Capture(project.database()) == before);
}

// ---- rebuild: always / never ---------------------------------------------------

TEST_CASE("rebuild: always turns an ALTER TABLE case into a rebuild", "[sqlite][rebuild][rules]") {
  struct Variant {
    const char* name;
    const char* ops;
    const char* header;
  };
  const Variant variants[] = {
      {"add_column, on the operation",
       "  - add_column: {table: t, column: {name: n, type: text}, rebuild: always}\n", ""},
      {"add_column, for the revision", "  - add_column: {table: t, column: {name: n, type: text}}\n",
       "rebuild: always\n"},
      {"drop_column, on the operation", "  - drop_column: {table: t, column: b, rebuild: always}\n",
       ""},
  };
  for (const Variant& variant : variants) {
    DYNAMIC_SECTION(variant.name) {
      Project project;
      SetUp(project);
      const std::string rows = Rows(project.database(), "t", {"id", "a", "u", "c", "d", "g"});
      const Strings statements = Change(project, variant.ops, variant.header);
      CHECK(CountRebuilds(statements) == 1);
      CHECK(NativeAlters(statements).empty());
      CHECK(Rows(project.database(), "t", {"id", "a", "u", "c", "d", "g"}) == rows);
    }
  }
}

TEST_CASE("rebuild: always leaves a rename to ALTER TABLE RENAME COLUMN",
          "[sqlite][rebuild][rules]") {
  // A rebuild cannot rename a column without breaking the views and
  // triggers that use it; SQLite's rename rewrites them.
  Project project;
  SetUp(project);
  const Strings statements =
      Change(project, "  - alter_column: {table: t, column: v, new_column_name: v2}\n",
             "rebuild: always\n");
  CHECK(CountRebuilds(statements) == 0);
  CHECK(NativeAlters(statements) == Strings{"ALTER TABLE t RENAME COLUMN v TO v2"});
}

TEST_CASE("rebuild: never makes an operation that needs a rebuild an error before anything runs",
          "[sqlite][rebuild][rules]") {
  struct Variant {
    const char* name;
    const char* op;
    const char* header;
  };
  const Variant variants[] = {
      {"for the revision", "  - alter_column: {table: t, column: b, type: text}\n",
       "rebuild: never\n"},
      {"on the operation", "  - alter_column: {table: t, column: b, type: text, rebuild: never}\n",
       ""},
  };
  for (const Variant& variant : variants) {
    DYNAMIC_SECTION(variant.name) {
      Project project;
      SetUp(project);
      // An earlier revision of the same plan, fine itself, must not run either.
      project.AddYamlRevision(kChange, kBase,
                              "  - create_table: {name: fresh, columns: [{name: id, type: integer}]}\n");
      project.AddYamlRevision(kLater, kChange, variant.op, variant.header);
      const DatabaseState before = Capture(project.database());
      RecordingListener listener;
      CHECK_THROWS_WITH(Upgrade(project.config(), "head", listener),
                        Catch::Contains(std::string(kLater) + "_rev.yaml:") &&
                            Catch::Contains("alter_column t.b") &&
                            Catch::Contains("cannot change a column's type") &&
                            Catch::Contains("rebuild: never") && Catch::Contains("nothing was run"));
      CHECK(listener.statements().empty());
      CHECK(Capture(project.database()) == before);
    }
  }
}

TEST_CASE("rebuild: never on an operation the live schema makes a rebuild fails before its revision runs",
          "[sqlite][rebuild][rules]") {
  // Whether drop_column needs a rebuild shows only in the live schema: the
  // revision fails before any of its statements runs.
  Project project;
  SetUp(project);
  project.AddYamlRevision(kChange, kBase, R"yaml(
  - create_index: {name: ix_nokey_y, table: nokey, columns: [y]}
  - drop_column: {table: keyed, column: tag, rebuild: never}
)yaml");
  const DatabaseState before = Capture(project.database());
  RecordingListener listener;
  CHECK_THROWS_WITH(Upgrade(project.config(), "head", listener),
                    Catch::Contains("drop_column keyed.tag") &&
                        Catch::Contains("cannot drop a UNIQUE column") &&
                        Catch::Contains("rebuild: never") && Catch::Contains("rolled back"));
  // Not even the operation before it ran.
  CHECK(listener.statements() == Strings{});
  CHECK(Capture(project.database()) == before);
}

TEST_CASE("rebuild: never lets an ALTER TABLE case run", "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  const Strings statements =
      Change(project, "  - add_column: {table: t, column: {name: n, type: text}}\n  - "
                      "drop_column: {table: t, column: b}\n",
             "rebuild: never\n");
  CHECK(CountRebuilds(statements) == 0);
  CHECK(NativeAlters(statements) ==
        Strings{"ALTER TABLE t ADD COLUMN n TEXT", "ALTER TABLE t DROP COLUMN b"});
}

TEST_CASE("rebuild: auto on an operation overrides the revision's rebuild: never",
          "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  const Strings statements =
      Change(project, "  - alter_column: {table: t, column: b, type: text, rebuild: auto}\n",
             "rebuild: never\n");
  CHECK(CountRebuilds(statements) == 1);
}

TEST_CASE("an unknown rebuild policy is an error naming the file", "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  project.AddYamlRevision(kChange, kBase,
                          "  - alter_column: {table: t, column: b, type: text, rebuild: sometimes}\n");
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(project.config(), "head", quiet),
                    Catch::Contains(std::string(kChange) + "_rev.yaml") &&
                        Catch::Contains("auto, always or never"));
}

// ---- runs of operations -------------------------------------------------------

TEST_CASE("consecutive operations on one table become one rebuild", "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  const Strings statements = Change(project, R"yaml(
  - alter_column: {table: t, column: b, type: text}
  - alter_column: {table: t, column: a, nullable: false, fill_nulls: "'none'"}
  - alter_column: {table: t, column: c, server_default: "3"}
  - add_column: {table: t, column: {name: n, type: text}}
  - create_check_constraint: {name: ck_t_b, table: t, condition: "b <> ''"}
  - create_unique_constraint: {name: uq_t_ab, table: t, columns: [a, b]}
  - drop_constraint: {name: ck_t_d, table: t}
  - drop_column: {table: t, column: d}
)yaml");
  CHECK(CountRebuilds(statements) == 1);
  CHECK(NativeAlters(statements).empty());
  CHECK(ObjectSql(project.database(), "t") == R"sql(CREATE TABLE "t" (
  id INTEGER PRIMARY KEY,
  a TEXT NOT NULL,
  b TEXT,
  u TEXT UNIQUE,
  c INTEGER DEFAULT 3,
  g INTEGER AS (c * 2),
  i TEXT,
  v TEXT,
  tr TEXT,
  n TEXT,
  CONSTRAINT ck_t_b CHECK (b <> ''),
  CONSTRAINT uq_t_ab UNIQUE (a, b)
))sql");
  CHECK(Query(project.database(), "SELECT id, a, quote(b), c, g, quote(n) FROM t ORDER BY id") ==
        std::vector<Strings>{{"1", "x", "'1'", "1", "2", "NULL"},
                             {"2", "none", "'2'", "2", "4", "NULL"}});
}

TEST_CASE("an added column made NOT NULL in the same rebuild takes its default",
          "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  const Strings statements = Change(project, R"yaml(
  - add_column: {table: t, column: {name: n, type: text, server_default: "'fresh'"}}
  - alter_column: {table: t, column: n, nullable: false}
)yaml");
  CHECK(CountRebuilds(statements) == 1);
  CHECK(Values(project, "SELECT n FROM t ORDER BY id") == Strings{"fresh", "fresh"});
  CHECK(Values(project, "SELECT \"notnull\" FROM pragma_table_info('t') WHERE name = 'n'") ==
        Strings{"1"});
}

TEST_CASE("an ALTER TABLE case next to a rebuild case on the same table joins the rebuild",
          "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  const Strings statements = Change(project, R"yaml(
  - add_column: {table: t, column: {name: n, type: text}}
  - drop_column: {table: t, column: b}
  - alter_column: {table: t, column: a, type: string(10)}
)yaml");
  CHECK(CountRebuilds(statements) == 1);
  CHECK(NativeAlters(statements).empty());
}

TEST_CASE("operations on two tables make one rebuild per run of the same table",
          "[sqlite][rebuild][rules]") {
  SECTION("interleaved: every operation is a run of its own") {
    Project project;
    SetUp(project);
    const Strings statements = Change(project, R"yaml(
  - alter_column: {table: t, column: b, type: text}
  - alter_column: {table: nokey, column: y, nullable: false}
  - alter_column: {table: t, column: c, server_default: "3"}
  - alter_column: {table: nokey, column: x, type: text}
)yaml");
    CHECK(CountRebuilds(statements) == 4);
    Strings order;
    for (const std::string& sql : statements) {
      if (IsRebuildCreate(sql)) order.push_back(sql.substr(0, sql.find(' ', 30)));
    }
    CHECK(order == Strings{"CREATE TABLE _retort_rebuild_t", "CREATE TABLE _retort_rebuild_nokey",
                           "CREATE TABLE _retort_rebuild_t", "CREATE TABLE _retort_rebuild_nokey"});
  }
  SECTION("grouped: one rebuild per table") {
    Project project;
    SetUp(project);
    const Strings statements = Change(project, R"yaml(
  - alter_column: {table: t, column: b, type: text}
  - alter_column: {table: t, column: c, server_default: "3"}
  - alter_column: {table: nokey, column: y, nullable: false}
  - alter_column: {table: nokey, column: x, type: text}
)yaml");
    CHECK(CountRebuilds(statements) == 2);
  }
}

TEST_CASE("a rename between two changes of one table splits the rebuild in two",
          "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  const Strings statements = Change(project, R"yaml(
  - alter_column: {table: t, column: b, type: text}
  - alter_column: {table: t, column: v, new_column_name: v2}
  - alter_column: {table: t, column: v2, server_default: "'w'"}
)yaml");
  CHECK(CountRebuilds(statements) == 2);
  // The rename runs natively, between the two rebuilds.
  std::vector<std::string> kinds;
  for (const std::string& sql : statements) {
    if (IsRebuildCreate(sql)) kinds.push_back("rebuild");
    if (sql == "ALTER TABLE t RENAME COLUMN v TO v2") kinds.push_back("rename");
  }
  CHECK(kinds == Strings{"rebuild", "rename", "rebuild"});
  CHECK(ObjectSql(project.database(), "v_t") == "CREATE VIEW v_t AS SELECT id, v2 FROM t");
  CHECK(Values(project, "SELECT dflt_value FROM pragma_table_info('t') WHERE name = 'v2'") ==
        Strings{"'w'"});
}

TEST_CASE("a type change with a rename is one rebuild followed by the native rename",
          "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  const Strings statements = Change(project, R"yaml(
  - alter_column: {table: t, column: v, type: string(5), new_column_name: v2}
  - alter_column: {table: t, column: b, server_default: "0"}
)yaml");
  CHECK(CountRebuilds(statements) == 2);
  CHECK(NativeAlters(statements) == Strings{"ALTER TABLE t RENAME COLUMN v TO v2"});
  CHECK(Values(project, "SELECT type FROM pragma_table_info('t') WHERE name = 'v2'") ==
        Strings{"VARCHAR(5)"});
}

TEST_CASE("an operation of another kind between two changes of one table splits the rebuild",
          "[sqlite][rebuild][rules]") {
  SECTION("an index") {
    Project project;
    SetUp(project);
    const Strings statements = Change(project, R"yaml(
  - alter_column: {table: t, column: b, type: text}
  - create_index: {name: ix_t_b, table: t, columns: [b]}
  - alter_column: {table: t, column: c, server_default: "3"}
)yaml");
    CHECK(CountRebuilds(statements) == 2);
    CHECK(ObjectSql(project.database(), "ix_t_b") == "CREATE INDEX ix_t_b ON t (b)");
  }
  SECTION("an operation that must not rebuild") {
    Project project;
    SetUp(project);
    const Strings statements = Change(project, R"yaml(
  - alter_column: {table: t, column: b, type: text}
  - add_column: {table: t, column: {name: n, type: text}, rebuild: never}
  - alter_column: {table: t, column: c, server_default: "3"}
)yaml");
    CHECK(CountRebuilds(statements) == 2);
    CHECK(NativeAlters(statements) == Strings{"ALTER TABLE t ADD COLUMN n TEXT"});
  }
}

TEST_CASE("a failing rebuild of several operations names the first and how many more",
          "[sqlite][rebuild][rules]") {
  Project project;
  SetUp(project);
  project.AddYamlRevision(kChange, kBase, R"yaml(
  - alter_column: {table: t, column: b, type: text}
  - alter_column: {table: t, column: c, server_default: "3"}
  - create_check_constraint: {name: ck_t_a, table: t, condition: "a IS NOT NULL"}
)yaml");
  const DatabaseState before = Capture(project.database());
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(project.config(), "head", quiet),
                    Catch::Contains(std::string(kChange) + "_rev.yaml:6") &&
                        Catch::Contains("alter_column t.b") &&
                        Catch::Contains("with the next 2 operation(s), in one table rebuild") &&
                        Catch::Contains("1 row(s) of t break CHECK ck_t_a (a IS NOT NULL) of "
                                        "the rebuilt table (rowid 2: a NULL)"));
  CHECK(Capture(project.database()) == before);
}
