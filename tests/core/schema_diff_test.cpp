// DiffSchemas (core): nothing for equal schemas, and one readable "-"/"+" line per
// real difference, under a path that names the table and the element.
#include <catch2/catch.hpp>

#include "retort/schema_diff.h"

using namespace retort;
using Catch::Contains;

namespace {

Column Col(std::string name, std::string_view type, bool nullable = true) {
  Column column;
  column.name = std::move(name);
  column.type = ParseType(type);
  column.nullable = nullable;
  return column;
}

// users (id, email, account_id -> accounts.id ON DELETE SET NULL), accounts
// (id), and an index on users.email.
Schema Sample() {
  Schema schema;
  Table accounts;
  accounts.name = {"", "accounts"};
  accounts.columns = {Col("id", "integer", false)};
  accounts.primary_key = PrimaryKey{"", {"id"}};
  Table users;
  users.name = {"", "users"};
  users.columns = {Col("id", "integer", false), Col("email", "string(100)", false),
                   Col("account_id", "integer")};
  users.primary_key = PrimaryKey{"", {"id"}};
  ForeignKey account;
  account.columns = {"account_id"};
  account.referent = {"", "accounts"};
  account.referent_columns = {"id"};
  account.on_delete = ReferentialAction::kSetNull;
  users.foreign_keys = {account};
  schema.tables = {accounts, users};
  Index by_email;
  by_email.name = "ix_users_email";
  by_email.table = {"", "users"};
  by_email.columns = {"email"};
  schema.indexes = {by_email};
  return schema;
}

}  // namespace

TEST_CASE("equal schemas have an empty diff", "[schema_diff]") {
  CHECK(DiffSchemas(Sample(), Sample()).empty());
  CHECK(DiffSchemas(Schema{}, Schema{}).empty());
}

TEST_CASE("a missing column is one line naming table and column", "[schema_diff]") {
  Schema actual = Sample();
  actual.tables[1].columns.pop_back();
  CHECK(DiffSchemas(Sample(), actual) == "- table users, column account_id: integer null\n");
  CHECK(DiffSchemas(actual, Sample()) == "+ table users, column account_id: integer null\n");
}

TEST_CASE("a different type shows both sides", "[schema_diff]") {
  Schema actual = Sample();
  actual.tables[1].columns[1].type = ParseType("text");
  CHECK(DiffSchemas(Sample(), actual) ==
        "- table users, column email: string(100) not null\n"
        "+ table users, column email: text not null\n");
}

TEST_CASE("a different foreign key action shows both sides", "[schema_diff]") {
  Schema actual = Sample();
  actual.tables[1].foreign_keys[0].on_delete = ReferentialAction::kCascade;
  CHECK(DiffSchemas(Sample(), actual) ==
        "- table users, foreign key (account_id): unnamed, references accounts (id) on delete "
        "set null\n"
        "+ table users, foreign key (account_id): unnamed, references accounts (id) on delete "
        "cascade\n");
}

TEST_CASE("defaults, nullability, keys, checks, comments and indexes are compared",
          "[schema_diff]") {
  Schema actual = Sample();
  actual.tables[1].columns[2].nullable = false;
  actual.tables[1].columns[2].server_default = "0";
  actual.tables[1].primary_key->name = "pk_users";
  actual.tables[1].check_constraints = {{"ck_users_id", "id > 0"}};
  actual.tables[1].comment = "people";
  actual.indexes[0].unique = true;
  const std::string diff = DiffSchemas(Sample(), actual);
  CHECK_THAT(diff, Contains("- table users, column account_id: integer null\n"
                            "+ table users, column account_id: integer not null default 0\n"));
  CHECK_THAT(diff, Contains("- table users, primary key: unnamed (id)\n"
                            "+ table users, primary key: name pk_users (id)\n"));
  CHECK_THAT(diff, Contains("+ table users, check ck_users_id: id > 0\n"));
  CHECK_THAT(diff, Contains("+ table users, comment: 'people'\n"));
  CHECK_THAT(diff, Contains("- index ix_users_email: on users (email)\n"
                            "+ index ix_users_email: unique on users (email)\n"));
}

TEST_CASE("a missing table is one line, and column order counts", "[schema_diff]") {
  Schema without_accounts = Sample();
  without_accounts.tables.erase(without_accounts.tables.begin());
  CHECK(DiffSchemas(Sample(), without_accounts) == "- table accounts: columns id\n");

  Schema reordered = Sample();
  std::swap(reordered.tables[1].columns[1], reordered.tables[1].columns[2]);
  CHECK(DiffSchemas(Sample(), reordered) ==
        "- table users, column order: id, email, account_id\n"
        "+ table users, column order: id, account_id, email\n");
}

TEST_CASE("native types, generated columns and index expressions are shown and compared",
          "[schema_diff]") {
  Schema expected = Sample();
  Schema actual = Sample();
  actual.tables[1].columns[1].type = NativeType("postgresql", "citext");
  CHECK(DiffSchemas(expected, actual) ==
        "- table users, column email: string(100) not null\n"
        "+ table users, column email: postgresql: citext not null\n");

  actual = Sample();
  actual.tables[1].columns[2].generated = GeneratedColumn{"id * 2", true};
  CHECK(DiffSchemas(expected, actual) ==
        "- table users, column account_id: integer null\n"
        "+ table users, column account_id: integer null generated as (id * 2) stored\n");

  actual = Sample();
  actual.indexes[0].columns = {"lower(email)"};
  actual.indexes[0].expressions = {0};
  Schema by_column = Sample();
  by_column.indexes[0].columns = {"lower(email)"};  // a column of that name
  CHECK(DiffSchemas(by_column, actual) ==
        "- index ix_users_email: on users (lower(email))\n"
        "+ index ix_users_email: on users ((lower(email)))\n");
}

TEST_CASE("exclusion constraints and triggers are compared by their text on one line, views "
          "by their query's canonical form",
          "[schema_diff]") {
  Schema expected = Sample();
  expected.tables[0].exclusion_constraints = {{"no_overlap", "EXCLUDE USING gist (id WITH =)"}};
  expected.views = {View{{"", "active_users"}, "SELECT id\n   FROM users;", false}};
  expected.triggers = {Trigger{"touch", {"", "users"}, "CREATE TRIGGER touch ..."}};
  CHECK(DiffSchemas(expected, expected).empty());

  Schema actual = expected;
  actual.tables[0].exclusion_constraints.clear();
  actual.views[0].definition = "SELECT id, email\n   FROM users;";
  actual.views.push_back(View{{"", "totals"}, "SELECT count(*) FROM users", true});
  actual.triggers.clear();
  CHECK(DiffSchemas(expected, actual) ==
        "- table accounts, exclusion name no_overlap: EXCLUDE USING gist (id WITH =)\n"
        "- view active_users: as select id from users\n"
        "+ view active_users: as select id, email from users\n"
        "- trigger touch on users: CREATE TRIGGER touch ...\n"
        "+ materialized view totals: as select count(*) from users\n");

  // How a database prints a query back is no difference: case, blanks,
  // quotes a name does not need, an AS that repeats a column's name.
  actual = expected;
  actual.views[0].definition = "select  id\nFROM USERS ;";
  CHECK(DiffSchemas(expected, actual).empty());
  actual.views[0].definition = "select `users`.`id` AS `id` from \"users\"";
  expected.views[0].definition = "SELECT users.id FROM users";
  CHECK(DiffSchemas(expected, actual).empty());
  // What the query means is.
  for (const char* other : {"select `users`.`id` AS `uid` from users",
                            "select users.id + users.n AS n from users",
                            "select users.id from \"Users\""}) {
    actual.views[0].definition = other;
    CHECK_FALSE(DiffSchemas(expected, actual).empty());
  }
  expected.views[0].definition = "select users.n + users.id as id from users";
  actual.views[0].definition = "select users.n + users.id from users";
  CHECK_FALSE(DiffSchemas(expected, actual).empty());
}

TEST_CASE("sequences, enums and domains are compared whole, a domain's checks one by one",
          "[schema_diff]") {
  Schema expected;
  expected.sequences = {Sequence{{"", "ticket_seq"}, ParseType("bigint"), 1, 1, 1, 100, false,
                                 ""}};
  expected.enums = {EnumType{{"", "mood"}, {"sad", "ok"}}};
  expected.domains = {Domain{{"", "year"}, ParseType("integer"), true, std::nullopt,
                             {{"", "value >= 1901"}}}};
  CHECK(DiffSchemas(expected, expected).empty());

  Schema actual = expected;
  actual.sequences[0].cycle = true;
  actual.sequences[0].owned_by = "tickets.id";
  actual.enums[0].labels.push_back("happy");
  actual.domains[0].nullable = false;
  actual.domains[0].check_constraints[0].condition = "value >= 1900";
  CHECK(DiffSchemas(expected, actual) ==
        "- sequence ticket_seq: bigint start 1 increment 1 min 1 max 100\n"
        "+ sequence ticket_seq: bigint start 1 increment 1 min 1 max 100 cycle owned by "
        "tickets.id\n"
        "- enum mood: labels 'sad', 'ok'\n"
        "+ enum mood: labels 'sad', 'ok', 'happy'\n"
        "- domain year: integer null\n"
        "+ domain year: integer not null\n"
        "- domain year, check (unnamed): value >= 1901\n"
        "+ domain year, check (unnamed): value >= 1900\n");

  Schema missing;
  CHECK(DiffSchemas(expected, missing) ==
        "- sequence ticket_seq: bigint start 1 increment 1 min 1 max 100\n"
        "- enum mood: labels 'sad', 'ok'\n"
        "- domain year: integer null\n"
        "- domain year, check (unnamed): value >= 1901\n");
}

TEST_CASE("SortCanonically orders the new parts and keeps order that means something",
          "[schema_diff]") {
  Schema schema;
  schema.views = {View{{"", "b"}, "x", false}, View{{"", "a"}, "y", false}};
  schema.triggers = {Trigger{"t2", {"", "x"}, ""}, Trigger{"t1", {"", "y"}, ""},
                     Trigger{"t1", {"", "x"}, ""}};
  schema.enums = {EnumType{{"", "z"}, {"c", "a", "b"}}, EnumType{{"", "m"}, {}}};
  schema.domains = {Domain{{"", "d"}, ParseType("integer"), true, std::nullopt,
                           {{"b", "x"}, {"a", "y"}}}};
  SortCanonically(schema);
  CHECK(schema.views[0].name.name == "a");
  CHECK(schema.triggers[0].table.name == "x");
  CHECK(schema.triggers[1].table.name == "y");
  CHECK(schema.triggers[2].name == "t2");
  CHECK(schema.enums[0].name.name == "m");
  CHECK(schema.enums[1].labels == std::vector<std::string>{"c", "a", "b"});
  CHECK(schema.domains[0].check_constraints[0].name == "a");
}
