// Every neutral operation, written in YAML revisions and run through the
// library API against a real PostgreSQL database; what it did is read back
// from pg_catalog, and every downgrade must leave the catalogue as it found
// it.
#include <catch2/catch.hpp>

#include "pg_test_helpers.h"
#include "retort/commands.h"
#include "retort/error.h"

using namespace retort;
using namespace retort::testing;

namespace {

// name -> "format_type [not null] [identity d] [default expr]" for each
// column of `table`, in column order.
PgRows Columns(const PostgresDatabase& db, const std::string& table) {
  return db.Query(
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod) || "
      "CASE WHEN a.attnotnull THEN ' not null' ELSE '' END || "
      "CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END || "
      "coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') "
      "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
      "WHERE a.attrelid = '" + table + "'::regclass AND a.attnum > 0 AND NOT a.attisdropped "
      "ORDER BY a.attnum");
}

// "name definition" for each constraint of `table`, sorted by name.
Strings Constraints(const PostgresDatabase& db, const std::string& table) {
  return Values(db, "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = '" + table + "'::regclass ORDER BY conname");
}

// The definitions of the indexes of `table`, sorted by name.
Strings Indexes(const PostgresDatabase& db, const std::string& table) {
  return Values(db, "SELECT pg_get_indexdef(indexrelid) FROM pg_index "
                    "WHERE indrelid = '" + table + "'::regclass "
                    "ORDER BY indexrelid::regclass::text");
}

std::string TableComment(const PostgresDatabase& db, const std::string& table) {
  return Value(db, "SELECT coalesce(obj_description('" + table + "'::regclass, 'pg_class'), "
                   "'NULL')");
}

std::string ColumnComment(const PostgresDatabase& db, const std::string& table,
                          const std::string& column) {
  return Value(db, "SELECT coalesce(col_description('" + table + "'::regclass, attnum), 'NULL') "
                   "FROM pg_attribute WHERE attrelid = '" + table + "'::regclass "
                   "AND attname = '" + column + "'");
}

// The user's objects: the catalogue without retort's own tables.
Strings UserFacts(const PostgresDatabase& db) { return CatalogFacts(db, false); }

const char* kEveryType = R"yaml(
  - create_table:
      name: everything
      comment: one column of each neutral type
      columns:
        - {name: id, type: integer, primary_key: true, autoincrement: true, comment: the key}
        - {name: big, type: bigint}
        - {name: small, type: smallint, nullable: false, server_default: "7"}
        - {name: flag, type: boolean, nullable: false, server_default: "false"}
        - {name: label, type: string(40), unique: true, comment: "it's unique"}
        - {name: body, type: text, server_default: "'none'"}
        - {name: ratio, type: float}
        - {name: precise, type: double}
        - {name: price, type: "numeric(10,2)"}
        - {name: born, type: date}
        - {name: alarm, type: time}
        - {name: seen, type: datetime, server_default: CURRENT_TIMESTAMP}
        - {name: seen_tz, type: timestamptz, server_default: "now()"}
        - {name: raw, type: blob}
        - {name: doc, type: json}
        - {name: token, type: uuid}
        - {name: counter, type: text, nullable: false, server_default: "lower('X') || 'y'"}
)yaml";

}  // namespace

TEST_CASE("create_table gives each neutral type its PostgreSQL type", "[postgresql][operations]") {
  PgProject pg;
  const Strings empty = UserFacts(pg.db());
  pg.project().AddYamlRevision("a1a1a1a1a1a1", "", kEveryType);
  MigrationListener quiet;
  Upgrade(pg.config(), "head", quiet);

  const auto& db = pg.db();
  CHECK(Columns(db, "everything") ==
        PgRows{{"id", "integer not null identity d"},
               {"big", "bigint"},
               {"small", "smallint not null default 7"},
               {"flag", "boolean not null default false"},
               {"label", "character varying(40)"},
               {"body", "text default 'none'::text"},
               {"ratio", "real"},
               {"precise", "double precision"},
               {"price", "numeric(10,2)"},
               {"born", "date"},
               {"alarm", "time without time zone"},
               {"seen", "timestamp without time zone default CURRENT_TIMESTAMP"},
               {"seen_tz", "timestamp with time zone default now()"},
               {"raw", "bytea"},
               {"doc", "jsonb"},
               {"token", "uuid"},
               // An expression default is kept as an expression, not text.
               {"counter", "text not null default (lower('X'::text) || 'y'::text)"}});
  CHECK(Constraints(db, "everything") ==
        Strings{"everything_label_key UNIQUE (label)", "everything_pkey PRIMARY KEY (id)"});
  CHECK(TableComment(db, "everything") == "one column of each neutral type");
  CHECK(ColumnComment(db, "everything", "id") == "the key");
  CHECK(ColumnComment(db, "everything", "label") == "it's unique");
  CHECK(ColumnComment(db, "everything", "big") == "NULL");

  // The identity column numbers rows by itself and, unlike SERIAL, owns its
  // sequence; the defaults fill what an INSERT leaves out.
  db.Exec("INSERT INTO everything (label) VALUES ('a'), ('b')");
  db.Exec("INSERT INTO everything (id, label) VALUES (100, 'explicit')");
  CHECK(db.Query("SELECT id, small, flag, body, counter, seen IS NOT NULL FROM everything "
                 "ORDER BY id") == PgRows{{"1", "7", "f", "none", "xy", "t"},
                                          {"2", "7", "f", "none", "xy", "t"},
                                          {"100", "7", "f", "none", "xy", "t"}});
  CHECK(Value(db, "SELECT pg_get_serial_sequence('everything', 'id')") ==
        "public.everything_id_seq");
  CHECK_THROWS(db.Exec("INSERT INTO everything (small, label) VALUES (NULL, 'c')"));

  Downgrade(pg.config(), "base", quiet);
  CHECK(UserFacts(db) == empty);
  CHECK_FALSE(HasTable(db, "everything"));
  CHECK(Value(db, "SELECT count(*) FROM pg_class WHERE relname LIKE 'everything%'") == "0");
}

TEST_CASE("create_table makes composite keys, foreign keys with every action, unique and check "
          "constraints",
          "[postgresql][operations]") {
  PgProject pg;
  const Strings empty = UserFacts(pg.db());
  pg.project().AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table:
      name: parents
      columns:
        - {name: id, type: integer, primary_key: true}
  - create_table:
      name: pairs
      columns:
        - {name: a, type: integer}
        - {name: b, type: string(10)}
        - {name: weight, type: "numeric(6,2)"}
      primary_key: {name: pk_pairs, columns: [a, b]}
      unique_constraints:
        - {name: uq_pairs_b_a, columns: [b, a]}
      check_constraints:
        - {name: ck_pairs_weight, condition: "weight IS NULL OR weight > 0"}
        - {condition: "a >= 0"}
  - create_table:
      name: links
      columns:
        - {name: id, type: bigint, primary_key: true, autoincrement: true}
        - {name: c_id, type: integer, references: parents.id, on_delete: cascade, on_update: cascade}
        - {name: r_id, type: integer, references: parents.id, on_delete: restrict}
        - {name: n_id, type: integer, references: parents.id, on_delete: set null}
        - {name: d_id, type: integer, server_default: "0", references: parents.id, on_delete: set default}
        - {name: x_id, type: integer, references: parents.id, on_delete: no action, on_update: restrict}
        - {name: pa, type: integer}
        - {name: pb, type: string(10)}
      foreign_keys:
        - name: fk_links_pair
          columns: [pa, pb]
          referent_table: pairs
          referent_columns: [a, b]
          on_update: cascade
          deferrable: true
          initially: deferred
)yaml");
  MigrationListener quiet;
  Upgrade(pg.config(), "head", quiet);
  const auto& db = pg.db();

  CHECK(Constraints(db, "pairs") ==
        Strings{"ck_pairs_weight CHECK (((weight IS NULL) OR (weight > (0)::numeric)))",
                "pairs_a_check CHECK ((a >= 0))", "pk_pairs PRIMARY KEY (a, b)",
                "uq_pairs_b_a UNIQUE (b, a)"});
  // Key columns are NOT NULL whether or not the revision says so.
  CHECK(Columns(db, "pairs") == PgRows{{"a", "integer not null"},
                                       {"b", "character varying(10) not null"},
                                       {"weight", "numeric(6,2)"}});
  CHECK(Columns(db, "links").front() == Strings{"id", "bigint not null identity d"});
  // Each column's key by the actions PostgreSQL records: a = no action,
  // r = restrict, c = cascade, n = set null, d = set default.
  CHECK(db.Query("SELECT a.attname, c.confdeltype, c.confupdtype, c.condeferrable, "
                 "c.condeferred, c.confrelid::regclass::text FROM pg_constraint c "
                 "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
                 "WHERE c.conrelid = 'links'::regclass AND c.contype = 'f' ORDER BY a.attnum") ==
        PgRows{{"c_id", "c", "c", "f", "f", "parents"},
               {"r_id", "r", "a", "f", "f", "parents"},
               {"n_id", "n", "a", "f", "f", "parents"},
               {"d_id", "d", "a", "f", "f", "parents"},
               {"x_id", "a", "r", "f", "f", "parents"},
               {"pa", "a", "c", "t", "t", "pairs"}});
  CHECK(Value(db, "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                  "WHERE conname = 'fk_links_pair'") ==
        "FOREIGN KEY (pa, pb) REFERENCES pairs(a, b) ON UPDATE CASCADE DEFERRABLE INITIALLY "
        "DEFERRED");

  // The constraints act: a deferred key is checked at COMMIT, so a child
  // may come before its parent inside one transaction; a cascade deletes.
  // (Parent 0 is what d_id's default points to.)
  db.Exec("INSERT INTO parents VALUES (0), (5)");
  db.Exec("BEGIN; INSERT INTO links (pa, pb) VALUES (1, 'x'); "
          "INSERT INTO pairs (a, b) VALUES (1, 'x'); COMMIT");
  CHECK_THROWS(db.Exec("INSERT INTO links (pa, pb) VALUES (2, 'y')"));
  db.Exec("INSERT INTO links (c_id, d_id) VALUES (5, 5)");
  db.Exec("DELETE FROM parents WHERE id = 5");
  CHECK(Value(db, "SELECT count(*) FROM links WHERE c_id IS NOT NULL") == "0");
  CHECK_THROWS(db.Exec("INSERT INTO pairs (a, b, weight) VALUES (2, 'z', -1)"));
  CHECK_THROWS(db.Exec("INSERT INTO pairs (a, b) VALUES (-1, 'z')"));

  Downgrade(pg.config(), "base", quiet);
  CHECK(UserFacts(db) == empty);
}

TEST_CASE("table and column operations apply, and their automatic reverse restores the schema",
          "[postgresql][operations]") {
  PgProject pg;
  pg.project().AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table:
      name: owners
      columns:
        - {name: id, type: integer, primary_key: true, autoincrement: true}
        - {name: email, type: string(120), nullable: false, unique: true}
  - create_table:
      name: pets
      comment: the animals
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: owner_id, type: integer, nullable: false, references: owners.id, on_delete: cascade}
        - {name: name, type: string(40), nullable: false, server_default: "'rex'"}
        - {name: notes, type: text}
        - {name: born, type: date}
  - create_table:
      name: scratch
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: note, type: text, nullable: false, server_default: "'-'", comment: gone soon}
      check_constraints:
        - {name: ck_scratch_id, condition: "id > 0"}
)yaml");
  pg.project().AddYamlRevision("b2b2b2b2b2b2", "a1a1a1a1a1a1", R"yaml(
  - add_column:
      table: pets
      column: {name: vet_id, type: integer, references: owners.id, on_delete: set null, comment: who treats it}
  - add_column: {table: pets, column: {name: legs, type: smallint, nullable: false, server_default: "4"}}
  - drop_column: {table: pets, column: notes, existing_type: text}
  - rename_table: {name: owners, new_name: people}
  - drop_table:
      name: scratch
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: note, type: text, nullable: false, server_default: "'-'", comment: gone soon}
      check_constraints:
        - {name: ck_scratch_id, condition: "id > 0"}
  - create_table_comment: {table: pets, comment: "pets, renamed owners", existing_comment: the animals}
)yaml");
  MigrationListener quiet;
  Upgrade(pg.config(), "a1a1a1a1a1a1", quiet);
  const auto& db = pg.db();
  db.Exec("INSERT INTO owners (email) VALUES ('ada@example.com');"
          "INSERT INTO pets (id, owner_id) VALUES (1, 1)");
  const Strings before = UserFacts(db);

  Upgrade(pg.config(), "head", quiet);
  CHECK_FALSE(HasTable(db, "owners"));
  CHECK_FALSE(HasTable(db, "scratch"));
  CHECK(Columns(db, "pets") == PgRows{{"id", "integer not null"},
                                      {"owner_id", "integer not null"},
                                      {"name", "character varying(40) not null default "
                                               "'rex'::character varying"},
                                      {"born", "date"},
                                      {"vet_id", "integer"},
                                      {"legs", "smallint not null default 4"}});
  // The new column's key follows the renamed table.
  CHECK(Value(db, "SELECT confrelid::regclass::text || ' ' || confdeltype::text FROM pg_constraint "
                  "WHERE conrelid = 'pets'::regclass AND contype = 'f' AND conkey = "
                  "ARRAY[(SELECT attnum FROM pg_attribute WHERE attrelid = 'pets'::regclass "
                  "AND attname = 'vet_id')]") == "people n");
  CHECK(ColumnComment(db, "pets", "vet_id") == "who treats it");
  CHECK(TableComment(db, "pets") == "pets, renamed owners");
  // The existing row got the new NOT NULL column's default.
  CHECK(db.Query("SELECT id, name, legs, vet_id FROM pets") ==
        PgRows{{"1", "rex", "4", "NULL"}});
  CHECK(Values(db, "SELECT email FROM people") == Strings{"ada@example.com"});

  // The reverse, operation by operation in reverse order, is the schema of
  // before: types, defaults, comments, keys, checks.
  Downgrade(pg.config(), "-1", quiet);
  CHECK(UserFacts(db) == before);
  CHECK(VersionRows(db) == Strings{"a1a1a1a1a1a1"});
  CHECK(Values(db, "SELECT email FROM owners") == Strings{"ada@example.com"});

  Downgrade(pg.config(), "base", quiet);
  CHECK(Value(db, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE n.nspname = 'public' AND c.relname NOT LIKE 'retort%'") == "0");
}

TEST_CASE("alter_column changes type with using, nullability, default, name and comment",
          "[postgresql][operations]") {
  PgProject pg;
  pg.project().AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table:
      name: items
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: code, type: string(10), nullable: false, comment: as typed}
        - {name: note, type: text}
        - {name: status, type: string(10), server_default: "'new'"}
        - {name: qty, type: integer}
)yaml");
  pg.project().AddYamlRevision("b2b2b2b2b2b2", "a1a1a1a1a1a1", R"yaml(
  - alter_column:
      table: items
      column: code
      type: integer
      using: "trim(code)::integer"
      existing_type: string(10)
      new_column_name: code_number
      comment: parsed
      existing_comment: as typed
  - alter_column: {table: items, column: code_number, nullable: true, existing_nullable: false}
  - alter_column: {table: items, column: note, nullable: false, existing_nullable: true}
  - alter_column: {table: items, column: status, server_default: null, existing_server_default: "'new'"}
  - alter_column: {table: items, column: qty, server_default: "1", existing_server_default: null, comment: how many, existing_comment: null}
)yaml");
  MigrationListener quiet;
  Upgrade(pg.config(), "a1a1a1a1a1a1", quiet);
  const auto& db = pg.db();
  db.Exec("INSERT INTO items (id, code, note) VALUES (1, ' 42 ', 'x'), (2, '7', 'y')");
  const Strings before = UserFacts(db);

  Upgrade(pg.config(), "head", quiet);
  CHECK(Columns(db, "items") == PgRows{{"id", "integer not null"},
                                       {"code_number", "integer"},
                                       {"note", "text not null"},
                                       {"status", "character varying(10)"},
                                       {"qty", "integer default 1"}});
  CHECK(ColumnComment(db, "items", "code_number") == "parsed");
  CHECK(ColumnComment(db, "items", "qty") == "how many");
  // USING converted the values.
  CHECK(db.Query("SELECT id, code_number FROM items ORDER BY id") ==
        PgRows{{"1", "42"}, {"2", "7"}});
  CHECK_THROWS(db.Exec("INSERT INTO items (id, note) VALUES (3, NULL)"));
  CHECK_THROWS(db.Exec("INSERT INTO items (id, note, code_number) VALUES (3, 'z', 'abc')"));

  Downgrade(pg.config(), "-1", quiet);
  CHECK(UserFacts(db) == before);
  CHECK(db.Query("SELECT id, code FROM items ORDER BY id") == PgRows{{"1", "42"}, {"2", "7"}});
  Downgrade(pg.config(), "base", quiet);
  CHECK_FALSE(HasTable(db, "items"));
}

TEST_CASE("alter_column with fill_nulls fills the NULLs before the column becomes NOT NULL",
          "[postgresql][operations]") {
  // file-format.md: "the NULLs the column holds become that value"; a plain
  // SET NOT NULL would fail on them.
  PgProject pg;
  pg.project().AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table: {name: items, columns: [{name: id, type: integer}, {name: note, type: text}]}
)yaml");
  pg.project().AddYamlRevision("b2b2b2b2b2b2", "a1a1a1a1a1a1", R"yaml(
  - alter_column: {table: items, column: note, nullable: false, existing_nullable: true, fill_nulls: "'(none)'"}
)yaml");
  MigrationListener quiet;
  Upgrade(pg.config(), "a1a1a1a1a1a1", quiet);
  const auto& db = pg.db();
  db.Exec("INSERT INTO items VALUES (1, 'x'), (2, NULL)");
  CHECK_NOTHROW(Upgrade(pg.config(), "head", quiet));
  CHECK(VersionRows(db) == Strings{"b2b2b2b2b2b2"});
  CHECK(db.Query("SELECT id, note FROM items ORDER BY id") ==
        PgRows{{"1", "x"}, {"2", "(none)"}});
  CHECK(Columns(db, "items").at(1) == Strings{"note", "text not null"});
}

TEST_CASE("create_index and drop_index make unique, partial and concurrent indexes and reverse "
          "them",
          "[postgresql][operations]") {
  PgProject pg;
  const Strings empty = UserFacts(pg.db());
  pg.project().AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table:
      name: messages
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: user_id, type: integer}
        - {name: provider_sid, type: string(64)}
        - {name: body, type: text}
  - create_index: {name: ux_messages_sid, table: messages, columns: [provider_sid], unique: true, where: provider_sid IS NOT NULL}
  - create_index: {name: ix_messages_user_body, table: messages, columns: [user_id, body]}
)yaml");
  pg.project().AddYamlRevision("b2b2b2b2b2b2", "a1a1a1a1a1a1", R"yaml(
  - create_index: {name: ix_messages_user, table: messages, columns: [user_id], concurrently: true}
  - drop_index: {name: ix_messages_user_body, table: messages, columns: [user_id, body], concurrently: true}
)yaml",
                               "transaction: false\n");
  MigrationListener quiet;
  Upgrade(pg.config(), "a1a1a1a1a1a1", quiet);
  const auto& db = pg.db();
  CHECK(Indexes(db, "messages") ==
        Strings{"CREATE INDEX ix_messages_user_body ON public.messages USING btree (user_id, body)",
                "CREATE UNIQUE INDEX messages_pkey ON public.messages USING btree (id)",
                "CREATE UNIQUE INDEX ux_messages_sid ON public.messages USING btree "
                "(provider_sid) WHERE (provider_sid IS NOT NULL)"});
  // The partial index allows any number of NULLs but no duplicate value.
  db.Exec("INSERT INTO messages (id) VALUES (1), (2); "
          "INSERT INTO messages (id, provider_sid) VALUES (3, 'SM1')");
  CHECK_THROWS(db.Exec("INSERT INTO messages (id, provider_sid) VALUES (4, 'SM1')"));
  const Strings before = UserFacts(db);

  Upgrade(pg.config(), "head", quiet);
  CHECK(Indexes(db, "messages") ==
        Strings{"CREATE INDEX ix_messages_user ON public.messages USING btree (user_id)",
                "CREATE UNIQUE INDEX messages_pkey ON public.messages USING btree (id)",
                "CREATE UNIQUE INDEX ux_messages_sid ON public.messages USING btree "
                "(provider_sid) WHERE (provider_sid IS NOT NULL)"});
  CHECK(Value(db, "SELECT bool_and(indisvalid) FROM pg_index "
                  "WHERE indrelid = 'messages'::regclass") == "t");
  CHECK(HistoryRows(db) == Strings{"a1a1a1a1a1a1 upgrade", "b2b2b2b2b2b2 upgrade"});
  CHECK(Value(db, "SELECT count(*) FROM retort_incomplete") == "0");

  // The reverse also runs outside a transaction: DROP INDEX CONCURRENTLY,
  // then CREATE INDEX CONCURRENTLY of the dropped one.
  Downgrade(pg.config(), "-1", quiet);
  CHECK(UserFacts(db) == before);
  Downgrade(pg.config(), "base", quiet);
  CHECK(UserFacts(db) == empty);
}

TEST_CASE("CREATE INDEX CONCURRENTLY inside a transaction fails and says to add transaction false",
          "[postgresql][operations]") {
  PgProject pg;
  pg.project().AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table: {name: t, columns: [{name: id, type: integer}]}
  - create_index: {name: ix_t_id, table: t, columns: [id], concurrently: true}
)yaml");
  MigrationListener quiet;
  try {
    Upgrade(pg.config(), "head", quiet);
    FAIL("CREATE INDEX CONCURRENTLY ran inside a transaction");
  } catch (const DatabaseError& error) {
    CHECK(error.code() == "25001");
    CHECK_THAT(error.what(), Catch::Contains("a1a1a1a1a1a1_rev.yaml:7") &&
                                 Catch::Contains("add 'transaction: false' to the revision") &&
                                 Catch::Contains("rolled back, the database is at base"));
  }
  CHECK_FALSE(HasTable(pg.db(), "t"));
  CHECK(VersionRows(pg.db()).empty());
}

TEST_CASE("constraint operations add and drop each kind of constraint by name",
          "[postgresql][operations]") {
  PgProject pg;
  pg.project().AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table:
      name: accounts
      columns:
        - {name: id, type: integer, nullable: false}
        - {name: region, type: string(2), nullable: false}
  - create_table:
      name: users
      columns:
        - {name: id, type: integer, nullable: false}
        - {name: account_id, type: integer}
        - {name: region, type: string(2)}
        - {name: email, type: text}
        - {name: age, type: integer}
)yaml");
  pg.project().AddYamlRevision("b2b2b2b2b2b2", "a1a1a1a1a1a1", R"yaml(
  - create_primary_key: {name: pk_accounts, table: accounts, columns: [id, region]}
  - create_primary_key: {name: pk_users, table: users, columns: [id]}
  - create_foreign_key:
      name: fk_users_account
      table: users
      columns: [account_id, region]
      referent_table: accounts
      referent_columns: [id, region]
      on_delete: set null
      on_update: cascade
      deferrable: true
      initially: immediate
  - create_unique_constraint: {name: uq_users_email, table: users, columns: [email]}
  - create_check_constraint: {name: ck_users_age, table: users, condition: "age >= 0"}
)yaml");
  pg.project().AddYamlRevision("c3c3c3c3c3c3", "b2b2b2b2b2b2", R"yaml(
  - drop_constraint: {name: ck_users_age, table: users, type: check, condition: "age >= 0"}
  - drop_constraint: {name: uq_users_email, table: users, type: unique, columns: [email]}
  - drop_constraint:
      name: fk_users_account
      table: users
      type: foreignkey
      columns: [account_id, region]
      referent_table: accounts
      referent_columns: [id, region]
      on_delete: set null
      on_update: cascade
      deferrable: true
      initially: immediate
  - drop_constraint: {name: pk_users, table: users, type: primary, columns: [id]}
)yaml");
  MigrationListener quiet;
  Upgrade(pg.config(), "a1a1a1a1a1a1", quiet);
  const auto& db = pg.db();
  const Strings plain = UserFacts(db);

  Upgrade(pg.config(), "b2b2b2b2b2b2", quiet);
  CHECK(Constraints(db, "accounts") == Strings{"pk_accounts PRIMARY KEY (id, region)"});
  CHECK(Constraints(db, "users") ==
        Strings{"ck_users_age CHECK ((age >= 0))",
                "fk_users_account FOREIGN KEY (account_id, region) REFERENCES accounts(id, region) "
                "ON UPDATE CASCADE ON DELETE SET NULL DEFERRABLE",
                "pk_users PRIMARY KEY (id)", "uq_users_email UNIQUE (email)"});
  const Strings constrained = UserFacts(db);

  Upgrade(pg.config(), "head", quiet);
  CHECK(Constraints(db, "users").empty());
  CHECK(Constraints(db, "accounts") == Strings{"pk_accounts PRIMARY KEY (id, region)"});

  // Each drop described what it dropped, so each comes back as it was.
  Downgrade(pg.config(), "-1", quiet);
  CHECK(UserFacts(db) == constrained);
  Downgrade(pg.config(), "-1", quiet);
  CHECK(UserFacts(db) == plain);
}

TEST_CASE("drop_constraint without the definition cannot be reversed, and says so before anything "
          "runs",
          "[postgresql][operations]") {
  PgProject pg;
  pg.project().AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table:
      name: t
      columns: [{name: id, type: integer}]
      check_constraints: [{name: ck_t_id, condition: "id > 0"}]
)yaml");
  pg.project().AddYamlRevision("b2b2b2b2b2b2", "a1a1a1a1a1a1",
                               "  - drop_constraint: {name: ck_t_id, table: t}\n");
  MigrationListener quiet;
  Upgrade(pg.config(), "head", quiet);
  CHECK(Constraints(pg.db(), "t").empty());
  const Strings facts = CatalogFacts(pg.db());
  CHECK_THROWS_WITH(Downgrade(pg.config(), "base", quiet),
                    Catch::Contains("b2b2b2b2b2b2") && Catch::Contains("drop_constraint"));
  CHECK(CatalogFacts(pg.db()) == facts);
}

TEST_CASE("execute sends PostgreSQL SQL unchanged, with $$ bodies and :name text, choosing the "
          "dialect's own",
          "[postgresql][operations]") {
  PgProject pg;
  const Strings empty = UserFacts(pg.db());
  // The function body holds ':name' and '::' inside $$: a driver that binds
  // named parameters would rewrite them, and the function would change.
  pg.project().AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - execute:
      sqlite: "CREATE TABLE chosen (sqlite_column INTEGER)"
      postgresql: "CREATE TABLE chosen (pg_column INTEGER)"
      sql: "CREATE TABLE chosen (generic_column INTEGER)"
  - execute: |
      CREATE FUNCTION greet(who text) RETURNS text LANGUAGE plpgsql AS $$
      DECLARE
        template text := 'hello :name, you are #' || 1::text;
      BEGIN
        -- :name is a placeholder here, not a bind parameter
        RETURN replace(template, ':name', who);
      END
      $$;
      CREATE TABLE greetings (line text DEFAULT greet(':name'));
      INSERT INTO greetings VALUES (greet('Ada')), (DEFAULT);
)yaml",
                               R"yaml(downgrade:
  - execute: |
      DROP TABLE greetings;
      DROP FUNCTION greet(text);
  - drop_table: chosen
)yaml");
  MigrationListener quiet;
  Upgrade(pg.config(), "head", quiet);
  const auto& db = pg.db();
  CHECK(Values(db, "SELECT attname FROM pg_attribute WHERE attrelid = 'chosen'::regclass "
                   "AND attnum > 0") == Strings{"pg_column"});
  CHECK(Values(db, "SELECT line FROM greetings ORDER BY line") ==
        Strings{"hello :name, you are #1", "hello Ada, you are #1"});
  const std::string body = Value(db, "SELECT prosrc FROM pg_proc WHERE proname = 'greet'");
  CHECK_THAT(body, Catch::Contains("'hello :name, you are #' || 1::text") &&
                       Catch::Contains("-- :name is a placeholder") &&
                       Catch::Contains("replace(template, ':name', who)"));

  Downgrade(pg.config(), "base", quiet);
  CHECK(UserFacts(db) == empty);
}

TEST_CASE("an execute with no SQL for postgresql fails before anything runs",
          "[postgresql][operations]") {
  PgProject pg;
  pg.project().AddYamlRevision(
      "a1a1a1a1a1a1", "", "  - create_table: {name: first, columns: [{name: id, type: integer}]}\n");
  pg.project().AddYamlRevision("b2b2b2b2b2b2", "a1a1a1a1a1a1",
                               "  - execute: {sqlite: \"PRAGMA user_version = 3\"}\n");
  const Strings empty = CatalogFacts(pg.db());
  MigrationListener quiet;
  CHECK_THROWS_WITH(Upgrade(pg.config(), "head", quiet),
                    Catch::Contains("b2b2b2b2b2b2_rev.yaml:5") &&
                        Catch::Contains("no SQL for dialect postgresql") &&
                        Catch::Contains("nothing was run"));
  CHECK(CatalogFacts(pg.db()) == empty);
}

TEST_CASE("bulk_insert writes typed literals into PostgreSQL columns", "[postgresql][operations]") {
  PgProject pg;
  pg.project().AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table:
      name: settings
      columns:
        - {name: key, type: string(20), primary_key: true}
        - {name: number, type: integer}
        - {name: ratio, type: double}
        - {name: amount, type: "numeric(8,3)"}
        - {name: enabled, type: boolean}
        - {name: note, type: text}
        - {name: doc, type: json}
        - {name: day, type: date}
  - bulk_insert:
      table: settings
      rows:
        - {key: a, number: 1, ratio: 0.5, amount: 1.25, enabled: true, note: "it's", doc: '{"k": [1, 2]}', day: "2024-02-29"}
        - {key: b, number: -7, ratio: 2, amount: 3, enabled: false, note: null, doc: null, day: null}
        - {key: c, number: "12", ratio: 1e3, amount: "0.001", enabled: true, note: 'back\slash $$ :name', doc: "[]", day: "1999-12-31"}
)yaml",
                               "downgrade:\n  - drop_table: settings\n");
  MigrationListener quiet;
  Upgrade(pg.config(), "head", quiet);
  CHECK(pg.db().Query("SELECT key, number, ratio, amount, enabled, note, doc, day FROM settings "
                      "ORDER BY key") ==
        PgRows{{"a", "1", "0.5", "1.250", "t", "it's", "{\"k\": [1, 2]}", "2024-02-29"},
               {"b", "-7", "2", "3.000", "f", "NULL", "NULL", "NULL"},
               {"c", "12", "1000", "0.001", "t", "back\\slash $$ :name", "[]", "1999-12-31"}});
  Downgrade(pg.config(), "base", quiet);
  CHECK_FALSE(HasTable(pg.db(), "settings"));
}

TEST_CASE("schema-qualified names work in every operation", "[postgresql][operations]") {
  PgProject pg;
  const Strings empty = UserFacts(pg.db());
  pg.project().AddYamlRevision("a1a1a1a1a1a1", "", "  - execute: CREATE SCHEMA app\n",
                               "downgrade:\n  - execute: DROP SCHEMA app\n");
  pg.project().AddYamlRevision("b2b2b2b2b2b2", "a1a1a1a1a1a1", R"yaml(
  - create_table:
      schema: app
      name: owners
      comment: in app
      columns:
        - {name: id, type: integer, primary_key: true, autoincrement: true, comment: key}
  - create_table:
      schema: app
      name: pets
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: owner_id, type: integer, references: app.owners.id, on_delete: cascade}
        - {name: name, type: text}
  - create_table:
      name: pets
      columns: [{name: id, type: integer}]
  - add_column: {schema: app, table: pets, column: {name: vet_id, type: integer, comment: vet}}
  - alter_column: {schema: app, table: pets, column: name, type: string(50), existing_type: text, nullable: false, existing_nullable: true}
  - create_index: {schema: app, name: ix_pets_name, table: pets, columns: [name], unique: true, where: "owner_id IS NOT NULL"}
  - create_unique_constraint: {schema: app, name: uq_pets_owner_name, table: pets, columns: [owner_id, name]}
  - create_check_constraint: {schema: app, name: ck_pets_id, table: pets, condition: "id > 0"}
  - create_foreign_key:
      schema: app
      name: fk_pets_vet
      table: pets
      columns: [vet_id]
      referent_schema: app
      referent_table: owners
      referent_columns: [id]
  - rename_table: {schema: app, name: owners, new_name: people}
  - create_table_comment: {schema: app, table: people, comment: renamed, existing_comment: in app}
)yaml");
  MigrationListener quiet;
  Upgrade(pg.config(), "a1a1a1a1a1a1", quiet);
  const auto& db = pg.db();
  const Strings with_schema = UserFacts(db);
  Upgrade(pg.config(), "head", quiet);

  CHECK(HasTable(db, "app.people"));
  CHECK_FALSE(HasTable(db, "app.owners"));
  // The unqualified pets is public's, untouched by app's operations.
  CHECK(Columns(db, "public.pets") == PgRows{{"id", "integer"}});
  CHECK(Columns(db, "app.pets") == PgRows{{"id", "integer not null"},
                                          {"owner_id", "integer"},
                                          {"name", "character varying(50) not null"},
                                          {"vet_id", "integer"}});
  CHECK(Constraints(db, "app.pets") ==
        Strings{"ck_pets_id CHECK ((id > 0))",
                "fk_pets_vet FOREIGN KEY (vet_id) REFERENCES app.people(id)",
                "pets_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES app.people(id) ON DELETE "
                "CASCADE",
                "pets_pkey PRIMARY KEY (id)", "uq_pets_owner_name UNIQUE (owner_id, name)"});
  CHECK(Value(db, "SELECT pg_get_indexdef('app.ix_pets_name'::regclass)") ==
        "CREATE UNIQUE INDEX ix_pets_name ON app.pets USING btree (name) WHERE (owner_id IS NOT "
        "NULL)");
  CHECK(TableComment(db, "app.people") == "renamed");
  CHECK(ColumnComment(db, "app.people", "id") == "key");
  CHECK(ColumnComment(db, "app.pets", "vet_id") == "vet");
  // The keys act within the schema: deleting an owner cascades to its pets.
  db.Exec("INSERT INTO app.people DEFAULT VALUES; INSERT INTO app.pets VALUES (1, 1, 'rex', 1)");
  db.Exec("DELETE FROM app.people");
  CHECK(Value(db, "SELECT count(*) FROM app.pets") == "0");
  // retort's own tables stay in the connection's schema.
  CHECK(HasTable(db, "public.retort_version"));
  CHECK_FALSE(HasTable(db, "app.retort_version"));

  // The automatic reverse works inside the schema too: every operation
  // undone, in reverse order, leaving the empty schema.
  Downgrade(pg.config(), "-1", quiet);
  CHECK(UserFacts(db) == with_schema);
  Downgrade(pg.config(), "base", quiet);
  CHECK(UserFacts(db) == empty);
}

TEST_CASE("reserved words and mixed-case names are quoted in every statement",
          "[postgresql][operations]") {
  PgProject pg;
  const Strings empty = UserFacts(pg.db());
  pg.project().AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table:
      name: order
      comment: reserved
      columns:
        - {name: user, type: integer, primary_key: true, autoincrement: true, comment: a key}
        - {name: Select, type: string(10), server_default: "'x'"}
      check_constraints:
        - {name: check, condition: "\"user\" > 0"}
  - create_table:
      name: Line Items
      columns:
        - {name: id, type: integer}
        - {name: order, type: integer, references: order.user}
  - add_column: {table: order, column: {name: group, type: text, comment: a group}}
  - alter_column: {table: order, column: group, new_column_name: table, nullable: false, existing_nullable: true}
  - create_index: {name: Index, table: order, columns: [Select, table], unique: true}
  - create_unique_constraint: {name: unique, table: Line Items, columns: [order]}
  - bulk_insert: {table: order, rows: [{user: 1, Select: a, table: t}]}
)yaml",
                               R"yaml(downgrade:
  - drop_table: Line Items
  - drop_table: order
)yaml");
  MigrationListener quiet;
  Upgrade(pg.config(), "head", quiet);
  const auto& db = pg.db();
  CHECK(Columns(db, "\"order\"") ==
        PgRows{{"user", "integer not null identity d"},
               {"Select", "character varying(10) default 'x'::character varying"},
               {"table", "text not null"}});
  CHECK(Constraints(db, "\"Line Items\"") ==
        Strings{"Line Items_order_fkey FOREIGN KEY (\"order\") REFERENCES \"order\"(\"user\")",
                "unique UNIQUE (\"order\")"});
  CHECK(Indexes(db, "\"order\"") ==
        Strings{"CREATE UNIQUE INDEX \"Index\" ON public.\"order\" USING btree (\"Select\", "
                "\"table\")",
                "CREATE UNIQUE INDEX order_pkey ON public.\"order\" USING btree (\"user\")"});
  CHECK(ColumnComment(db, "\"order\"", "table") == "a group");
  CHECK(TableComment(db, "\"order\"") == "reserved");
  CHECK(db.Query("SELECT \"user\", \"Select\", \"table\" FROM \"order\"") ==
        PgRows{{"1", "a", "t"}});
  Downgrade(pg.config(), "base", quiet);
  CHECK(UserFacts(db) == empty);
}
