// Bad input to the Alembic-style options and commands (-x, init -t, edit,
// version_table, version_table_schema, version_locations, file_template):
// each says what is wrong and where, exits 1 (2 for the command line), and
// leaves the database file byte for byte as it was.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "cli_test_helpers.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Catch::Contains;

constexpr char kFirst[] = "a1b2c3d4e5f6";
constexpr char kSecond[] = "b2c3d4e5f6a1";

// A project at revision kFirst (table users), with kSecond waiting: its SQL
// reads -x tenant.
void MigrateFirstOfTwo(Project& project) {
  project.AddYamlRevision(
      kFirst, "", "  - create_table: {name: users, columns: [{name: id, type: integer}]}\n");
  RunOk(project, {"upgrade", "head"});
  project.AddRevision(std::string(kSecond) + "_tenant.sql",
                      "-- revision: " + std::string(kSecond) + "\n-- down_revision: " + kFirst +
                          "\n-- migrate:up\nCREATE TABLE t (id INTEGER);\n"
                          "INSERT INTO users VALUES (${x.tenant_id});\n");
}

void WriteIniWith(const Project& project, const std::string& options) {
  WriteFile(project.ini(), "[retort]\nscript_location = migrations\nurl = " + project.url() +
                               "\n" + options);
}

}  // namespace

TEST_CASE("a revision using an -x key that was not given stops the run before anything runs",
          "[cli][bad-input][x-arg]") {
  Project project;
  MigrateFirstOfTwo(project);
  const ProcessResult result =
      RunFailing(project, {"-x", "tenant=acme", "upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains("versions/" + std::string(kSecond) + "_tenant.sql:") &&
                             Contains("revision " + std::string(kSecond)) &&
                             Contains("${x.tenant_id} has no value: give -x tenant_id=VALUE") &&
                             Contains("given: tenant") && Contains("nothing was run"));
  CHECK_FALSE(HasTable(project.database(), "t"));
}

TEST_CASE("an x argument without '=', with a bad key or given twice is a usage error",
          "[cli][bad-input][x-arg]") {
  Project project;
  MigrateFirstOfTwo(project);
  CHECK_THAT(RunFailing(project, {"-x", "tenant_id", "upgrade", "head"}, 2).err,
             Contains("-x 'tenant_id' is not key=value"));
  CHECK_THAT(RunFailing(project, {"upgrade", "head", "-x", "tenant-id=1"}, 2).err,
             Contains("-x 'tenant-id=1' is not key=value"));
  CHECK_THAT(RunFailing(project, {"-x", "tenant_id=1", "-x", "tenant_id=2", "upgrade", "head"}, 2)
                 .err,
             Contains("-x tenant_id= is given twice"));
}

TEST_CASE("init -t with an unknown template is a usage error listing the templates",
          "[cli][bad-input][templates]") {
  Project project;
  const ProcessResult result = RunFailing(project, {"init", "-t", "python", "db"}, 2);
  CHECK_THAT(result.err, Contains("no template 'python' (known: yaml, sql"));
  CHECK_FALSE(std::filesystem::exists(project.root() / "db"));
}

TEST_CASE("edit without EDITOR or VISUAL, or with an editor that fails, is an error",
          "[cli][bad-input][edit]") {
  Project project;
  MigrateFirstOfTwo(project);
  CHECK_THAT(RunFailing(project, {"edit", "head"}, 1, {{"EDITOR", ""}, {"VISUAL", ""}}).err,
             Contains("no editor: set EDITOR (or VISUAL)"));
  CHECK_THAT(RunFailing(project, {"edit", "head"}, 1, {{"EDITOR", "false"}}).err,
             Contains("the editor 'false' exited with status 1 while editing") &&
                 Contains(std::string(kSecond) + "_tenant.sql"));
  CHECK_THAT(RunFailing(project, {"edit", "base"}, 1, {{"EDITOR", "true"}}).err,
             Contains("no revision files indicated by 'base'"));
  CHECK_THAT(RunFailing(project, {"edit", "ffff"}, 1, {{"EDITOR", "true"}}).err,
             Contains("ffff"));
}

TEST_CASE("a version_table that is not a plain SQL name is an error naming the line",
          "[cli][bad-input][version-table]") {
  Project project;
  MigrateFirstOfTwo(project);
  WriteIniWith(project, "version_table = retort version\n");
  CHECK_THAT(RunFailing(project, {"-x", "tenant_id=1", "upgrade", "head"}, 1).err,
             Contains("retort.ini:4: [retort] version_table 'retort version' is not a plain "
                      "SQL name"));
  CHECK_FALSE(HasTable(project.database(), "t"));
}

TEST_CASE("a version_table_schema an SQLite database cannot have is an error naming the option",
          "[cli][bad-input][version-table]") {
  Project project;
  MigrateFirstOfTwo(project);
  WriteIniWith(project, "version_table_schema = audit\n");
  for (const char* command : {"upgrade", "current", "ensure_version"}) {
    INFO(command);
    const std::vector<std::string> arguments =
        std::string(command) == "upgrade"
            ? std::vector<std::string>{"-x", "tenant_id=1", "upgrade", "head"}
            : std::vector<std::string>{command};
    CHECK_THAT(RunFailing(project, arguments, 1).err,
               Contains("retort.ini:4: [retort] version_table_schema 'audit' cannot apply to "
                        "this sqlite database"));
  }
  // Offline, when the script is written rather than when it is run.
  CHECK_THAT(RunFailing(project, {"-x", "tenant_id=1", "upgrade", "head", "--sql"}, 1).err,
             Contains("cannot create retort's tables in schema audit (version_table_schema"));
  CHECK_FALSE(HasTable(project.database(), "t"));
}

TEST_CASE("a file_template without %(rev)s is an error, and no file is written",
          "[cli][bad-input][file-template]") {
  Project project;
  MigrateFirstOfTwo(project);
  WriteIniWith(project, "file_template = %%(slug)s\n");
  CHECK_THAT(RunFailing(project, {"revision", "-m", "x"}, 1).err,
             Contains("retort.ini:4: [retort] file_template '%%(slug)s': it must use %(rev)s"));
  CHECK(std::distance(std::filesystem::directory_iterator(project.versions()),
                      std::filesystem::directory_iterator()) == 2);
}

TEST_CASE("revision with several version locations needs a configured --version-path",
          "[cli][bad-input][version-locations]") {
  Project project;
  MigrateFirstOfTwo(project);
  WriteIniWith(project, "version_locations = migrations/versions other\n");
  std::filesystem::create_directories(project.root() / "other");
  CHECK_THAT(RunFailing(project, {"revision", "-m", "x", "--head", "base"}, 1).err,
             Contains("several version locations") && Contains("--version-path"));
  CHECK_THAT(RunFailing(project, {"revision", "-m", "x", "--version-path", "elsewhere"}, 1).err,
             Contains("version path elsewhere is not one of the version locations"));
  CHECK_FALSE(std::filesystem::exists(project.root() / "elsewhere"));
  // A configured folder that does not exist hides nothing: it is an error.
  std::filesystem::remove(project.root() / "other");
  CHECK_THAT(RunFailing(project, {"-x", "tenant_id=1", "upgrade", "head"}, 1).err,
             Contains("version location other does not exist"));
}

}  // namespace retort::testing
