// Deployers started together against one database, each through a URL of
// its own (a node of a cluster, a pooler): what the lease lock's tests on
// every server share.
#ifndef RETORT_TESTS_LEASE_TESTING_H_
#define RETORT_TESTS_LEASE_TESTING_H_

#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
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

// Where each step of RecoverKilledMigrator runs: a URL of the database,
// one per step (the same URL, or nodes of one cluster).
struct RecoverySteps {
  std::string killed_on;
  std::string refused_on;
  std::string stamped_on;
  std::string finished_on;
};

// The incomplete-revision rules after a kill, where DDL commits as it goes
// (`ids` from AddSleepingChain, at least three; the project's retort.ini
// gives a short lease_duration): a migrator is SIGKILLed inside the second
// revision, once `second_table_made` says its table exists; the next
// upgrade takes the lapsed lease over and is refused by the mark, naming
// the revision; a stamp of that revision (all of whose schema is the
// table) passes its check; and the upgrade after it finishes.
inline void RecoverKilledMigrator(const Project& project, const std::vector<std::string>& ids,
                                  const RecoverySteps& steps,
                                  const std::function<bool()>& second_table_made) {
  auto retort = [&](const std::string& url, std::vector<std::string> command) {
    std::vector<std::string> arguments = {"--url", url, "-c", project.ini().string()};
    arguments.insert(arguments.end(), command.begin(), command.end());
    return RunRetort(arguments, project.root(), {{"RETORT_URL", ""}});
  };
  {
    BackgroundProcess killed(RETORT_BINARY,
                             {"--url", steps.killed_on, "-c", project.ini().string(), "upgrade",
                              "head"},
                             project.root(), {{"RETORT_URL", ""}});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline && !second_table_made()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    killed.Kill();
  }
  const ProcessResult refused = retort(steps.refused_on, {"upgrade", "head"});
  INFO("refused: " << refused.out << refused.err);
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains(ids[1]) && Catch::Contains("incomplete"));
  const ProcessResult stamped = retort(steps.stamped_on, {"stamp", ids[1]});
  INFO("stamp: " << stamped.out << stamped.err);
  CHECK(stamped.exit_code == 0);
  const ProcessResult finished = retort(steps.finished_on, {"upgrade", "head"});
  INFO("upgrade: " << finished.out << finished.err);
  CHECK(finished.exit_code == 0);
}

}  // namespace retort::testing

#endif  // RETORT_TESTS_LEASE_TESTING_H_
