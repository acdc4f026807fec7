// The PostgreSQL test harness itself: every other PostgreSQL test trusts that
// it reaches the right server and that its databases are fresh and go away.
#include <libpq-fe.h>

#include <catch2/catch.hpp>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "postgres_support.h"

using namespace retort::testing;

namespace {

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;

// libpq reads URLs too, so the server URL is usable as it stands.
Connection ConnectTo(const std::string& url_or_conninfo) {
  Connection connection(PQconnectdb(url_or_conninfo.c_str()), &PQfinish);
  REQUIRE(connection);
  INFO(PQerrorMessage(connection.get()));
  REQUIRE(PQstatus(connection.get()) == CONNECTION_OK);
  return connection;
}

std::string SingleValue(PGconn* connection, const std::string& sql) {
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(connection, sql.c_str()), &PQclear);
  INFO(PQerrorMessage(connection));
  REQUIRE(PQresultStatus(result.get()) == PGRES_TUPLES_OK);
  REQUIRE(PQntuples(result.get()) == 1);
  return PQgetvalue(result.get(), 0, 0);
}

// Asked on a connection of the server URL's own, not of the databases in question.
bool DatabaseExists(const std::string& name) {
  const Connection server = ConnectTo(PostgresServerUrl());
  return SingleValue(server.get(),
                     "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'") == "1";
}

}  // namespace

TEST_CASE("the test server answers and runs PostgreSQL 15", "[postgresql]") {
  PostgresDatabase db;
  const auto rows = db.Query("SELECT current_setting('server_version_num')::int / 10000, "
                             "current_database()");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0] == "15");
  CHECK(rows[0][1] == db.name());
}

TEST_CASE("each PostgresDatabase is a database of its own, dropped with it", "[postgresql]") {
  std::string first_name;
  std::string second_name;
  {
    PostgresDatabase first;
    PostgresDatabase second;
    first_name = first.name();
    second_name = second.name();
    CHECK(first_name.starts_with("retort_t_"));
    CHECK(first_name != second_name);
    CHECK(DatabaseExists(first_name));
    CHECK(DatabaseExists(second_name));

    first.Exec("CREATE TABLE only_in_first (id int)");
    CHECK(first.Query("SELECT to_regclass('only_in_first') IS NOT NULL") ==
          std::vector<std::vector<std::string>>{{"t"}});
    CHECK(second.Query("SELECT to_regclass('only_in_first') IS NOT NULL") ==
          std::vector<std::vector<std::string>>{{"f"}});
  }
  CHECK_FALSE(DatabaseExists(first_name));
  CHECK_FALSE(DatabaseExists(second_name));
}

TEST_CASE("a database is dropped even while a connection to it is open", "[postgresql]") {
  std::string name;
  std::optional<Connection> lingering;
  {
    PostgresDatabase db;
    name = db.name();
    lingering.emplace(ConnectTo(db.conninfo()));
  }
  CHECK_FALSE(DatabaseExists(name));
}

TEST_CASE("url() and conninfo() both reach the database", "[postgresql]") {
  PostgresDatabase db;
  CHECK(db.url().starts_with("postgresql://"));
  CHECK_THAT(db.url(), Catch::Contains("/" + db.name()));
  for (const std::string& target : {db.url(), db.conninfo()}) {
    const Connection connection = ConnectTo(target);
    CHECK(SingleValue(connection.get(), "SELECT current_database()") == db.name());
  }
}

TEST_CASE("Exec runs several statements, dollar-quoted bodies included", "[postgresql]") {
  PostgresDatabase db;
  db.Exec(R"sql(
    CREATE TABLE counters (name text PRIMARY KEY, value int NOT NULL);
    CREATE FUNCTION bump(n text) RETURNS int LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO counters VALUES (n, 1)
        ON CONFLICT (name) DO UPDATE SET value = counters.value + 1;
      RETURN (SELECT value FROM counters WHERE name = n);
    END;
    $$;
    SELECT bump('a'); SELECT bump('a'); SELECT bump('b');
  )sql");
  CHECK(db.Query("SELECT name, value FROM counters ORDER BY name") ==
        std::vector<std::vector<std::string>>{{"a", "2"}, {"b", "1"}});
}

TEST_CASE("Query gives every value as text and SQL NULL as \"NULL\"", "[postgresql]") {
  PostgresDatabase db;
  CHECK(db.Query("SELECT NULL::int, 'x', 42, true, ''") ==
        std::vector<std::vector<std::string>>{{"NULL", "x", "42", "t", ""}});
  CHECK(db.Query("SELECT 1 WHERE false").empty());
}

TEST_CASE("failing SQL throws with the server's message", "[postgresql]") {
  PostgresDatabase db;
  CHECK_THROWS_WITH(db.Exec("CREATE TABLE t (id int); SELECT * FROM no_such_table"),
                    Catch::Contains("relation \"no_such_table\" does not exist"));
  // PQexec runs the statements of one call in one transaction.
  CHECK(db.Query("SELECT to_regclass('t') IS NULL") == std::vector<std::vector<std::string>>{{"t"}});
  CHECK_THROWS_WITH(db.Query("SELECT 1/0"), Catch::Contains("division by zero"));
  CHECK_THROWS_AS(db.Query("SELECT 1; SELECT 2"), std::runtime_error);
}
