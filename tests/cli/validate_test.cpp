// retort validate, validate --accept and on_checksum_mismatch through the
// real binary on SQLite files: edited, missing and unknown revisions, the
// hash chain of the history table (tampered with by hand), and a history
// table an older retort made.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "cli_test_helpers.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Catch::Contains;
using Rows = std::vector<std::vector<std::string>>;

constexpr char kA[] = "a1a1a1a1a1a1";
constexpr char kB[] = "b2b2b2b2b2b2";
constexpr char kC[] = "c3c3c3c3c3c3";

std::filesystem::path FileOf(const Project& project, const std::string& id) {
  return project.versions() / (id + "_rev.yaml");
}

// kA and kB, which create tables a and b.
void AddTwoRevisions(Project& project) {
  project.AddYamlRevision(kA, "",
                          "  - create_table: {name: a, columns: [{name: id, type: integer}]}\n");
  project.AddYamlRevision(kB, kA,
                          "  - create_table: {name: b, columns: [{name: id, type: integer}]}\n");
}

void AddThird(Project& project) {
  project.AddYamlRevision(kC, kB,
                          "  - create_table: {name: c, columns: [{name: id, type: integer}]}\n");
}

// Changes the file's bytes, not what it does.
void Reformat(const Project& project, const std::string& id) {
  WriteFile(FileOf(project, id), ReadFile(FileOf(project, id)) + "# reformatted\n");
}

ProcessResult Validate(const Project& project, int exit_code) {
  ProcessResult result = Retort(project, {"validate"});
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == exit_code);
  return result;
}

}  // namespace

TEST_CASE("every history row is chained to the one before it, stamps too", "[cli][validate]") {
  Project project;
  AddTwoRevisions(project);
  RunOk(project, {"upgrade", "head"});
  RunOk(project, {"stamp", "base", "--force"});
  RunOk(project, {"stamp", kA, "--force"});
  const Rows rows = Query(project.database(),
                          "SELECT direction, previous_hash, row_hash, note IS NULL FROM "
                          "retort_history ORDER BY id");
  REQUIRE(rows.size() == 4);
  CHECK(rows[0][1].empty());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO("row " << i + 1 << ": " << rows[i][0]);
    CHECK(rows[i][2].size() == 64);
    CHECK(rows[i][3] == "1");
    if (i > 0) CHECK(rows[i][1] == rows[i - 1][2]);
  }
  CHECK(rows[2][0] == "unstamp");
  CHECK(rows[3][0] == "stamp");
}

// Within a run, a row links to the hash of the row committed before it
// without reading it back; a revision that failed, one outside a
// transaction and the next run must not break the chain.
TEST_CASE("rows written in one run chain through a revision outside a transaction and a failure",
          "[cli][validate]") {
  Project project;
  AddTwoRevisions(project);
  project.AddYamlRevision(kC, kB,
                          "  - create_table: {name: c, columns: [{name: id, type: integer}]}\n",
                          "transaction: false\n");
  constexpr char kD[] = "d4d4d4d4d4d4";
  project.AddYamlRevision(kD, kC, "  - execute: INSERT INTO missing_table (id) VALUES (1)\n");
  const ProcessResult failed = Retort(project, {"upgrade", "head"});
  INFO("stderr: " << failed.err);
  CHECK(failed.exit_code == 1);
  // Fixed, as its author would (never applied, so it may be edited).
  project.AddYamlRevision(kD, kC,
                          "  - create_table: {name: d, columns: [{name: id, type: integer}]}\n");
  RunOk(project, {"upgrade", "head"});
  RunOk(project, {"downgrade", "-2"});
  RunOk(project, {"upgrade", "head"});
  const Rows rows =
      Query(project.database(), "SELECT previous_hash, row_hash FROM retort_history ORDER BY id");
  REQUIRE(rows.size() == 8);
  CHECK(rows[0][0].empty());
  for (std::size_t i = 1; i < rows.size(); ++i) {
    INFO("row " << i + 1);
    CHECK(rows[i][0] == rows[i - 1][1]);
  }
  Validate(project, 0);
}

TEST_CASE("validate passes when every applied revision matches its file", "[cli][validate]") {
  Project project;
  AddTwoRevisions(project);
  CHECK_THAT(Validate(project, 0).out, Contains("OK: 0 applied revision(s)"));
  RunOk(project, {"upgrade", "head"});
  AddThird(project);  // not applied: not checked
  CHECK(Validate(project, 0).out ==
        "OK: 2 applied revision(s) match their files, and the history chain holds\n");
}

TEST_CASE("an edited applied revision fails validate, stops upgrade and downgrade, and is "
          "accepted with a reason",
          "[cli][validate]") {
  Project project;
  AddTwoRevisions(project);
  RunOk(project, {"upgrade", "head"});
  const std::string recorded = FileDigest(FileOf(project, kA));
  Reformat(project, kA);
  const std::string now = FileDigest(FileOf(project, kA));
  AddThird(project);

  const ProcessResult validate = Validate(project, 1);
  CHECK_THAT(validate.out, Contains("edited: revision " + std::string(kA)));
  CHECK_THAT(validate.out, Contains("checksum recorded " + recorded + ", file now " + now));
  CHECK_THAT(validate.out, Contains("Validation failed: 1 of 2 applied revision(s)"));

  for (const char* command : {"upgrade", "downgrade"}) {
    const ProcessResult refused =
        RunFailing(project, {command, command == std::string("upgrade") ? "head" : "base"}, 1);
    CHECK_THAT(refused.err, Contains("revision " + std::string(kA)));
    CHECK_THAT(refused.err, Contains(recorded));
    CHECK_THAT(refused.err, Contains(now));
    CHECK_THAT(refused.err, Contains("retort validate --accept " + std::string(kA)));
  }
  CHECK_FALSE(HasTable(project.database(), "c"));

  // warn: a notice, and the run goes on.
  const ProcessResult warned =
      RunOk(project, {"upgrade", "head", "--on-checksum-mismatch", "warn"});
  CHECK_THAT(warned.out, Contains("was edited after it was applied"));
  CHECK(HasTable(project.database(), "c"));

  const ProcessResult accepted =
      RunOk(project, {"validate", "--accept", std::string(kA).substr(0, 6), "-m", "reformatted"});
  CHECK(accepted.out == "Accepted the current checksum of revision " + std::string(kA) + "\n");
  const Rows row = Query(project.database(),
                         "SELECT direction, checksum, note, executed_by FROM retort_history "
                         "WHERE id = (SELECT MAX(id) FROM retort_history)");
  REQUIRE(row.size() == 1);
  CHECK(row[0][0] == "accept");
  CHECK(row[0][1] == now);
  CHECK(row[0][2] == "reformatted");
  CHECK(row[0][3] == Query(project.database(),
                           "SELECT executed_by FROM retort_history WHERE id = 1")[0][0]);
  CHECK_THAT(Validate(project, 0).out, Contains("OK: 3 applied revision(s)"));
  RunOk(project, {"downgrade", "base"});
}

TEST_CASE("on_checksum_mismatch = warn in retort.ini lets upgrade run over an edit",
          "[cli][validate]") {
  Project project;
  AddTwoRevisions(project);
  RunOk(project, {"upgrade", kA});
  Reformat(project, kA);
  WriteFile(project.ini(), ReadFile(project.ini()) + "on_checksum_mismatch = warn\n");
  CHECK_THAT(RunOk(project, {"upgrade", "head"}).out,
             Contains("on_checksum_mismatch = warn: going on"));
  CHECK(HasTable(project.database(), "b"));
  // The option overrides the file.
  Reformat(project, kB);
  RunFailing(project, {"downgrade", "base", "--on-checksum-mismatch", "error"}, 1);
}

TEST_CASE("an applied revision whose file is gone is missing", "[cli][validate]") {
  Project project;
  AddTwoRevisions(project);
  RunOk(project, {"upgrade", "head"});
  const std::string recorded = FileDigest(FileOf(project, kB));
  std::filesystem::remove(FileOf(project, kB));
  CHECK_THAT(Validate(project, 1).out,
             Contains("missing: revision " + std::string(kB) + ": checksum recorded " + recorded +
                      ", file (none)\n"));
  // A revision downgraded before its file went is not missing.
  Project other;
  AddTwoRevisions(other);
  RunOk(other, {"upgrade", "head"});
  RunOk(other, {"downgrade", kA});
  std::filesystem::remove(FileOf(other, kB));
  Validate(other, 0);
}

TEST_CASE("a stamped revision has no checksum on record: unknown until accepted",
          "[cli][validate]") {
  Project project;
  AddTwoRevisions(project);
  RunOk(project, {"stamp", "head", "--force"});
  const ProcessResult result = Validate(project, 1);
  for (const char* id : {kA, kB}) {
    CHECK_THAT(result.out, Contains("unknown: revision " + std::string(id)));
    CHECK_THAT(result.out, Contains("checksum recorded (none recorded), file now " +
                                    FileDigest(FileOf(project, id))));
  }
  // Stamped revisions do not stop an upgrade.
  AddThird(project);
  RunOk(project, {"upgrade", "head"});
  RunOk(project, {"validate", "--accept", kA, "--accept", kB, "-m", "adopted by hand"});
  Validate(project, 0);
}

TEST_CASE("a history row altered or deleted by hand breaks the chain, named by row",
          "[cli][validate]") {
  Project project;
  AddTwoRevisions(project);
  AddThird(project);
  RunOk(project, {"upgrade", "head"});
  Validate(project, 0);
  const std::string pristine = ReadFile(project.database());

  Exec(project.database(), "UPDATE retort_history SET executed_by = 'mallory@host' WHERE id = 2");
  CHECK_THAT(Validate(project, 1).out,
             Contains("broken chain: history row 2 (revision " + std::string(kB) +
                      "): row_hash"));

  WriteFile(project.database(), pristine);
  Exec(project.database(), "DELETE FROM retort_history WHERE id = 2");
  const ProcessResult deleted = Validate(project, 1);
  CHECK_THAT(deleted.out, Contains("broken chain: history row 3 (revision " + std::string(kC) +
                                   "): previous_hash"));
  CHECK_THAT(deleted.out, Contains("row 1 before it"));
  // kB's upgrade row went with it: its checksum is no longer on record.
  CHECK_THAT(deleted.out, Contains("unknown: revision " + std::string(kB)));
}

TEST_CASE("a history table from the previous release gains the note and hash columns in place",
          "[cli][validate]") {
  Project project;
  AddTwoRevisions(project);
  // As the previous release made them (with tag, without note and hashes), at kA.
  Exec(project.database(),
       "CREATE TABLE retort_version (version_num VARCHAR(255) NOT NULL, CONSTRAINT "
       "retort_version_pkc PRIMARY KEY (version_num));"
       "CREATE TABLE retort_history (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, revision "
       "VARCHAR(255) NOT NULL, direction VARCHAR(16) NOT NULL, checksum VARCHAR(64), started_at "
       "TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ NOT NULL, duration_ms DOUBLE NOT NULL, "
       "executed_by VARCHAR(255) NOT NULL, tag VARCHAR(255));"
       "CREATE TABLE a (id INTEGER);"
       "INSERT INTO retort_version VALUES ('" + std::string(kA) + "');"
       "INSERT INTO retort_history (revision, direction, checksum, started_at, finished_at, "
       "duration_ms, executed_by, tag) VALUES ('" + std::string(kA) + "', 'upgrade', '" +
       FileDigest(FileOf(project, kA)) + "', '2024-01-02 03:04:05.000000+00:00', "
       "'2024-01-02 03:04:05.100000+00:00', 100.0, 'old@host', 'v1');");

  // Reading changes nothing, and old rows are not a broken chain.
  const std::string before = FileDigest(project.database());
  CHECK(Validate(project, 0).out ==
        "not chained (written before hash chaining): 1 history row\n"
        "OK: 1 applied revision(s) match their files, and the history chain holds\n");
  CHECK(FileDigest(project.database()) == before);

  RunOk(project, {"upgrade", "head"});
  const Rows rows = Query(project.database(),
                          "SELECT executed_by, tag, COALESCE(row_hash, 'NULL'), previous_hash "
                          "FROM retort_history ORDER BY id");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0][0] == "old@host");
  CHECK(rows[0][1] == "v1");
  CHECK(rows[0][2] == "NULL");
  CHECK(rows[1][2].size() == 64);
  CHECK(rows[1][3].empty());
  CHECK_THAT(Validate(project, 0).out, Contains("OK: 2 applied revision(s)"));
}

TEST_CASE("validate --accept refuses what it cannot accept, writing nothing", "[cli][validate]") {
  Project project;
  AddTwoRevisions(project);
  AddThird(project);
  RunOk(project, {"upgrade", kB});
  Reformat(project, kA);

  CHECK_THAT(RunFailing(project, {"validate", "--accept", kA}, 2).err,
             Contains("--accept needs -m"));
  CHECK_THAT(RunFailing(project, {"validate", "-m", "why"}, 2).err, Contains("--accept"));
  CHECK_THAT(RunFailing(project, {"validate", "--accept", "ffffffffffff", "-m", "x"}, 1).err,
             Contains("ffffffffffff"));
  CHECK_THAT(RunFailing(project, {"validate", "--accept", kA, "--accept", kB, "-m", "x"}, 1).err,
             Contains("revision " + std::string(kB) + " matches the checksum recorded"));
  CHECK_THAT(RunFailing(project, {"validate", "--accept", kC, "-m", "x"}, 1).err,
             Contains("revision " + std::string(kC) + " is not applied"));
  CHECK_THAT(RunFailing(project, {"validate", "--accept", kA, "-m", " "}, 1).err,
             Contains("needs a reason"));
  CHECK_THAT(RunFailing(project, {"upgrade", "head", "--on-checksum-mismatch", "maybe"}, 2).err,
             Contains("--on-checksum-mismatch: 'maybe' is not error or warn"));

  WriteFile(project.ini(), ReadFile(project.ini()) + "on_checksum_mismatch = sometimes\n");
  const ProcessResult bad = RunFailing(project, {"upgrade", "head"}, 1);
  CHECK_THAT(bad.err, Contains("retort.ini:"));
  CHECK_THAT(bad.err, Contains("on_checksum_mismatch: 'sometimes' is not error or warn"));
}

}  // namespace retort::testing
