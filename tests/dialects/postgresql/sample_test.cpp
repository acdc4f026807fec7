// The sample history in migrations/ was written against SQLite; the same
// files must migrate PostgreSQL unchanged, to the schema they describe, and
// back.
#include <catch2/catch.hpp>

#include <filesystem>

#include "pg_test_helpers.h"
#include "retort/commands.h"

using namespace retort;
using namespace retort::testing;

namespace {

constexpr const char* kInitial = "58ce9da45577";
constexpr const char* kAccounts = "9b1f0c2d4e6a";

// Digests of the revision files, to show that migrating did not touch them.
Strings VersionDigests(const std::filesystem::path& script_directory) {
  Strings digests;
  for (const char* name : {"58ce9da45577_initial_schema.yaml", "9b1f0c2d4e6a_add_accounts.yaml"}) {
    digests.push_back(FileDigest(script_directory / "versions" / name));
  }
  return digests;
}

// "column on_delete_action referenced_table" for each foreign key of `table`.
Strings ForeignKeys(const PostgresDatabase& db, const std::string& table) {
  return Values(db, "SELECT a.attname || ' ' || c.confdeltype::text || ' ' || "
                    "c.confrelid::regclass::text FROM pg_constraint c JOIN pg_attribute a "
                    "ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
                    "WHERE c.conrelid = '" + table + "'::regclass AND c.contype = 'f' "
                    "ORDER BY a.attname");
}

}  // namespace

TEST_CASE("the sample history migrates PostgreSQL to head, to base and to head again",
          "[postgresql][sample]") {
  TempDir temp;
  PostgresDatabase db;
  Config config;
  config.script_location = CopySample(temp);
  config.url = db.url();
  config.url_origin = "test";
  const Strings stock = VersionDigests(std::filesystem::path(RETORT_SOURCE_DIR) / "migrations");
  const Strings untouched = CatalogFacts(db);
  MigrationListener quiet;

  REQUIRE(Upgrade(config, "head", quiet).size() == 2);
  CHECK(VersionDigests(config.script_location) == stock);
  CHECK(Current(config).front().header.id == kAccounts);
  CHECK(Values(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1") ==
        Strings{"accounts", "message_log", "retort_history", "retort_version",
                "safecheck_contacts", "users"});

  // Columns as the YAML declares them.
  CHECK(db.Query("SELECT attname, format_type(atttypid, atttypmod), attnotnull::text, "
                 "attidentity FROM pg_attribute WHERE attrelid = 'users'::regclass "
                 "AND attnum > 0 AND NOT attisdropped ORDER BY attnum") ==
        PgRows{{"id", "integer", "true", "d"},
               {"phone", "character varying(20)", "true", ""},
               {"name", "character varying(100)", "false", ""},
               {"timezone", "character varying(64)", "true", ""},
               {"checkin_interval_minutes", "integer", "true", ""},
               {"is_active", "boolean", "true", ""},
               {"created_at", "timestamp without time zone", "true", ""},
               {"account_id", "integer", "false", ""}});
  // The foreign keys' actions: c = cascade, n = set null.
  CHECK(ForeignKeys(db, "safecheck_contacts") == Strings{"user_id c users"});
  CHECK(ForeignKeys(db, "message_log") == Strings{"user_id n users"});
  CHECK(ForeignKeys(db, "users") == Strings{"account_id n accounts"});
  CHECK(Value(db, "SELECT pg_get_indexdef('ux_message_log_provider_sid'::regclass)") ==
        "CREATE UNIQUE INDEX ux_message_log_provider_sid ON public.message_log USING btree "
        "(provider_sid) WHERE (provider_sid IS NOT NULL)");
  CHECK(Value(db, "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                  "WHERE conname = 'uq_safecheck_contacts_user_phone'") ==
        "UNIQUE (user_id, contact_phone)");
  CHECK(Value(db, "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                  "WHERE conname = 'ck_accounts_plan'") ==
        "CHECK (((plan)::text = ANY ((ARRAY['free'::character varying, 'family'::character "
        "varying, 'organisation'::character varying])::text[])))");
  // The defaults work as the app relies on them.
  db.Exec("INSERT INTO users (phone) VALUES ('+15550009')");
  CHECK(db.Query("SELECT timezone, checkin_interval_minutes, is_active, created_at IS NOT NULL "
                 "FROM users") == PgRows{{"UTC", "60", "t", "t"}});
  CHECK_THROWS(db.Exec("INSERT INTO users (phone, checkin_interval_minutes) VALUES ('+1', 0)"));
  db.Exec("DELETE FROM users");

  REQUIRE(Downgrade(config, "base", quiet).size() == 2);
  CHECK(Current(config).empty());
  // Only retort's own tables are left, and what belongs to them.
  CHECK(CatalogFacts(db, false) == untouched);
  CHECK(Values(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1") ==
        Strings{"retort_history", "retort_version"});
  CHECK(HistoryRows(db) ==
        Strings{"58ce9da45577 upgrade", "9b1f0c2d4e6a upgrade", "9b1f0c2d4e6a downgrade",
                "58ce9da45577 downgrade"});

  REQUIRE(Upgrade(config, "head", quiet).size() == 2);
  CHECK(Current(config).front().header.id == kAccounts);
  CHECK(VersionDigests(config.script_location) == stock);
}

TEST_CASE("the sample's account backfill links every existing user on PostgreSQL",
          "[postgresql][sample]") {
  TempDir temp;
  PostgresDatabase db;
  Config config;
  config.script_location = CopySample(temp);
  config.url = db.url();
  config.url_origin = "test";
  MigrationListener quiet;
  Upgrade(config, kInitial, quiet);
  db.Exec("INSERT INTO users (phone, name) VALUES ('+15550001', 'Ada'), ('+15550002', 'Grace');"
          "INSERT INTO message_log (user_id, direction, body) VALUES (1, 'inbound', 'ok')");
  Upgrade(config, "head", quiet);
  CHECK(db.Query("SELECT users.name, accounts.name, accounts.plan FROM users "
                 "JOIN accounts ON accounts.id = users.account_id ORDER BY users.id") ==
        PgRows{{"Ada", "personal:+15550001", "free"}, {"Grace", "personal:+15550002", "free"}});

  Downgrade(config, "-1", quiet);
  CHECK(Value(db, "SELECT count(*) FROM users") == "2");
  CHECK(Value(db, "SELECT count(*) FROM message_log") == "1");
  CHECK_FALSE(HasTable(db, "accounts"));
  CHECK(Value(db, "SELECT count(*) FROM information_schema.columns "
                  "WHERE table_name = 'users' AND column_name = 'account_id'") == "0");
}
