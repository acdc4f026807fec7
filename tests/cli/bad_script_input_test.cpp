// A script directory that does not say what it seems to: a merge naming a
// parent twice, a down_revision that is no revision (shown at its line),
// revision names that are a folder or a broken symbolic link, and -c naming
// a folder. Each is refused through the real binary, naming what and where,
// with the database file byte for byte as it was.
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

void MigrateFirst(Project& project) {
  project.AddYamlRevision(kFirst, "",
                         "  - create_table: {name: users, columns: [{name: id, type: integer}]}\n");
  RunOk(project, {"upgrade", "head"});
}

}  // namespace

TEST_CASE("a merge that names one parent twice is refused at its down_revision line",
          "[cli][bad-input]") {
  Project project;
  MigrateFirst(project);
  project.AddRevision(std::string(kSecond) + "_merge.yaml",
                      "revision: " + std::string(kSecond) + "\nmessage: merge\ndown_revision: [" +
                          kFirst + ", " + kFirst + "]\nupgrade: []\n");
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"heads"}, std::vector<std::string>{"upgrade", "head"}}) {
    const ProcessResult result = RunFailing(project, command, 1);
    CHECK_THAT(result.err, Contains("versions/" + std::string(kSecond) + "_merge.yaml:3"));
    CHECK_THAT(result.err, Contains("lists down_revision '" + std::string(kFirst) + "' twice"));
  }
}

TEST_CASE("a down_revision that is no revision is shown at its line, in YAML and SQL",
          "[cli][bad-input]") {
  Project project;
  MigrateFirst(project);
  project.AddRevision(std::string(kSecond) + "_next.yaml",
                      "revision: " + std::string(kSecond) + "\ndown_revision: 12345\nupgrade: []\n");
  const ProcessResult yaml = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(yaml.err, Contains("versions/" + std::string(kSecond) + "_next.yaml:2"));
  CHECK_THAT(yaml.err, Contains("down_revision '12345'"));

  std::filesystem::remove(project.versions() / (std::string(kSecond) + "_next.yaml"));
  project.AddRevision(std::string(kSecond) + "_next.sql",
                      "-- revision: " + std::string(kSecond) +
                          "\n-- message: next\n-- depends_on: nothing_here\n-- down_revision: " +
                          kFirst + "\n-- migrate:up\nSELECT 1;\n");
  const ProcessResult sql = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(sql.err, Contains("versions/" + std::string(kSecond) + "_next.sql:3"));
  CHECK_THAT(sql.err, Contains("depends_on 'nothing_here'"));
}

TEST_CASE("a revision name that is a folder or a broken symbolic link is refused, not skipped",
          "[cli][bad-input]") {
  Project project;
  MigrateFirst(project);
  const std::filesystem::path folder = project.versions() / "c3d4e5f6a1b2_folder.yaml";
  std::filesystem::create_directory(folder);
  CHECK_THAT(RunFailing(project, {"upgrade", "head"}, 1).err,
             Contains(folder.filename().string() + ": a revision file name, but a folder"));
  std::filesystem::remove(folder);

  const std::filesystem::path dangling = project.versions() / "d4e5f6a1b2c3_gone.yaml";
  std::filesystem::create_symlink("nowhere.yaml", dangling);
  CHECK_THAT(RunFailing(project, {"heads"}, 1).err,
             Contains(dangling.filename().string() + ": a revision file name, but a symbolic "
                                                     "link to nothing"));
  std::filesystem::remove(dangling);

  const std::filesystem::path loop = project.versions() / "e5f6a1b2c3d4_loop.yaml";
  std::filesystem::create_symlink("e5f6a1b2c3d4_loop.yaml", loop);
  CHECK_THAT(RunFailing(project, {"upgrade", "head"}, 1).err,
             Contains(loop.filename().string() + ": a revision file name, but a loop"));
  std::filesystem::remove(loop);
  RunOk(project, {"heads"});
}

TEST_CASE("the -c option naming a folder says to name the file in it", "[cli][bad-input]") {
  Project project;
  MigrateFirst(project);
  const ProcessResult result =
      RunFailing(project, {"-c", project.root().string(), "upgrade", "head"}, 1);
  CHECK_THAT(result.err, Contains("is a folder, not a configuration file"));
  CHECK_THAT(result.err, Contains("retort.ini"));
}

}  // namespace retort::testing
