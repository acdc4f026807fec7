// retort validate, --accept and on_checksum_mismatch against a PostgreSQL
// database: the hash chain as PostgreSQL stores it, edits stopping upgrade,
// rows altered or deleted with SQL, and a history table the previous
// release made.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "cli_test_helpers.h"
#include "postgres_support.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Catch::Contains;

constexpr char kA[] = "a1a1a1a1a1a1";
constexpr char kB[] = "b2b2b2b2b2b2";
constexpr char kC[] = "c3c3c3c3c3c3";

struct PgValidate {
  Project project;
  PostgresDatabase db;

  PgValidate() {
    for (const auto& [id, parent, table] :
         {std::tuple{kA, "", "a"}, std::tuple{kB, kA, "b"}, std::tuple{kC, kB, "c"}}) {
      project.AddYamlRevision(id, parent,
                              std::string("  - create_table: {name: ") + table +
                                  ", columns: [{name: id, type: integer}]}\n");
    }
  }

  std::filesystem::path File(const std::string& id) const {
    return project.versions() / (id + "_rev.yaml");
  }

  ProcessResult Run(std::vector<std::string> arguments, int exit_code) const {
    arguments.insert(arguments.begin(), {"--url", db.url()});
    ProcessResult result = Retort(project, arguments);
    INFO(CommandLine(arguments) << "\nstdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == exit_code);
    return result;
  }

  std::string Value(const std::string& sql) const { return db.Query(sql).at(0).at(0); }
};

}  // namespace

TEST_CASE("PostgreSQL: edited, missing and unknown revisions, the chain, and --accept",
          "[postgresql][cli][validate]") {
  PgValidate pg;
  pg.Run({"upgrade", kB}, 0);
  CHECK(pg.Value("SELECT previous_hash = '' AND length(row_hash) = 64 FROM retort_history "
                 "WHERE id = 1") == "t");
  CHECK(pg.Value("SELECT b.previous_hash = a.row_hash FROM retort_history a, retort_history b "
                 "WHERE a.id = 1 AND b.id = 2") == "t");
  CHECK_THAT(pg.Run({"validate"}, 0).out, Contains("OK: 2 applied revision(s)"));

  // An edit: validate names it with both checksums, upgrade changes nothing.
  const std::string recorded = FileDigest(pg.File(kA));
  WriteFile(pg.File(kA), ReadFile(pg.File(kA)) + "# reformatted\n");
  const std::string now = FileDigest(pg.File(kA));
  CHECK_THAT(pg.Run({"validate"}, 1).out,
             Contains("edited: revision " + std::string(kA)) &&
                 Contains("checksum recorded " + recorded + ", file now " + now));
  const std::string before = pg.db.Digest();
  CHECK_THAT(pg.Run({"upgrade", "head"}, 1).err,
             Contains(recorded) && Contains(now) && Contains("validate --accept"));
  CHECK(pg.db.Digest() == before);

  CHECK_THAT(pg.Run({"upgrade", "head", "--on-checksum-mismatch", "warn"}, 0).out,
             Contains("was edited after it was applied"));
  CHECK(pg.Value("SELECT version_num FROM retort_version") == kC);

  pg.Run({"validate", "--accept", kA, "-m", "whitespace only"}, 0);
  CHECK(pg.Value("SELECT direction || ' ' || checksum || ' ' || note || ' ' || "
                 "(executed_by = (SELECT executed_by FROM retort_history WHERE id = 1)) FROM "
                 "retort_history ORDER BY id DESC LIMIT 1") ==
        "accept " + now + " whitespace only true");
  pg.Run({"validate"}, 0);

  // Rows altered or deleted with SQL break the chain at that row.
  pg.db.Exec("UPDATE retort_history SET revision = 'ffffffffffff' WHERE id = 2");
  CHECK_THAT(pg.Run({"validate"}, 1).out,
             Contains("broken chain: history row 2 (revision ffffffffffff): row_hash"));
  pg.db.Exec("DELETE FROM retort_history WHERE id = 2");
  CHECK_THAT(pg.Run({"validate"}, 1).out,
             Contains("broken chain: history row 3 (revision " + std::string(kC) +
                      "): previous_hash"));

  // Stamped: unknown; a file gone: missing.
  PgValidate stamped;
  stamped.Run({"stamp", kB, "--force"}, 0);
  CHECK_THAT(stamped.Run({"validate"}, 1).out,
             Contains("unknown: revision " + std::string(kA)) &&
                 Contains("checksum recorded (none recorded), file now " +
                          FileDigest(stamped.File(kB))));
  stamped.Run({"upgrade", "head"}, 0);
  const std::string c_checksum = FileDigest(stamped.File(kC));
  std::filesystem::remove(stamped.File(kC));
  CHECK_THAT(stamped.Run({"validate"}, 1).out,
             Contains("missing: revision " + std::string(kC) + ": checksum recorded " +
                      c_checksum + ", file (none)"));
}

TEST_CASE("PostgreSQL: a history table the previous release made is brought up to date in "
          "place",
          "[postgresql][cli][validate]") {
  PgValidate pg;
  pg.db.Exec("CREATE TABLE retort_version (version_num VARCHAR(255) NOT NULL, CONSTRAINT "
             "retort_version_pkc PRIMARY KEY (version_num));"
             "CREATE TABLE retort_history (id SERIAL NOT NULL PRIMARY KEY, revision "
             "VARCHAR(255) NOT NULL, direction VARCHAR(16) NOT NULL, checksum VARCHAR(64), "
             "started_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ NOT NULL, duration_ms "
             "DOUBLE PRECISION NOT NULL, executed_by VARCHAR(255) NOT NULL, tag VARCHAR(255));"
             "CREATE TABLE a (id INTEGER);"
             "INSERT INTO retort_version VALUES ('" + std::string(kA) + "');"
             "INSERT INTO retort_history (revision, direction, checksum, started_at, "
             "finished_at, duration_ms, executed_by) VALUES ('" + std::string(kA) +
             "', 'upgrade', '" + FileDigest(pg.File(kA)) +
             "', now(), now(), 12.5, 'old@host');");
  CHECK_THAT(pg.Run({"validate"}, 0).out,
             Contains("not chained (written before hash chaining): 1 history row"));
  pg.Run({"upgrade", "head"}, 0);
  const std::string who = pg.Value("SELECT executed_by FROM retort_history WHERE id = 2");
  CHECK(pg.db.Query("SELECT executed_by, row_hash IS NULL FROM retort_history ORDER BY id") ==
        std::vector<std::vector<std::string>>{{"old@host", "t"}, {who, "f"}, {who, "f"}});
  CHECK_THAT(pg.Run({"validate"}, 0).out, Contains("OK: 3 applied revision(s)"));
}

}  // namespace retort::testing
