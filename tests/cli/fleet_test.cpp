// retort fleet on fifty SQLite files, one of them broken on purpose: each
// healthy file upgraded, the broken one reported without stopping the
// others, exit 1, then --resume after the fix; fleet current; the list read
// from a file or a command, and a bad list refused before anything runs.
#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>

#include "cli_test_helpers.h"
#include "startup_testing.h"

using namespace retort::testing;

namespace {

constexpr int kDatabases = 50;
constexpr int kBroken = 17;

std::filesystem::path DatabaseFile(const Project& project, int index) {
  return project.root() / ("tenant" + std::to_string(index) + ".db");
}

// The list of the fleet's URLs, written beside the project.
std::filesystem::path WriteFleet(const Project& project) {
  std::string list = "# the fleet\n";
  for (int i = 1; i <= kDatabases; ++i) {
    list += "sqlite:///" + DatabaseFile(project, i).string() + "\n";
    if (i == 25) list += "\n";
  }
  WriteFile(project.root() / "urls.txt", list);
  return project.root() / "urls.txt";
}

// Lines of the output's table whose RESULT (or STATUS) column is `word`.
int RowsSaying(const std::string& out, const std::string& word) {
  std::istringstream lines(out);
  int count = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("sqlite:") && line.find("  " + word + "  ") != std::string::npos) ++count;
  }
  return count;
}

// The output's line about `database` (a file name).
std::string LineAbout(const std::string& out, const std::string& database) {
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("/" + database + " ") != std::string::npos) return line;
  }
  return "";
}

std::vector<std::string> Versions(const Project& project, int index) {
  std::vector<std::string> versions;
  for (const auto& row :
       Query(DatabaseFile(project, index), "SELECT version_num FROM retort_version")) {
    versions.push_back(row.at(0));
  }
  return versions;
}

}  // namespace

TEST_CASE("fleet upgrade migrates fifty SQLite files and reports the broken one", "[fleet]") {
  Project project;
  const std::vector<std::string> ids = AddTableChain(project, 3);
  const std::filesystem::path urls = WriteFleet(project);
  WriteFile(DatabaseFile(project, kBroken), "this file is not an SQLite database, on purpose\n");

  const ProcessResult first =
      Retort(project, {"fleet", "upgrade", "head", "--urls", urls.string(), "-j", "4"});
  INFO("stdout: " << first.out << "\nstderr: " << first.err);
  CHECK(first.exit_code == 1);
  CHECK(RowsSaying(first.out, "upgraded") == kDatabases - 1);
  CHECK(RowsSaying(first.out, "failed") == 1);
  CHECK_THAT(LineAbout(first.out, "tenant17.db"),
             Catch::Contains("  failed  ") && Catch::Contains("not a database"));
  CHECK_THAT(first.out, Catch::Contains("50 databases: 49 at head, 1 failed"));
  // The progress, one line per database off a terminal.
  CHECK(std::count(first.err.begin(), first.err.end(), '\n') == kDatabases);
  CHECK_THAT(first.err, Catch::Contains("fleet: [50/50]"));
  for (int i = 1; i <= kDatabases; ++i) {
    if (i != kBroken) CHECK(Versions(project, i) == std::vector<std::string>{ids.back()});
  }

  // Fixed, the fleet resumes: only the database that failed is opened for
  // an upgrade.
  std::filesystem::remove(DatabaseFile(project, kBroken));
  const ProcessResult resumed =
      Retort(project, {"fleet", "upgrade", "head", "--urls", urls.string(), "--resume", "-q"});
  INFO("stdout: " << resumed.out << "\nstderr: " << resumed.err);
  CHECK(resumed.exit_code == 0);
  CHECK(resumed.err.empty());
  CHECK(RowsSaying(resumed.out, "skipped") == kDatabases - 1);
  CHECK(RowsSaying(resumed.out, "upgraded") == 1);
  CHECK_THAT(LineAbout(resumed.out, "tenant17.db"),
             Catch::Matches(".*  upgraded  +\\(none\\) +" + ids.back() + " +3 .*"));

  const ProcessResult current =
      Retort(project, {"fleet", "current", "--urls-command", "cat urls.txt", "--format", "json"});
  INFO("stdout: " << current.out << "\nstderr: " << current.err);
  CHECK(current.exit_code == 0);
  CHECK_THAT(current.out, Catch::Contains("\"total\": 50") && Catch::Contains("\"failed\": 0") &&
                              Catch::Contains("\"at_target\": 50"));
}

TEST_CASE("fleet current tells databases behind the target from those at it", "[fleet]") {
  Project project;
  const std::vector<std::string> ids = AddTableChain(project, 2);
  // A comment after a URL, as in a shell script or an ini file.
  WriteFile(project.root() / "urls.txt",
            "sqlite:///" + DatabaseFile(project, 1).string() + "  # the first tenant\nsqlite:///" +
                DatabaseFile(project, 2).string() + "\t# the second\n");
  RunOk(project, {"--url", "sqlite:///" + DatabaseFile(project, 1).string(), "upgrade", "head"});
  RunOk(project, {"--url", "sqlite:///" + DatabaseFile(project, 2).string(), "upgrade", ids[0]});
  const ProcessResult current = Retort(project, {"fleet", "current", "head", "--urls", "urls.txt"});
  INFO("stdout: " << current.out << "\nstderr: " << current.err);
  CHECK(current.exit_code == 0);
  CHECK_THAT(LineAbout(current.out, "tenant1.db"), Catch::Matches(".*  at target +" + ids[1]));
  CHECK_THAT(LineAbout(current.out, "tenant2.db"), Catch::Matches(".*  behind +" + ids[0]));
  CHECK_THAT(current.out, Catch::Contains("2 databases: 1 at head, 0 failed"));
}

TEST_CASE("a bad fleet list is refused before any database is touched", "[fleet]") {
  Project project;
  AddTableChain(project, 1);
  const std::string good = "sqlite:///" + DatabaseFile(project, 1).string();
  auto refused = [&](const std::string& list) {
    WriteFile(project.root() / "urls.txt", list);
    const ProcessResult result =
        Retort(project, {"fleet", "upgrade", "head", "--urls", "urls.txt"});
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == 1);
    CHECK_FALSE(std::filesystem::exists(DatabaseFile(project, 1)));
    return result.err;
  };
  CHECK_THAT(refused(good + "\n\nnot a url\n"), Catch::Contains("urls.txt:3: "));
  CHECK_THAT(refused(good + "\n" + good + "\n"),
             Catch::Contains("urls.txt:2: ") && Catch::Contains("given twice, first on line 1"));
  CHECK_THAT(refused("oracle://db/x\n"), Catch::Contains("urls.txt:1: "));
  CHECK_THAT(refused("# nothing\n   # nothing either\n"),
             Catch::Contains("urls.txt lists no database URL"));
  CHECK_THAT(refused(good + std::string("\0garbage\n", 9)),
             Catch::Contains("urls.txt:1: the line holds a NUL byte"));

  const ProcessResult failing =
      Retort(project, {"fleet", "upgrade", "head", "--urls-command", "echo " + good + "; exit 3"});
  CHECK(failing.exit_code == 1);
  CHECK_THAT(failing.err, Catch::Contains("exited with status 3"));
  const ProcessResult usage = Retort(project, {"fleet", "upgrade", "head"});
  CHECK(usage.exit_code == 2);
  CHECK_THAT(usage.err, Catch::Contains("exactly one of --urls FILE and --urls-command"));
  CHECK(Retort(project, {"fleet", "current", "--urls", "urls.txt", "--resume"}).exit_code == 2);
  CHECK(Retort(project, {"fleet", "downgrade", "base", "--urls", "urls.txt"}).exit_code == 2);
  CHECK(Retort(project, {"fleet", "upgrade", "head", "--urls", "urls.txt", "-j", "0"}).exit_code ==
        2);
  CHECK_FALSE(std::filesystem::exists(DatabaseFile(project, 1)));
}

TEST_CASE("fleet upgrade runs databases that share SQLite's folder lock one after another",
          "[fleet]") {
  Project project;
  const std::vector<std::string> ids = AddTableChain(project, 3);
  // No wait at all for another migrator: two of the fleet's own databases
  // migrated at once in one folder would fail on the folder's lock.
  WriteFile(project.ini(), ReadFile(project.ini()) + "lock_timeout = 0\n");
  std::filesystem::create_directories(project.root() / "other");
  std::string list;
  for (int i = 1; i <= 6; ++i) list += "sqlite:///" + DatabaseFile(project, i).string() + "\n";
  for (int i = 1; i <= 2; ++i) {
    list += "sqlite:///" + (project.root() / "other" / ("t" + std::to_string(i) + ".db")).string() +
            "\n";
  }
  WriteFile(project.root() / "urls.txt", list);
  const ProcessResult result =
      Retort(project, {"fleet", "upgrade", "head", "--urls", "urls.txt", "-j", "4"});
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains("8 databases: 8 at head, 0 failed"));
  for (int i = 1; i <= 6; ++i) CHECK(Versions(project, i) == std::vector<std::string>{ids[2]});
}

TEST_CASE("a database the fleet could not read has no heads, not the empty ones of a new one",
          "[fleet]") {
  Project project;
  const std::vector<std::string> ids = AddTableChain(project, 1);
  const std::string unread = "sqlite:///" + DatabaseFile(project, 1).string() + "?timeout=abc";
  const std::string fresh = "sqlite:///" + DatabaseFile(project, 2).string();
  WriteFile(project.root() / "urls.txt", unread + "\n" + fresh + "\n");
  const ProcessResult json =
      Retort(project, {"fleet", "current", "--urls", "urls.txt", "--format", "json"});
  INFO("stdout: " << json.out << "\nstderr: " << json.err);
  CHECK(json.exit_code == 1);
  CHECK_THAT(json.out, Catch::Contains("\"heads_before\": null,\n      \"heads_after\": null") &&
                           Catch::Contains("\"heads_before\": [],\n      \"heads_after\": []"));
  const ProcessResult table = Retort(project, {"fleet", "upgrade", "head", "--urls", "urls.txt"});
  CHECK_THAT(LineAbout(table.out, "tenant1.db?timeout=abc"),
             Catch::Matches(".*failed +\\? +\\? +0 .*"));
  CHECK_THAT(LineAbout(table.out, "tenant2.db"),
             Catch::Matches(".*upgraded +\\(none\\) +" + ids[0] + " +1 .*"));
}
