// Dialects as modules: the in-tree dialects built as loadable modules work
// on their own, `retort dialects` says what is available and from where, and
// a module that is missing or built for another ABI is a clear error.
#include <catch2/catch.hpp>

#include <filesystem>

#include "cli_test_helpers.h"
#include "retort/dialect_module.h"
#include "test_support.h"

using namespace retort::testing;

namespace {

// The entry format tests/modules/wrong_abi_module.cpp declares.
const std::string kWrongAbi = std::to_string(RETORT_DIALECT_ENTRY_FORMAT + 998);

// Puts the sample history into `project`, with retort.ini pointing at its
// database.
void CopySample(Project& project) {
  std::filesystem::copy(std::filesystem::path(RETORT_SOURCE_DIR) / "migrations" / "versions",
                        project.versions(), std::filesystem::copy_options::recursive);
  WriteFile(project.ini(), "[retort]\nscript_location = migrations\nurl = " + project.url() + "\n");
}

ProcessResult ModulesOnly(const Project& project, const std::vector<std::string>& arguments,
                          std::map<std::string, std::string> environment = {}) {
  environment.emplace("RETORT_URL", "");
  return RunProgram(RETORT_MODULES_ONLY_BINARY, arguments, project.root(), environment);
}

}  // namespace

TEST_CASE("retort dialects lists the dialects with their traits and where each came from",
          "[cli][modules]") {
  Project project;
  const ProcessResult result = Retort(project, {"dialects"});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains("sqlite\n  loaded from:          built in\n"
                                         "  URL schemes:          sqlite://\n"
                                         "  transactional DDL:    yes\n"
                                         "  native ALTER COLUMN:  no\n"));
  // PostgreSQL comes from its module beside the executable, loaded on demand.
  CHECK_THAT(result.out, Catch::Contains("retort_dialect_postgresql.so\n"
                                         "  URL schemes:          postgresql://, postgres://\n"
                                         "  transactional DDL:    yes\n"
                                         "  native ALTER COLUMN:  yes\n"
                                         "  migration lock:       session-level advisory lock"));
  // The modules beside the executable make the same dialects: not loaded.
  CHECK_THAT(result.out, Catch::Contains("retort_dialect_sqlite.so: not loaded: dialect 'sqlite' "
                                         "is already registered"));
}

TEST_CASE("the in-tree dialect modules work alone, found beside the executable",
          "[cli][modules]") {
  Project project;
  CopySample(project);
  const ProcessResult listed = ModulesOnly(project, {"dialects"});
  CHECK(listed.exit_code == 0);
  CHECK_THAT(listed.out, Catch::Matches("(.|\n)*sqlite\n  loaded from:          [^\n]*"
                                        "retort_dialect_sqlite\\.so\n(.|\n)*"));
  CHECK_THAT(listed.out, Catch::Matches("(.|\n)*postgresql\n  loaded from:          [^\n]*"
                                        "retort_dialect_postgresql\\.so\n(.|\n)*"));
  // The SQLite module migrates the sample up and down, rebuilds included.
  const ProcessResult up = ModulesOnly(project, {"upgrade", "head"});
  CHECK(up.exit_code == 0);
  CHECK_THAT(up.out, Catch::Contains("Upgraded to 9b1f0c2d4e6a: 2 revisions"));
  CHECK(VersionRows(project.database()) == std::vector<std::string>{"9b1f0c2d4e6a"});
  WriteFile(project.versions() / "c3c3c3c3c3c3_rebuild.yaml",
            "revision: c3c3c3c3c3c3\ndown_revision: 9b1f0c2d4e6a\nupgrade:\n"
            "  - alter_column: {table: users, column: name, type: text, existing_type: string(100)}\n");
  const ProcessResult rebuilt = ModulesOnly(project, {"upgrade", "head", "-v"});
  CHECK(rebuilt.exit_code == 0);
  CHECK_THAT(rebuilt.out, Catch::Contains("CREATE TABLE _retort_rebuild_users"));
  const ProcessResult down = ModulesOnly(project, {"downgrade", "base"});
  CHECK(down.exit_code == 0);
  CHECK(VersionRows(project.database()).empty());
}

TEST_CASE("a URL no dialect handles lists where modules were looked for", "[cli][modules]") {
  Project project;
  CopySample(project);
  const std::string before = FileDigest(project.database());
  const ProcessResult result =
      Retort(project, {"--url", "nosuch://somewhere/db", "current"},
             {{"RETORT_DIALECT_PATH", (project.root() / "plugins").string()}});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Contains("no dialect handles URLs starting 'nosuch://'") &&
                             Catch::Contains("known: sqlite://") &&
                             Catch::Contains("postgresql://, postgres://") &&
                             Catch::Contains((project.root() / "plugins").string()) &&
                             Catch::Contains("RETORT_DIALECT_PATH, then the library's module folder, then "
                                             "the executable's folder") &&
                             Catch::Contains("retort_dialect_sqlite.so: not loaded"));
  CHECK(FileDigest(project.database()) == before);
}

TEST_CASE("a module built for another ABI version or ABI key, or not a module at all, is refused",
          "[cli][modules]") {
  Project project;
  const std::filesystem::path plugins = project.root() / "plugins";
  std::filesystem::create_directories(plugins);
  for (const char* module : {"retort_dialect_wrongabi.so", "retort_dialect_otherkey.so",
                             "retort_dialect_nocreate.so"}) {
    std::filesystem::copy_file(std::filesystem::path(RETORT_TEST_MODULES_DIR) / module,
                               plugins / module);
  }
  WriteFile(plugins / "retort_dialect_junk.so", "not a shared object");
  const std::map<std::string, std::string> environment = {
      {"RETORT_DIALECT_PATH", plugins.string()}};

  const ProcessResult listed = Retort(project, {"dialects"}, environment);
  CHECK(listed.exit_code == 0);
  CHECK_THAT(listed.out, Catch::Contains("retort_dialect_wrongabi.so: dialect module") &&
                             Catch::Contains("was built for dialect ABI version " + kWrongAbi +
                                             ", and this retort needs version " +
                                             std::to_string(RETORT_DIALECT_ENTRY_FORMAT) +
                                             "; rebuild the module") &&
                             Catch::Contains("retort_dialect_otherkey.so: dialect module") &&
                             Catch::Contains("was built against other retort headers or by "
                                             "another compiler (its ABI key: 0123abcd other "
                                             "headers; this retort's: " RETORT_DIALECT_ABI_KEY
                                             "); rebuild the module") &&
                             Catch::Contains("retort_dialect_nocreate.so: dialect module") &&
                             Catch::Contains("has no function that makes its dialect") &&
                             Catch::Contains("retort_dialect_junk.so: dialect module") &&
                             Catch::Contains("cannot be loaded"));

  const ProcessResult used = Retort(project, {"--url", "wrongabi://x/y", "current"}, environment);
  CHECK(used.exit_code == 1);
  CHECK_THAT(used.err, Catch::Contains("no dialect handles URLs starting 'wrongabi://'") &&
                           Catch::Contains("ABI version " + kWrongAbi));
}
