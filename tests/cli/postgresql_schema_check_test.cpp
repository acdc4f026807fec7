// check, stamp's schema check and adoption on PostgreSQL: the history runs
// on a temporary database of the same server, or in a dev database.
#include <catch2/catch.hpp>

#include "cli_test_helpers.h"
#include "postgres_support.h"

namespace retort::testing {
namespace {

const std::filesystem::path kSample = std::filesystem::path(RETORT_SOURCE_DIR) / "migrations";
const std::filesystem::path kLegacySql = std::filesystem::path(RETORT_SOURCE_DIR) / "tests" /
                                         "data" / "legacy_thunderbird_postgresql.sql";

// The sample history, run against a fresh database with --url.
struct PgSample {
  Project project;
  PostgresDatabase db;

  PgSample() {
    for (const auto& entry : std::filesystem::directory_iterator(kSample / "versions")) {
      if (entry.path().extension() == ".yaml") {
        std::filesystem::copy_file(entry.path(), project.versions() / entry.path().filename());
      }
    }
  }

  ProcessResult Run(std::vector<std::string> arguments) const {
    arguments.insert(arguments.begin(), {"--url", db.url()});
    return Retort(project, arguments);
  }

  ProcessResult RunOk(const std::vector<std::string>& arguments) const {
    return RunOkAt(project, db.url(), arguments);
  }

  // The scratch databases left on the server.
  std::vector<std::vector<std::string>> ScratchDatabases() const {
    return db.Query("SELECT datname FROM pg_database WHERE datname LIKE 'retort_scratch_%'");
  }
};

// `url` with its user replaced by retort_test_nocreatedb, the role
// scripts/postgres-server.sh makes beside retort_test, with the same
// password and without CREATEDB.
std::string WithoutCreatedb(const std::string& url) {
  const std::string user = "://retort_test:";
  const std::size_t at = url.find(user);
  REQUIRE(at != std::string::npos);
  return url.substr(0, at) + "://retort_test_nocreatedb:" + url.substr(at + user.size());
}

}  // namespace

TEST_CASE("PostgreSQL: a user who may not create databases is told to name a dev database",
          "[postgresql][cli][check]") {
  PgSample sample;
  PostgresDatabase dev;
  sample.RunOk({"upgrade", "head"});
  sample.db.Exec("GRANT SELECT ON ALL TABLES IN SCHEMA public TO retort_test_nocreatedb");
  dev.Exec("GRANT CREATE ON DATABASE " + dev.name() + " TO retort_test_nocreatedb");
  const std::string url = WithoutCreatedb(sample.db.url());
  const ProcessResult refused = Retort(sample.project, {"--url", url, "check"});
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains("cannot create a scratch database on the server of") &&
                              Catch::Contains("permission denied to create database") &&
                              Catch::Contains("--dev-url"));
  CHECK_THAT(refused.err, !Catch::Contains(url.substr(url.find(':', 12) + 1, 20)));
  // The remedy it names works.
  CHECK(RunOkAt(sample.project, url, {"--dev-url", WithoutCreatedb(dev.url()), "check"}).out ==
        "The database has the schema of 9b1f0c2d4e6a\n");
}

TEST_CASE("PostgreSQL: check finds drift through a temporary database it then drops",
          "[postgresql][cli][check]") {
  PgSample sample;
  sample.RunOk({"upgrade", "head"});
  CHECK(sample.RunOk({"check"}).out == "The database has the schema of 9b1f0c2d4e6a\n");
  sample.db.Exec("DROP INDEX ix_users_account_id; ALTER TABLE users ADD COLUMN nickname text");
  const ProcessResult drift = sample.Run({"check"});
  INFO(drift.out << drift.err);
  CHECK(drift.exit_code == 1);
  CHECK_THAT(drift.out, Catch::Contains("- index ix_users_account_id"));
  CHECK_THAT(drift.out, Catch::Contains("+ table users, column nickname"));
  CHECK(sample.ScratchDatabases().empty());
}

TEST_CASE("PostgreSQL: with a dev database, the history runs in a scratch schema there",
          "[postgresql][cli][check]") {
  PgSample sample;
  PostgresDatabase dev;
  sample.RunOk({"upgrade", "head"});
  CHECK(sample.RunOk({"--dev-url", dev.url(), "check"}).out ==
        "The database has the schema of 9b1f0c2d4e6a\n");
  // The same through RETORT_DEV_URL; nothing is left in the dev database.
  const ProcessResult result =
      Retort(sample.project, {"--url", sample.db.url(), "check"}, {{"RETORT_DEV_URL", dev.url()}});
  CHECK(result.exit_code == 0);
  CHECK(dev.Query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'retort_scratch_%'")
            .empty());
  CHECK(dev.Query("SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE n.nspname = 'public'")
            .empty());
  // A dev URL of another dialect is refused before anything runs.
  const ProcessResult other = sample.Run({"--dev-url", "sqlite:///dev.db", "check"});
  CHECK(other.exit_code == 1);
  CHECK_THAT(other.err, Catch::Contains("is not a postgresql database"));
}

TEST_CASE("PostgreSQL: a legacy database with serial keys is adopted and upgraded with its rows",
          "[postgresql][cli][adopt]") {
  PgSample sample;
  sample.db.Exec(ReadFile(kLegacySql));
  sample.db.Exec("INSERT INTO users (phone, name) VALUES ('+15550001', 'Ada'), "
                 "('+15550002', 'Grace')");
  const ProcessResult refused = sample.Run({"upgrade", "head"});
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains("matches revision 58ce9da45577"));
  CHECK(sample.db.Query("SELECT to_regclass('retort_version') IS NULL")[0][0] == "t");

  const ProcessResult adopted = sample.RunOk({"upgrade", "head", "--adopt"});
  CHECK_THAT(adopted.out, Catch::Contains("adopted the database as revision 58ce9da45577"));
  // The serial keys do what the revision's identity columns do: listed, not
  // blocking.
  for (const std::string table : {"users", "safecheck_contacts", "message_log"}) {
    CHECK_THAT(adopted.out, Catch::Contains("  tolerated: table " + table +
                                            ", column id: serial here, identity in the revision"));
  }
  CHECK(sample.db.Query("SELECT version_num FROM retort_version")[0][0] == "9b1f0c2d4e6a");
  CHECK(sample.db.Query("SELECT revision || ' ' || direction FROM retort_history ORDER BY id") ==
        std::vector<std::vector<std::string>>{{"58ce9da45577 adopt"}, {"9b1f0c2d4e6a upgrade"}});
  CHECK(sample.db.Query("SELECT users.name, accounts.name FROM users JOIN accounts "
                        "ON accounts.id = users.account_id ORDER BY users.id") ==
        std::vector<std::vector<std::string>>{{"Ada", "personal:+15550001"},
                                              {"Grace", "personal:+15550002"}});
  // The serial sequence keeps numbering the adopted table.
  sample.db.Exec("INSERT INTO users (phone) VALUES ('+15550003')");
  CHECK(sample.db.Query("SELECT max(id) FROM users")[0][0] == "3");

  // Adopted with serial keys, the database shows no drift for ever after;
  // check still names the difference.
  const ProcessResult check = sample.RunOk({"check"});
  CHECK_THAT(check.out,
             Catch::StartsWith("The database has the schema of 9b1f0c2d4e6a but for differences "
                               "that do not change behaviour\n"));
  CHECK_THAT(check.out, Catch::Contains("  tolerated: table users, column id: serial here, "
                                        "identity in the revision\n"));
  // The accounts table the upgrade made is retort's own identity column.
  CHECK_THAT(check.out, !Catch::Contains("table accounts"));
  CHECK(sample.RunOk({"-q", "check"}).out.empty());
}

TEST_CASE("PostgreSQL: stamp takes a legacy database's serial keys for the revision's identity",
          "[postgresql][cli][stamp]") {
  PgSample sample;
  sample.db.Exec(ReadFile(kLegacySql));
  sample.RunOk({"stamp", "58ce9da45577"});
  CHECK(sample.db.Query("SELECT version_num FROM retort_version")[0][0] == "58ce9da45577");
}

TEST_CASE("PostgreSQL: an ALWAYS identity where the revision makes BY DEFAULT is a difference",
          "[postgresql][cli][check][adopt]") {
  // ALWAYS refuses the explicit ids that bulk_insert and backfills write.
  const std::string always_id = "id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
  const std::string difference =
      "+ table users, column id: integer not null autoincrement (identity always)";
  {
    PgSample legacy;
    std::string sql = ReadFile(kLegacySql);
    sql.replace(sql.find("id SERIAL PRIMARY KEY"), 21, always_id);
    legacy.db.Exec(sql);
    const ProcessResult refused = legacy.Run({"upgrade", "head", "--adopt"});
    INFO(refused.out << refused.err);
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.err, Catch::Contains("no revision's schema matches") &&
                                Catch::Contains(difference));
    CHECK(legacy.db.Query("SELECT to_regclass('retort_version') IS NULL")[0][0] == "t");
  }
  PgSample sample;
  sample.RunOk({"upgrade", "head"});
  sample.db.Exec("ALTER TABLE users ALTER COLUMN id SET GENERATED ALWAYS");
  const ProcessResult drift = sample.Run({"check"});
  INFO(drift.out << drift.err);
  CHECK(drift.exit_code == 1);
  CHECK_THAT(drift.out, Catch::Contains(difference));
}

TEST_CASE("PostgreSQL: a comment the revisions do not make does not block adoption, and is listed",
          "[postgresql][cli][adopt]") {
  PgSample sample;
  sample.db.Exec(ReadFile(kLegacySql));
  sample.db.Exec("COMMENT ON TABLE users IS 'people who text the service'");
  const ProcessResult adopted = sample.RunOk({"upgrade", "head", "--adopt"});
  CHECK_THAT(adopted.out,
             Catch::Contains("adopted the database as revision 58ce9da45577") &&
                 Catch::Contains("tolerated: table users, comment: 'people who text the "
                                 "service' here, none in the revision"));
  // check and stamp's check take the same differences as tolerated.
  CHECK_THAT(sample.RunOk({"check"}).out,
             Catch::Contains("tolerated: table users, comment: 'people who text the service'"));
  sample.RunOk({"stamp", "head"});
  // As a desired schema, the comment asks for a revision that makes it.
  const ProcessResult wanted = sample.Run({"check", "--to", sample.db.url()});
  INFO(wanted.out << wanted.err);
  CHECK(wanted.exit_code == 1);
  CHECK_THAT(wanted.out, Catch::Contains("+ table users") && Catch::Contains("people who text"));
}

TEST_CASE("PostgreSQL: stamp refuses a revision whose schema the database lacks",
          "[postgresql][cli][stamp]") {
  PgSample sample;
  sample.db.Exec("CREATE TABLE unrelated (id integer)");
  const ProcessResult refused = sample.Run({"stamp", "head"});
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains("- table users"));
  CHECK(sample.db.Query("SELECT to_regclass('retort_version') IS NULL")[0][0] == "t");
  sample.RunOk({"stamp", "head", "--force"});
  CHECK(sample.db.Query("SELECT version_num FROM retort_version")[0][0] == "9b1f0c2d4e6a");
}

}  // namespace retort::testing
