// A three-node MariaDB Galera cluster (scripts/galera-cluster.sh), where
// GET_LOCK holds on one node only: retort takes a lease instead, eight
// deployers spread over the nodes apply each revision once, every node ends
// with the same schema and version rows as soon as retort reports success,
// and a migrator killed on one node is recovered from another.
#include <catch2/catch.hpp>

#include "lease_testing.h"
#include "mysql_support.h"
#include "retort/dialect_loader.h"

using namespace retort::testing;

namespace {

using Strings = std::vector<std::string>;

// A fresh database on the cluster, made through the first node, and its URL
// on every node.
class ClusterDatabase {
 public:
  ClusterDatabase() : nodes_(GaleraNodeUrls()), db_(nodes_.at(0)) {
    // Every node has the database before a test connects to it there.
    for (const std::string& node : nodes_) {
      QueryUrl(node, "SET SESSION wsrep_sync_wait = 15; SELECT 1");
    }
  }
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

TEST_CASE("a Galera node says its GET_LOCK cannot keep migrators apart, and reads wait for it",
          "[galera]") {
  ClusterDatabase db;
  const retort::Dialect& dialect = retort::FindDialectForScheme("mysql");
  const auto connection = dialect.Connect(retort::ParseDatabaseUrl(db.urls()[1]));
  CHECK_THAT(connection->SessionLockUnusable(), Catch::Contains("Galera cluster (wsrep_on=ON)"));
  // Reads wait until the node has applied what the cluster ordered before
  // them (bit 1), so the lease's row and the version table are read as the
  // cluster has them.
  const auto rows = connection->Query(
      "SELECT @@session.wsrep_sync_wait & 1, @@global.wsrep_sync_wait & 1", {}).rows;
  CHECK(rows.at(0).at(0).ToText() == "1");
  CHECK(rows.at(0).at(1).ToText() == "0");  // the server's default does not do it
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
  // Killed on the first node; refused and stamped from the second, finished
  // from the third.
  RecoverKilledMigrator(project, ids, {db.urls()[0], db.urls()[1], db.urls()[1], db.urls()[2]},
                        [&] {
                          return QueryUrl(db.urls()[0],
                                          "SELECT COUNT(*) FROM information_schema.tables WHERE "
                                          "table_schema = DATABASE() AND table_name = 't2'") ==
                                 std::vector<Strings>{{"1"}};
                        });
  const Strings first = NodeState(db.urls()[0]);
  CHECK(std::count(first.begin(), first.end(), "version " + ids.back()) == 1);
  CHECK(NodeState(db.urls()[1]) == first);
  CHECK(NodeState(db.urls()[2]) == first);
}

TEST_CASE("retort names a Galera node that has not applied the run in time", "[galera]") {
  ClusterDatabase db;
  Project project;
  const Strings ids = AddSleepingChain(project, 1, "0");
  WriteFile(project.ini(), "[retort]\nscript_location = migrations\nlock_timeout = 3\n");
  const std::string third = db.urls()[2];
  const std::size_t colon = third.rfind(':');
  const std::string third_port = third.substr(colon + 1, third.rfind('/') - colon - 1);
  ProcessResult lagged;
  {
    // The third node stops applying what the others commit (and leaves
    // flow control) while a session holds this lock.
    MysqlSession paused(third);
    paused.Exec("FLUSH TABLES WITH READ LOCK");
    lagged = RunRetort({"--url", db.urls()[0], "-c", project.ini().string(), "upgrade", "head"},
                       project.root(), {{"RETORT_URL", ""}});
    paused.Exec("UNLOCK TABLES");
  }
  INFO("stdout: " << lagged.out << "\nstderr: " << lagged.err);
  CHECK(lagged.exit_code == 1);
  CHECK_THAT(lagged.err, Catch::Contains("the run committed, but node 127.0.0.1:" + third_port) &&
                             Catch::Contains("had not applied it within 3000 ms"));
  // Nothing was undone, and the node catches up once it applies again.
  CHECK(QueryUrl(db.urls()[0], "SELECT version_num FROM retort_version") ==
        std::vector<Strings>{{ids.back()}});
  CHECK(QueryUrl(third, "SET SESSION wsrep_sync_wait = 1; SELECT version_num FROM "
                       "retort_version") == std::vector<Strings>{{ids.back()}});
}
