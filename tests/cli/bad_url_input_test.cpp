// Database URLs that would quietly name another database: an empty SQLite
// path (an unset variable), a NUL, a nested default whose variable is unset,
// a shell-style $VAR. Each is refused through the real binary, naming what
// and where, with the database file byte for byte as it was.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "cli_test_helpers.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Catch::Contains;

// Brings `project` to its first revision, then gives its retort.ini `url`.
void MigrateThenUse(Project& project, const std::string& url) {
  project.AddYamlRevision("a1b2c3d4e5f6", "",
                         "  - create_table: {name: users, columns: [{name: id, type: integer}]}\n");
  RunOk(project, {"upgrade", "head"});
  WriteFile(project.ini(), "[retort]\nscript_location = migrations\nurl = " + url + "\n");
}

}  // namespace

TEST_CASE("an SQLite URL with an empty path is refused, not a temporary database",
          "[cli][bad-input]") {
  Project project;
  MigrateThenUse(project, "sqlite:///${APP_DB:-}");
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"current"}, std::vector<std::string>{"upgrade", "head"}}) {
    const ProcessResult result = RunFailing(project, command, 1);
    CHECK_THAT(result.err, Contains("names no database file"));
    CHECK_THAT(result.err, Contains("sqlite:///relative.db"));
  }
  const ProcessResult flag =
      RunFailing(project, {"--url", "sqlite:///", "upgrade", "head"}, 1);
  CHECK_THAT(flag.err, Contains("names no database file"));
}

TEST_CASE("a URL with %00 is refused, naming the URL", "[cli][bad-input]") {
  Project project;
  MigrateThenUse(project, "sqlite:///app%00.db");
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains("sqlite:///app%00.db"));
  CHECK_THAT(result.err, Contains("NUL"));
  CHECK_FALSE(std::filesystem::exists(project.root() / "app"));
}

TEST_CASE("a nested default whose variable is unset is refused at its ini line",
          "[cli][bad-input]") {
  Project project;
  MigrateThenUse(project, "sqlite:///${APP_DB:-${DATA_DIR}/app.db}");
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains("retort.ini:3"));
  CHECK_THAT(result.err, Contains("${DATA_DIR}, which is not set"));

  // With the variable set, the nested default is what it names.
  const ProcessResult set = Retort(project, {"current"}, {{"DATA_DIR", project.root().string()}});
  INFO(set.err);
  CHECK(set.exit_code == 0);
  CHECK_THAT(set.out, Contains("a1b2c3d4e5f6"));
}

TEST_CASE("a shell-style $VAR in the ini is refused at its line", "[cli][bad-input]") {
  Project project;
  MigrateThenUse(project, "sqlite:///$HOME/app.db");
  const ProcessResult result = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains("retort.ini:3"));
  CHECK_THAT(result.err, Contains("'$HOME' is not expanded; write ${HOME}"));
}

}  // namespace retort::testing
