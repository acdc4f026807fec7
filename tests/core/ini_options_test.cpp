// The retort.ini options Alembic users bring: version_table,
// version_table_schema, version_locations and file_template; and -x
// arguments as the command line passes them.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "retort/config.h"
#include "retort/error.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using Catch::Contains;
using retort::Config;
using retort::ConfigError;
using retort::testing::TempDir;
using retort::testing::WriteFile;

// Loads a retort.ini whose [retort] section is `options` after a
// script_location; the environment is empty.
class Ini {
 public:
  explicit Ini(const std::string& options) {
    WriteFile(path(), "[retort]\nscript_location = migrations\n" + options);
  }
  fs::path path() const { return temp_ / "project" / "retort.ini"; }
  fs::path folder() const { return path().parent_path(); }

  Config Load() const {
    return retort::LoadConfig(path(), {}, [](const std::string&) { return std::nullopt; });
  }

 private:
  TempDir temp_;
};

}  // namespace

TEST_CASE("retort's tables keep their names by default", "[config][ini_options]") {
  const Config config = Ini("").Load();
  CHECK(config.tables.schema.empty());
  CHECK(config.tables.version == "retort_version");
  CHECK(config.tables.history == "retort_history");
  CHECK(config.tables.incomplete == "retort_incomplete");
  CHECK(config.version_locations.empty());
  CHECK(config.file_template.empty());
}

TEST_CASE("version_table names the history and incomplete tables after it",
          "[config][ini_options]") {
  const Config app = Ini("version_table = billing_version\nversion_table_schema = ops\n").Load();
  CHECK(app.tables.version == "billing_version");
  CHECK(app.tables.history == "billing_history");
  CHECK(app.tables.incomplete == "billing_incomplete");
  CHECK(app.tables.schema == "ops");
  CHECK_THAT(app.tables_origin, Contains("retort.ini:4"));

  const Config other = Ini("version_table = migrations\n").Load();
  CHECK(other.tables.history == "migrations_history");
  CHECK(other.tables.incomplete == "migrations_incomplete");
}

TEST_CASE("a version_table or schema that is not a plain SQL name is an error naming the line",
          "[config][ini_options]") {
  CHECK_THROWS_AS(Ini("version_table = app-version\n").Load(), ConfigError);
  CHECK_THROWS_WITH(
      Ini("version_table = app-version\n").Load(),
      Contains("retort.ini:3: [retort] version_table 'app-version' is not a plain SQL "
               "name"));
  CHECK_THROWS_WITH(Ini("version_table = 1st\n").Load(), Contains("not starting with a digit"));
  CHECK_THROWS_WITH(Ini("version_table =\n").Load(), Contains("version_table is empty"));
  CHECK_THROWS_WITH(Ini("url = sqlite://\nversion_table_schema = my schema\n").Load(),
                    Contains("retort.ini:4: [retort] version_table_schema 'my schema'"));
  CHECK_THROWS_WITH(Ini("version_table = " + std::string(54, 'v') + "\n").Load(),
                    Contains("_incomplete', longer than the 63 characters PostgreSQL keeps"));
}

TEST_CASE("version_locations splits on spaces and commas, relative to the ini file",
          "[config][ini_options]") {
  const Ini ini("version_locations = migrations/versions, plugins/billing/versions  ${here}/x/\n");
  const Config config = ini.Load();
  CHECK(config.version_locations ==
        std::vector<fs::path>{ini.folder() / "migrations" / "versions",
                              ini.folder() / "plugins" / "billing" / "versions",
                              fs::absolute(ini.folder()) / "x"});
  CHECK_THROWS_WITH(
      Ini("version_locations = a b ./a\n").Load(),
      Contains("retort.ini:3: [retort] version_locations names") && Contains("twice"));
  CHECK_THROWS_WITH(Ini("version_locations = , \n").Load(), Contains("version_locations is empty"));
}

TEST_CASE("file_template reads as in an alembic.ini, %% for each %", "[config][ini_options]") {
  CHECK(Ini("file_template = %%(year)d_%%(month).2d-%%(rev)s_%%(slug)s\n").Load().file_template ==
        "%(year)d_%(month).2d-%(rev)s_%(slug)s");
  // As Alembic's documentation writes it, single: taken as written.
  CHECK(Ini("file_template = %(rev)s_%(slug)s\n").Load().file_template == "%(rev)s_%(slug)s");
  CHECK_THROWS_WITH(
      Ini("file_template = %%(year)d_%%(slug)s\n").Load(),
      Contains("retort.ini:3: [retort] file_template '%%(year)d_%%(slug)s': it must use "
               "%(rev)s"));
  CHECK_THROWS_WITH(Ini("file_template = %%(rev)s_%%(sluggish)s\n").Load(),
                    Contains("unknown field %(sluggish)"));
}

TEST_CASE("ParseXArgument splits key=value and refuses anything else", "[config][ini_options]") {
  using retort::ParseXArgument;
  CHECK(ParseXArgument("tenant=acme") == std::pair<std::string, std::string>{"tenant", "acme"});
  CHECK(ParseXArgument("filter=a=b") == std::pair<std::string, std::string>{"filter", "a=b"});
  CHECK(ParseXArgument("empty=") == std::pair<std::string, std::string>{"empty", ""});
  for (const char* bad : {"tenant", "=acme", "ten-ant=acme", "1st=x", ""}) {
    INFO(bad);
    CHECK_THROWS_AS(ParseXArgument(bad), ConfigError);
    CHECK_THROWS_WITH(ParseXArgument(bad), Contains("is not key=value"));
  }
}

TEST_CASE("on_checksum_mismatch is error by default, warn when asked, and nothing else",
          "[config][ini_options]") {
  CHECK(Ini("").Load().on_checksum_mismatch == retort::ChecksumMismatch::kError);
  CHECK(Ini("on_checksum_mismatch = warn\n").Load().on_checksum_mismatch ==
        retort::ChecksumMismatch::kWarn);
  CHECK(Ini("on_checksum_mismatch = error\n").Load().on_checksum_mismatch ==
        retort::ChecksumMismatch::kError);
  const Ini bad("url = sqlite:///x.db\non_checksum_mismatch = ignore\n");
  CHECK_THROWS_WITH(bad.Load(),
                    Contains("retort.ini:4: [retort] on_checksum_mismatch") &&
                        Contains("'ignore' is not error or warn"));
}
