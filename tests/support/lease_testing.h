// Deployers started together against one database, each through a URL of
// its own (a node of a cluster, a pooler): what the lease lock's tests on
// every server share.
#ifndef RETORT_TESTS_LEASE_TESTING_H_
#define RETORT_TESTS_LEASE_TESTING_H_

#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "test_support.h"

namespace retort::testing {

// Adds `count` revisions in a line to `project`, each creating table t<N>
// and then sleeping `seconds` on the server (SQLite: not at all), so that
// deployers started together overlap. Returns the ids, oldest first.
inline std::vector<std::string> AddSleepingChain(Project& project, int count,
                                                 const std::string& seconds) {
  std::vector<std::string> ids;
  for (int i = 1; i <= count; ++i) {
    std::string id = std::to_string(i);
    id = "1ea5e0" + std::string(6 - id.size(), '0') + id;
    const std::string ops =
        "  - create_table: {name: t" + std::to_string(i) +
        ", columns: [{name: id, type: integer, primary_key: true}]}\n"
        "  - execute: {postgresql: \"SELECT pg_sleep(" + seconds + ")\", mysql: \"DO SLEEP(" +
        seconds + ")\", sql: \"SELECT 1\"}\n";
    project.AddYamlRevision(id, ids.empty() ? "" : ids.back(), ops);
    ids.push_back(id);
  }
  return ids;
}

// Runs `retort <options> upgrade head` `count` times at once, instance i on
// urls[i % urls.size()], with the project's retort.ini; returns each
// instance's result.
inline std::vector<ProcessResult> UpgradeTogether(const Project& project,
                                                  const std::vector<std::string>& urls, int count,
                                                  const std::vector<std::string>& options) {
  std::vector<ProcessResult> results(static_cast<std::size_t>(count));
  std::vector<std::thread> instances;
  for (int i = 0; i < count; ++i) {
    std::vector<std::string> arguments = {"--url", urls[static_cast<std::size_t>(i) % urls.size()],
                                          "-c", project.ini().string()};
    arguments.insert(arguments.end(), options.begin(), options.end());
    arguments.insert(arguments.end(), {"upgrade", "head"});
    instances.emplace_back([&results, &project, arguments, i] {
      results[static_cast<std::size_t>(i)] =
          RunRetort(arguments, project.root(), {{"RETORT_URL", ""}});
    });
  }
  for (std::thread& instance : instances) instance.join();
  return results;
}

// Checks that every instance exited 0, that exactly one applied all of
// `ids`, and that every other one found the database at the last of them.
inline void CheckAppliedOnce(const std::vector<ProcessResult>& results,
                             const std::vector<std::string>& ids) {
  int upgraded = 0;
  int nothing_to_do = 0;
  for (const ProcessResult& result : results) {
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == 0);
    if (result.out.find("Upgraded to " + ids.back() + ": " + std::to_string(ids.size()) +
                        " revisions") != std::string::npos) {
      ++upgraded;
    }
    if (result.out.find("Nothing to do: the database is already at head") != std::string::npos) {
      ++nothing_to_do;
    }
  }
  CHECK(upgraded == 1);
  CHECK(nothing_to_do == static_cast<int>(results.size()) - 1);
}

}  // namespace retort::testing

#endif  // RETORT_TESTS_LEASE_TESTING_H_
