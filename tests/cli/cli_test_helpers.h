// Helpers the command-line tests share: running retort in a project and
// reading the version table back.
#ifndef RETORT_TESTS_CLI_CLI_TEST_HELPERS_H_
#define RETORT_TESTS_CLI_CLI_TEST_HELPERS_H_

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "test_support.h"

namespace retort::testing {

// Runs retort in `project`'s folder. RETORT_URL is removed from the
// environment unless `environment` sets it, so that retort.ini decides.
inline ProcessResult Retort(const Project& project, const std::vector<std::string>& arguments,
                            std::map<std::string, std::string> environment = {}) {
  environment.emplace("RETORT_URL", "");
  return RunRetort(arguments, project.root(), environment);
}

// "retort ARGUMENTS...", for test messages.
inline std::string CommandLine(const std::vector<std::string>& arguments) {
  std::string command_line = "retort";
  for (const std::string& argument : arguments) command_line += " " + argument;
  return command_line;
}

// Runs retort in `project` and requires exit code 0.
inline ProcessResult RunOk(const Project& project, const std::vector<std::string>& arguments,
                           const std::map<std::string, std::string>& environment = {}) {
  ProcessResult result = Retort(project, arguments, environment);
  INFO(CommandLine(arguments) << "\nstdout: " << result.out << "\nstderr: " << result.err);
  REQUIRE(result.exit_code == 0);
  return result;
}

// Runs retort in `project` against the database at `url` (--url), and
// requires exit code 0.
inline ProcessResult RunOkAt(const Project& project, const std::string& url,
                             std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), {"--url", url});
  return RunOk(project, arguments);
}

// Runs retort expecting it to fail: checks the exit code, the error prefix
// and that the database file did not change. The caller checks the message.
inline ProcessResult RunFailing(const Project& project, const std::vector<std::string>& arguments,
                                int exit_code,
                                const std::map<std::string, std::string>& environment = {}) {
  const std::string before = FileDigest(project.database());
  ProcessResult result = Retort(project, arguments, environment);
  INFO(CommandLine(arguments) << "\nstdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == exit_code);
  CHECK_THAT(result.err, Catch::StartsWith(exit_code == 2 ? "retort: usage error: "
                                                          : "retort: error: "));
  CHECK(FileDigest(project.database()) == before);
  return result;
}

// The file a "Generated <path>" line of `revision` or `merge` names.
inline std::filesystem::path GeneratedFile(const Project& project, const ProcessResult& result) {
  std::smatch match;
  const std::regex generated("Generated (.+)\n");
  REQUIRE(std::regex_search(result.out, match, generated));
  const std::filesystem::path path = project.root() / match[1].str();
  REQUIRE(std::filesystem::exists(path));
  return path;
}

// The rows of retort_version, sorted.
inline std::vector<std::string> VersionRows(const std::filesystem::path& database) {
  std::vector<std::string> rows;
  for (const auto& row :
       Query(database, "SELECT version_num FROM retort_version ORDER BY version_num")) {
    rows.push_back(row[0]);
  }
  return rows;
}

// "revision direction" for every retort_history row, oldest first.
inline std::vector<std::string> HistoryRows(const std::filesystem::path& database) {
  std::vector<std::string> rows;
  for (const auto& row :
       Query(database, "SELECT revision || ' ' || direction FROM retort_history ORDER BY id")) {
    rows.push_back(row[0]);
  }
  return rows;
}

inline bool HasTable(const std::filesystem::path& database, const std::string& table) {
  const std::vector<std::string> objects = SchemaObjects(database);
  return std::find(objects.begin(), objects.end(), "table " + table) != objects.end();
}

// The lines of `text`, without their line breaks.
inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace retort::testing

#endif  // RETORT_TESTS_CLI_CLI_TEST_HELPERS_H_
