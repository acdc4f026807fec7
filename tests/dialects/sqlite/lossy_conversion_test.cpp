// A type change on SQLite copies the rows with CAST, which never fails:
// '12227-000' would become 12227 and 'abc' 0. A conversion that would change
// any value is refused before anything is written, naming the table, the
// column, how many values and the first rows; using: or lossy: allow opt in.
// Each class of conversion docs/sqlite.md describes has a case here.
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

// Postal codes as Chinook holds them, and a few more ways of writing numbers.
constexpr const char* kCustomers = R"sql(CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  postal_code TEXT
);
INSERT INTO customers (id, name, postal_code) VALUES
  (1, 'Luis', '12227-000'), (2, 'Leonie', '70174'), (3, 'Francois', 'abc'), (4, 'Bjorn', NULL),
  (5, 'Frantisek', '007'), (6, 'Helena', ' 42'), (7, 'Astrid', '-3');
CREATE INDEX ix_customers_postal_code ON customers (postal_code);
)sql";

void SetUp(Project& project, const std::string& schema) {
  project.AddYamlRevision(kBase, "", ExecuteItem(schema), "downgrade: []\n");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
}

// Runs the change revision `ops` and returns the error it fails with ("" when
// it succeeds); any other exception escapes.
std::string Refusal(Project& project, const std::string& ops,
                    RecordingListener* listener = nullptr) {
  project.AddYamlRevision(kChange, kBase, ops);
  RecordingListener own;
  try {
    Upgrade(project.config(), "head", listener ? *listener : own);
  } catch (const OperationError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a text-to-integer change that would alter values is refused, naming the rows",
          "[sqlite][rebuild][lossy]") {
  Project project;
  SetUp(project, kCustomers);
  const DatabaseState before = Capture(project.database());
  RecordingListener listener;
  const std::string message = Refusal(
      project, "  - alter_column: {table: customers, column: postal_code, type: integer}\n",
      &listener);
  INFO(message);
  // '70174' and '-3' are the numbers they spell, and NULL stays NULL; the
  // other four are not.
  CHECK_THAT(message, Catch::Contains("alter_column customers.postal_code") &&
                          Catch::Contains("4 value(s) of customers.postal_code would change "
                                          "when converted to INTEGER") &&
                          Catch::Contains("rowid 1: '12227-000' becomes 12227") &&
                          Catch::Contains("rowid 3: 'abc' becomes 0") &&
                          Catch::Contains("rowid 5: '007' becomes 7") &&
                          Catch::Contains("rowid 6: ' 42' becomes 42") &&
                          Catch::Contains("using:") && Catch::Contains("lossy: allow") &&
                          Catch::Contains("rolled back"));
  CHECK_THAT(message, !Catch::Contains("rowid 2") && !Catch::Contains("rowid 4") &&
                          !Catch::Contains("rowid 7"));
  // Refused before the rebuild wrote anything; the database is as it was.
  CHECK(CountRebuilds(listener.statements()) == 0);
  CHECK(Capture(project.database()) == before);
}

TEST_CASE("the refusal names the first five rows and counts them all",
          "[sqlite][rebuild][lossy]") {
  Project project;
  SetUp(project, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\n"
                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)\n"
                 "INSERT INTO t SELECT i, CASE WHEN i % 4 = 0 THEN 'x' || i ELSE i END FROM n;\n");
  const DatabaseState before = Capture(project.database());
  const std::string message =
      Refusal(project, "  - alter_column: {table: t, column: v, type: integer}\n");
  INFO(message);
  CHECK_THAT(message, Catch::Contains("10 value(s) of t.v") &&
                          Catch::Contains("(rowid 4: 'x4' becomes 0, rowid 8: 'x8' becomes 0, "
                                          "rowid 12: 'x12' becomes 0, rowid 16: 'x16' becomes 0, "
                                          "rowid 20: 'x20' becomes 0, ...)"));
  CHECK_THAT(message, !Catch::Contains("rowid 24"));
  CHECK(Capture(project.database()) == before);
}

TEST_CASE("lossy: allow converts as CAST does; using: says how to convert, unchecked",
          "[sqlite][rebuild][lossy]") {
  Project project;
  SetUp(project, kCustomers);
  SECTION("lossy: allow") {
    CHECK(Refusal(project, "  - alter_column: {table: customers, column: postal_code, type: "
                           "integer, lossy: allow}\n") == "");
    CHECK(Rows(project.database(), "customers", {"postal_code"}) ==
          "1|12227\n2|70174\n3|0\n4|NULL\n5|7\n6|42\n7|-3\n");
    // The index came back with the table.
    CHECK(ObjectSql(project.database(), "ix_customers_postal_code") ==
          "CREATE INDEX ix_customers_postal_code ON customers (postal_code)");
  }
  SECTION("using:") {
    CHECK(Refusal(project,
                  "  - alter_column:\n"
                  "      table: customers\n"
                  "      column: postal_code\n"
                  "      type: integer\n"
                  "      using: \"CASE WHEN postal_code GLOB '*[0-9]*' THEN "
                  "CAST(replace(postal_code, '-', '') AS INTEGER) END\"\n") == "");
    CHECK(Rows(project.database(), "customers", {"postal_code"}) ==
          "1|12227000\n2|70174\n3|NULL\n4|NULL\n5|7\n6|42\n7|3\n");
  }
}

TEST_CASE("each class of conversion is kept or refused as docs/sqlite.md says",
          "[sqlite][rebuild][lossy]") {
  struct Conversion {
    const char* name;
    const char* from_type;  // the column's declared type
    const char* values;     // SQL values for rowids 1, 2, ...
    const char* to_type;    // the neutral type it changes to
    const char* refused;    // what the error must say; nullptr: kept
    const char* after;      // Rows() of the column when kept
  };
  const Conversion conversions[] = {
      {"text spelling integers to integer", "TEXT", "('12227'), ('-3'), ('0'), (NULL)",
       "integer", nullptr, "1|12227\n2|-3\n3|0\n4|NULL\n"},
      {"text that is not a whole number to integer", "TEXT", "('1.5'), ('12.0'), ('1e3')",
       "integer", "3 value(s)", nullptr},
      {"a real with a fraction to integer", "REAL", "(2.0), (1.5)", "integer",
       "1 value(s) of k.c would change when converted to INTEGER (rowid 2: 1.5 becomes 1)",
       nullptr},
      {"a whole real to integer", "REAL", "(2.0), (-7.0)", "integer", nullptr,
       "1|2\n2|-7\n"},
      {"NULL to anything", "TEXT", "(NULL), (NULL)", "integer", nullptr, "1|NULL\n2|NULL\n"},
      {"integer to text", "INTEGER", "(12), (-9223372036854775808)", "text", nullptr,
       "1|'12'\n2|'-9223372036854775808'\n"},
      {"a real SQLite writes exactly to text", "REAL", "(1.5), (0.1), (1e20)", "text", nullptr,
       "1|'1.5'\n2|'0.1'\n3|'1.0e+20'\n"},
      {"a real SQLite writes rounded to text", "REAL", "(1.5), (0.30000000000000004)", "text",
       "rowid 2: 3.00000000000000044408e-01 becomes '0.3'", nullptr},
      {"real to numeric", "REAL", "(1.5), (2.0), (1e300)", "numeric", nullptr,
       "1|1.5\n2|2\n3|1.0e+300\n"},
      {"decimal text to numeric, trailing zero and all", "TEXT", "('12.5'), ('12.50')",
       "numeric", "rowid 2: '12.50' becomes 12.5", nullptr},
      {"an integer beyond a double's precision to double", "INTEGER",
       "(5), (9007199254740993)", "double", "rowid 2: 9007199254740993 becomes", nullptr},
      {"text dates to datetime (NUMERIC: CAST reads the year)", "TEXT", "('2024-01-31')",
       "datetime", "rowid 1: '2024-01-31' becomes 2024", nullptr},
      {"text words to boolean", "TEXT", "('1'), ('true')", "boolean",
       "rowid 2: 'true' becomes 0", nullptr},
      {"text to blob", "TEXT", "('abc')", "blob", nullptr, "1|X'616263'\n"},
      {"text to a shorter string (SQLite keeps the length)", "TEXT", "('longer than five')",
       "string(5)", nullptr, "1|'longer than five'\n"},
  };
  for (const Conversion& conversion : conversions) {
    DYNAMIC_SECTION(conversion.name) {
      Project project;
      SetUp(project, std::string("CREATE TABLE k (id INTEGER PRIMARY KEY, c ") +
                         conversion.from_type + ");\nINSERT INTO k (c) VALUES " +
                         conversion.values + ";\n");
      const DatabaseState before = Capture(project.database());
      const std::string message =
          Refusal(project, std::string("  - alter_column: {table: k, column: c, type: \"") +
                               conversion.to_type + "\"}\n");
      INFO(message);
      if (conversion.refused != nullptr) {
        CHECK_THAT(message, Catch::Contains(conversion.refused) &&
                                Catch::Contains("would change when converted to"));
        CHECK(Capture(project.database()) == before);
      } else {
        CHECK(message == "");
        CHECK(Rows(project.database(), "k", {"c"}) == conversion.after);
      }
    }
  }
}

TEST_CASE("the check covers every conversion of a batch and only copied values",
          "[sqlite][rebuild][lossy]") {
  Project project;
  SetUp(project, kCustomers);
  const DatabaseState before = Capture(project.database());
  SECTION("a lossy change after a lossless one on the same table") {
    const std::string message = Refusal(
        project,
        "  - alter_column: {table: customers, column: id, type: bigint}\n"
        "  - alter_column: {table: customers, column: name, type: string(40)}\n"
        "  - alter_column: {table: customers, column: postal_code, type: integer}\n");
    CHECK_THAT(message, Catch::Contains("4 value(s) of customers.postal_code"));
    CHECK(Capture(project.database()) == before);
  }
  SECTION("fill_nulls fills NULLs; their conversion is the fill value's") {
    CHECK(Refusal(project,
                  "  - execute: UPDATE customers SET postal_code = '1' WHERE id <> 4\n"
                  "  - alter_column: {table: customers, column: postal_code, type: integer, "
                  "nullable: false, fill_nulls: \"'0'\"}\n") == "");
    CHECK(Rows(project.database(), "customers", {"postal_code"}) ==
          "1|1\n2|1\n3|1\n4|0\n5|1\n6|1\n7|1\n");
  }
  SECTION("a column dropped in the same batch is not checked") {
    CHECK(Refusal(project,
                  "  - drop_index: ix_customers_postal_code\n"
                  "  - alter_column: {table: customers, column: postal_code, type: integer}\n"
                  "  - drop_column: {table: customers, column: postal_code}\n") == "");
    CHECK(ColumnNames(project.database(), "customers") == std::vector<std::string>{"id", "name"});
  }
}

TEST_CASE("a WITHOUT ROWID table's refusal shows the values", "[sqlite][rebuild][lossy]") {
  Project project;
  SetUp(project, "CREATE TABLE w (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;\n"
                 "INSERT INTO w VALUES ('a', '1'), ('b', 'one');\n");
  const DatabaseState before = Capture(project.database());
  const std::string message =
      Refusal(project, "  - alter_column: {table: w, column: v, type: integer}\n");
  CHECK_THAT(message, Catch::Contains("1 value(s) of w.v would change when converted to "
                                      "INTEGER ('one' becomes 0)"));
  CHECK(Capture(project.database()) == before);
}

TEST_CASE("the command line exits 1 naming the rows, the database untouched",
          "[sqlite][rebuild][lossy]") {
  Project project;
  SetUp(project, kCustomers);
  project.AddYamlRevision(
      kChange, kBase, "  - alter_column: {table: customers, column: postal_code, type: integer}\n");
  const DatabaseState before = Capture(project.database());
  const ProcessResult result = RunRetort({"upgrade", "head"}, project.root());
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Contains("4 value(s) of customers.postal_code") &&
                             Catch::Contains("rowid 1: '12227-000' becomes 12227"));
  CHECK(Capture(project.database()) == before);
}
