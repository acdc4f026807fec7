// Reflection of what PostgreSQL has beyond the neutral types and tables:
// native types, generated columns, exclusion constraints, views, triggers,
// sequences, enums and domains; the names PostgreSQL makes up for unnamed
// constraints; and NeutralType, type by type.
#include <catch2/catch.hpp>
#include <libpq-fe.h>

#include <string>
#include <vector>

#include "postgres_support.h"
#include "postgresql_reflect.h"
#include "postgresql_reflect_names.h"
#include "reflect_support.h"
#include "retort/schema.h"

using namespace retort;
using namespace retort::testing;
using retort::postgresql::NeutralType;
using retort::postgresql::ReflectSchema;

TEST_CASE("ReflectSchema keeps native types, generated columns and exclusion constraints",
          "[postgresql][reflect]") {
  PostgresDatabase db;
  db.Exec("CREATE TABLE bookings (id integer, code character(3), at timestamp(3), "
          "  tags text[], doc tsvector, during tsrange, "
          "  doubled integer GENERATED ALWAYS AS (id * 2) STORED, "
          "  CONSTRAINT one_booking EXCLUDE USING gist (during WITH &&), "
          "  EXCLUDE USING btree (code WITH =))");
  const Connection connection = Connect(db);

  const Schema schema = ReflectSchema(connection.get(), "public");
  REQUIRE(schema.tables.size() == 1);
  const Table& table = schema.tables[0];
  REQUIRE(table.columns.size() == 7);
  CHECK(table.columns[1].type == NativeType("postgresql", "character(3)"));
  CHECK(table.columns[2].type == NativeType("postgresql", "timestamp(3) without time zone"));
  CHECK(table.columns[3].type == NativeType("postgresql", "text[]"));
  CHECK(table.columns[4].type == NativeType("postgresql", "tsvector"));
  CHECK(table.columns[5].type == NativeType("postgresql", "tsrange"));
  CHECK(table.columns[6].generated == GeneratedColumn{"id * 2", true});
  CHECK_FALSE(table.columns[6].server_default);
  // Exclusion constraints as PostgreSQL shows them; their indexes are theirs.
  CHECK(table.exclusion_constraints ==
        std::vector<ExclusionConstraint>{
            {"bookings_code_excl", "EXCLUDE USING btree (code WITH =)"},
            {"one_booking", "EXCLUDE USING gist (during WITH &&)"}});
  CHECK(schema.indexes.empty());
}

TEST_CASE("ReflectSchema leaves a constraint unnamed only when PostgreSQL made up its name",
          "[postgresql][reflect]") {
  PostgresDatabase db;
  const std::string long_table(62, 't'), long_column(48, 'c');
  db.Exec("CREATE TABLE parent (id integer PRIMARY KEY, a integer, b integer, UNIQUE (a, b));"
          "CREATE TABLE child (id integer, a integer, b integer, "
          "  CHECK (a > 0 AND a < 10), CHECK (a > b), CHECK (a <> 5), CHECK (1 = 1), "
          "  FOREIGN KEY (a, b) REFERENCES parent (a, b), "
          "  CONSTRAINT child_key UNIQUE (b), CONSTRAINT child_b_key UNIQUE (a), "
          "  CONSTRAINT pk_child PRIMARY KEY (id));"
          "CREATE TABLE " + long_table + " (" + long_column + " integer UNIQUE CHECK (" +
          long_column + " > 0));"
          "CREATE TABLE renamed (id integer PRIMARY KEY); ALTER TABLE renamed RENAME TO moved;");
  const Connection connection = Connect(db);

  const Schema schema = ReflectSchema(connection.get(), "public");
  const Table* child = FindTable(schema, {"", "child"});
  REQUIRE(child != nullptr);
  // child_a_check, child_check, child_a_check1 and child_check1: generated.
  REQUIRE(child->check_constraints.size() == 4);
  for (const CheckConstraint& check : child->check_constraints) CHECK(check.name.empty());
  REQUIRE(child->foreign_keys.size() == 1);
  CHECK(child->foreign_keys[0].name.empty());  // child_a_b_fkey
  CHECK(child->primary_key->name == "pk_child");
  // Chosen names, though they end in _key like generated ones.
  CHECK(child->unique_constraints ==
        std::vector<UniqueConstraint>{{"child_b_key", {"a"}}, {"child_key", {"b"}}});
  CHECK(FindTable(schema, {"", "parent"})->unique_constraints[0].name.empty());

  // Names cut to 63 bytes, the longer part first.
  const Table* long_one = FindTable(schema, {"", long_table});
  REQUIRE(long_one != nullptr);
  CHECK(long_one->unique_constraints[0].name.empty());
  CHECK(long_one->check_constraints[0].name.empty());
  CHECK(postgresql::IsGeneratedConstraintName(
      std::string(29, 't') + "_" + std::string(29, 'c') + "_key", long_table, {long_column},
      "key"));
  CHECK_FALSE(postgresql::IsGeneratedConstraintName(
      std::string(30, 't') + "_" + std::string(28, 'c') + "_key", long_table, {long_column},
      "key"));
  CHECK(postgresql::IsGeneratedConstraintName("t_a_key12", "t", {"a"}, "key"));
  CHECK_FALSE(postgresql::IsGeneratedConstraintName("t_a_key01", "t", {"a"}, "key"));
  CHECK_FALSE(postgresql::IsGeneratedConstraintName("t_a_key", "t", {"a"}, "fkey"));

  // A generated name kept through a rename no longer reads as generated.
  CHECK(FindTable(schema, {"", "moved"})->primary_key->name == "renamed_pkey");
}

TEST_CASE("ReflectSchema reads views, triggers, sequences, enums and domains",
          "[postgresql][reflect]") {
  PostgresDatabase db;
  db.Exec(R"sql(
    CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy, really');
    CREATE DOMAIN year AS integer NOT NULL DEFAULT 2000
      CONSTRAINT year_check CHECK (VALUE >= 1901) CHECK (VALUE <= 2155);
    CREATE DOMAIN code AS character varying(8) CONSTRAINT code_upper CHECK (VALUE = upper(VALUE));
    CREATE SEQUENCE tickets START 100 INCREMENT 5 MINVALUE 10 MAXVALUE 1000 CYCLE;
    CREATE SEQUENCE small_seq AS smallint;
    CREATE TABLE people (id serial PRIMARY KEY, born year, feeling mood DEFAULT 'ok',
      badge code, ticket integer DEFAULT nextval('tickets'), seat bigint,
      tags text[] DEFAULT '{}');
    CREATE SEQUENCE seats OWNED BY people.seat;
    CREATE TABLE identified (id integer GENERATED ALWAYS AS IDENTITY);
    CREATE VIEW grown AS SELECT id, born FROM people WHERE born < 2000;
    CREATE MATERIALIZED VIEW moods AS SELECT feeling, count(*) AS n FROM people GROUP BY feeling;
    CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
    CREATE TRIGGER people_touch BEFORE UPDATE ON people FOR EACH ROW EXECUTE FUNCTION touch();
    CREATE TABLE retort_history (id serial PRIMARY KEY);
    CREATE TRIGGER retort_touch BEFORE UPDATE ON retort_history
      FOR EACH ROW EXECUTE FUNCTION touch();
  )sql");
  const Connection connection = Connect(db);
  const Schema schema = ReflectSchema(connection.get(), "public");

  CHECK(schema.enums == std::vector<EnumType>{{{"", "mood"}, {"sad", "ok", "happy, really"}}});
  Domain year{{"", "year"}, T(TypeKind::kInteger), false, "2000",
              {{"", "value <= 2155"}, {"", "value >= 1901"}}};
  Domain code{
      {"", "code"}, String(8), true, std::nullopt, {{"code_upper", "value = upper(value)"}}};
  CHECK(schema.domains == std::vector<Domain>{code, year});

  const Table* people = FindTable(schema, {"", "people"});
  REQUIRE(people != nullptr);
  CHECK(FindColumn(*people, "born")->type == NativeType("postgresql", "year"));
  CHECK(FindColumn(*people, "feeling")->type == NativeType("postgresql", "mood"));
  CHECK(FindColumn(*people, "feeling")->server_default == "'ok'");
  CHECK(FindColumn(*people, "tags")->type == NativeType("postgresql", "text[]"));
  CHECK(FindColumn(*people, "tags")->server_default == "'{}'");
  CHECK(FindColumn(*people, "id")->autoincrement);
  CHECK(FindColumn(*people, "id")->numbering == Numbering::kSerial);
  CHECK(FindColumn(*FindTable(schema, {"", "identified"}), "id")->numbering ==
        Numbering::kAlways);

  // The serial's and the identity's sequences are their columns'.
  CHECK(schema.sequences ==
        std::vector<Sequence>{
            {{"", "seats"}, T(TypeKind::kBigInt), 1, 1, 1, 9223372036854775807LL, false,
             "people.seat"},
            {{"", "small_seq"}, T(TypeKind::kSmallInt), 1, 1, 1, 32767, false, ""},
            {{"", "tickets"}, T(TypeKind::kBigInt), 100, 5, 10, 1000, true, ""}});

  REQUIRE(schema.views.size() == 2);
  CHECK(schema.views[0].name.name == "grown");
  CHECK_FALSE(schema.views[0].materialized);
  CHECK_THAT(schema.views[0].definition,
             Catch::StartsWith("SELECT people.id,") && Catch::Contains("FROM people") &&
                 !Catch::EndsWith(";"));
  CHECK(schema.views[1].name.name == "moods");
  CHECK(schema.views[1].materialized);

  CHECK(schema.triggers ==
        std::vector<Trigger>{{"people_touch", {"", "people"},
                              "CREATE TRIGGER people_touch BEFORE UPDATE ON people FOR EACH ROW "
                              "EXECUTE FUNCTION touch()"}});
  // Reflection reads the same twice, and diffs nothing against itself.
  CHECK(ReflectSchema(connection.get(), "public") == schema);
}

TEST_CASE("NeutralType maps each PostgreSQL type back to its neutral type",
          "[postgresql][reflect]") {
  CHECK(NeutralType("integer") == T(TypeKind::kInteger));
  CHECK(NeutralType("bigint") == T(TypeKind::kBigInt));
  CHECK(NeutralType("smallint") == T(TypeKind::kSmallInt));
  CHECK(NeutralType("boolean") == T(TypeKind::kBoolean));
  CHECK(NeutralType("character varying(20)") == String(20));
  CHECK(NeutralType("character varying") == T(TypeKind::kString));
  CHECK(NeutralType("text") == T(TypeKind::kText));
  CHECK(NeutralType("real") == T(TypeKind::kFloat));
  CHECK(NeutralType("double precision") == T(TypeKind::kDouble));
  CHECK(NeutralType("numeric(10,2)") == Numeric(10, 2));
  CHECK(NeutralType("numeric(10,0)") == Numeric(10, 0));
  CHECK(NeutralType("numeric(7)") == Numeric(7, std::nullopt));
  CHECK(NeutralType("numeric") == Numeric(std::nullopt, std::nullopt));
  CHECK(NeutralType("date") == T(TypeKind::kDate));
  CHECK(NeutralType("time without time zone") == T(TypeKind::kTime));
  CHECK(NeutralType("timestamp without time zone") == T(TypeKind::kDateTime));
  CHECK(NeutralType("timestamp with time zone") == T(TypeKind::kTimestampTz));
  CHECK(NeutralType("bytea") == T(TypeKind::kBlob));
  CHECK(NeutralType("jsonb") == T(TypeKind::kJson));
  CHECK(NeutralType("json") == T(TypeKind::kJson));
  CHECK(NeutralType("uuid") == T(TypeKind::kUuid));
}

TEST_CASE("NeutralType keeps a PostgreSQL type that has no neutral equivalent as native",
          "[postgresql][reflect]") {
  for (const char* type :
       {"character(3)", "integer[]", "interval", "time with time zone",
        "timestamp(3) without time zone", "numeric(5,-2)", "numeric(2,5)", "numeric(0)",
        "character varying(x)", "public.mood", "numeric(10,2", "tsvector", "text[]"}) {
    INFO(type);
    CHECK(NeutralType(type) == NativeType("postgresql", type));
  }
}
