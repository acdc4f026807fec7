// Reflection of Sakila, a sample schema nobody on this project wrote, as
// ported to SQLite and to PostgreSQL: it must read without error, and a few
// facts of it must come out as the model says. The schema files are not part
// of the project: they are found in ../shared/realdata beside the project
// (or in RETORT_REALDATA_DIR), and each test is skipped when they are not.
#include <catch2/catch.hpp>
#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "postgres_support.h"
#include "postgresql_reflect.h"
#include "retort/schema.h"
#include "retort/schema_diff.h"
#include "sqlite_connection.h"
#include "sqlite_reflect.h"
#include "sqlite_renderer.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;

namespace {

// The Sakila folder, or nullopt (with a warning the test runner reads as
// "skipped") when it is not there.
std::optional<std::filesystem::path> SakilaFolder() {
  const char* configured = std::getenv("RETORT_REALDATA_DIR");
  const std::filesystem::path root = configured != nullptr && *configured != '\0'
                                         ? std::filesystem::path(configured)
                                         : std::filesystem::path(RETORT_SOURCE_DIR) / ".." /
                                               "shared" / "realdata";
  const std::filesystem::path folder = root / "sakila";
  if (std::filesystem::is_directory(folder)) return folder;
  WARN("RETORT_REALDATA_SKIPPED: no Sakila schemas at " << folder.string()
                                                        << " (set RETORT_REALDATA_DIR)");
  return std::nullopt;
}

std::vector<std::string> Names(const std::vector<View>& views) {
  std::vector<std::string> names;
  for (const View& view : views) names.push_back(view.name.name);
  return names;
}

std::size_t TriggersOn(const Schema& schema, const std::string& table) {
  return static_cast<std::size_t>(
      std::count_if(schema.triggers.begin(), schema.triggers.end(),
                    [&](const Trigger& trigger) { return trigger.table.name == table; }));
}

// The PostgreSQL dump without what only a superuser may run: handing
// objects to the role postgres, and (re)creating the plpgsql language,
// which every database has.
std::string WithoutSuperuserStatements(const std::string& dump) {
  std::istringstream lines(dump);
  std::string kept, line;
  while (std::getline(lines, line)) {
    const bool owner = line.rfind("ALTER ", 0) == 0 && line.find(" OWNER TO ") != std::string::npos;
    const bool language = line.find("PROCEDURAL LANGUAGE") != std::string::npos;
    if (!owner && !language) kept += line + "\n";
  }
  return kept;
}

}  // namespace

TEST_CASE("Sakila for SQLite reflects with its tables, views and triggers", "[realdata]") {
  const std::optional<std::filesystem::path> folder = SakilaFolder();
  if (!folder) return;
  TempDir temp;
  const std::filesystem::path database = temp / "sakila.db";
  Exec(database, ReadFile(*folder / "sqlite-sakila-schema.sql"));

  const sqlite::SqliteRenderer renderer;
  sqlite::ConnectionSettings settings;
  settings.path = database.string();
  sqlite::SqliteConnection connection(renderer, settings);
  const Schema schema = sqlite::ReflectSchema(connection);

  CHECK(schema.tables.size() == 16);
  CHECK(Names(schema.views) == std::vector<std::string>{"customer_list", "film_list",
                                                        "sales_by_film_category",
                                                        "sales_by_store", "staff_list"});
  CHECK(schema.triggers.size() == 30);
  CHECK(TriggersOn(schema, "film") == 2);
  const Table* film = FindTable(schema, {"", "film"});
  REQUIRE(film != nullptr);
  CHECK(FindColumn(*film, "rental_rate")->type == ParseType("numeric(4,2)"));
  CHECK(FindColumn(*film, "rental_rate")->server_default == "4.99");
  CHECK(FindColumn(*film, "title")->type == ParseType("string(255)"));
  std::vector<std::string> checks;
  for (const CheckConstraint& check : film->check_constraints) checks.push_back(check.name);
  CHECK(checks == std::vector<std::string>{"CHECK_special_features", "CHECK_special_rating"});
  CHECK(film->primary_key->columns == std::vector<std::string>{"film_id"});
  CHECK(DiffSchemas(schema, sqlite::ReflectSchema(connection)).empty());
}

TEST_CASE("Sakila for PostgreSQL reflects with its domain, enum, native types, views, "
          "triggers and partitions",
          "[realdata]") {
  const std::optional<std::filesystem::path> folder = SakilaFolder();
  if (!folder) return;
  PostgresDatabase db;
  db.Exec(WithoutSuperuserStatements(ReadFile(*folder / "postgres-sakila-schema.sql")));
  const std::unique_ptr<PGconn, decltype(&PQfinish)> connection(
      PQconnectdb(db.conninfo().c_str()), &PQfinish);
  REQUIRE(PQstatus(connection.get()) == CONNECTION_OK);
  const Schema schema = postgresql::ReflectSchema(connection.get(), "public");

  // The year domain; its check is named as PostgreSQL names an unnamed one.
  REQUIRE(schema.domains.size() == 1);
  CHECK(schema.domains[0] == Domain{{"", "year"},
                                    ParseType("integer"),
                                    true,
                                    std::nullopt,
                                    {{"", "value >= 1901 and value <= 2155"}}});
  CHECK(schema.enums ==
        std::vector<EnumType>{{{"", "mpaa_rating"}, {"G", "PG", "PG-13", "R", "NC-17"}}});

  const Table* film = FindTable(schema, {"", "film"});
  REQUIRE(film != nullptr);
  CHECK(FindColumn(*film, "release_year")->type == NativeType("postgresql", "year"));
  CHECK(FindColumn(*film, "rating")->type == NativeType("postgresql", "mpaa_rating"));
  CHECK(FindColumn(*film, "rating")->server_default == "'G'");
  CHECK(FindColumn(*film, "special_features")->type == NativeType("postgresql", "text[]"));
  CHECK(FindColumn(*film, "fulltext")->type == NativeType("postgresql", "tsvector"));
  CHECK(FindColumn(*film, "film_id")->server_default == "nextval('film_film_id_seq')");

  CHECK(Names(schema.views) ==
        std::vector<std::string>{"actor_info", "customer_list", "film_list",
                                 "nicer_but_slower_film_list", "sales_by_film_category",
                                 "sales_by_store", "staff_list"});
  CHECK(TriggersOn(schema, "film") == 2);
  CHECK(schema.triggers.size() == 15);
  // The sequences the columns' defaults call belong to no column.
  CHECK(schema.sequences.size() == 13);

  // The payment table and its six partitions, each with its range check.
  for (const char* month : {"01", "02", "03", "04", "05", "06"}) {
    const std::string name = std::string("payment_p2007_") + month;
    INFO(name);
    const Table* partition = FindTable(schema, {"", name});
    REQUIRE(partition != nullptr);
    CHECK(partition->columns.size() == FindTable(schema, {"", "payment"})->columns.size());
    REQUIRE(partition->check_constraints.size() == 1);
    CHECK(partition->check_constraints[0].name.empty());
  }
  CHECK(DiffSchemas(schema, postgresql::ReflectSchema(connection.get(), "public")).empty());
}
