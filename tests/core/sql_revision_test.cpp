// The plain-SQL revision format: "-- key: value" header lines, then the
// "-- migrate:up" and optional "-- migrate:down" sections.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "retort/error.h"
#include "retort/revision.h"
#include "revision_readers.h"

namespace {

using Catch::Contains;
using Catch::StartsWith;
using retort::Execute;
using retort::FileError;
using retort::ParseSqlRevision;
using retort::Revision;
using Strings = std::vector<std::string>;

const std::string kPath = "versions/abc123_backfill.sql";

// `sql` without the line breaks and blanks at its end.
std::string TrimEnd(std::string sql) {
  while (!sql.empty() && (sql.back() == '\n' || sql.back() == ' ')) sql.pop_back();
  return sql;
}

const Execute& ExecuteOf(const retort::RevisionOp& op) {
  REQUIRE(std::holds_alternative<Execute>(op.op));
  return std::get<Execute>(op.op);
}

void CheckFileError(const std::string& text, int line, const std::string& reason,
                    const std::string& path = kPath) {
  INFO(text);
  try {
    ParseSqlRevision(path, text);
  } catch (const FileError& error) {
    CHECK_THAT(error.what(), StartsWith(path + ":" + std::to_string(line) + ": "));
    CHECK(error.line() == line);
    CHECK_THAT(error.what(), Contains(reason));
    return;
  }
  FAIL_CHECK("no FileError");
}

TEST_CASE("SQL revision header lines are read as YAML values", "[sql_revision]") {
  const std::string text =
      "-- revision: abc123\n"
      "-- down_revision: [p1, p2]\n"
      "-- branch_labels: null\n"
      "-- depends_on: d1\n"
      "-- message: \"backfill: phones\"\n"
      "-- create_date: 2024-03-02 18:41:07\n"
      "-- migrate:up\n"
      "UPDATE users SET phone = '';\n";
  const Revision revision = ParseSqlRevision(kPath, text);
  CHECK(revision.header.id == "abc123");
  CHECK(revision.header.down_revisions == Strings{"p1", "p2"});
  CHECK(revision.header.branch_labels.empty());
  CHECK(revision.header.depends_on == Strings{"d1"});
  CHECK(revision.header.message == "backfill: phones");
  CHECK(revision.header.create_date == "2024-03-02 18:41:07");
  CHECK(revision.header.path == kPath);
  CHECK(revision.checksum == retort::Sha256Hex(text));
}

TEST_CASE("a header list may be empty and a header value may be null", "[sql_revision]") {
  const Revision revision = ParseSqlRevision(kPath,
                                             "-- revision: abc123\n"
                                             "-- down_revision: null\n"
                                             "-- branch_labels: []\n"
                                             "-- depends_on: [a]\n"
                                             "-- message:\n"
                                             "-- migrate:up\n");
  CHECK(revision.header.down_revisions.empty());
  CHECK(revision.header.branch_labels.empty());
  CHECK(revision.header.depends_on == Strings{"a"});
  CHECK(revision.header.message.empty());
}

TEST_CASE("the up and down sections become one execute each, with their first lines",
          "[sql_revision]") {
  const Revision revision = ParseSqlRevision(kPath,
                                             "-- revision: abc123\n"      // 1
                                             "-- migrate:up\n"            // 2
                                             "UPDATE a SET b = 1;\n"      // 3
                                             "-- a comment in the SQL\n"  // 4
                                             "UPDATE c SET d = 2;\n"      // 5
                                             "-- migrate:down\n"          // 6
                                             "UPDATE a SET b = 0;\n");    // 7
  REQUIRE(revision.upgrade.size() == 1);
  const Execute& up = ExecuteOf(revision.upgrade[0]);
  CHECK(up.sql == "UPDATE a SET b = 1;\n-- a comment in the SQL\nUPDATE c SET d = 2;\n");
  CHECK(up.dialect_sql.empty());
  CHECK(revision.upgrade[0].line == 3);
  REQUIRE(revision.downgrade);
  REQUIRE(revision.downgrade->size() == 1);
  CHECK(TrimEnd(ExecuteOf((*revision.downgrade)[0]).sql) == "UPDATE a SET b = 0;");
  CHECK((*revision.downgrade)[0].line == 7);
}

TEST_CASE("dialect: restricts the SQL of both sections to that dialect", "[sql_revision]") {
  const Revision revision = ParseSqlRevision(kPath,
                                             "-- revision: abc123\n"
                                             "-- dialect: sqlite\n"
                                             "-- migrate:up\n"
                                             "VACUUM;\n"
                                             "-- migrate:down\n"
                                             "SELECT 1;\n");
  REQUIRE(revision.upgrade.size() == 1);
  const Execute& up = ExecuteOf(revision.upgrade[0]);
  CHECK(up.sql.empty());
  CHECK(up.dialect_sql == std::map<std::string, std::string>{{"sqlite", "VACUUM;\n"}});
  CHECK(retort::SqlFor(up, "sqlite") == "VACUUM;\n");
  CHECK_FALSE(retort::SqlFor(up, "postgresql"));
  REQUIRE(revision.downgrade);
  REQUIRE(revision.downgrade->size() == 1);
  const Execute& down = ExecuteOf((*revision.downgrade)[0]);
  CHECK(down.sql.empty());
  REQUIRE(down.dialect_sql.count("sqlite") == 1);
  CHECK(down.dialect_sql.size() == 1);
  CHECK(TrimEnd(down.dialect_sql.at("sqlite")) == "SELECT 1;");
}

TEST_CASE("without a migrate:down section the downgrade is not given", "[sql_revision]") {
  const Revision revision =
      ParseSqlRevision(kPath, "-- revision: abc123\n-- migrate:up\nSELECT 1;\n");
  CHECK(revision.upgrade.size() == 1);
  CHECK_FALSE(revision.downgrade);
}

TEST_CASE("an empty migrate:down section says explicitly there is nothing to undo",
          "[sql_revision]") {
  const Revision revision = ParseSqlRevision(
      kPath, "-- revision: abc123\n-- migrate:up\nSELECT 1;\n-- migrate:down\n\n   \n");
  REQUIRE(revision.downgrade);
  CHECK(revision.downgrade->empty());
}

TEST_CASE("an empty migrate:up section has no operations", "[sql_revision]") {
  const Revision revision =
      ParseSqlRevision(kPath, "-- revision: abc123\n-- migrate:up\n\n-- migrate:down\n");
  CHECK(revision.upgrade.empty());
  REQUIRE(revision.downgrade);
  CHECK(revision.downgrade->empty());
}

TEST_CASE("a SQL revision without migrate:down cannot be downgraded; an empty one does nothing",
          "[sql_revision]") {
  const Revision no_down =
      ParseSqlRevision(kPath, "-- revision: abc123\n-- migrate:up\nSELECT 1;\n");
  CHECK_THROWS_AS(retort::DowngradeOperations(no_down), retort::OperationError);
  CHECK_THROWS_WITH(retort::DowngradeOperations(no_down), Contains(kPath + ":3"));
  const Revision empty_down =
      ParseSqlRevision(kPath, "-- revision: abc123\n-- migrate:up\nSELECT 1;\n-- migrate:down\n");
  CHECK(retort::DowngradeOperations(empty_down).empty());
}

TEST_CASE("free comments and blank lines are allowed in the header", "[sql_revision]") {
  const Revision revision = ParseSqlRevision(kPath,
                                             "-- Backfill the phone numbers.\n"
                                             "\n"
                                             "-- revision: abc123\n"
                                             "-- note: not a header key\n"
                                             "--\n"
                                             "-- message: hello\n"
                                             "-- migrate:up\n"
                                             "SELECT 1;\n");
  CHECK(revision.header.id == "abc123");
  CHECK(revision.header.message == "hello");
}

TEST_CASE("CRLF line endings are read like LF", "[sql_revision]") {
  const Revision revision = ParseSqlRevision(
      kPath,
      "-- revision: abc123\r\n-- migrate:up\r\nSELECT 1;\r\n-- migrate:down\r\nSELECT 2;\r\n");
  CHECK(revision.header.id == "abc123");
  REQUIRE(revision.upgrade.size() == 1);
  CHECK(ExecuteOf(revision.upgrade[0]).sql == "SELECT 1;\n");
  REQUIRE(revision.downgrade);
  REQUIRE(revision.downgrade->size() == 1);
  CHECK(TrimEnd(ExecuteOf((*revision.downgrade)[0]).sql) == "SELECT 2;");
}

TEST_CASE("SQL before migrate:up is rejected at its line", "[sql_revision]") {
  CheckFileError(
      "-- revision: abc123\n"  // 1
      "\n"                     // 2
      "UPDATE a SET b = 1;\n"  // 3
      "-- migrate:up\n",       // 4
      3, "SQL before '-- migrate:up'");
}

TEST_CASE("a header key given twice is rejected, naming both lines", "[sql_revision]") {
  CheckFileError(
      "-- revision: abc123\n"  // 1
      "-- message: a\n"        // 2
      "-- message: b\n"        // 3
      "-- migrate:up\n",       // 4
      3, "'message' is given twice (first on line 2)");
}

TEST_CASE("a SQL revision without a revision line is rejected", "[sql_revision]") {
  CheckFileError("-- message: hi\n-- migrate:up\nSELECT 1;\n", 1,
                 "no '-- revision: <id>' header line");
}

TEST_CASE("migrate:down before migrate:up is rejected", "[sql_revision]") {
  CheckFileError(
      "-- revision: abc123\n"  // 1
      "-- migrate:down\n"      // 2
      "-- migrate:up\n",       // 3
      2, "'-- migrate:down' must follow '-- migrate:up'");
}

TEST_CASE("a second migrate:up or migrate:down is rejected", "[sql_revision]") {
  CheckFileError(
      "-- revision: abc123\n"  // 1
      "-- migrate:up\n"        // 2
      "SELECT 1;\n"            // 3
      "-- migrate:up\n",       // 4
      4, "a second '-- migrate:up'");
  CheckFileError(
      "-- revision: abc123\n"  // 1
      "-- migrate:up\n"        // 2
      "-- migrate:down\n"      // 3
      "-- migrate:down\n",     // 4
      4, "'-- migrate:down' must follow '-- migrate:up'");
}

TEST_CASE("a SQL revision without migrate:up is rejected", "[sql_revision]") {
  try {
    ParseSqlRevision(kPath, "-- revision: abc123\n-- message: hi\n");
    FAIL("no FileError");
  } catch (const FileError& error) {
    CHECK_THAT(error.what(), StartsWith(kPath + ":"));
    CHECK_THAT(error.what(), Contains("no '-- migrate:up' section"));
  }
}

TEST_CASE("a SQL revision in a file not named after its id is rejected at the id's line",
          "[sql_revision]") {
  CheckFileError(
      "-- message: hi\n"       // 1
      "-- revision: abc123\n"  // 2
      "-- migrate:up\n",       // 3
      2, "does not start with 'abc123_'", "versions/other_backfill.sql");
}

TEST_CASE("a SQL revision id other than letters, digits and '_' is rejected at its line",
          "[sql_revision]") {
  CheckFileError(
      "-- message: x\n"       // 1
      "-- revision: abc+1\n"  // 2
      "-- migrate:up\n",      // 3
      2, "revision", "versions/abc+1_x.sql");
}

TEST_CASE("malformed header values are rejected at their line", "[sql_revision]") {
  CheckFileError(
      "-- revision: abc123\n"         // 1
      "-- down_revision: [a, [b]]\n"  // 2
      "-- migrate:up\n",              // 3
      2, "down_revision must be null, a value or a list [a, b]");
  CheckFileError(
      "-- revision: abc123\n"  // 1
      "-- message: [a, b]\n"   // 2
      "-- migrate:up\n",       // 3
      2, "message must be a single value");
}

}  // namespace

TEST_CASE("a misspelt header key is an error, not a comment", "[sql_revision]") {
  // Read as a comment, "down_revison" would silently make a new base.
  CheckFileError(
      "-- revision: abc123\n"
      "-- down_revison: 58ce9da45577\n"
      "-- migrate:up\n"
      "SELECT 1;\n",
      2, "did you mean 'down_revision'?");
}

TEST_CASE("a comment that only looks like a header is still a comment", "[sql_revision]") {
  const retort::Revision revision = ParseSqlRevision(
      kPath,
      "-- revision: abc123\n"
      "-- Note: backfills phone numbers\n"
      "-- migrate:up\n"
      "SELECT 1;\n");
  CHECK(revision.header.id == "abc123");
}
