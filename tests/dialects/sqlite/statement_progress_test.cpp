// A revision that no transaction protects keeps, in its incomplete mark,
// what it has done statement by statement: what ran, what was running or
// failed, and which operations did not run. Written before each statement,
// so that a process killed part-way leaves the same account.
#include <catch2/catch.hpp>

#include "retort/commands.h"
#include "retort/error.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;

namespace {

using Rows = std::vector<std::vector<std::string>>;

constexpr const char* kBase = "a1a1a1a1a1a1";
constexpr const char* kLoose = "b2b2b2b2b2b2";

// Lines 6 to 8 of the second revision: the second operation fails.
void AddFailingLooseRevision(Project& project) {
  project.AddYamlRevision(kBase, "",
                          "  - create_table: {name: t, columns: [{name: id, type: integer}]}\n");
  project.AddYamlRevision(kLoose, kBase,
                          "  - create_index: {name: ix_t_id, table: t, columns: [id]}\n"
                          "  - execute: INSERT INTO no_such_table VALUES (1)\n"
                          "  - create_table: {name: never, columns: [{name: id, type: integer}]}\n",
                          "transaction: false\n");
}

const char* const kProgress =
    "ran: line 6, create_index ix_t_id on t: CREATE INDEX ix_t_id ON t (id)\n"
    "failed: line 7, execute INSERT INTO no_such_table VALUES (1)\n"
    "not run: line 8, create_table never";

}  // namespace

TEST_CASE("an unprotected revision's mark says what ran, what failed and what did not run",
          "[sqlite][incomplete][progress]") {
  Project project;
  AddFailingLooseRevision(project);
  MigrationListener quiet;
  std::string message;
  try {
    Upgrade(project.config(), "head", quiet);
  } catch (const Error& error) {
    message = error.what();
  }
  INFO(message);
  const std::string indented =
      "Statement by statement:\n"
      "  ran: line 6, create_index ix_t_id on t: CREATE INDEX ix_t_id ON t (id)\n"
      "  failed: line 7, execute INSERT INTO no_such_table VALUES (1)\n"
      "  not run: line 8, create_table never\n"
      "What ran took effect";
  CHECK_THAT(message, Catch::Contains(indented) && Catch::Contains("marked incomplete"));
  CHECK(Query(project.database(), "SELECT progress FROM retort_incomplete") == Rows{{kProgress}});
  // The next command reads it back from the mark.
  CHECK_THROWS_WITH(
      Current(project.config()),
      Catch::Contains("revision b2b2b2b2b2b2 is incomplete") && Catch::Contains(indented));
}

TEST_CASE("the mark names the statement that is running before it runs",
          "[sqlite][incomplete][progress]") {
  Project project;
  project.AddYamlRevision(kBase, "",
                          "  - create_table: {name: seen, columns: [{name: what, type: text}]}\n");
  // The statement reads the mark as it stands while it runs: what a process
  // killed during it would leave.
  project.AddYamlRevision(kLoose, kBase,
                          "  - execute: INSERT INTO seen SELECT progress FROM retort_incomplete\n"
                          "  - execute: SELECT 1\n",
                          "transaction: false\n");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
  CHECK(Query(project.database(), "SELECT what FROM seen") ==
        Rows{{"running: line 6, execute INSERT INTO seen SELECT progress FROM "
              "retort_incomplete\nnot run: line 7, execute SELECT 1"}});
  // Finished: no mark is left.
  CHECK(Query(project.database(), "SELECT count(*) FROM retort_incomplete") == Rows{{"0"}});
}

TEST_CASE("an incomplete-revision table an older retort made gains its progress column",
          "[sqlite][incomplete][progress]") {
  Project project;
  AddFailingLooseRevision(project);
  MigrationListener quiet;
  Upgrade(project.config(), kBase, quiet);
  // The table as retort made it before progress was kept, holding a mark.
  Exec(project.database(),
       "CREATE TABLE retort_incomplete (revision VARCHAR(255) NOT NULL, direction VARCHAR(16) "
       "NOT NULL, heads_before TEXT NOT NULL, heads_after TEXT NOT NULL, started_at TIMESTAMP "
       "NOT NULL, executed_by VARCHAR(255) NOT NULL, failure TEXT, CONSTRAINT "
       "retort_incomplete_pkc PRIMARY KEY (revision));"
       "INSERT INTO retort_incomplete VALUES ('b2b2b2b2b2b2', 'upgrade', 'a1a1a1a1a1a1', "
       "'b2b2b2b2b2b2', '2026-01-02 03:04:05+00:00', 'old@host', 'it broke')");
  CHECK_THROWS_WITH(Current(project.config()),
                    Catch::Contains("failed: it broke") &&
                        Catch::Contains("Some of its operations may have taken effect"));
  Stamp(project.config(), {kBase}, false);
  CHECK_THROWS(Upgrade(project.config(), "head", quiet));
  CHECK(Query(project.database(), "SELECT progress FROM retort_incomplete") == Rows{{kProgress}});
}
