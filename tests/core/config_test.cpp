// Configuration: retort.ini, ${VAR} interpolation, RETORT_URL and explicit
// overrides, and the errors for unusable settings. The environment is a map
// the test controls.
#include "retort/config.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "retort/error.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using Catch::Contains;
using Catch::StartsWith;
using retort::Config;
using retort::ConfigError;
using retort::ConfigOverrides;
using retort::EnvironmentLookup;
using retort::LoadConfig;
using retort::testing::TempDir;
using retort::testing::WriteFile;
using Environment = std::map<std::string, std::string>;

EnvironmentLookup Lookup(Environment variables) {
  return [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    auto it = variables.find(name);
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
}

// An ini file in a subfolder of a temp folder.
class IniFile {
 public:
  explicit IniFile(const std::string& contents) { WriteFile(path(), contents); }
  fs::path path() const { return temp_ / "project" / "retort.ini"; }
  fs::path folder() const { return path().parent_path(); }

  Config Load(Environment environment = {}, const ConfigOverrides& overrides = {}) const {
    return LoadConfig(path(), overrides, Lookup(std::move(environment)));
  }

  // The ConfigError message of loading; fails the test when there is none.
  std::string Error(Environment environment = {}, const ConfigOverrides& overrides = {}) const {
    try {
      Load(std::move(environment), overrides);
    } catch (const ConfigError& error) {
      return error.what();
    }
    FAIL_CHECK("no ConfigError");
    return {};
  }

 private:
  TempDir temp_;
};

TEST_CASE("LoadConfig reads every [retort] option", "[config]") {
  const IniFile ini(
      "# comment\n"
      "[retort]\n"
      "script_location = migrations\n"
      "url = sqlite:///app.db\n"
      "transaction_per_revision = false\n"
      "lock_timeout = 2.5\n");
  const Config config = ini.Load();
  CHECK(config.config_file == ini.path());
  CHECK(config.script_location == ini.folder() / "migrations");
  CHECK(config.url == "sqlite:///app.db");
  CHECK_THAT(config.url_origin, StartsWith(ini.path().string()));
  CHECK_FALSE(config.transaction_per_revision);
  CHECK(config.lock_timeout == std::chrono::milliseconds(2500));
}

TEST_CASE("the retort.ini of the file-format reference loads as documented", "[config]") {
  // The example is read from the reference itself, so the two cannot drift.
  const std::string reference =
      retort::testing::ReadFile(std::filesystem::path(RETORT_SOURCE_DIR) / "docs" / "file-format.md");
  const auto start = reference.find("```ini\n");
  REQUIRE(start != std::string::npos);
  const auto end = reference.find("```", start + 7);
  const IniFile ini(reference.substr(start + 7, end - start - 7));
  const Config config = ini.Load();
  CHECK(config.script_location == ini.folder() / "migrations");
  CHECK(config.url == "sqlite:///app.db");
  CHECK(config.transaction_per_revision);
  CHECK(config.lock_timeout == std::chrono::seconds(60));
}

TEST_CASE("'#' after a value starts a comment", "[config]") {
  const IniFile ini(
      "[retort]\n"
      "script_location = migrations   # the folder\n"
      "url = sqlite:///app.db # the database\n");
  const Config config = ini.Load();
  CHECK(config.script_location == ini.folder() / "migrations");
  CHECK(config.url == "sqlite:///app.db");
}

TEST_CASE("defaults apply to options the file leaves out", "[config]") {
  const IniFile ini("[retort]\nscript_location = .\n");
  const Config config = ini.Load();
  CHECK(config.script_location == ini.folder());
  CHECK(config.url.empty());
  CHECK(config.transaction_per_revision);
  CHECK(config.lock_timeout == std::chrono::seconds(60));
}

TEST_CASE("script_location is relative to the ini file's folder", "[config]") {
  CHECK(IniFile("[retort]\nscript_location = db/migrations\n").Load().script_location.filename() ==
        "migrations");
  const IniFile nested("[retort]\nscript_location = ../shared/migrations\n");
  CHECK(nested.Load().script_location == (nested.folder().parent_path() / "shared" / "migrations"));
  const IniFile absolute("[retort]\nscript_location = /srv/app/migrations\n");
  CHECK(absolute.Load().script_location == fs::path("/srv/app/migrations"));
}

TEST_CASE("url interpolates ${VAR}, ${VAR:-default} and $$", "[config]") {
  const IniFile ini(
      "[retort]\n"
      "script_location = .\n"
      "url = postgresql://${DB_USER}@${DB_HOST:-localhost}:${DB_PORT:-5432}/app?x=$$1&y=$$z\n");
  const Config config = ini.Load({{"DB_USER", "bob"}, {"DB_PORT", "6543"}});
  CHECK(config.url == "postgresql://bob@localhost:6543/app?x=$1&y=$z");
}

TEST_CASE("${here} is the ini file's folder unless the environment sets it", "[config]") {
  const IniFile ini(
      "[retort]\nscript_location = ${here}/migrations\nurl = sqlite:///${here}/app.db\n");
  const Config config = ini.Load();
  const std::string here = fs::absolute(ini.folder()).string();
  CHECK(config.url == "sqlite:///" + here + "/app.db");
  CHECK(config.script_location == fs::path(here) / "migrations");
  CHECK(ini.Load({{"here", "/elsewhere"}}).url == "sqlite:////elsewhere/app.db");
}

TEST_CASE("an unset variable without a default names the file, option and variable", "[config]") {
  const IniFile ini("[retort]\nscript_location = .\nurl = sqlite:///${APP_DB}\n");
  const std::string message = ini.Error();
  CHECK_THAT(message, Contains(ini.path().string()));
  CHECK_THAT(message, Contains("[retort] url"));
  CHECK_THAT(message, Contains("${APP_DB}"));
  CHECK_THAT(message, Contains("${APP_DB:-value}"));
  CHECK(ini.Load({{"APP_DB", "x.db"}}).url == "sqlite:///x.db");
}

TEST_CASE("a variable set to the empty string takes the :- default, as in the shell", "[config]") {
  const IniFile ini("[retort]\nscript_location = .\nurl = sqlite:///${APP_DB:-app.db}\n");
  CHECK(ini.Load({{"APP_DB", ""}}).url == "sqlite:///app.db");
}

TEST_CASE("Interpolate rejects an unclosed or empty ${}", "[config]") {
  const EnvironmentLookup empty = Lookup({});
  CHECK_THROWS_WITH(retort::Interpolate("a${B", empty, "/here", "f.ini: [retort] url"),
                    Contains("f.ini: [retort] url") && Contains("without a closing '}'"));
  CHECK_THROWS_WITH(retort::Interpolate("a${}", empty, "/here", "where"),
                    Contains("names no variable"));
  CHECK(retort::Interpolate("${X:-}", empty, "/here", "where").empty());
  CHECK(retort::Interpolate("$", empty, "/here", "where") == "$");
  CHECK(retort::Interpolate("${X:-a:-b}", empty, "/here", "where") == "a:-b");
}

TEST_CASE("a :- default may use variables itself, and an unset one there is an error",
          "[config]") {
  CHECK(retort::Interpolate("${A:-${B}/x.db}", Lookup({{"B", "/data"}}), "/here", "w") ==
        "/data/x.db");
  CHECK(retort::Interpolate("${A:-${B:-${C}}}!", Lookup({{"C", "c"}}), "/here", "w") == "c!");
  CHECK(retort::Interpolate("${A:-${B}}", Lookup({{"A", "a"}}), "/here", "w") == "a");
  CHECK_THROWS_WITH(retort::Interpolate("sqlite:///${A:-${B}}", Lookup({}), "/here", "f.ini:3"),
                    Contains("f.ini:3") && Contains("${B}, which is not set"));
  CHECK_THROWS_WITH(retort::Interpolate("${A:-${B}", Lookup({}), "/here", "w"),
                    Contains("without a closing '}'"));
}

TEST_CASE("a shell-style $NAME is an error naming where, not a literal", "[config]") {
  CHECK_THROWS_WITH(retort::Interpolate("sqlite:///$HOME/app.db", Lookup({{"HOME", "/h"}}),
                                        "/here", "retort.ini:3: [retort] url"),
                    Contains("retort.ini:3: [retort] url") && Contains("'$HOME'") &&
                        Contains("${HOME}"));
  CHECK(retort::Interpolate("pa$$word $1 $", Lookup({}), "/here", "w") == "pa$word $1 $");
}

TEST_CASE("RETORT_URL overrides the file's url", "[config]") {
  const IniFile ini("[retort]\nscript_location = .\nurl = sqlite:///file.db\n");
  const Config config = ini.Load({{"RETORT_URL", "sqlite:///env.db"}});
  CHECK(config.url == "sqlite:///env.db");
  CHECK(config.url_origin == "RETORT_URL");
}

TEST_CASE("an empty RETORT_URL is ignored", "[config]") {
  const IniFile ini("[retort]\nscript_location = .\nurl = sqlite:///file.db\n");
  const Config config = ini.Load({{"RETORT_URL", ""}});
  CHECK(config.url == "sqlite:///file.db");
  CHECK_THAT(config.url_origin, StartsWith(ini.path().string()));
}

TEST_CASE("an explicit url override beats RETORT_URL and the file", "[config]") {
  const IniFile ini("[retort]\nscript_location = .\nurl = sqlite:///file.db\n");
  ConfigOverrides overrides;
  overrides.url = "sqlite:///flag.db";
  const Config config = ini.Load({{"RETORT_URL", "sqlite:///env.db"}}, overrides);
  CHECK(config.url == "sqlite:///flag.db");
  CHECK(config.url_origin == "--url");
}

TEST_CASE("an explicit script_location override beats the file", "[config]") {
  const IniFile ini("[retort]\nscript_location = migrations\n");
  ConfigOverrides overrides;
  overrides.script_location = "/other/place";
  CHECK(ini.Load({}, overrides).script_location == fs::path("/other/place"));
}

TEST_CASE("the url from RETORT_URL or an override is taken as is", "[config]") {
  // Interpolation is for the file; the environment already holds final text.
  const IniFile ini("[retort]\nscript_location = .\n");
  CHECK(ini.Load({{"RETORT_URL", "sqlite:///${X}.db"}}).url == "sqlite:///${X}.db");
}

TEST_CASE("an unknown option in [retort] is rejected, listing the known ones", "[config]") {
  const IniFile ini("[retort]\nscript_location = .\nscript_locaton = x\n");
  const std::string message = ini.Error();
  CHECK_THAT(message, Contains(ini.path().string()));
  CHECK_THAT(message, Contains("unknown option 'script_locaton'"));
  CHECK_THAT(message, Contains("script_location, url, transaction_per_revision, lock_timeout"));
}

TEST_CASE("an option given twice in [retort] is rejected", "[config]") {
  // Taking either value silently hides an edit that did not take effect.
  const IniFile ini(
      "[retort]\n"
      "script_location = .\n"
      "url = sqlite:///first.db\n"
      "url = sqlite:///second.db\n");
  CHECK_THAT(ini.Error(), Contains("url"));
}

TEST_CASE("other sections and options outside [retort] are ignored", "[config]") {
  const IniFile ini(
      "top = level\n"
      "[logging]\n"
      "level = debug\n"
      "url = ${UNSET_VARIABLE}\n"
      "[retort]\n"
      "script_location = .\n"
      "url = sqlite:///app.db\n"
      "[alembic]\n"
      "script_location = elsewhere\n");
  const Config config = ini.Load();
  CHECK(config.url == "sqlite:///app.db");
  CHECK(config.script_location == ini.folder());
}

TEST_CASE("transaction_per_revision accepts the usual boolean spellings", "[config]") {
  for (const char* value : {"true", "Yes", "on", "1"}) {
    INFO(value);
    CHECK(IniFile(std::string("[retort]\nscript_location = .\ntransaction_per_revision = ") +
                  value + "\n")
              .Load()
              .transaction_per_revision);
  }
  for (const char* value : {"false", "NO", "off", "0"}) {
    INFO(value);
    CHECK_FALSE(IniFile(std::string("[retort]\nscript_location = .\ntransaction_per_revision = ") +
                        value + "\n")
                    .Load()
                    .transaction_per_revision);
  }
}

TEST_CASE("a transaction_per_revision that is not a boolean is rejected", "[config]") {
  const IniFile ini("[retort]\nscript_location = .\ntransaction_per_revision = maybe\n");
  const std::string message = ini.Error();
  CHECK_THAT(message, Contains(ini.path().string()));
  CHECK_THAT(message, Contains("transaction_per_revision"));
  CHECK_THAT(message, Contains("'maybe' is not true or false"));
}

TEST_CASE("lock_timeout takes a non-negative number of seconds", "[config]") {
  CHECK(IniFile("[retort]\nscript_location = .\nlock_timeout = 0\n").Load().lock_timeout ==
        std::chrono::milliseconds(0));
  CHECK(IniFile("[retort]\nscript_location = .\nlock_timeout = 10\n").Load().lock_timeout ==
        std::chrono::seconds(10));
  for (const char* value : {"abc", "-1", "10s", "1 2"}) {
    INFO(value);
    const IniFile ini(std::string("[retort]\nscript_location = .\nlock_timeout = ") + value + "\n");
    const std::string message = ini.Error();
    CHECK_THAT(message, Contains("lock_timeout"));
    CHECK_THAT(message, Contains("is not a number of seconds"));
  }
}

TEST_CASE("a lock_timeout too large to hold is rejected", "[config]") {
  for (const char* value : {"inf", "1e300"}) {
    INFO(value);
    const IniFile ini(std::string("[retort]\nscript_location = .\nlock_timeout = ") + value + "\n");
    CHECK_THROWS_AS(ini.Load(), ConfigError);
  }
}

TEST_CASE("a missing ini file is an error unless overrides give everything", "[config]") {
  TempDir temp;
  const fs::path missing = temp / "retort.ini";
  try {
    LoadConfig(missing, {}, Lookup({}));
    FAIL("no ConfigError");
  } catch (const ConfigError& error) {
    CHECK_THAT(error.what(), Contains(missing.string()));
    CHECK_THAT(error.what(), Contains("does not exist"));
  }
  ConfigOverrides url_only;
  url_only.url = "sqlite:///x.db";
  CHECK_THROWS_AS(LoadConfig(missing, url_only, Lookup({})), ConfigError);

  ConfigOverrides both;
  both.url = "sqlite:///x.db";
  both.script_location = temp / "migrations";
  const Config config = LoadConfig(missing, both, Lookup({}));
  CHECK(config.config_file.empty());
  CHECK(config.url == "sqlite:///x.db");
  CHECK(config.script_location == temp / "migrations");
}

TEST_CASE("an ini file without script_location is an error", "[config]") {
  const IniFile ini("[retort]\nurl = sqlite:///app.db\n");
  CHECK_THAT(ini.Error(), Contains("script_location is not set"));
}

TEST_CASE("an ini file that is not ini is an error naming the file", "[config]") {
  const IniFile ini("[retort]\nthis line has no equals sign\n");
  CHECK_THAT(ini.Error(), Contains(ini.path().string()));
}

}  // namespace
