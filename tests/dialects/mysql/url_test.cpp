// mysql:// and mariadb:// URLs become SOCI's mysql connection string; the
// password never shows in what is printed. Pure: no server.
#include <catch2/catch.hpp>

#include "mysql_url.h"
#include "retort/error.h"

using retort::ParseDatabaseUrl;
using retort::ScrubSecret;
using retort::mysql::SettingsFrom;

TEST_CASE("a MySQL URL becomes SOCI's connection string with the password redacted",
          "[mysql][url]") {
  const auto settings = SettingsFrom(ParseDatabaseUrl("mysql://app:s3cr%40t@db.example:3307/shop"));
  CHECK(settings.connect_string ==
        "db='shop' host='db.example' port='3307' user='app' password='s3cr@t' charset='utf8mb4'");
  CHECK(settings.shown == "mysql://app:***@db.example:3307/shop");
  CHECK(settings.database == "shop");
  CHECK(settings.password == "s3cr@t");
  // mariadb:// is the same dialect; a charset given is kept.
  CHECK(SettingsFrom(ParseDatabaseUrl("mariadb://u@h/d?charset=latin1")).connect_string ==
        "db='d' host='h' user='u' charset='latin1'");
  CHECK(ScrubSecret("access denied for s3cr@t", "s3cr@t") == "access denied for ***");
}

TEST_CASE("a MySQL URL without a database or with an unknown parameter is refused",
          "[mysql][url]") {
  CHECK_THROWS_WITH(SettingsFrom(ParseDatabaseUrl("mysql://u:pw123@h")),
                    Catch::Contains("names no database") && !Catch::Contains("pw123"));
  CHECK_THROWS_WITH(SettingsFrom(ParseDatabaseUrl("mysql://u:pw123@h/d?sslmode=require")),
                    Catch::Contains("unknown parameter 'sslmode'") &&
                        Catch::Contains("unix_socket") && !Catch::Contains("pw123"));
  CHECK_THROWS_WITH(SettingsFrom(ParseDatabaseUrl("mysql://u:pw123@h/d?password=other")),
                    Catch::Contains("a password twice") && !Catch::Contains("pw123"));
}

TEST_CASE("quotes and backslashes in a MySQL URL are escaped for SOCI", "[mysql][url]") {
  // SOCI's parser reads a backslash in a quoted value as escaping the next
  // character.
  CHECK(SettingsFrom(ParseDatabaseUrl("mysql://u:it%27s%5Cok@h/d")).connect_string ==
        "db='d' host='h' user='u' password='it\\'s\\\\ok' charset='utf8mb4'");
}
