// Database URLs: parsing what users write, and never showing a password in a
// message or in the redacted form.
#include "retort/url.h"

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "retort/error.h"

namespace {

using Catch::Contains;
using retort::ConfigError;
using retort::DatabaseUrl;
using retort::ParseDatabaseUrl;
using Query = std::vector<std::pair<std::string, std::string>>;

// The ConfigError message of parsing `text`; fails the test when there is none.
std::string UrlError(const std::string& text) {
  try {
    ParseDatabaseUrl(text);
  } catch (const ConfigError& error) {
    return error.what();
  }
  FAIL_CHECK("ParseDatabaseUrl(\"" << text << "\") did not throw");
  return {};
}

TEST_CASE("sqlite:///name is a path relative to the working directory", "[url]") {
  const DatabaseUrl url = ParseDatabaseUrl("sqlite:///relative.db");
  CHECK(url.scheme == "sqlite");
  CHECK(url.host.empty());
  CHECK(url.user.empty());
  CHECK(url.password.empty());
  CHECK_FALSE(url.port);
  CHECK(url.database == "relative.db");
  CHECK(url.query.empty());
  CHECK(url.Redacted() == "sqlite:///relative.db");

  CHECK(ParseDatabaseUrl("sqlite:///data/app.db").database == "data/app.db");
}

TEST_CASE("sqlite://// starts an absolute path", "[url]") {
  const DatabaseUrl url = ParseDatabaseUrl("sqlite:////abs/path.db");
  CHECK(url.host.empty());
  CHECK(url.database == "/abs/path.db");
  CHECK(url.Redacted() == "sqlite:////abs/path.db");
}

TEST_CASE("sqlite://:memory: names the in-memory database", "[url]") {
  const DatabaseUrl url = ParseDatabaseUrl("sqlite://:memory:");
  CHECK(url.scheme == "sqlite");
  CHECK(url.host.empty());
  CHECK(url.database == ":memory:");
  CHECK_FALSE(url.port);
  CHECK(ParseDatabaseUrl(url.Redacted()).database == ":memory:");
}

TEST_CASE("a PostgreSQL URL is split into its parts and percent-decoded", "[url]") {
  const DatabaseUrl url = ParseDatabaseUrl(
      "postgresql://user:pa%40ss@host:5432/db?sslmode=require&application_name=my%20app");
  CHECK(url.scheme == "postgresql");
  CHECK(url.user == "user");
  CHECK(url.password == "pa@ss");
  CHECK(url.host == "host");
  CHECK(url.port == 5432);
  CHECK(url.database == "db");
  CHECK(url.query == Query{{"sslmode", "require"}, {"application_name", "my app"}});
  CHECK(url.QueryValue("sslmode") == "require");
  CHECK(url.QueryValue("application_name") == "my app");
  CHECK_FALSE(url.QueryValue("missing"));
}

TEST_CASE("a URL without credentials or port has none", "[url]") {
  const DatabaseUrl url = ParseDatabaseUrl("postgres://host/db");
  CHECK(url.scheme == "postgres");
  CHECK(url.user.empty());
  CHECK(url.password.empty());
  CHECK(url.host == "host");
  CHECK_FALSE(url.port);
  CHECK(url.database == "db");
  CHECK(url.Redacted() == "postgres://host/db");

  const DatabaseUrl user_only = ParseDatabaseUrl("postgresql://bob@host/db");
  CHECK(user_only.user == "bob");
  CHECK(user_only.password.empty());
  CHECK(user_only.Redacted() == "postgresql://bob@host/db");
}

TEST_CASE("a bracketed IPv6 host keeps its colons, and may have a port", "[url]") {
  const DatabaseUrl url = ParseDatabaseUrl("postgresql://user@[::1]:5432/db");
  CHECK(url.host == "[::1]");
  CHECK(url.port == 5432);
  CHECK(url.database == "db");
  CHECK(url.Redacted() == "postgresql://user@[::1]:5432/db");

  const DatabaseUrl no_port = ParseDatabaseUrl("postgresql://[fe80::1:2]/db");
  CHECK(no_port.host == "[fe80::1:2]");
  CHECK_FALSE(no_port.port);
}

TEST_CASE("Redacted() shows everything but the password", "[url]") {
  const DatabaseUrl url =
      ParseDatabaseUrl("postgresql://us%20er:s3cret@host:5432/db?sslmode=require");
  const std::string redacted = url.Redacted();
  CHECK(redacted == "postgresql://us%20er:***@host:5432/db?sslmode=require");
  CHECK_THAT(redacted, !Contains("s3cret"));
}

TEST_CASE("a URL without scheme:// is rejected", "[url]") {
  CHECK_THAT(UrlError("localhost/db"), Contains("expected scheme://"));
  CHECK_THAT(UrlError("://host/db"), Contains("expected scheme://"));
  CHECK_THAT(UrlError("sqlite:app.db"), Contains("bad database URL 'sqlite:app.db'"));
  CHECK_THAT(UrlError("post gres://host/db"), Contains("has characters a scheme cannot have"));
  CHECK_THAT(UrlError(""), Contains("no database URL"));
}

TEST_CASE("a port that is not a number from 1 to 65535 is rejected", "[url]") {
  for (const char* text :
       {"postgresql://host:abc/db", "postgresql://host:0/db", "postgresql://host:70000/db",
        "postgresql://host:-1/db", "postgresql://[::1]:x/db", "postgresql://host:54a/db"}) {
    INFO(text);
    CHECK_THAT(UrlError(text), Contains("is not a number from 1 to 65535"));
  }
}

TEST_CASE("a '%' without two hex digits is rejected", "[url]") {
  for (const char* text :
       {"postgresql://host/d%zzb", "postgresql://host/db%4", "postgresql://host/db%",
        "postgresql://us%g0r@host/db", "postgresql://host/db?a=%x1"}) {
    INFO(text);
    CHECK_THAT(UrlError(text), Contains("'%' must be followed by two hex digits"));
  }
}

TEST_CASE("%00 is rejected wherever it is: a NUL would cut the name short", "[url]") {
  for (const char* text : {"sqlite:///app%00.db", "postgresql://host/db%00x",
                           "postgresql://us%00er:pw@host/db", "postgresql://host/db?a=b%00"}) {
    INFO(text);
    CHECK_THAT(UrlError(text), Contains("NUL"));
  }
}

TEST_CASE("other malformed URLs are rejected", "[url]") {
  CHECK_THAT(UrlError("postgresql://host/db?novalue"), Contains("is not key=value"));
  CHECK_THAT(UrlError("postgresql://[::1/db"), Contains("'[' without ']'"));
  CHECK_THAT(UrlError("postgresql://[::1]x/db"), Contains("after ']'"));
}

TEST_CASE("a parse error never shows the password", "[url]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"postgresql://bob:s3cret@host:99999/db", "s3cret"},
      {"postgresql://bob:s3cret@host:port/db", "s3cret"},
      {"postgresql://bob:s3cret@host/db%zz", "s3cret"},
      {"postgresql://bob:s3cret@host/db?novalue", "s3cret"},
      {"postgresql://bob:s3cret@[::1/db", "s3cret"},
      {"postgresql://bob:s3%zzcret@host/db", "cret"},
      {"postgresql://bob:s3cret@host:5432@other/db%zz", "s3cret"},
  };
  for (const auto& [text, secret] : cases) {
    INFO(text);
    const std::string message = UrlError(text);
    CHECK_THAT(message, !Contains(secret));
    CHECK_THAT(message, Contains("bad database URL"));
  }
}

TEST_CASE("a parse error never shows a password that holds '@', '/' or '?'", "[url]") {
  // Users paste passwords without percent-encoding them.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"postgresql://bob:top@secret@host:bad/db", "secret"},
      {"postgresql://bob:top/secret@host:bad/db", "secret"},
      {"postgresql://bob:top?secret@host/db", "secret"},
  };
  for (const auto& [text, secret] : cases) {
    INFO(text);
    try {
      ParseDatabaseUrl(text);
    } catch (const ConfigError& error) {
      CHECK_THAT(error.what(), !Contains(secret));
    }
  }
}

TEST_CASE("Redacted() never shows a password given as a query parameter", "[url]") {
  // libpq accepts ?password=...; it is as secret as the one before '@'.
  const DatabaseUrl url =
      ParseDatabaseUrl("postgresql://bob@host/db?password=s3cret&sslmode=require");
  CHECK(url.QueryValue("password") == "s3cret");
  const std::string redacted = url.Redacted();
  CHECK_THAT(redacted, !Contains("s3cret"));
  CHECK_THAT(redacted, Contains("sslmode=require"));
}

TEST_CASE("a password with reserved characters is decoded and redacted", "[url]") {
  const DatabaseUrl url = ParseDatabaseUrl("postgresql://bob:p%2Fw%3Fd%23%3A@host/db");
  CHECK(url.password == "p/w?d#:");
  CHECK(url.host == "host");
  CHECK_THAT(url.Redacted(), !Contains("p/w") && !Contains("%2F"));
}

}  // namespace
