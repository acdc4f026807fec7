// The lease lock on MariaDB (lock = lease), where DDL commits as it goes:
// eight deployers at once apply each revision once, and a migrator killed
// inside a revision leaves its lease, which the next run takes over once
// it lapses, and its revision marked incomplete, resolved as the
// incomplete-revision rules say.
#include <catch2/catch.hpp>

#include "lease_testing.h"
#include "mysql_support.h"

using namespace retort::testing;

namespace {

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
  RecoverKilledMigrator(project, ids, {db.url(), db.url(), db.url(), db.url()}, [&] {
    return Value(db.url(), "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = "
                           "DATABASE() AND table_name = 't2'") == "1";
  });
  CHECK(Column(db.url(), "SELECT version_num FROM retort_version") == Strings{ids.back()});
  CHECK(Value(db.url(), "SELECT COALESCE(token, 'free') FROM retort_lock") == "free");
}
