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
