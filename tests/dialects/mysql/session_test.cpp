// What a MySQL connection sets up, seen from a real MariaDB server
// (RETORT_TEST_MYSQL_URL): the session's mode, time zone and timestamp
// defaults, executable comments read as code by the placeholder scanner as
// by the server, and several statements refused through SOCI's session
// while Execute still runs them.
#include <soci/soci.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "mysql_support.h"
#include "retort/builtin_dialects.h"
#include "retort/dialect.h"
#include "retort/dialect_loader.h"
#include "retort/error.h"
#include "retort/url.h"

using namespace retort;
using namespace retort::testing;

namespace {

std::unique_ptr<Connection> Connect(const MysqlDatabase& database) {
  RegisterBuiltinDialects();
  const DatabaseUrl url = ParseDatabaseUrl(database.url());
  return FindDialectForScheme(url.scheme).Connect(url);
}

std::string One(Connection& connection, const std::string& sql) {
  const QueryRows rows = connection.Query(sql, {});
  REQUIRE(rows.rows.size() == 1);
  return rows.rows[0].at(0).ToText();
}

}  // namespace

TEST_CASE("a MariaDB session is strict, in UTC, with explicit timestamp defaults",
          "[mysql][session]") {
  MysqlDatabase database;
  const std::unique_ptr<Connection> connection = Connect(database);
  // The test server's own mode is strict for transactional tables only,
  // and its time zone the system's.
  const std::string mode = One(*connection, "SELECT @@SESSION.sql_mode");
  CHECK_THAT(mode, Catch::Contains("STRICT_ALL_TABLES"));
  CHECK_THAT(mode, !Catch::Contains("NO_BACKSLASH_ESCAPES"));
  CHECK(One(*connection, "SELECT @@SESSION.time_zone") == "+00:00");
  CHECK(One(*connection, "SELECT @@SESSION.explicit_defaults_for_timestamp") == "1");
  // Strict: a value too long for its column is an error, not cut short.
  connection->Execute("CREATE TABLE short_names (name VARCHAR(3))");
  try {
    connection->Execute("INSERT INTO short_names VALUES ('longer')");
    FAIL("the value was accepted");
  } catch (const DatabaseError& error) {
    CHECK(error.code() == "1406");
  }
  // Backslashes escape, as the dialect writes string constants.
  CHECK(One(*connection, "SELECT 'a\\'b'") == "a'b");
}

TEST_CASE("MariaDB's executable comments hold placeholders, as the server runs them",
          "[mysql][session]") {
  MysqlDatabase database;
  const std::unique_ptr<Connection> connection = Connect(database);
  const QueryRows both = connection->Query("SELECT :a AS a /*!, :b AS b */",
                                           {SqlValue::Integer(1), SqlValue::Integer(2)});
  REQUIRE(both.columns.size() == 2);
  CHECK(both.rows.at(0).at(1).ToText() == "2");
  const QueryRows one = connection->Query("SELECT :a AS a /* , :b AS b */", {SqlValue::Integer(1)});
  CHECK(one.columns.size() == 1);
  CHECK_THROWS_AS(connection->Query("SELECT :a /*!, :b */", {SqlValue::Integer(1)}), DatabaseError);
}

TEST_CASE("SOCI's session of a MariaDB connection runs one statement at a time",
          "[mysql][session]") {
  MysqlDatabase database;
  const std::unique_ptr<Connection> connection = Connect(database);
  connection->Execute("CREATE TABLE a (x INT); CREATE TABLE b (x INT)");
  auto* session = static_cast<soci::session*>(connection->NativeHandle("soci::session"));
  REQUIRE(session != nullptr);
  CHECK_THROWS(*session << "CREATE TABLE c (x INT); CREATE TABLE d (x INT)");
  int tables = 0;
  *session << "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
      soci::into(tables);
  CHECK(tables == 2);
  // Execute, given several statements, runs them all again.
  connection->Execute("CREATE TABLE e (x INT); CREATE TABLE f (x INT)");
  CHECK(One(*connection,
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
            "DATABASE()") == "4");
  // And the session still meets one statement at a time.
  CHECK_THROWS(*session << "CREATE TABLE g (x INT); CREATE TABLE h (x INT)");
}
