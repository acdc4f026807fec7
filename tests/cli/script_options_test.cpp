// Options of the commands that write and open revision files, through the
// real retort binary: init -t and list_templates, version_locations and
// revision --version-path, file_template, the template placeholders, and
// edit.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cli_test_helpers.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Catch::Contains;
using Catch::Matches;
using Rows = std::vector<std::string>;

constexpr char kFirst[] = "a0a0a0a0a0a0";
constexpr char kSecond[] = "b1b1b1b1b1b1";

// retort.ini for `project` with `options` after script_location and url.
void WriteIniWith(const Project& project, const std::string& options) {
  WriteFile(project.ini(), "[retort]\nscript_location = migrations\nurl = " + project.url() +
                               "\n" + options);
}

}  // namespace

TEST_CASE("list_templates lists the init templates with a line each", "[cli][templates]") {
  TempDir temp;
  const ProcessResult result = RunRetort({"list_templates"}, temp.path());
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Contains("\n  yaml - YAML revisions") &&
                             Contains("\n  sql  - plain-SQL revisions") &&
                             Contains("retort init -t sql DIRECTORY"));
  CHECK(std::filesystem::is_empty(temp.path()));
}

TEST_CASE("init -t sql makes plain SQL the format of new revisions", "[cli][templates]") {
  Project project;
  std::filesystem::remove(project.ini());
  RunOk(project, {"init", "-t", "sql", "db"});
  CHECK(std::filesystem::exists(project.root() / "db" / "script.sql.tmpl"));
  CHECK_FALSE(std::filesystem::exists(project.root() / "db" / "script.yaml.tmpl"));
  const std::filesystem::path sql = GeneratedFile(project, RunOk(project, {"revision", "-m", "t"}));
  CHECK(sql.extension() == ".sql");
  // --format yaml needs the template this script directory does not have.
  const ProcessResult yaml = Retort(project, {"revision", "-m", "u", "--format", "yaml"});
  CHECK(yaml.exit_code == 1);
  CHECK_THAT(yaml.err, Contains("script.yaml.tmpl is missing"));
  // The default template is yaml, also when named.
  RunOk(project, {"init", "--template", "yaml", "db2"});
  CHECK(std::filesystem::exists(project.root() / "db2" / "script.yaml.tmpl"));
}

TEST_CASE("version_locations form one graph, and revision writes beside its parent or where "
          "--version-path says",
          "[cli][version-locations]") {
  Project project;
  WriteIniWith(project, "version_locations = migrations/versions, billing/versions\n");
  project.AddYamlRevision(kFirst, "",
                          "  - create_table: {name: a, columns: [{name: id, type: integer}]}\n");
  WriteFile(project.root() / "billing" / "versions" / (std::string(kSecond) + "_b.yaml"),
            "revision: " + std::string(kSecond) + "\ndown_revision: " + kFirst +
                "\nupgrade:\n  - create_table: {name: b, columns: [{name: id, type: integer}]}\n");
  RunOk(project, {"upgrade", "head"});
  CHECK(VersionRows(project.database()) == Rows{kSecond});
  CHECK(HasTable(project.database(), "b"));

  // On the head, which lives in billing/versions.
  const std::filesystem::path next =
      GeneratedFile(project, RunOk(project, {"revision", "-m", "next"}));
  CHECK(next.parent_path().filename() == "versions");
  CHECK(next.parent_path().parent_path().filename() == "billing");
  // A new base has no parent to go beside: --version-path says where, and
  // a configured folder that does not exist yet is created.
  WriteIniWith(project, "version_locations = migrations/versions billing/versions extra\n");
  const std::filesystem::path base = GeneratedFile(
      project, RunOk(project, {"revision", "-m", "other base", "--head", "base",
                               "--version-path", "extra/"}));
  CHECK(base.parent_path().filename() == "extra");
  CHECK(RunOk(project, {"heads"}).out.find(base.filename().string().substr(0, 12)) !=
        std::string::npos);
}

TEST_CASE("file_template names new revision files, and such files read back",
          "[cli][file-template]") {
  Project project;
  WriteIniWith(project,
               "file_template = %%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-"
               "%%(rev)s_%%(slug)s\n");
  const std::filesystem::path path = GeneratedFile(
      project, RunOk(project, {"revision", "-m", "Add Nickname!", "--rev-id", kFirst}));
  CHECK_THAT(path.filename().string(),
             Matches("20\\d\\d_\\d\\d_\\d\\d_\\d{4}-" + std::string(kFirst) +
                     "_add_nickname\\.yaml"));
  CHECK_THAT(RunOk(project, {"heads"}).out, Contains(std::string(kFirst) + " (head)"));
  // The id is told taken by the name, whatever the template.
  CHECK(Retort(project, {"revision", "-m", "again", "--rev-id", kFirst}).exit_code == 1);
  RunOk(project, {"upgrade", "head"});
  CHECK(VersionRows(project.database()) == Rows{kFirst});
}

TEST_CASE("templates fill ${up_revision} and keep ${x.key} for the revision to read",
          "[cli][templates]") {
  Project project;
  WriteFile(project.root() / "migrations" / "script.sql.tmpl",
            "-- revision: ${up_revision}\n-- down_revision: ${down_revision}\n"
            "-- message: ${message}\n-- create_date: ${create_date}\n-- migrate:up\n"
            "CREATE TABLE ${x.tenant}_log (id INTEGER);\n");
  const std::filesystem::path path = GeneratedFile(
      project, RunOk(project, {"revision", "-m", "log", "--rev-id", kFirst, "--format", "sql"}));
  CHECK_THAT(ReadFile(path), Contains("-- revision: " + std::string(kFirst) + "\n") &&
                                 Contains("CREATE TABLE ${x.tenant}_log"));
  RunOk(project, {"-x", "tenant=acme", "upgrade", "head"});
  CHECK(HasTable(project.database(), "acme_log"));
}

TEST_CASE("edit opens the files of head, heads, a prefix, a label or current in $EDITOR",
          "[cli][edit]") {
  Project project;
  project.AddYamlRevision(kFirst, "", "  - execute: SELECT 1\n", "branch_labels: [core]\n");
  project.AddYamlRevision(kSecond, "", "  - execute: SELECT 2\n");
  const std::string first = "migrations/versions/" + std::string(kFirst) + "_rev.yaml";
  const std::string second = "migrations/versions/" + std::string(kSecond) + "_rev.yaml";
  const std::map<std::string, std::string> editor = {{"EDITOR", "echo OPENED"}, {"VISUAL", ""}};
  CHECK(RunOk(project, {"edit", "a0a0"}, editor).out ==
        "OPENED " + first + "\nEdited " + first + "\n");
  CHECK_THAT(RunOk(project, {"edit", "core"}, editor).out, Contains("OPENED " + first));
  CHECK_THAT(RunOk(project, {"edit", "core@head"}, editor).out, Contains("OPENED " + first));
  CHECK_THAT(RunOk(project, {"edit", "heads"}, editor).out,
             Contains("OPENED " + first) && Contains("OPENED " + second));
  // VISUAL when EDITOR is not set.
  CHECK_THAT(RunOk(project, {"edit", kSecond}, {{"EDITOR", ""}, {"VISUAL", "echo SEEN"}}).out,
             Contains("SEEN " + second));
  RunOk(project, {"upgrade", "heads"});
  CHECK_THAT(RunOk(project, {"edit", "current"}, editor).out,
             Contains("OPENED " + first) && Contains("OPENED " + second));
}

}  // namespace retort::testing
