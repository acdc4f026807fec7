// A history mixing YAML, SQL and C++ revisions, run on each dialect's real
// database by the same checks: a YAML table, a C++ backfill that queries
// and updates its rows (registered without a file), a SQL table, and a C++
// revision whose .cpp file sits in the versions folder beside its
// registration.
#ifndef RETORT_TESTS_SUPPORT_CODE_REVISION_TESTING_H_
#define RETORT_TESTS_SUPPORT_CODE_REVISION_TESTING_H_

#include <catch2/catch.hpp>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "retort/code_revision.h"
#include "retort/commands.h"
#include "retort/error.h"
#include "test_support.h"

namespace retort::testing {

inline constexpr const char* kUsersRevision = "users01";
inline constexpr const char* kBackfillRevision = "backfill02";
inline constexpr const char* kAuditRevision = "audit03";
inline constexpr const char* kEntryRevision = "entry04";

// Every row of `sql` as text; NULL as "NULL".
using RowReader = std::function<std::vector<std::vector<std::string>>(const std::string& sql)>;

// The .cpp file of kEntryRevision, as `retort revision --code` would start it.
inline std::string EntryRevisionFile() {
  return "// revision: entry04\n"
         "// down_revision: audit03\n"
         "// message: record the backfill\n"
         "#include <retort/code_revision.h>\n"
         "// (the registration lives in the test)\n";
}

// Upper-cases every user's name into name_upper, one bound UPDATE per row.
inline void BackfillUpperNames(RevisionContext& db) {
  const QueryResult users = db.Query("SELECT id, name FROM users ORDER BY id");
  REQUIRE(users.columns == std::vector<std::string>{"id", "name"});
  for (const auto& row : users.rows) {
    std::string upper = row.at(1).value_or("");
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    db.Query("UPDATE users SET name_upper = :upper WHERE id = :id", {upper, row.at(0)});
  }
  db.Notice("backfilled " + std::to_string(users.rows.size()) + " users");
}

// Writes the YAML, SQL and .cpp files of the mixed history into `project`
// and returns the two registrations.
inline std::vector<CodeRevision> AddMixedHistory(Project& project) {
  project.AddYamlRevision(kUsersRevision, "", R"yaml(
  - create_table:
      name: users
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: name, type: text}
        - {name: name_upper, type: text}
  - bulk_insert: {table: users, rows: [{id: 1, name: ada}, {id: 2, name: bob}, {id: 3, name: null}]}
)yaml");
  project.AddRevision("audit03_audit.sql",
                      "-- revision: audit03\n-- down_revision: backfill02\n-- message: audit\n"
                      "-- migrate:up\nCREATE TABLE audit (note TEXT NOT NULL);\n"
                      "-- migrate:down\nDROP TABLE audit;\n");
  project.AddRevision("entry04_record.cpp", EntryRevisionFile());
  CodeRevision backfill;
  backfill.revision = kBackfillRevision;
  backfill.down_revisions = {kUsersRevision};
  backfill.message = "backfill upper names";
  backfill.upgrade = BackfillUpperNames;
  backfill.downgrade = [](RevisionContext& db) { db.Execute("UPDATE users SET name_upper = NULL"); };
  backfill.source = "tests/backfill.cpp:1";
  CodeRevision entry;
  entry.revision = kEntryRevision;
  entry.down_revisions = {kAuditRevision};
  entry.message = "record the backfill";
  entry.upgrade = [](RevisionContext& db) {
    const QueryResult count =
        db.Query("SELECT COUNT(*) AS filled FROM users WHERE name_upper IS NOT NULL");
    db.Query("INSERT INTO audit (note) VALUES (:note)",
             {"filled " + count.rows.at(0).at(0).value()});
  };
  entry.downgrade = [](RevisionContext& db) { db.Execute("DELETE FROM audit"); };
  entry.source = "tests/entry.cpp:1";
  return {backfill, entry};
}

// Upgrades `config` (the mixed history, registered) to head and back to
// base, checking the data, the version rows and the history rows on the way.
inline void CheckMixedHistoryRunsBothWays(Config config, const Project& project,
                                          const RowReader& read) {
  MigrationListener quiet;
  const std::vector<MigrationStep> up = Upgrade(config, "head", quiet);
  REQUIRE(up.size() == 4);
  CHECK(read("SELECT id, name_upper FROM users ORDER BY id") ==
        std::vector<std::vector<std::string>>{{"1", "ADA"}, {"2", "BOB"}, {"3", ""}});
  CHECK(read("SELECT note FROM audit") == std::vector<std::vector<std::string>>{{"filled 3"}});
  CHECK(read("SELECT version_num FROM retort_version") ==
        std::vector<std::vector<std::string>>{{kEntryRevision}});

  // Same rows as any revision's: direction, and a checksum of the file when
  // there is one.
  const std::vector<HistoryRow> history = AppliedHistory(config);
  REQUIRE(history.size() == 4);
  const std::vector<std::string> ids = {kUsersRevision, kBackfillRevision, kAuditRevision,
                                        kEntryRevision};
  for (std::size_t i = 0; i < ids.size(); ++i) {
    CHECK(history[i].revision == ids[i]);
    CHECK(history[i].direction == "upgrade");
    CHECK_FALSE(history[i].executed_by.empty());
    CHECK_FALSE(history[i].finished_at.empty());
  }
  CHECK(history[1].checksum.empty());
  CHECK(history[3].checksum == FileDigest(project.versions() / "entry04_record.cpp"));
  CHECK(history[2].checksum == FileDigest(project.versions() / "audit03_audit.sql"));

  // `history` lists them all, the C++ ones with their places.
  std::vector<std::string> listed;
  for (const RevisionInfo& info : History(config, "")) listed.push_back(info.header.id);
  CHECK(listed == std::vector<std::string>{kEntryRevision, kAuditRevision, kBackfillRevision,
                                           kUsersRevision});

  const std::vector<MigrationStep> down = Downgrade(config, kUsersRevision, quiet);
  CHECK(down.size() == 3);
  CHECK(read("SELECT COUNT(*) FROM users WHERE name_upper IS NOT NULL") ==
        std::vector<std::vector<std::string>>{{"0"}});
  const std::vector<HistoryRow> after = AppliedHistory(config);
  REQUIRE(after.size() == 7);
  CHECK(after[4].revision == kEntryRevision);
  CHECK(after[4].direction == "downgrade");
  CHECK(after[6].revision == kBackfillRevision);
  CHECK(after[6].direction == "downgrade");
  CHECK(read("SELECT version_num FROM retort_version") ==
        std::vector<std::vector<std::string>>{{kUsersRevision}});
}

// A C++ revision that writes a row and then throws: the row, the version
// row and the history row are all rolled back, and the error names the
// revision, where it was registered, and what the database is at.
inline void CheckFailingCodeRevisionRollsBack(Config config, const RowReader& read) {
  CodeRevision failing;
  failing.revision = "fails05";
  failing.down_revisions = {kEntryRevision};
  failing.message = "fails half-way";
  failing.upgrade = [](RevisionContext& db) {
    db.Execute("INSERT INTO audit (note) VALUES ('half-way')");
    throw std::runtime_error("the phone numbers do not parse");
  };
  failing.source = "tests/fails.cpp:9";
  config.code_revisions.push_back(failing);
  MigrationListener quiet;
  Upgrade(config, kEntryRevision, quiet);
  const std::size_t history_rows = AppliedHistory(config).size();
  try {
    Upgrade(config, "head", quiet);
    FAIL("the failing revision ran");
  } catch (const OperationError& error) {
    const std::string message = error.what();
    CHECK_THAT(message, Catch::Contains("revision fails05 (tests/fails.cpp:9)"));
    CHECK_THAT(message, Catch::Contains("the phone numbers do not parse"));
    CHECK_THAT(message, Catch::Contains("rolled back, the database is at entry04"));
  }
  CHECK(read("SELECT note FROM audit") == std::vector<std::vector<std::string>>{{"filled 3"}});
  CHECK(read("SELECT version_num FROM retort_version") ==
        std::vector<std::vector<std::string>>{{kEntryRevision}});
  CHECK(AppliedHistory(config).size() == history_rows);

  // A statement the database refuses is a DatabaseError naming the revision.
  config.code_revisions.back().upgrade = [](RevisionContext& db) {
    db.Execute("INSERT INTO no_such_table VALUES (1)");
  };
  try {
    Upgrade(config, "head", quiet);
    FAIL("the failing statement ran");
  } catch (const DatabaseError& error) {
    CHECK_THAT(error.what(), Catch::Contains("revision fails05 (tests/fails.cpp:9)"));
    CHECK_THAT(error.what(), Catch::Contains("no_such_table"));
    CHECK_THAT(error.what(), Catch::Contains("rolled back, the database is at entry04"));
  }
  CHECK(read("SELECT version_num FROM retort_version") ==
        std::vector<std::vector<std::string>>{{kEntryRevision}});
}

}  // namespace retort::testing

#endif  // RETORT_TESTS_SUPPORT_CODE_REVISION_TESTING_H_
