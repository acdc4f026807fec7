// A three-node MariaDB Galera cluster (scripts/galera-cluster.sh), where
// GET_LOCK holds on one node only: retort takes a lease instead, eight
// deployers spread over the nodes apply each revision once, every node ends
// with the same schema and version rows as soon as retort reports success,
// and a migrator killed on one node is recovered from another.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "lease_testing.h"
#include "mysql_support.h"
#include "retort/dialect_loader.h"

using namespace retort::testing;

namespace {

using Clock = std::chrono::steady_clock;
using Strings = std::vector<std::string>;

// A fresh database on the cluster, made through the first node, and its URL
// on every node.
class ClusterDatabase {
 public:
  ClusterDatabase() : nodes_(GaleraNodeUrls()), db_(nodes_.at(0)) {}
  Strings urls() const {
    Strings urls;
    for (const std::string& node : nodes_) urls.push_back(db_.UrlOn(node));
    return urls;
  }

 private:
  Strings nodes_;
  MysqlDatabase db_;
};

// Everything a node says about the database: its tables and columns, the
// version rows and the history, in one sorted list. Read without waiting
// for the node to catch up (wsrep_sync_wait = 0), as an application that
// starts once the deploy reported success would.
Strings NodeState(const std::string& url) {
  Strings state;
  const auto add = [&](const std::string& kind, const std::string& sql) {
    for (const auto& row : QueryUrl(url, "SET SESSION wsrep_sync_wait = 0; " + sql)) {
      std::string line = kind;
      for (const std::string& value : row) line += " " + value;
      state.push_back(line);
    }
  };
  add("column", "SELECT table_name, column_name, column_type, is_nullable FROM "
                "information_schema.columns WHERE table_schema = DATABASE() ORDER BY 1, 2");
  add("version", "SELECT version_num FROM retort_version ORDER BY 1");
  add("history", "SELECT revision, direction, checksum, row_hash FROM retort_history ORDER BY id");
  return state;
}

}  // namespace

TEST_CASE("a Galera node says its GET_LOCK cannot keep migrators apart", "[galera]") {
  ClusterDatabase db;
  const retort::Dialect& dialect = retort::FindDialectForScheme("mysql");
  CHECK_THAT(dialect.Connect(retort::ParseDatabaseUrl(db.urls()[1]))->SessionLockUnusable(),
             Catch::Contains("Galera cluster (wsrep_on=ON)"));
}

TEST_CASE("eight deployers spread over three Galera nodes apply each revision once",
          "[galera]") {
  ClusterDatabase db;
  Project project;
  const Strings ids = AddSleepingChain(project, 4, "0.3");
  // lock = auto, the default: the lease, because the nodes are Galera's.
  const std::vector<ProcessResult> results = UpgradeTogether(project, db.urls(), 8, {});
  CheckAppliedOnce(results, ids);
  for (const ProcessResult& result : results) {
    if (result.out.find("Upgraded to") == std::string::npos) continue;
    CHECK_THAT(result.out, Catch::Contains("all 3 nodes of the Galera cluster have applied"));
  }
  const Strings first = NodeState(db.urls()[0]);
  CHECK(std::count(first.begin(), first.end(), "version " + ids.back()) == 1);
  CHECK(std::count_if(first.begin(), first.end(), [](const std::string& line) {
          return line.starts_with("history ");
        }) == 4);
  CHECK(NodeState(db.urls()[1]) == first);
  CHECK(NodeState(db.urls()[2]) == first);
  CHECK(QueryUrl(db.urls()[2], "SELECT COALESCE(token, 'free') FROM retort_lock") ==
        std::vector<Strings>{{"free"}});
}

TEST_CASE("a migrator killed on one Galera node is recovered from another", "[galera]") {
  ClusterDatabase db;
  Project project;
  const Strings ids = AddSleepingChain(project, 3, "2");
  WriteFile(project.ini(), "[retort]\nscript_location = migrations\nlease_duration = 2\n");
  auto retort = [&](const std::string& url, std::vector<std::string> command) {
    std::vector<std::string> arguments = {"--url", url, "-c", project.ini().string()};
    arguments.insert(arguments.end(), command.begin(), command.end());
    return arguments;
  };
  {
    BackgroundProcess killed(RETORT_BINARY, retort(db.urls()[0], {"upgrade", "head"}),
                             project.root(), {{"RETORT_URL", ""}});
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (Clock::now() < deadline &&
           QueryUrl(db.urls()[0], "SELECT COUNT(*) FROM information_schema.tables WHERE "
                                  "table_schema = DATABASE() AND table_name = 't2'") !=
               std::vector<Strings>{{"1"}}) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    killed.Kill();
  }
  // From the second node: the lapsed lease is taken over and the mark found.
  const ProcessResult refused = RunRetort(retort(db.urls()[1], {"upgrade", "head"}),
                                          project.root(), {{"RETORT_URL", ""}});
  INFO("stdout: " << refused.out << "\nstderr: " << refused.err);
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains(ids[1]) && Catch::Contains("incomplete"));
  const ProcessResult stamped =
      RunRetort(retort(db.urls()[1], {"stamp", ids[1]}), project.root(), {{"RETORT_URL", ""}});
  INFO("stamp: " << stamped.out << stamped.err);
  CHECK(stamped.exit_code == 0);
  const ProcessResult finished = RunRetort(retort(db.urls()[2], {"upgrade", "head"}),
                                           project.root(), {{"RETORT_URL", ""}});
  INFO("upgrade: " << finished.out << finished.err);
  CHECK(finished.exit_code == 0);
  const Strings first = NodeState(db.urls()[0]);
  CHECK(std::count(first.begin(), first.end(), "version " + ids.back()) == 1);
  CHECK(NodeState(db.urls()[1]) == first);
  CHECK(NodeState(db.urls()[2]) == first);
}
