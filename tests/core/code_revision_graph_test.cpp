// How C++ revisions join the graph: a .cpp file's header, the registration
// that must agree with it, ids nobody else may have, the registry LoadConfig
// reads, and what cannot run (an unregistered revision, a missing downgrade).
#include <catch2/catch.hpp>

#include "code_revision_testing.h"
#include "retort/lint.h"
#include "retort/script_directory.h"

using namespace retort;
using namespace retort::testing;

namespace {

// A revision that does nothing, registered at `source`.
CodeRevision Registration(const std::string& id, std::vector<std::string> down_revisions,
                          const std::string& message, const std::string& source) {
  CodeRevision revision;
  revision.revision = id;
  revision.down_revisions = std::move(down_revisions);
  revision.message = message;
  revision.upgrade = [](RevisionContext&) {};
  revision.source = source;
  return revision;
}

std::string RevisionErrorOf(const Config& config) {
  try {
    History(config, "");
  } catch (const RevisionError& error) {
    return error.what();
  }
  FAIL("no RevisionError");
  return "";
}

}  // namespace

TEST_CASE("a .cpp revision file's comment header puts it in the graph without a registration",
          "[code_revision]") {
  Project project;
  const auto path = project.AddRevision("cafe01_backfill.cpp",
                                        "// revision: cafe01\n"
                                        "// down_revision: null\n"
                                        "// branch_labels: [data]\n"
                                        "// message: backfill\n"
                                        "//\n"
                                        "// note: an ordinary comment with a colon\n"
                                        "#include <retort/code_revision.h>\n"
                                        "// revision: not-read, the header has ended\n");
  const std::vector<RevisionInfo> history = History(project.config(), "");
  REQUIRE(history.size() == 1);
  CHECK(history[0].header.id == "cafe01");
  CHECK(history[0].header.branch_labels == std::vector<std::string>{"data"});
  CHECK(history[0].header.message == "backfill");
  const Revision shown = Show(project.config(), "cafe01");
  REQUIRE(shown.code);
  CHECK_FALSE(shown.code->registered);
  CHECK(shown.checksum == FileDigest(path));
}

TEST_CASE("a .cpp header is refused at its line for a misspelt key, a dialect or no revision",
          "[code_revision]") {
  Project project;
  SECTION("misspelt") {
    project.AddRevision("cafe01_x.cpp", "// revision: cafe01\n// down_revison: null\n");
    CHECK_THROWS_WITH(History(project.config(), ""),
                      Catch::Contains("cafe01_x.cpp:2") && Catch::Contains("down_revision"));
  }
  SECTION("a key C++ revisions do not take") {
    project.AddRevision("cafe01_x.cpp", "// revision: cafe01\n// dialect: sqlite\n");
    CHECK_THROWS_WITH(History(project.config(), ""),
                      Catch::Contains("cafe01_x.cpp:2") && Catch::Contains("'dialect'"));
  }
  SECTION("no id") {
    project.AddRevision("cafe01_x.cpp", "#include <retort/code_revision.h>\n");
    CHECK_THROWS_WITH(History(project.config(), ""),
                      Catch::Contains("no '// revision: <id>' header line"));
  }
}

TEST_CASE("a registration must agree with its .cpp file's header, naming the line and the "
          "registration",
          "[code_revision]") {
  Project project;
  project.AddYamlRevision("base01", "", "  - execute: SELECT 1\n");
  project.AddYamlRevision("other02", "base01", "  - execute: SELECT 1\n");
  project.AddRevision("cafe03_x.cpp",
                      "// revision: cafe03\n// down_revision: base01\n// message: x\n");
  Config config = project.config();
  SECTION("down_revision") {
    config.code_revisions = {Registration("cafe03", {"other02"}, "x", "app/x.cpp:40")};
    const std::string message = RevisionErrorOf(config);
    CHECK_THAT(message, Catch::Contains("cafe03_x.cpp:2"));
    CHECK_THAT(message, Catch::Contains("down_revision [base01]"));
    CHECK_THAT(message, Catch::Contains("registration at app/x.cpp:40 says [other02]"));
  }
  SECTION("message") {
    config.code_revisions = {Registration("cafe03", {"base01"}, "y", "app/x.cpp:40")};
    CHECK_THAT(RevisionErrorOf(config), Catch::Contains("cafe03_x.cpp:3") &&
                                            Catch::Contains("'x'") && Catch::Contains("'y'"));
  }
  SECTION("transaction") {
    CodeRevision registration = Registration("cafe03", {"base01"}, "x", "app/x.cpp:40");
    registration.transactional = false;
    config.code_revisions = {registration};
    MigrationListener quiet;
    Upgrade(config, "base01", quiet);
    const std::string before = FileDigest(project.database());
    CHECK_THROWS_WITH(Upgrade(config, "cafe03", quiet),
                      Catch::Contains("transaction: true") &&
                          Catch::Contains("registration at app/x.cpp:40 says false"));
    CHECK(FileDigest(project.database()) == before);
  }
  SECTION("agreeing: the file's node, run through the registration") {
    bool ran = false;
    CodeRevision registration = Registration("cafe03", {"base01"}, "x", "app/x.cpp:40");
    registration.upgrade = [&ran](RevisionContext&) { ran = true; };
    config.code_revisions = {registration};
    MigrationListener quiet;
    Upgrade(config, "cafe03", quiet);
    CHECK(ran);
  }
}

TEST_CASE("an id a registration shares with a file or another registration is refused, naming "
          "both",
          "[code_revision]") {
  Project project;
  project.AddYamlRevision("base01", "", "  - execute: SELECT 1\n");
  Config config = project.config();
  SECTION("a YAML file") {
    config.code_revisions = {Registration("base01", {}, "x", "app/x.cpp:7")};
    const std::string message = RevisionErrorOf(config);
    CHECK_THAT(message, Catch::Contains("base01_rev.yaml"));
    CHECK_THAT(message, Catch::Contains("app/x.cpp:7"));
  }
  SECTION("two registrations") {
    config.code_revisions = {Registration("cafe02", {"base01"}, "x", "app/x.cpp:7"),
                             Registration("cafe02", {"base01"}, "x", "app/y.cpp:9")};
    CHECK_THAT(RevisionErrorOf(config),
               Catch::Contains("registered twice: at app/x.cpp:7 and at app/y.cpp:9"));
  }
}

TEST_CASE("RegisterCodeRevision fills the registry LoadConfig copies; bad registrations are "
          "refused",
          "[code_revision]") {
  Project project;
  const std::string id = "registry_test_rev";
  CHECK(RegisterCodeRevision(Registration(id, {}, "registered", "")));
  const std::vector<CodeRevision> registered = RegisteredCodeRevisions();
  const CodeRevision* found = nullptr;
  for (const CodeRevision& revision : registered) {
    if (revision.revision == id) found = &revision;
  }
  REQUIRE(found);
  // Where it was registered, from std::source_location.
  CHECK_THAT(found->source, Catch::Contains("code_revision_graph_test.cpp:"));
  bool copied = false;
  for (const CodeRevision& revision : LoadConfig(project.ini()).code_revisions) {
    copied = copied || revision.revision == id;
  }
  CHECK(copied);
  CHECK_THROWS_WITH(RegisterCodeRevision(Registration(id, {}, "again", "b.cpp:2")),
                    Catch::Contains("registered twice") && Catch::Contains("b.cpp:2"));
  CHECK_THROWS_WITH(RegisterCodeRevision(Registration("bad-id", {}, "x", "c.cpp:3")),
                    Catch::Contains("c.cpp:3") && Catch::Contains("bad-id"));
  CodeRevision without_upgrade = Registration("no_upgrade_rev", {}, "x", "d.cpp:4");
  without_upgrade.upgrade = nullptr;
  CHECK_THROWS_WITH(RegisterCodeRevision(without_upgrade),
                    Catch::Contains("d.cpp:4") && Catch::Contains("no upgrade function"));
  // A Config built by hand stays as its builder made it.
  CHECK(project.config().code_revisions.empty());
}

TEST_CASE("what a program cannot run fails before anything runs, naming the revision",
          "[code_revision]") {
  Project project;
  project.AddYamlRevision("base01", "",
                          "  - create_table: {name: t, columns: [{name: id, type: integer}]}\n");
  project.AddRevision("cafe02_x.cpp", "// revision: cafe02\n// down_revision: base01\n");
  Config config = project.config();
  MigrationListener quiet;
  SECTION("a .cpp revision nobody registered") {
    CHECK_THROWS_WITH(Upgrade(config, "head", quiet),
                      Catch::Contains("revision cafe02") && Catch::Contains("cafe02_x.cpp") &&
                          Catch::Contains("is written in C++ and runs only inside the "
                                          "application that registers it"));
    CHECK(FileDigest(project.database()) == "missing");
  }
  SECTION("downgrading a registration without a downgrade function") {
    CodeRevision registration;
    registration.revision = "cafe02";
    registration.down_revisions = {"base01"};
    registration.upgrade = [](RevisionContext& db) { db.Execute("INSERT INTO t VALUES (1)"); };
    registration.source = "app/x.cpp:3";
    config.code_revisions = {registration};
    Upgrade(config, "head", quiet);
    const std::string before = FileDigest(project.database());
    CHECK_THROWS_AS(Downgrade(config, "base", quiet), RevisionError);
    CHECK_THROWS_WITH(Downgrade(config, "base", quiet),
                      Catch::Contains("revision cafe02") && Catch::Contains("app/x.cpp:3") &&
                          Catch::Contains("no downgrade function"));
    CHECK(FileDigest(project.database()) == before);
  }
}

TEST_CASE("lint says a C++ revision cannot be linted instead of passing it silently",
          "[code_revision]") {
  Project project;
  Config config = project.config();
  config.code_revisions = AddMixedHistory(project);
  const LintReport report = Lint(config, "", "sqlite");
  std::vector<std::string> flagged;
  for (const LintFinding& finding : report.findings) {
    if (finding.rule == "cpp-revision") {
      CHECK(finding.severity == LintSeverity::kInfo);
      flagged.push_back(finding.revision);
    }
  }
  std::sort(flagged.begin(), flagged.end());
  CHECK(flagged == std::vector<std::string>{kBackfillRevision, kEntryRevision});
}

TEST_CASE("the schema a history implies runs its C++ revisions on the scratch database",
          "[code_revision]") {
  Project project;
  Config config = project.config();
  config.code_revisions = AddMixedHistory(project);
  CodeRevision creates;
  creates.revision = "creates05";
  creates.down_revisions = {kEntryRevision};
  creates.upgrade = [](RevisionContext& db) {
    db.Execute("CREATE TABLE made_in_code (id INTEGER PRIMARY KEY)");
  };
  creates.source = "tests/creates.cpp:1";
  config.code_revisions.push_back(creates);
  const Schema schema = ImpliedSchema(config, {"creates05"});
  std::vector<std::string> tables;
  for (const Table& table : schema.tables) tables.push_back(table.name.name);
  std::sort(tables.begin(), tables.end());
  CHECK(tables == std::vector<std::string>{"audit", "made_in_code", "users"});
  // Nothing ran on the project's own database.
  CHECK(FileDigest(project.database()) == "missing");
}

TEST_CASE("a .cpp revision naming a missing down_revision is refused at its header line",
          "[code_revision]") {
  Project project;
  project.AddRevision("cafe01_x.cpp", "// revision: cafe01\n//\n// down_revision: nowhere\n");
  CHECK_THROWS_WITH(History(project.config(), ""),
                    Catch::Contains("cafe01_x.cpp:3") && Catch::Contains("nowhere"));
}
