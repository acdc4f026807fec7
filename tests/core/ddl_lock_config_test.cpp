// ddl_lock_timeout and ddl_lock_retries as retort.ini and revision headers
// give them: parsed, carried into the migrator's options, and bad values
// refused naming the file and line.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <string>

#include "command_support.h"
#include "lock_retry.h"
#include "retort/config.h"
#include "retort/error.h"
#include "revision_readers.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using Catch::Contains;
using Catch::StartsWith;
using retort::Config;
using retort::ConfigError;
using retort::FileError;
using std::chrono::milliseconds;

// retort.ini with `options` after a script_location (so on line 3 and on);
// the environment is empty.
Config LoadIni(const std::string& options) {
  retort::testing::TempDir temp;
  const fs::path ini = temp / "retort.ini";
  retort::testing::WriteFile(ini, "[retort]\nscript_location = migrations\n" + options);
  return retort::LoadConfig(ini, {}, [](const std::string&) { return std::nullopt; });
}

std::string IniError(const std::string& options) {
  try {
    LoadIni(options);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

constexpr const char* kYamlHead = "revision: abc123\ndown_revision: null\n";
constexpr const char* kYamlBody = "upgrade:\n  - execute: SELECT 1\n";

}  // namespace

TEST_CASE("retort.ini: ddl_lock_timeout and ddl_lock_retries are read, and default to none",
          "[config][ddl_lock]") {
  const Config none = LoadIni("");
  CHECK_FALSE(none.ddl_lock_timeout.has_value());
  CHECK(none.ddl_lock_retries == 0);

  const Config set = LoadIni("ddl_lock_timeout = 2.5\nddl_lock_retries = 3\n");
  REQUIRE(set.ddl_lock_timeout.has_value());
  CHECK(*set.ddl_lock_timeout == milliseconds(2500));
  CHECK(set.ddl_lock_retries == 3);
  const retort::MigrateOptions options = retort::OptionsOf(set);
  CHECK(options.ddl_lock_timeout == set.ddl_lock_timeout);
  CHECK(options.ddl_lock_retries == 3);

  CHECK(*LoadIni("ddl_lock_timeout = 0.001\n").ddl_lock_timeout == milliseconds(1));
  CHECK(LoadIni("ddl_lock_retries = 50\n").ddl_lock_retries == 50);
  CHECK(LoadIni("ddl_lock_retries = 0\n").ddl_lock_retries == 0);
}

TEST_CASE("retort.ini: bad ddl_lock_timeout and ddl_lock_retries values name the line",
          "[config][ddl_lock]") {
  CHECK_THAT(IniError("ddl_lock_timeout = soon\n"),
             Contains("retort.ini:3: [retort] ddl_lock_timeout: 'soon' is not a number of "
                      "seconds (0 to 604800)"));
  CHECK_THAT(IniError("\nddl_lock_timeout = 0\n"),
             Contains("retort.ini:4: [retort] ddl_lock_timeout: '0' is less than a millisecond"));
  CHECK_THAT(IniError("ddl_lock_timeout = 700000\n"),
             Contains("retort.ini:3: [retort] ddl_lock_timeout: '700000' is not a number"));
  CHECK_THAT(IniError("ddl_lock_retries = -1\n"),
             Contains("retort.ini:3: [retort] ddl_lock_retries: '-1' is not a number of retries "
                      "(a whole number, 0 to 50)"));
  CHECK_THAT(IniError("ddl_lock_retries = 51\n"), Contains("'51' is not a number of retries"));
  CHECK_THAT(IniError("ddl_lock_retries = 2.5\n"), Contains("'2.5' is not a number of retries"));
  CHECK_THAT(IniError("ddl_lock_retries =\n"), Contains("'' is not a number of retries"));
  // Reported where it is given the second time.
  CHECK_THAT(IniError("ddl_lock_retries = 1\n\nddl_lock_retries = 2\n"),
             Contains("retort.ini:5: [retort] ddl_lock_retries is given twice, first on line 3"));
  // Lines are found as Boost reads them, comments ('#', anywhere) left out.
  CHECK_THAT(IniError("[other]\nx = 1\n[retort] # back\nddl_lock_retries = 1 # one\n"
                      "ddl_lock_retries = 2\n"),
             Contains("retort.ini:7: [retort] ddl_lock_retries is given twice, first on line 6"));
}

TEST_CASE("revision headers: ddl_lock_timeout and ddl_lock_retries, YAML and SQL",
          "[config][ddl_lock]") {
  const retort::Revision yaml = retort::ParseYamlRevision(
      "abc123.yaml",
      std::string(kYamlHead) + "ddl_lock_timeout: 0.2\nddl_lock_retries: 4\n" + kYamlBody);
  CHECK(yaml.ddl_lock_timeout == milliseconds(200));
  CHECK(yaml.ddl_lock_retries == 4);

  const retort::Revision plain =
      retort::ParseYamlRevision("abc123.yaml", std::string(kYamlHead) + kYamlBody);
  CHECK_FALSE(plain.ddl_lock_timeout.has_value());
  CHECK_FALSE(plain.ddl_lock_retries.has_value());

  const retort::Revision sql = retort::ParseSqlRevision(
      "abc123.sql",
      "-- revision: abc123\n-- ddl_lock_timeout: 1.5\n-- ddl_lock_retries: 0\n-- migrate:up\n"
      "SELECT 1;\n");
  CHECK(sql.ddl_lock_timeout == milliseconds(1500));
  CHECK(sql.ddl_lock_retries == 0);

  auto yaml_error = [](const std::string& header) {
    try {
      retort::ParseYamlRevision("abc123.yaml", std::string(kYamlHead) + header + kYamlBody);
    } catch (const FileError& error) {
      return std::string(error.what());
    }
    return std::string();
  };
  CHECK_THAT(yaml_error("ddl_lock_timeout: forever\n"),
             StartsWith("abc123.yaml:3: ddl_lock_timeout: 'forever' is not a number of seconds"));
  CHECK_THAT(yaml_error("message: x\nddl_lock_retries: 100\n"),
             StartsWith("abc123.yaml:4: ddl_lock_retries: '100' is not a number of retries"));
  CHECK_THAT(yaml_error("ddl_lock_retries: [1]\n"), StartsWith("abc123.yaml:3:"));
  CHECK_THAT(yaml_error("ddl_lock_timout: 1\n"), Contains("ddl_lock_timout"));
  try {
    retort::ParseSqlRevision("abc123.sql",
                             "-- revision: abc123\n-- message: m\n-- ddl_lock_retries: two\n"
                             "-- migrate:up\nSELECT 1;\n");
    FAIL("a bad ddl_lock_retries was accepted");
  } catch (const FileError& error) {
    CHECK_THAT(error.what(), StartsWith("abc123.sql:3: ddl_lock_retries: 'two' is not a number "
                                        "of retries"));
  }
}

TEST_CASE("a revision's lock settings override the run's; retry pauses grow, capped, with jitter",
          "[config][ddl_lock]") {
  retort::MigrateOptions options;
  options.ddl_lock_timeout = milliseconds(5000);
  options.ddl_lock_retries = 3;
  retort::Revision revision;
  CHECK(retort::DdlLockSettingsOf(revision, options).timeout == milliseconds(5000));
  CHECK(retort::DdlLockSettingsOf(revision, options).retries == 3);
  revision.ddl_lock_timeout = milliseconds(100);
  revision.ddl_lock_retries = 0;
  CHECK(retort::DdlLockSettingsOf(revision, options).timeout == milliseconds(100));
  CHECK(retort::DdlLockSettingsOf(revision, options).retries == 0);

  for (int k = 0; k < 20; ++k) {
    const long long first = retort::RetryPause(1).count();
    CHECK((first >= 400 && first <= 600));
    const long long third = retort::RetryPause(3).count();
    CHECK((third >= 1600 && third <= 2400));
    const long long late = retort::RetryPause(40).count();
    CHECK((late >= 6400 && late <= 9600));
  }
}
