// What the start-up tests of both dialects share: the sample history and its
// legacy schema, a chain of revisions, and several instances of an
// application starting at once against one database.
#ifndef RETORT_TESTS_STARTUP_TESTING_H_
#define RETORT_TESTS_STARTUP_TESTING_H_

#include <catch2/catch.hpp>

#include <chrono>
#include <exception>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "retort/startup.h"
#include "test_support.h"

namespace retort::testing {

// The revisions of the sample history in migrations/.
constexpr char kSampleBase[] = "58ce9da45577";
constexpr char kSampleHead[] = "9b1f0c2d4e6a";

// The sample history against the database at `url`.
inline Config SampleConfig(const std::string& url) {
  Config config;
  config.script_location = std::filesystem::path(RETORT_SOURCE_DIR) / "migrations";
  config.url = url;
  return config;
}

// The sample's schema at kSampleBase as the app made it before it used
// retort, for `dialect` ("sqlite", "postgresql").
inline std::string LegacySampleSql(const std::string& dialect) {
  return ReadFile(std::filesystem::path(RETORT_SOURCE_DIR) / "tests" / "data" /
                  ("legacy_thunderbird_" + dialect + ".sql"));
}

inline std::vector<std::string> StepIds(const std::vector<MigrationStep>& steps) {
  std::vector<std::string> ids;
  for (const MigrationStep& step : steps) ids.push_back(step.revision.id);
  return ids;
}

// Adds `count` revisions in a line, each creating table t<N>; the second
// also runs `slow_operation` (a YAML list item) when one is given. Returns
// their ids, oldest first.
inline std::vector<std::string> AddTableChain(Project& project, int count,
                                              const std::string& slow_operation = "") {
  std::vector<std::string> ids;
  for (int i = 1; i <= count; ++i) {
    std::string id = std::to_string(i);
    id = "5a47ed" + std::string(6 - id.size(), '0') + id;
    std::string ops = "  - create_table: {name: t" + std::to_string(i) +
                      ", columns: [{name: id, type: integer}]}\n";
    if (i == 2) ops += slow_operation;
    project.AddYamlRevision(id, ids.empty() ? "" : ids.back(), ops);
    ids.push_back(id);
  }
  return ids;
}

// What one instance's MigrateOnStartup gave: its report, or what it threw.
struct InstanceOutcome {
  StartupReport report;
  std::string failure;
};

// Starts `count` instances at once, each calling MigrateOnStartup(config)
// on a thread of its own, and waits for all of them.
inline std::vector<InstanceOutcome> StartInstances(const Config& config, int count) {
  std::vector<InstanceOutcome> outcomes(static_cast<std::size_t>(count));
  std::vector<std::thread> instances;
  for (InstanceOutcome& outcome : outcomes) {
    instances.emplace_back([&config, &outcome] {
      try {
        outcome.report = MigrateOnStartup(config);
      } catch (const std::exception& error) {
        outcome.failure = error.what();
      }
    });
  }
  for (std::thread& instance : instances) instance.join();
  return outcomes;
}

// Checks that instances started together on a fresh database all succeeded
// and tell one story: exactly one applied `ids`, every other one found the
// database at the last of them; all end there. Returns how many waited for
// the migration lock.
inline int CheckInstancesAgree(const std::vector<InstanceOutcome>& outcomes,
                               const std::vector<std::string>& ids) {
  int migrators = 0;
  int waited = 0;
  for (const InstanceOutcome& outcome : outcomes) {
    INFO("an instance failed: " << outcome.failure);
    CHECK(outcome.failure.empty());
    const StartupReport& report = outcome.report;
    CHECK(report.heads_after == std::vector<std::string>{ids.back()});
    if (report.applied.empty()) {
      CHECK(report.heads_before == std::vector<std::string>{ids.back()});
    } else {
      ++migrators;
      CHECK(report.heads_before.empty());
      CHECK(StepIds(report.applied) == ids);
    }
    if (report.waited_for_lock) ++waited;
  }
  CHECK(migrators == 1);
  return waited;
}

// Runs `release` on a thread of its own after `delay` (another holder
// letting go of a lock while the test waits for it); joins the thread when
// destroyed, also when the test throws.
class DelayedRelease {
 public:
  DelayedRelease(std::chrono::milliseconds delay, std::function<void()> release)
      : thread_([delay, release = std::move(release)] {
          std::this_thread::sleep_for(delay);
          release();
        }) {}
  ~DelayedRelease() { thread_.join(); }
  DelayedRelease(const DelayedRelease&) = delete;
  DelayedRelease& operator=(const DelayedRelease&) = delete;

 private:
  std::thread thread_;
};

}  // namespace retort::testing

#endif  // RETORT_TESTS_STARTUP_TESTING_H_
