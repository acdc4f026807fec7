// The lease lock on MariaDB (lock = lease), where DDL commits as it goes:
// eight deployers at once apply each revision once, and a migrator killed
// inside a revision leaves its lease, which the next run takes over once
// it lapses, and its revision marked incomplete, resolved as the
// incomplete-revision rules say.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "lease_testing.h"
#include "mysql_support.h"

using namespace retort::testing;

namespace {

using Clock = std::chrono::steady_clock;
using Strings = std::vector<std::string>;

std::string Value(const std::string& url, const std::string& sql) {
  const auto rows = QueryUrl(url, sql);
  return rows.empty() ? std::string() : rows.at(0).at(0);
}

Strings Column(const std::string& url, const std::string& sql) {
  Strings values;
  for (const auto& row : QueryUrl(url, sql)) values.push_back(row.at(0));
  return values;
}

}  // namespace

TEST_CASE("eight concurrent upgrades under lock = lease apply each revision once on MariaDB",
          "[mysql][lease]") {
  MysqlDatabase db;
  Project project;
  const Strings ids = AddSleepingChain(project, 4, "0.3");
  CheckAppliedOnce(UpgradeTogether(project, {db.url()}, 8, {"--lock", "lease"}), ids);
  CHECK(Column(db.url(), "SELECT version_num FROM retort_version") == Strings{ids.back()});
  CHECK(Column(db.url(), "SELECT CONCAT(revision, ' ', COUNT(*)) FROM retort_history "
                         "GROUP BY revision ORDER BY revision") ==
        Strings{ids[0] + " 1", ids[1] + " 1", ids[2] + " 1", ids[3] + " 1"});
  CHECK(Value(db.url(), "SELECT COALESCE(token, 'free') FROM retort_lock") == "free");
}

TEST_CASE("a migrator killed inside a revision on MariaDB is recovered as the rules say",
          "[mysql][lease]") {
  MysqlDatabase db;
  Project project;
  const Strings ids = AddSleepingChain(project, 3, "2");
  WriteFile(project.ini(),
            "[retort]\nscript_location = migrations\nlock = lease\nlease_duration = 2\n");
  auto retort = [&](std::vector<std::string> command) {
    std::vector<std::string> arguments = {"--url", db.url(), "-c", project.ini().string()};
    arguments.insert(arguments.end(), command.begin(), command.end());
    return arguments;
  };
  {
    BackgroundProcess killed(RETORT_BINARY, retort({"upgrade", "head"}), project.root(),
                             {{"RETORT_URL", ""}});
    // Killed while the second revision sleeps, its table made.
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (Clock::now() < deadline &&
           Value(db.url(), "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = "
                           "DATABASE() AND table_name = 't2'") != "1") {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    killed.Kill();
  }
  CHECK_THAT(Value(db.url(), "SELECT holder FROM retort_lock"), Catch::Contains(" pid "));

  // The next run takes the lapsed lease over and finds the mark.
  const ProcessResult refused = RunRetort(retort({"upgrade", "head"}), project.root());
  INFO("stdout: " << refused.out << "\nstderr: " << refused.err);
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains(ids[1]) && Catch::Contains("incomplete"));
  // What ran of it (the table) is all of its schema: stamping it is the
  // rules' way on, checked against that schema; then the rest runs.
  const ProcessResult stamped = RunRetort(retort({"stamp", ids[1]}), project.root());
  INFO("stamp: " << stamped.out << stamped.err);
  CHECK(stamped.exit_code == 0);
  const ProcessResult finished = RunRetort(retort({"upgrade", "head"}), project.root());
  INFO("upgrade: " << finished.out << finished.err);
  CHECK(finished.exit_code == 0);
  CHECK(Column(db.url(), "SELECT version_num FROM retort_version") == Strings{ids.back()});
  CHECK(Value(db.url(), "SELECT COALESCE(token, 'free') FROM retort_lock") == "free");
}
