// The retort program and C++ revisions: it shows them from their .cpp
// files' headers, refuses to run them (naming the revision and what to do)
// with the database unchanged, and `revision --code` writes a skeleton that
// compiles and registers what its header says.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli_test_helpers.h"

using namespace retort;
using namespace retort::testing;

namespace {

// base01 (YAML) <- cafe02 (C++, its file only) <- sql03 (SQL).
void AddHistoryWithCppFile(Project& project) {
  project.AddYamlRevision("base01", "",
                          "  - create_table: {name: t, columns: [{name: id, type: integer}]}\n");
  project.AddRevision("cafe02_backfill.cpp",
                      "// revision: cafe02\n// down_revision: base01\n// message: backfill\n"
                      "#include <retort/code_revision.h>\n");
  project.AddRevision("sql03_more.sql",
                      "-- revision: sql03\n-- down_revision: cafe02\n-- migrate:up\n"
                      "INSERT INTO t VALUES (3);\n-- migrate:down\nDELETE FROM t;\n");
}

}  // namespace

TEST_CASE("retort lists and shows a .cpp revision and refuses to run it, naming it",
          "[code_revision]") {
  Project project;
  AddHistoryWithCppFile(project);
  const ProcessResult history = RunOk(project, {"history"});
  CHECK_THAT(history.out, Catch::Contains("base01 -> cafe02") &&
                              Catch::Contains("cafe02 -> sql03"));
  const ProcessResult shown = RunOk(project, {"show", "cafe02"});
  CHECK_THAT(shown.out, Catch::Contains("cafe02_backfill.cpp") &&
                            Catch::Contains("runs only inside the application"));

  RunOk(project, {"upgrade", "base01"});
  const ProcessResult refused = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(refused.err,
             Catch::Contains("revision cafe02 (") && Catch::Contains("cafe02_backfill.cpp)") &&
                 Catch::Contains("is written in C++ and runs only inside the application that "
                                 "registers it; run the application, or `retort stamp --force` "
                                 "past it"));
  CHECK(VersionRows(project.database()) == std::vector<std::string>{"base01"});

  // Stamped past it by hand, the rest runs.
  RunOk(project, {"stamp", "--force", "cafe02"});
  RunOk(project, {"upgrade", "head"});
  CHECK(VersionRows(project.database()) == std::vector<std::string>{"sql03"});
  CHECK(Query(project.database(), "SELECT id FROM t") ==
        std::vector<std::vector<std::string>>{{"3"}});
  // Back down to it, and no further.
  RunOk(project, {"downgrade", "cafe02"});
  RunFailing(project, {"downgrade", "base"}, 1);
  CHECK(VersionRows(project.database()) == std::vector<std::string>{"cafe02"});
}

TEST_CASE("retort revision --code writes a skeleton that compiles and registers what its "
          "header says",
          "[code_revision]") {
  Project project;
  project.AddYamlRevision("base01", "", "  - execute: SELECT 1\n");
  const ProcessResult written = RunOk(project, {"revision", "--code", "-m", "Backfill \"phones\"",
                                                "--rev-id", "cafe09", "--branch-label", "data"});
  const std::filesystem::path path = GeneratedFile(project, written);
  CHECK(path.filename() == "cafe09_backfill_phones.cpp");
  const std::string text = ReadFile(path);
  CHECK_THAT(text, Catch::StartsWith("// revision: cafe09\n// down_revision: base01\n"));

  // The retort program reads it into the graph.
  CHECK_THAT(RunOk(project, {"heads"}).out, Catch::Contains("cafe09"));
  CHECK_THAT(RunOk(project, {"show", "cafe09"}).out,
             Catch::Contains("Branch labels: data") && Catch::Contains("Backfill \"phones\""));

  // The application compiles it, warnings as errors, with a main that
  // prints what got registered.
  WriteFile(project.root() / "main.cpp",
            "#include <retort/code_revision.h>\n#include <iostream>\n"
            "int main() {\n"
            "  for (const retort::CodeRevision& r : retort::RegisteredCodeRevisions()) {\n"
            "    std::cout << r.revision << '|' << r.down_revisions.at(0) << '|'\n"
            "              << r.branch_labels.at(0) << '|' << r.message << '|'\n"
            "              << (r.downgrade ? \"downgrade\" : \"none\") << '\\n';\n"
            "  }\n"
            "}\n");
  const std::filesystem::path library = RETORT_CORE_LIBRARY;
  std::vector<std::string> arguments = {
      "-std=c++20", "-Wall", "-Wextra", "-Werror", "-I", RETORT_CORE_INCLUDE_DIR,
      path.string(), "main.cpp", "-o", "app", library.string(),
      "-Wl,-rpath," + library.parent_path().string()};
  // A sanitized core needs its runtimes linked into the program first.
  if (const std::string flags = RETORT_CONSUMER_LINK_FLAGS; !flags.empty()) {
    arguments.push_back(flags);
  }
  const ProcessResult compiled = RunProgram(RETORT_CXX_COMPILER, arguments, project.root());
  INFO("compiler: " << compiled.err);
  REQUIRE(compiled.exit_code == 0);
  const ProcessResult ran = RunProgram((project.root() / "app").string(), {}, project.root());
  INFO(ran.err);
  CHECK(ran.exit_code == 0);
  CHECK(ran.out == "cafe09|base01|data|Backfill \"phones\"|downgrade\n");
}

TEST_CASE("retort revision --code goes with neither --format nor --autogenerate",
          "[code_revision]") {
  Project project;
  const ProcessResult both = RunFailing(project, {"revision", "--code", "--format", "sql"}, 2);
  CHECK_THAT(both.err, Catch::Contains("--code and --format"));
  const ProcessResult generated =
      RunFailing(project, {"revision", "--code", "--autogenerate", "--to", "x.sql"}, 1);
  CHECK_THAT(generated.err, Catch::Contains("leave out --code"));
}
