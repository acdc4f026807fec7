// --format json of every command that reports, read back with a JSON parser
// and checked against a real SQLite database (docs/json.md).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>
#include <string>
#include <vector>

#include "cli_test_helpers.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Json = nlohmann::json;
using Rows = std::vector<std::string>;

constexpr char kBase[] = "1a1a1a1a1a1a";
constexpr char kLeft[] = "2b2b2b2b2b2b";
constexpr char kRight[] = "3c3c3c3c3c3c";

// A base revision branching into two heads.
void AddBranchedRevisions(Project& project) {
  project.AddYamlRevision(kBase, "",
                          "  - create_table: {name: a, columns: [{name: id, type: integer}]}\n");
  project.AddYamlRevision(kLeft, kBase,
                          "  - create_table: {name: b, columns: [{name: id, type: integer}]}\n");
  project.AddYamlRevision(kRight, kBase,
                          "  - create_table: {name: c, columns: [{name: id, type: integer}]}\n",
                          "branch_labels: [right]\n");
}

// Runs retort with --format json (exit `exit_code`) and parses standard
// output, which must be one JSON object of format_version 1.
Json RunJson(const Project& project, std::vector<std::string> arguments, int exit_code = 0) {
  arguments.push_back("--format");
  arguments.push_back("json");
  const ProcessResult result = Retort(project, arguments);
  INFO(CommandLine(arguments) << "\nstdout: " << result.out << "\nstderr: " << result.err);
  REQUIRE(result.exit_code == exit_code);
  Json json;
  REQUIRE_NOTHROW(json = Json::parse(result.out));
  REQUIRE(json.is_object());
  CHECK(json.at("format_version") == 1);
  return json;
}

Rows Ids(const Json& revisions) {
  Rows ids;
  for (const Json& revision : revisions) ids.push_back(revision.at("id"));
  return ids;
}

bool IsIsoUtc(const Json& value) {
  return value.is_string() &&
         std::regex_match(value.get<std::string>(),
                          std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z)"));
}

TEST_CASE("current, heads, branches and history as JSON", "[cli][json]") {
  Project project;
  AddBranchedRevisions(project);
  CHECK(RunJson(project, {"current"}).at("revisions") == Json::array());
  RunOk(project, {"upgrade", "right@head"});

  const Json current = RunJson(project, {"current"});
  REQUIRE(current.at("revisions").size() == 1);
  const Json& right = current.at("revisions")[0];
  CHECK(right.at("id") == VersionRows(project.database()).at(0));
  CHECK(right.at("id") == kRight);
  CHECK(right.at("down_revisions") == Json::array({kBase}));
  CHECK(right.at("depends_on") == Json::array());
  CHECK(right.at("branch_labels") == Json::array({"right"}));
  CHECK(right.at("children") == Json::array());
  CHECK(right.at("is_head") == true);
  CHECK(right.at("is_branch_point") == false);
  CHECK(right.at("create_date").is_null());
  CHECK(right.at("path").get<std::string>().find(kRight) != std::string::npos);

  CHECK(Ids(RunJson(project, {"heads"}).at("revisions")) == Rows{kLeft, kRight});

  const Json branches = RunJson(project, {"branches"}).at("branch_points");
  REQUIRE(branches.size() == 1);
  CHECK(branches[0].at("revision").at("id") == kBase);
  CHECK(branches[0].at("revision").at("is_branch_point") == true);
  CHECK(branches[0].at("revision").at("children") == Json::array({kLeft, kRight}));
  CHECK(Ids(branches[0].at("children")) == Rows{kLeft, kRight});

  const Json history = RunJson(project, {"history", "-i"}).at("revisions");
  REQUIRE(history.size() == 3);
  CHECK(history.back().at("id") == kBase);
  for (const Json& revision : history) {
    CHECK(revision.at("is_current") == (revision.at("id") == kRight));
  }
  // Without -i nothing says which are current: null, not false.
  CHECK(RunJson(project, {"history"}).at("revisions")[0].at("is_current").is_null());
  CHECK(Ids(RunJson(project, {"history", "-r", std::string(kBase) + ":" + kLeft})
                .at("revisions")) == Rows{kLeft, kBase});
}

TEST_CASE("show as JSON has the checksum the history table records", "[cli][json]") {
  Project project;
  AddBranchedRevisions(project);
  RunOk(project, {"upgrade", kBase});
  const Json revision = RunJson(project, {"show", kBase}).at("revision");
  CHECK(revision.at("id") == kBase);
  CHECK(revision.at("down_revisions") == Json::array());
  CHECK(revision.at("checksum") ==
        Query(project.database(), "SELECT checksum FROM retort_history")[0][0]);
  CHECK(revision.at("upgrade").size() == 1);
  CHECK(revision.at("downgrade").size() == 1);  // the reversed create_table
  CHECK(revision.at("downgrade_is_reversed_upgrade") == true);
  CHECK(revision.at("downgrade_problem").is_null());
  CHECK(revision.at("code").is_null());
}

TEST_CASE("log as JSON: every history row as stored, then the pending revisions",
          "[cli][json][log]") {
  Project project;
  AddBranchedRevisions(project);
  RunOk(project, {"upgrade", "right@head", "--tag", "t1"});
  RunOk(project, {"downgrade", kBase});
  const Json log = RunJson(project, {"log"});
  const auto rows = Query(project.database(),
                          "SELECT id, revision, direction, checksum, executed_by, duration_ms "
                          "FROM retort_history ORDER BY id");
  const Json& applied = log.at("applied");
  REQUIRE(applied.size() == rows.size());
  REQUIRE(rows.size() == 3);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO("row " << i);
    CHECK(applied[i].at("id") == std::stoll(rows[i][0]));
    CHECK(applied[i].at("revision") == rows[i][1]);
    CHECK(applied[i].at("direction") == rows[i][2]);
    CHECK(applied[i].at("checksum") == rows[i][3]);
    CHECK(applied[i].at("executed_by") == rows[i][4]);
    CHECK(applied[i].at("duration_ms").get<double>() ==
          Approx(std::stod(rows[i][5])).margin(0.001));
    CHECK(IsIsoUtc(applied[i].at("started_at")));
    CHECK(IsIsoUtc(applied[i].at("finished_at")));
  }
  CHECK(applied[0].at("tag") == "t1");
  CHECK(applied[2].at("tag").is_null());
  // The hash chain: each row names the hash of the row before it.
  CHECK(applied[0].at("previous_hash").is_null());
  CHECK(applied[1].at("previous_hash") == applied[0].at("row_hash"));
  CHECK(applied[2].at("previous_hash") == applied[1].at("row_hash"));
  CHECK(applied[2].at("note").is_null());
  const Json& pending = log.at("pending");
  REQUIRE(pending.size() == 2);
  for (const Json& revision : pending) {
    // The file is unchanged since its upgrade was recorded.
    if (revision.at("revision") == kRight) {
      CHECK(revision.at("checksum") == applied[1].at("checksum"));
    }
  }
  CHECK(RunJson(project, {"log", "-n", "1"}).at("applied").size() == 1);

  // Pending in the order upgrade heads applies them.
  RunOk(project, {"upgrade", "heads"});
  const auto upgraded = Query(project.database(),
                              "SELECT revision FROM retort_history WHERE id > 3 ORDER BY id");
  REQUIRE(upgraded.size() == 2);
  CHECK(pending[0].at("revision") == upgraded[0][0]);
  CHECK(pending[1].at("revision") == upgraded[1][0]);
}

TEST_CASE("validate as JSON: passed, then the edited revision with both checksums",
          "[cli][json][validate]") {
  Project project;
  AddBranchedRevisions(project);
  RunOk(project, {"upgrade", "heads"});
  const Json clean = RunJson(project, {"validate"});
  CHECK(clean.at("passed") == true);
  CHECK(clean.at("revisions_checked") == 3);
  CHECK(clean.at("revisions").empty());
  CHECK(clean.at("chain").empty());

  const auto recorded = Query(project.database(),
                              "SELECT checksum FROM retort_history WHERE revision = '" +
                                  std::string(kLeft) + "'");
  for (const auto& entry : std::filesystem::directory_iterator(project.versions())) {
    if (entry.path().filename().string().rfind(kLeft, 0) == 0) {
      WriteFile(entry.path(), ReadFile(entry.path()) + "# edited after it ran\n");
    }
  }
  const Json edited = RunJson(project, {"validate"}, 1);
  CHECK(edited.at("passed") == false);
  REQUIRE(edited.at("revisions").size() == 1);
  const Json& problem = edited.at("revisions")[0];
  CHECK(problem.at("status") == "edited");
  CHECK(problem.at("revision") == kLeft);
  CHECK(problem.at("recorded_checksum") == recorded.at(0).at(0));
  CHECK(problem.at("file_checksum").get<std::string>().size() == 64);
  CHECK(problem.at("file_checksum") != problem.at("recorded_checksum"));
}

TEST_CASE("dialects, check, lint and inspect as JSON", "[cli][json]") {
  Project project;
  AddBranchedRevisions(project);
  const Json dialects = RunJson(project, {"dialects"});
  bool has_sqlite = false;
  for (const Json& dialect : dialects.at("dialects")) {
    if (dialect.at("name") != "sqlite") continue;
    has_sqlite = true;
    CHECK(dialect.at("url_schemes").is_array());
    CHECK(dialect.at("transactional_ddl") == true);
    CHECK(dialect.at("migration_lock").is_string());
  }
  CHECK(has_sqlite);
  CHECK(dialects.at("search_path").is_array());

  RunOk(project, {"upgrade", kLeft});
  const Json matching = RunJson(project, {"check"});
  CHECK(matching.at("matches") == true);
  CHECK(matching.at("revisions") == Json::array({kLeft}));
  CHECK(matching.at("diff").is_null());
  CHECK(matching.at("source").is_null());
  Exec(project.database(), "CREATE TABLE drift (id INTEGER)");
  const Json drifted = RunJson(project, {"check"}, 1);
  CHECK(drifted.at("matches") == false);
  CHECK(drifted.at("diff").get<std::string>().find("drift") != std::string::npos);

  const Json lint = RunJson(project, {"lint"});
  CHECK(lint.at("findings").is_array());
  CHECK(lint.at("revisions").size() == 3);

  // inspect's JSON is the schema document check --to reads: no envelope.
  const ProcessResult inspect = RunOk(project, {"inspect", "--format", "json"});
  const Json schema = Json::parse(inspect.out);
  CHECK(schema.at("tables").size() == 3);
}

TEST_CASE("the --format option takes text or json, and errors stay on standard error", "[cli][json]") {
  Project project;
  AddBranchedRevisions(project);
  const ProcessResult bad = RunFailing(project, {"heads", "--format", "xml"}, 2);
  CHECK_THAT(bad.err, Catch::Contains("--format") && Catch::Contains("xml"));
  const ProcessResult failed = RunFailing(project, {"show", "nosuch", "--format", "json"}, 1);
  CHECK(failed.out.empty());
  CHECK_THAT(failed.err, Catch::Contains("nosuch"));
}

}  // namespace
}  // namespace retort::testing
