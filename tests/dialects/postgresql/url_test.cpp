// PostgreSQL URLs become libpq connection strings; the password in them
// must never show: not in messages retort writes, not in errors libpq or the
// server return, not in verbose output. What a URL leaves out comes from
// the libpq environment.
#include <catch2/catch.hpp>

#include "pg_test_helpers.h"
#include "postgresql_url.h"
#include "retort/commands.h"
#include "retort/error.h"
#include "retort/url.h"

using namespace retort;
using namespace retort::testing;
using retort::ScrubSecret;
using retort::postgresql::SettingsFrom;

namespace {

postgresql::ConnectionSettings Settings(const std::string& url) {
  return SettingsFrom(ParseDatabaseUrl(url));
}

// The test server's URL with `password` in place of the real one.
std::string WithPassword(const std::string& password) {
  const DatabaseUrl server = ParseDatabaseUrl(PostgresServerUrl());
  return "postgresql://" + server.user + ":" + password + "@" + server.host + ":" +
         std::to_string(server.port.value_or(5432)) + "/" + server.database;
}

// Runs the retort binary in `project` without RETORT_URL, so that only the
// given arguments (and `environment`) choose the database.
ProcessResult Run(const Project& project, const std::vector<std::string>& arguments,
                  std::map<std::string, std::string> environment = {}) {
  environment.emplace("RETORT_URL", "");
  return RunRetort(arguments, project.root(), environment);
}

}  // namespace

TEST_CASE("SettingsFrom turns a full URL into a libpq connection string",
          "[postgresql][url]") {
  // The password holds every character a URL must escape: @ : / % ? # and a
  // space, plus a quote and a backslash, which the connection string must.
  const auto settings =
      Settings("postgresql://app%20user:p%40ss%3Aw%2Fo%25rd%3F%23%20it%27s%5C@db.example.com:6543/"
               "my%20db?sslmode=require&application_name=retort%20test&connect_timeout=5");
  CHECK(settings.conninfo ==
        "host='db.example.com' port='6543' dbname='my db' user='app user' "
        "password='p@ss:w/o%rd?# it\\'s\\\\' sslmode='require' application_name='retort test' "
        "connect_timeout='5'");
  CHECK(settings.password == "p@ss:w/o%rd?# it's\\");
  CHECK_THAT(settings.shown,
             Catch::StartsWith("postgresql://app%20user:***@db.example.com:6543/my") &&
                 Catch::EndsWith("?sslmode=require&application_name=retort%20test&"
                                 "connect_timeout=5"));
}

TEST_CASE("SettingsFrom takes postgres:// too, and leaves out what the URL leaves out",
          "[postgresql][url]") {
  CHECK(Settings("postgres://alice@localhost/app").conninfo ==
        "host='localhost' dbname='app' user='alice'");
  CHECK(Settings("postgres://alice@localhost/app").shown == "postgres://alice@localhost/app");
  CHECK(Settings("postgresql:///app").conninfo == "dbname='app'");
  CHECK(Settings("postgresql://").conninfo.empty());
  CHECK(Settings("postgresql://").password.empty());
  CHECK(Settings("postgresql://:5433").conninfo == "port='5433'");
  // A percent-encoded path as the host is a unix socket folder, as in libpq.
  CHECK(Settings("postgresql://%2Fvar%2Frun%2Fpostgresql/app").conninfo ==
        "host='/var/run/postgresql' dbname='app'");
}

TEST_CASE("SettingsFrom unwraps a bracketed IPv6 host", "[postgresql][url]") {
  CHECK(Settings("postgresql://u:pw123@[::1]:5433/db").conninfo ==
        "host='::1' port='5433' dbname='db' user='u' password='pw123'");
  CHECK(Settings("postgresql://[2001:db8::7]/db").conninfo == "host='2001:db8::7' dbname='db'");
  CHECK(Settings("postgresql://u:pw123@[::1]:5433/db").shown ==
        "postgresql://u:***@[::1]:5433/db");
}

TEST_CASE("SettingsFrom passes libpq's own parameters through", "[postgresql][url]") {
  const auto settings = Settings(
      "postgresql://h/d?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&"
      "target_session_attrs=read-write&options=-c%20search_path%3Dapp&keepalives=1");
  CHECK(settings.conninfo ==
        "host='h' dbname='d' sslmode='verify-full' sslrootcert='/etc/ca.pem' "
        "target_session_attrs='read-write' options='-c search_path=app' keepalives='1'");
}

TEST_CASE("a password given as a parameter is a password too", "[postgresql][url]") {
  const auto settings = Settings("postgresql://u@h/d?password=s3cr%26t");
  CHECK(settings.password == "s3cr&t");
  CHECK(settings.conninfo == "host='h' dbname='d' user='u' password='s3cr&t'");
  CHECK(settings.shown == "postgresql://u@h/d?password=***");
}

TEST_CASE("an unknown URL parameter is an error listing libpq's keywords, without the password",
          "[postgresql][url]") {
  try {
    Settings("postgresql://u:Hunter2secret@h/d?sslmod=require");
    FAIL("sslmod was accepted");
  } catch (const ConfigError& error) {
    const std::string message = error.what();
    CHECK_THAT(message, Catch::Contains("unknown parameter 'sslmod'") &&
                            Catch::Contains("postgresql://u:***@h/d") &&
                            Catch::Contains(" sslmode") && Catch::Contains(" connect_timeout") &&
                            Catch::Contains(" application_name") &&
                            Catch::Contains(" target_session_attrs"));
    CHECK_THAT(message, !Catch::Contains("Hunter2secret"));
  }
  // Parts the URL itself sets are not parameters.
  CHECK_THROWS_AS(Settings("postgresql://h/d?dbname=other"), ConfigError);
}

TEST_CASE("ScrubSecret replaces every occurrence of the password, and leaves tiny ones alone",
          "[postgresql][url]") {
  CHECK(ScrubSecret("password=hunter2 and again hunter2.", "hunter2") ==
        "password=*** and again ***.");
  CHECK(ScrubSecret("hunter2hunter2", "hunter2") == "******");
  CHECK(ScrubSecret("nothing to hide", "hunter2") == "nothing to hide");
  CHECK(ScrubSecret("a message", "") == "a message");
  // Scrubbing "ab" would garble every word with those letters.
  CHECK(ScrubSecret("about abc", "ab") == "about abc");
}

TEST_CASE("connecting with a wrong password fails without showing the password or the "
          "connection string",
          "[postgresql][url]") {
  Project project;
  Config config = project.config();
  config.url = WithPassword("Wr0ngPassw0rd");
  const std::string real = ParseDatabaseUrl(PostgresServerUrl()).password;
  try {
    Current(config);
    FAIL("a wrong password was accepted");
  } catch (const DatabaseError& error) {
    const std::string message = error.what();
    CHECK_THAT(message, Catch::Contains("cannot connect to PostgreSQL at postgresql://") &&
                            Catch::Contains(":***@") &&
                            Catch::Contains("password authentication failed"));
    CHECK_THAT(message, !Catch::Contains("Wr0ngPassw0rd"));
    CHECK_THAT(message, !Catch::Contains(real));
    CHECK_THAT(message, !Catch::Contains("password='") && !Catch::Contains("dbname='"));
    CHECK_FALSE(error.code().empty());
  }
}

TEST_CASE("the binary keeps a wrong password out of its output", "[postgresql][url]") {
  Project project;
  const ProcessResult result =
      Run(project, {"--url", WithPassword("SECRETPW"), "current"});
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::StartsWith("retort: error: cannot connect to PostgreSQL") &&
                             Catch::Contains("password authentication failed"));
  CHECK_THAT(result.out + result.err, !Catch::Contains("SECRETPW"));
}

TEST_CASE("the binary keeps the password out of its output when the host is bad",
          "[postgresql][url]") {
  Project project;
  for (const std::string& url :
       {std::string("postgresql://user:SECRETPW@no-such-host.invalid:5432/db?connect_timeout=3"),
        // Nothing listens on port 1.
        std::string("postgresql://user:SECRETPW@127.0.0.1:1/db?connect_timeout=3")}) {
    const ProcessResult result = Run(project, {"--url", url, "current"});
    INFO(url << "\nstdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.err, Catch::StartsWith("retort: error: cannot connect to PostgreSQL") &&
                               Catch::Contains("user:***@"));
    CHECK_THAT(result.out + result.err, !Catch::Contains("SECRETPW"));
  }
}

TEST_CASE("verbose upgrade output never contains the password", "[postgresql][url]") {
  Project project;
  PostgresDatabase db;
  project.AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}]}
)yaml");
  project.AddYamlRevision("b2b2b2b2b2b2", "a1a1a1a1a1a1",
                          "  - execute: INSERT INTO no_such_table VALUES (1)\n");
  const std::string password = ParseDatabaseUrl(db.url()).password;
  REQUIRE(password.size() >= 3);

  const ProcessResult up =
      Run(project, {"--url", db.url(), "upgrade", "a1a1a1a1a1a1", "-v"});
  INFO("stdout: " << up.out << "\nstderr: " << up.err);
  CHECK(up.exit_code == 0);
  CHECK_THAT(up.out, Catch::Contains("CREATE TABLE t") &&
                         Catch::Contains("Upgraded to a1a1a1a1a1a1"));
  CHECK_THAT(up.out + up.err, !Catch::Contains(password));

  // A failing revision's error and the statements before it: still hidden.
  const ProcessResult failed = Run(project, {"--url", db.url(), "upgrade", "head", "-v"});
  CHECK(failed.exit_code == 1);
  CHECK_THAT(failed.err, Catch::Contains("no_such_table"));
  CHECK_THAT(failed.out + failed.err, !Catch::Contains(password));

  // So does the URL shown when the URL is wrong.
  const ProcessResult bad_parameter =
      Run(project, {"--url", db.url() + "?sslmod=require", "current"});
  CHECK(bad_parameter.exit_code == 1);
  CHECK_THAT(bad_parameter.err, Catch::Contains("sslmod") && Catch::Contains(":***@"));
  CHECK_THAT(bad_parameter.out + bad_parameter.err, !Catch::Contains(password));
}

TEST_CASE("postgresql:// alone takes everything from the libpq environment", "[postgresql][url]") {
  Project project;
  PostgresDatabase db;
  project.AddYamlRevision("a1a1a1a1a1a1", "",
                          "  - create_table: {name: t, columns: [{name: id, type: integer}]}\n");
  const DatabaseUrl server = ParseDatabaseUrl(db.url());
  const std::map<std::string, std::string> libpq = {
      {"PGHOST", server.host},
      {"PGPORT", std::to_string(server.port.value_or(5432))},
      {"PGUSER", server.user},
      {"PGPASSWORD", server.password},
      {"PGDATABASE", server.database}};

  const ProcessResult up = Run(project, {"--url", "postgresql://", "upgrade", "head"}, libpq);
  INFO("stdout: " << up.out << "\nstderr: " << up.err);
  CHECK(up.exit_code == 0);
  CHECK(VersionRows(db) == Strings{"a1a1a1a1a1a1"});
  CHECK(HasTable(db, "t"));

  // RETORT_URL works the same way, and current reads the same database.
  std::map<std::string, std::string> environment = libpq;
  environment["RETORT_URL"] = "postgresql://";
  const ProcessResult current = RunRetort({"current"}, project.root(), environment);
  CHECK(current.exit_code == 0);
  CHECK_THAT(current.out, Catch::Contains("a1a1a1a1a1a1 (head)"));

  // Without PGPASSWORD the server refuses, and says so.
  std::map<std::string, std::string> no_password = libpq;
  no_password["PGPASSWORD"] = "";
  no_password["PGPASSFILE"] = (project.root() / "no-pgpass").string();
  const ProcessResult refused = Run(project, {"--url", "postgresql://", "current"}, no_password);
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains("cannot connect to PostgreSQL at postgresql://"));
}
