// retort squash against the real PostgreSQL server: the check on a scratch
// database of the server, and databases through the squash and through the
// originals reaching the same schema and rows.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "postgres_support.h"
#include "retort/commands.h"
#include "quiet_commands.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Catch::Contains;
using Rows = std::vector<std::string>;

constexpr char kUsers[] = "b1000000001b";
constexpr char kOrders[] = "b2000000002b";
constexpr char kEmail[] = "b3000000003b";
constexpr char kNotes[] = "b4000000004b";

void AddHistory(Project& project) {
  project.AddYamlRevision(kUsers, "",
                          "  - create_table: {name: users, columns: [{name: id, type: integer, "
                          "primary_key: true, autoincrement: true}, {name: name, type: "
                          "string(50)}]}\n");
  project.AddYamlRevision(kOrders, kUsers,
                          "  - create_table: {name: orders, columns: [{name: id, type: integer, "
                          "primary_key: true}, {name: user_id, type: integer, "
                          "references: users.id}]}\n");
  project.AddYamlRevision(kEmail, kOrders,
                          "  - add_column: {table: users, column: {name: email, type: text}}\n"
                          "  - create_index: {name: ix_users_email, table: users, "
                          "columns: [email]}\n");
  project.AddYamlRevision(kNotes, kEmail,
                          "  - create_table: {name: notes, columns: [{name: id, type: integer, "
                          "primary_key: true}]}\n");
}

Config At(const Project& project, const PostgresDatabase& database) {
  Config config = project.config();
  config.url = database.url();
  return config;
}

Rows VersionRowsOf(const PostgresDatabase& database) {
  Rows rows;
  for (const auto& row : database.Query("SELECT version_num FROM retort_version")) {
    rows.push_back(row[0]);
  }
  return rows;
}

TEST_CASE("squash on PostgreSQL: checked on the server, and databases through it and through "
          "the originals end alike",
          "[cli][squash][postgresql]") {
  Project project;
  AddHistory(project);
  PostgresDatabase through_squash;
  PostgresDatabase inside;
  Up(At(project, inside), kOrders);

  SquashOptions options;
  options.from = kOrders;
  options.to = kEmail;
  options.message = "orders and email";
  options.rev_id = "5bb000000005";
  SquashResult result = Squash(At(project, through_squash), options);
  CHECK(result.replaces == Rows{kOrders, kEmail});

  Up(At(project, through_squash), "head");
  Up(At(project, inside), "head");
  CHECK(Inspect(At(project, inside)) == Inspect(At(project, through_squash)));
  CHECK(VersionRowsOf(inside) == Rows{kNotes});
  CHECK(VersionRowsOf(through_squash) == Rows{kNotes});

  Down(At(project, through_squash), kOrders);
  CHECK(VersionRowsOf(through_squash) == Rows{kOrders});
  Down(At(project, inside), "base");
  CHECK(Inspect(At(project, inside)).tables.empty());
}

TEST_CASE("squash on PostgreSQL refuses a range whose SQL makes another schema when run as one",
          "[cli][squash][postgresql]") {
  Project project;
  AddHistory(project);
  // SQL that asks which revision the database is at: run one by one it sees
  // kOrders, run inside the squash it sees kUsers.
  project.AddYamlRevision(
      "b5000000005b", kNotes,
      std::string("  - execute:\n      postgresql: \"DO $$ BEGIN IF (SELECT version_num FROM "
                  "retort_version) = '") +
          kNotes + "' THEN CREATE TABLE ran_alone (id integer); END IF; END $$\"\n");
  PostgresDatabase database;
  SquashOptions options;
  options.from = kEmail;
  options.to = "b5000000005b";
  options.message = "m";
  CHECK_THROWS_WITH(Squash(At(project, database), options),
                    Contains("upgrading to it would not make the schema") &&
                        Contains("ran_alone"));
}

}  // namespace
}  // namespace retort::testing
