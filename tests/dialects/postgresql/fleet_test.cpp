// retort fleet on twenty PostgreSQL schemas of one database, each a tenant
// through its URL's search_path, one of them broken on purpose: every other
// tenant reaches head with its own version table, the broken one stops at
// the revision before its failure, and --resume finishes it once fixed.
#include <catch2/catch.hpp>

#include "pg_test_helpers.h"
#include "startup_testing.h"

using namespace retort::testing;

namespace {

constexpr int kTenants = 20;
constexpr int kBroken = 13;

std::string Tenant(int index) { return "tenant_" + std::to_string(index); }

// The database's URL with search_path set to the tenant's schema.
std::string TenantUrl(const PostgresDatabase& db, int index) {
  return db.url() + "?options=-csearch_path%3D" + Tenant(index);
}

}  // namespace

TEST_CASE("fleet upgrade migrates twenty PostgreSQL schemas as tenants", "[postgresql][fleet]") {
  PgProject pg;
  const Strings ids = AddTableChain(pg.project(), 3);
  std::string list;
  for (int i = 1; i <= kTenants; ++i) {
    pg.db().Exec("CREATE SCHEMA " + Tenant(i));
    list += TenantUrl(pg.db(), i) + "\n";
  }
  WriteFile(pg.project().root() / "tenants.txt", list);
  // Broken on purpose: at the first revision, with a table in the way of
  // the second.
  const ProcessResult started = RunRetort(
      {"-c", pg.project().ini().string(), "--url", TenantUrl(pg.db(), kBroken), "upgrade", ids[0]},
      pg.project().root(), {{"RETORT_URL", ""}});
  REQUIRE(started.exit_code == 0);
  pg.db().Exec("CREATE TABLE " + Tenant(kBroken) + ".t2 (other text)");

  auto fleet = [&](std::vector<std::string> options) {
    std::vector<std::string> arguments = {"-c",
                                          pg.project().ini().string(),
                                          "fleet",
                                          "upgrade",
                                          "head",
                                          "--urls",
                                          "tenants.txt",
                                          "-j",
                                          "3"};
    arguments.insert(arguments.end(), options.begin(), options.end());
    return RunRetort(arguments, pg.project().root(), {{"RETORT_URL", ""}});
  };
  const ProcessResult first = fleet({"--format", "json"});
  INFO("stdout: " << first.out << "\nstderr: " << first.err);
  CHECK(first.exit_code == 1);
  CHECK_THAT(first.out, Catch::Contains("\"total\": 20") && Catch::Contains("\"failed\": 1") &&
                            Catch::Contains("\"at_target\": 19") &&
                            Catch::Contains("relation \\\"t2\\\" already exists"));
  for (int i = 1; i <= kTenants; ++i) {
    INFO(Tenant(i));
    CHECK(Values(pg.db(), "SELECT version_num FROM " + Tenant(i) + ".retort_version") ==
          Strings{i == kBroken ? ids[0] : ids[2]});
  }
  CHECK_FALSE(HasTable(pg.db(), "public.retort_version"));

  pg.db().Exec("DROP TABLE " + Tenant(kBroken) + ".t2");
  const ProcessResult resumed = fleet({"--resume"});
  INFO("stdout: " << resumed.out << "\nstderr: " << resumed.err);
  CHECK(resumed.exit_code == 0);
  CHECK_THAT(resumed.out, Catch::Contains("20 databases: 20 at head, 0 failed"));
  CHECK(Values(pg.db(), "SELECT revision FROM " + Tenant(kBroken) +
                            ".retort_history ORDER BY id") == Strings{ids[0], ids[1], ids[2]});
  CHECK(Value(pg.db(), "SELECT count(*) FROM " + Tenant(1) + ".retort_history") == "3");
}

TEST_CASE("check on a tenant schema runs the history in a scratch database with that schema",
          "[postgresql][fleet]") {
  PgProject pg;
  const Strings ids = AddTableChain(pg.project(), 2);
  pg.db().Exec("CREATE SCHEMA " + Tenant(1));
  auto retort = [&](std::vector<std::string> command) {
    std::vector<std::string> arguments = {"-c", pg.project().ini().string(), "--url",
                                          TenantUrl(pg.db(), 1)};
    arguments.insert(arguments.end(), command.begin(), command.end());
    return RunRetort(arguments, pg.project().root(), {{"RETORT_URL", ""}});
  };
  REQUIRE(retort({"upgrade", "head"}).exit_code == 0);
  // The scratch database has no schema tenant_1 of its own.
  const ProcessResult checked = retort({"check"});
  INFO("stdout: " << checked.out << "\nstderr: " << checked.err);
  CHECK(checked.exit_code == 0);
  CHECK_THAT(checked.out, Catch::Contains("The database has the schema of " + ids.back()));
}

TEST_CASE("a tenant whose search_path adds public has its own version table, not public's",
          "[postgresql][fleet]") {
  PgProject pg;
  const Strings ids = AddTableChain(pg.project(), 2);
  auto retort = [&](const std::string& url, std::vector<std::string> command) {
    std::vector<std::string> arguments = {"-c", pg.project().ini().string(), "--url", url};
    arguments.insert(arguments.end(), command.begin(), command.end());
    return RunRetort(arguments, pg.project().root(), {{"RETORT_URL", ""}});
  };
  REQUIRE(retort(pg.db().url(), {"upgrade", "head"}).exit_code == 0);
  pg.db().Exec("CREATE SCHEMA " + Tenant(1));
  // As applications often write it, to reach extensions installed in public.
  const std::string tenant = TenantUrl(pg.db(), 1) + ",public";

  const ProcessResult current = retort(tenant, {"current"});
  INFO("stdout: " << current.out << "\nstderr: " << current.err);
  CHECK(current.exit_code == 0);
  CHECK_THAT(current.out, !Catch::Contains(ids.back()));
  const ProcessResult upgraded = retort(tenant, {"upgrade", "head"});
  INFO("stdout: " << upgraded.out << "\nstderr: " << upgraded.err);
  CHECK(upgraded.exit_code == 0);
  CHECK(Values(pg.db(), "SELECT version_num FROM " + Tenant(1) + ".retort_version") ==
        Strings{ids.back()});
  CHECK(HasTable(pg.db(), Tenant(1) + ".t2"));
  CHECK(Value(pg.db(), "SELECT count(*) FROM public.retort_history") == "2");
}
