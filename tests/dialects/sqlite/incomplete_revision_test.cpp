// A revision with "transaction: false" runs its operations one by one, each
// committing on its own. When it fails part-way, what ran stays, the version
// table is left alone, and the revision is marked incomplete until a person
// resolves it with a stamp: running it again could repeat what it did.
#include <catch2/catch.hpp>

#include "retort/commands.h"
#include "retort/error.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;

namespace {

constexpr const char* kBase = "a1a1a1a1a1a1";
constexpr const char* kLoose = "b2b2b2b2b2b2";

std::vector<std::vector<std::string>> Rows(const Project& project, const std::string& sql) {
  return Query(project.database(), sql);
}

// A base revision, then one outside a transaction whose second operation
// fails after the first has taken effect.
void AddFailingLooseRevision(Project& project) {
  project.AddYamlRevision(kBase, "", "  - create_table: {name: t, columns: [{name: id, type: integer}]}\n");
  project.AddYamlRevision(kLoose, kBase, R"yaml(
  - create_index: {name: ix_t_id, table: t, columns: [id]}
  - execute: INSERT INTO no_such_table VALUES (1)
)yaml",
                          "transaction: false\n");
}

// The message of the RevisionError `call` throws; "" when it throws none.
template <class Call>
std::string RevisionErrorOf(Call&& call) {
  try {
    call();
  } catch (const RevisionError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a revision outside a transaction that fails part-way is marked incomplete",
          "[sqlite][incomplete]") {
  Project project;
  AddFailingLooseRevision(project);
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(project.config(), "head", quiet),
                    Catch::Contains("revision b2b2b2b2b2b2") &&
                        Catch::Contains("b2b2b2b2b2b2_rev.yaml") &&
                        Catch::Contains("no such table: no_such_table") &&
                        Catch::Contains("marked incomplete") &&
                        Catch::Contains("'retort stamp b2b2b2b2b2b2'") &&
                        Catch::Contains("'retort stamp a1a1a1a1a1a1'"));
  // What ran before the failure stays; the version table does not move.
  CHECK(Rows(project, "SELECT name FROM sqlite_schema WHERE name = 'ix_t_id'") ==
        std::vector<std::vector<std::string>>{{"ix_t_id"}});
  CHECK(Rows(project, "SELECT version_num FROM retort_version") ==
        std::vector<std::vector<std::string>>{{kBase}});
  const auto marks = Rows(project, "SELECT revision, direction, heads_before, heads_after, failure "
                                   "LIKE '%no_such_table%' FROM retort_incomplete");
  CHECK(marks == std::vector<std::vector<std::string>>{{kLoose, "upgrade", kBase, kLoose, "1"}});
}

TEST_CASE("an incomplete revision stops current, upgrade and downgrade until a stamp resolves it",
          "[sqlite][incomplete]") {
  Project project;
  AddFailingLooseRevision(project);
  MigrationListener quiet;
  CHECK_THROWS(Upgrade(project.config(), "head", quiet));
  const std::string digest = FileDigest(project.database());
  CHECK_THROWS_AS(Current(project.config()), RevisionError);
  for (const std::string& message :
       {RevisionErrorOf([&] { Current(project.config()); }),
        RevisionErrorOf([&] { Upgrade(project.config(), "head", quiet); }),
        RevisionErrorOf([&] { Downgrade(project.config(), "base", quiet); })}) {
    CHECK_THAT(message, Catch::Contains("revision b2b2b2b2b2b2 is incomplete") &&
                            Catch::Contains("failed: ") &&
                            Catch::Contains("Until then upgrade and downgrade refuse to run"));
  }
  CHECK(FileDigest(project.database()) == digest);

  SECTION("undone by hand: stamp the revision before it, then upgrade again") {
    Exec(project.database(), "DROP INDEX ix_t_id");
    // The fixed revision: what the failing statement meant.
    project.AddYamlRevision(kLoose, kBase, R"yaml(
  - create_index: {name: ix_t_id, table: t, columns: [id]}
  - execute: INSERT INTO t VALUES (1)
)yaml",
                            "transaction: false\n");
    CHECK(Stamp(project.config(), {kBase}, false) == std::vector<std::string>{kBase});
    CHECK(Rows(project, "SELECT count(*) FROM retort_incomplete") ==
          std::vector<std::vector<std::string>>{{"0"}});
    Upgrade(project.config(), "head", quiet);
    CHECK(Rows(project, "SELECT version_num FROM retort_version") ==
          std::vector<std::vector<std::string>>{{kLoose}});
    CHECK(Rows(project, "SELECT count(*) FROM t") == std::vector<std::vector<std::string>>{{"1"}});
  }
  SECTION("finished by hand: stamp the revision itself") {
    // force: the file still holds the failing statement, which stamp's
    // schema check would meet again on its scratch database.
    Stamp(project.config(), {kLoose}, false, /*force=*/true);
    CHECK(Current(project.config()).front().header.id == kLoose);
    CHECK(Rows(project, "SELECT revision, direction FROM retort_history ORDER BY id DESC LIMIT 1") ==
          std::vector<std::vector<std::string>>{{kLoose, "stamp"}});
  }
}

TEST_CASE("a revision outside a transaction that succeeds leaves no mark and one history row",
          "[sqlite][incomplete]") {
  Project project;
  project.AddYamlRevision(kBase, "", "  - create_table: {name: t, columns: [{name: id, type: integer}]}\n");
  project.AddRevision("b2b2b2b2b2b2_loose.sql", R"sql(-- revision: b2b2b2b2b2b2
-- down_revision: a1a1a1a1a1a1
-- transaction: false
-- migrate:up
CREATE INDEX ix_t_id ON t (id);
-- migrate:down
DROP INDEX ix_t_id;
)sql");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
  CHECK(Rows(project, "SELECT count(*) FROM retort_incomplete") ==
        std::vector<std::vector<std::string>>{{"0"}});
  CHECK(Rows(project, "SELECT revision, direction FROM retort_history ORDER BY id") ==
        std::vector<std::vector<std::string>>{{kBase, "upgrade"}, {kLoose, "upgrade"}});
  Downgrade(project.config(), kBase, quiet);
  CHECK(Rows(project, "SELECT name FROM sqlite_schema WHERE name = 'ix_t_id'").empty());
  CHECK(Rows(project, "SELECT count(*) FROM retort_incomplete") ==
        std::vector<std::vector<std::string>>{{"0"}});
}

TEST_CASE("transaction: false is refused in a single-transaction run before anything runs",
          "[sqlite][incomplete]") {
  Project project;
  AddFailingLooseRevision(project);
  Config config = project.config();
  config.transaction_per_revision = false;
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(config, "head", quiet),
                    Catch::Contains("b2b2b2b2b2b2") && Catch::Contains("transaction: false") &&
                        Catch::Contains("--single-transaction") &&
                        Catch::Contains("nothing was run"));
  CHECK(FileDigest(project.database()) == "missing");
}

TEST_CASE("a table rebuild is refused in a revision outside a transaction",
          "[sqlite][incomplete]") {
  Project project;
  project.AddYamlRevision(kBase, "", "  - create_table: {name: t, columns: [{name: id, type: integer}, {name: v, type: text}]}\n");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
  Exec(project.database(), "INSERT INTO t VALUES (1, 'x')");
  project.AddYamlRevision(kLoose, kBase, "  - alter_column: {table: t, column: v, nullable: false}\n",
                          "transaction: false\n");
  CHECK_THROWS_WITH(Upgrade(project.config(), "head", quiet),
                    Catch::Contains("must run inside a transaction") &&
                        Catch::Contains("remove transaction: false"));
  // Nothing of the rebuild ran: the table and its row are as they were.
  CHECK(Rows(project, "SELECT sql FROM sqlite_schema WHERE name = 't'").front().front().find(
            "NOT NULL") == std::string::npos);
  CHECK(Rows(project, "SELECT id, v FROM t") == std::vector<std::vector<std::string>>{{"1", "x"}});
}

TEST_CASE("transaction in a SQL revision's header must be true or false", "[sqlite][incomplete]") {
  Project project;
  project.AddRevision("a1a1a1a1a1a1_bad.sql", R"sql(-- revision: a1a1a1a1a1a1
-- down_revision:
-- transaction: maybe
-- migrate:up
SELECT 1;
)sql");
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(project.config(), "head", quiet),
                    Catch::Contains("a1a1a1a1a1a1_bad.sql:3") &&
                        Catch::Contains("transaction must be true or false, not 'maybe'"));
}
