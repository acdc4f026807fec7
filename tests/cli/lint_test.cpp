// retort lint on the command line: text and JSON reports, the exit code at
// each --fail-level, the range, --dialect, and that no database is opened.
#include <catch2/catch.hpp>

#include "cli_test_helpers.h"

namespace retort::testing {
namespace {

// A project whose ini names a PostgreSQL server that does not exist: lint
// must judge for PostgreSQL without connecting.
void MakeOfflinePostgresProject(Project& project) {
  WriteFile(project.ini(),
            "[retort]\nscript_location = migrations\n"
            "url = postgresql://nobody@127.0.0.1:1/nothing\n");
  project.AddYamlRevision("a1", "",
                          "- create_index: {name: ix_t_a, table: t, columns: [a]}\n",
                          "ddl_lock_timeout: 5\n");
  project.AddYamlRevision("a2", "a1",
                          "- alter_column: {table: t, column: c, nullable: false}\n",
                          "ddl_lock_timeout: 5\n");
}

TEST_CASE("retort lint: a text report per finding, exit 1 at the default fail level error",
          "[lint][cli]") {
  Project project;
  MakeOfflinePostgresProject(project);
  const ProcessResult result = Retort(project, {"lint"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK(result.err.empty());
  CHECK_THAT(result.out, Catch::Contains("a1_rev.yaml:6: warning [pg-create-index] create_index "
                                         "ix_t_a on t (revision a1)\n  takes ShareLock on t; scans "
                                         "the table\n"));
  CHECK_THAT(result.out, Catch::Contains("a2_rev.yaml:6: error [pg-set-not-null]"));
  CHECK_THAT(result.out,
             Catch::Contains("  safer:\n    - alter_column: {table: t, column: c, nullable: "
                             "false, via_check: true}\n"));
  CHECK_THAT(result.out, Catch::EndsWith("2 findings (1 error, 1 warning, 0 info) in 2 "
                                         "revisions for postgresql\n"));
}

TEST_CASE("retort lint: --fail-level decides the exit code", "[lint][cli]") {
  Project project;
  MakeOfflinePostgresProject(project);
  // a1 alone has a warning only.
  CHECK(Retort(project, {"lint", "a1:a1"}).exit_code == 0);
  CHECK(Retort(project, {"lint", "a1:a1", "--fail-level", "warning"}).exit_code == 1);
  CHECK(Retort(project, {"lint", "a1:a1", "--fail-level", "info"}).exit_code == 1);
  CHECK(Retort(project, {"lint", "--fail-level", "error"}).exit_code == 1);
  const ProcessResult bad = RunFailing(project, {"lint", "--fail-level", "fatal"}, 2);
  CHECK_THAT(bad.err, Catch::Contains("--fail-level: unknown severity 'fatal'"));
  const ProcessResult format = RunFailing(project, {"lint", "--format", "xml"}, 2);
  CHECK_THAT(format.err, Catch::Contains("--format: unknown format 'xml'"));
}

TEST_CASE("retort lint --format json: every field of every finding", "[lint][cli]") {
  Project project;
  MakeOfflinePostgresProject(project);
  const ProcessResult result = Retort(project, {"lint", "--format", "json"});
  CHECK(result.exit_code == 1);
  const std::string& out = result.out;
  CHECK_THAT(out,
             Catch::StartsWith("{\n  \"format_version\": 1,\n  \"dialect\": \"postgresql\",\n"));
  for (const char* field :
       {"\"rule\": \"pg-set-not-null\"", "\"severity\": \"error\"", "\"revision\": \"a2\"",
        "\"line\": 6", "\"operation\": \"alter_column t.c\"", "\"mode\": \"AccessExclusiveLock\"",
        "\"table\": \"t\"", "\"scans\": true", "\"rewrites\": false", "\"rebuilds\": []",
        "\"safer\": \"- alter_column: {table: t, column: c, nullable: false, via_check: true}\""}) {
    CHECK_THAT(out, Catch::Contains(field));
  }
  CHECK_THAT(out, Catch::Contains("a2_rev.yaml\""));
}

TEST_CASE("retort lint --dialect judges for a dialect other than the URL's, offline",
          "[lint][cli]") {
  Project project;
  MakeOfflinePostgresProject(project);
  const ProcessResult sqlite = Retort(project, {"lint", "--dialect", "sqlite"});
  INFO(sqlite.out << sqlite.err);
  CHECK(sqlite.exit_code == 0);
  CHECK_THAT(sqlite.out, Catch::Contains("[sqlite-rebuild] alter_column t.c"));
  CHECK_THAT(sqlite.out, Catch::Contains("rebuilds t (copies every row)"));

  // With no URL at all, --dialect is what says which rules apply.
  Project bare;
  WriteFile(bare.ini(), "[retort]\nscript_location = migrations\n");
  bare.AddYamlRevision("a1", "", "- drop_table: t\n");
  CHECK_THAT(Retort(bare, {"lint", "--dialect", "postgres"}).out,
             Catch::Contains("[pg-drop-table]"));
  const ProcessResult no_url = RunFailing(bare, {"lint"}, 1);
  CHECK_THAT(no_url.err, Catch::Contains("no database URL"));
  const ProcessResult unknown = RunFailing(bare, {"lint", "--dialect", "oracle"}, 1);
  CHECK_THAT(unknown.err, Catch::Contains("oracle"));
}

TEST_CASE("retort lint: a range that does not resolve is an error naming it", "[lint][cli]") {
  Project project;
  MakeOfflinePostgresProject(project);
  const ProcessResult result = RunFailing(project, {"lint", "zzzz:a2"}, 1);
  CHECK_THAT(result.err, Catch::Contains("zzzz"));
}

}  // namespace
}  // namespace retort::testing
