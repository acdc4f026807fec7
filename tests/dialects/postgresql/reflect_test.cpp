// Reflection of a real PostgreSQL schema: tables made with plain SQL, read
// back with ReflectSchema and compared, whole, with the neutral Schema they
// must give.
#include <catch2/catch.hpp>
#include <libpq-fe.h>

#include <memory>
#include <sstream>
#include <string>

#include "postgres_support.h"
#include "postgresql_reflect.h"
#include "retort/error.h"
#include "retort/schema.h"

using namespace retort;
using namespace retort::testing;
using retort::postgresql::NeutralType;
using retort::postgresql::ReflectSchema;

namespace {

// A readable dump, so that a failed comparison shows what differs.
std::string Describe(const std::optional<std::string>& text) {
  return text ? "'" + *text + "'" : "none";
}

std::string Describe(const std::vector<std::string>& names) {
  std::string list = "[";
  for (const std::string& name : names) list += (list.size() > 1 ? ", " : "") + name;
  return list + "]";
}

std::string Describe(const std::optional<ReferentialAction>& action) {
  return action ? FormatReferentialAction(*action) : "none";
}

std::string Describe(const Schema& schema) {
  std::ostringstream out;
  for (const Table& table : schema.tables) {
    out << "\ntable " << ToString(table.name) << " comment " << Describe(table.comment) << "\n";
    for (const Column& c : table.columns) {
      out << "  column " << c.name << " " << FormatType(c.type)
          << (c.type.scale ? " scale " + std::to_string(*c.type.scale) : "")
          << (c.nullable ? " null" : " not null") << " default " << Describe(c.server_default)
          << (c.primary_key ? " primary_key" : "") << (c.unique ? " unique" : "")
          << (c.autoincrement ? " autoincrement" : "") << " comment " << Describe(c.comment)
          << "\n";
    }
    if (table.primary_key) {
      out << "  primary key " << table.primary_key->name << " "
          << Describe(table.primary_key->columns) << "\n";
    }
    for (const ForeignKey& k : table.foreign_keys) {
      out << "  foreign key " << k.name << " " << Describe(k.columns) << " -> "
          << ToString(k.referent) << " " << Describe(k.referent_columns) << " delete "
          << Describe(k.on_delete) << " update " << Describe(k.on_update)
          << (k.deferrable ? " deferrable" : "") << " initially '" << k.initially << "'\n";
    }
    for (const UniqueConstraint& u : table.unique_constraints) {
      out << "  unique " << u.name << " " << Describe(u.columns) << "\n";
    }
    for (const CheckConstraint& c : table.check_constraints) {
      out << "  check " << c.name << " " << c.condition << "\n";
    }
  }
  for (const Index& index : schema.indexes) {
    out << "index " << index.name << " on " << ToString(index.table) << " "
        << Describe(index.columns) << (index.unique ? " unique" : "") << " where '" << index.where
        << "'\n";
  }
  return out.str();
}

}  // namespace

namespace Catch {
template <>
struct StringMaker<retort::Schema> {
  static std::string convert(const retort::Schema& schema) { return Describe(schema); }
};
}  // namespace Catch

namespace {

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;

Connection Connect(const PostgresDatabase& db) {
  Connection connection(PQconnectdb(db.conninfo().c_str()), &PQfinish);
  REQUIRE(PQstatus(connection.get()) == CONNECTION_OK);
  return connection;
}

Type T(TypeKind kind) { return Type{kind, std::nullopt, std::nullopt, std::nullopt}; }
Type String(int length) { return Type{TypeKind::kString, length, std::nullopt, std::nullopt}; }
Type Numeric(std::optional<int> precision, std::optional<int> scale) {
  return Type{TypeKind::kNumeric, std::nullopt, precision, scale};
}

Column Col(std::string name, Type type, bool nullable = true,
           std::optional<std::string> server_default = std::nullopt) {
  Column column;
  column.name = std::move(name);
  column.type = type;
  column.nullable = nullable;
  column.server_default = std::move(server_default);
  return column;
}

Column Numbered(std::string name, TypeKind kind) {
  Column column = Col(std::move(name), T(kind), false);
  column.autoincrement = true;
  return column;
}

Column Commented(Column column, std::string comment) {
  column.comment = std::move(comment);
  return column;
}

ForeignKey Fk(std::string name, std::vector<std::string> columns, QualifiedName referent,
              std::vector<std::string> referent_columns) {
  ForeignKey key;
  key.name = std::move(name);
  key.columns = std::move(columns);
  key.referent = std::move(referent);
  key.referent_columns = std::move(referent_columns);
  return key;
}

// The message of the E that `call` throws; "nothing thrown" when it throws
// none (any other exception escapes and fails the test).
template <class E, class Call>
std::string ThrownMessage(Call&& call) {
  try {
    call();
  } catch (const E& error) {
    return error.what();
  }
  return "nothing thrown";
}

std::string TransactionState(PGconn* connection) {
  switch (PQtransactionStatus(connection)) {
    case PQTRANS_IDLE: return "idle";
    case PQTRANS_INTRANS: return "in transaction";
    case PQTRANS_INERROR: return "in failed transaction";
    default: return "other";
  }
}

// Every feature reflection reads, in two schemas, with retort's own tables
// beside them. Constraint and table names are chosen so that byte order
// (upper case first) differs from case-blind order, and key columns are
// declared out of table order.
const char* kFeatures = R"sql(
CREATE SCHEMA other;
CREATE TABLE other.regions (code text PRIMARY KEY);
CREATE SEQUENCE shared_seq;
CREATE TABLE accounts (
  id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  email character varying(120) NOT NULL,
  region text,
  CONSTRAINT accounts_email_key UNIQUE (email),
  CONSTRAINT accounts_region_fkey FOREIGN KEY (region) REFERENCES other.regions (code)
);
COMMENT ON TABLE accounts IS 'who signs in';
COMMENT ON COLUMN accounts.email IS 'kept lower-case';
CREATE INDEX accounts_lower_email ON accounts (lower(email), region);
CREATE INDEX accounts_next_id ON accounts ((id + 1));
CREATE TABLE everything (
  a_integer integer NOT NULL DEFAULT 0,
  a_bigint bigint GENERATED ALWAYS AS IDENTITY,
  a_smallint smallint,
  a_boolean boolean DEFAULT false,
  a_string character varying(20) DEFAULT 'UTC',
  a_unbounded varchar,
  a_text text DEFAULT lower('X') || 'y',
  a_float real,
  a_double double precision,
  a_numeric numeric(10,2) DEFAULT 0.5,
  a_numeric_p numeric(7),
  a_numeric_any numeric,
  a_date date DEFAULT CURRENT_DATE,
  a_time time,
  a_datetime timestamp DEFAULT CURRENT_TIMESTAMP,
  a_timestamptz timestamptz DEFAULT now(),
  a_blob bytea,
  a_jsonb jsonb DEFAULT '{}',
  a_json json,
  a_uuid uuid
);
CREATE TABLE counters (
  id serial PRIMARY KEY,
  big_id bigserial,
  shared integer DEFAULT nextval('shared_seq')
);
CREATE TABLE products (sku text NOT NULL, name text);
CREATE UNIQUE INDEX products_sku ON products (sku);
CREATE TABLE orders (
  account_id integer NOT NULL,
  number integer NOT NULL,
  total numeric(12,2) NOT NULL,
  status text NOT NULL DEFAULT 'new',
  CONSTRAINT orders_pk PRIMARY KEY (account_id, number),
  CONSTRAINT orders_total_positive CHECK (total >= 0),
  CONSTRAINT orders_status_known CHECK (status IN ('new', 'paid')),
  CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id)
    ON DELETE CASCADE ON UPDATE RESTRICT
);
ALTER TABLE orders ADD CONSTRAINT orders_number_positive CHECK (number > 0) NOT VALID;
CREATE UNIQUE INDEX orders_one_new ON orders (account_id) WHERE status = 'new';
CREATE INDEX orders_total ON orders (total) INCLUDE (status);
CREATE TABLE order_lines (
  account_id integer,
  number integer,
  line integer NOT NULL,
  product text,
  sku text,
  PRIMARY KEY (line, number, account_id),
  CONSTRAINT lines_order_fk FOREIGN KEY (account_id, number) REFERENCES orders (account_id, number)
    ON DELETE SET NULL ON UPDATE SET DEFAULT DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT lines_account_fk FOREIGN KEY (account_id) REFERENCES accounts
    ON DELETE NO ACTION ON UPDATE CASCADE DEFERRABLE,
  CONSTRAINT "Lines_sku_fk" FOREIGN KEY (sku) REFERENCES products (sku) ON DELETE RESTRICT,
  CONSTRAINT lines_product_line UNIQUE (product, line),
  CONSTRAINT lines_line_number UNIQUE (number, line)
);
CREATE TABLE "Tag Map" (
  "Tag, ""quoted""" integer NOT NULL,
  "{brace}" text,
  CONSTRAINT "Tag Map unique" UNIQUE ("{brace}", "Tag, ""quoted""")
);
CREATE INDEX "Tag Map index" ON "Tag Map" ("Tag, ""quoted""", "{brace}");
CREATE TABLE retort_version (version_num varchar(255) PRIMARY KEY);
CREATE TABLE retort_history (id serial PRIMARY KEY, revision text);
CREATE INDEX retort_history_revision ON retort_history (revision);
CREATE TABLE other.audit (
  account_id integer CONSTRAINT audit_account_fk REFERENCES public.accounts (id),
  note text
);
)sql";

Schema ExpectedPublic() {
  Schema schema;

  Table tags;
  tags.name = {"public", "Tag Map"};
  tags.columns = {Col("Tag, \"quoted\"", T(TypeKind::kInteger), false),
                  Col("{brace}", T(TypeKind::kText))};
  tags.unique_constraints = {{"Tag Map unique", {"{brace}", "Tag, \"quoted\""}}};
  schema.tables.push_back(tags);

  Table accounts;
  accounts.name = {"public", "accounts"};
  accounts.comment = "who signs in";
  accounts.columns = {Numbered("id", TypeKind::kInteger),
                      Commented(Col("email", String(120), false), "kept lower-case"),
                      Col("region", T(TypeKind::kText))};
  accounts.primary_key = PrimaryKey{"accounts_pkey", {"id"}};
  accounts.foreign_keys = {Fk("accounts_region_fkey", {"region"}, {"other", "regions"}, {"code"})};
  accounts.unique_constraints = {{"accounts_email_key", {"email"}}};
  schema.tables.push_back(accounts);

  Table counters;
  counters.name = {"public", "counters"};
  counters.columns = {Numbered("id", TypeKind::kInteger), Numbered("big_id", TypeKind::kBigInt),
                      // A sequence the column does not own makes no serial.
                      Col("shared", T(TypeKind::kInteger), true,
                          "nextval('shared_seq'::regclass)")};
  counters.primary_key = PrimaryKey{"counters_pkey", {"id"}};
  schema.tables.push_back(counters);

  Table everything;
  everything.name = {"public", "everything"};
  everything.columns = {
      Col("a_integer", T(TypeKind::kInteger), false, "0"),
      Numbered("a_bigint", TypeKind::kBigInt),
      Col("a_smallint", T(TypeKind::kSmallInt)),
      Col("a_boolean", T(TypeKind::kBoolean), true, "false"),
      Col("a_string", String(20), true, "'UTC'::character varying"),
      Col("a_unbounded", T(TypeKind::kString)),
      Col("a_text", T(TypeKind::kText), true, "(lower('X'::text) || 'y'::text)"),
      Col("a_float", T(TypeKind::kFloat)),
      Col("a_double", T(TypeKind::kDouble)),
      Col("a_numeric", Numeric(10, 2), true, "0.5"),
      Col("a_numeric_p", Numeric(7, 0)),
      Col("a_numeric_any", Numeric(std::nullopt, std::nullopt)),
      Col("a_date", T(TypeKind::kDate), true, "CURRENT_DATE"),
      Col("a_time", T(TypeKind::kTime)),
      Col("a_datetime", T(TypeKind::kDateTime), true, "CURRENT_TIMESTAMP"),
      Col("a_timestamptz", T(TypeKind::kTimestampTz), true, "now()"),
      Col("a_blob", T(TypeKind::kBlob)),
      Col("a_jsonb", T(TypeKind::kJson), true, "'{}'::jsonb"),
      Col("a_json", T(TypeKind::kJson)),
      Col("a_uuid", T(TypeKind::kUuid)),
  };
  schema.tables.push_back(everything);

  Table lines;
  lines.name = {"public", "order_lines"};
  lines.columns = {Col("account_id", T(TypeKind::kInteger), false),
                   Col("number", T(TypeKind::kInteger), false),
                   Col("line", T(TypeKind::kInteger), false), Col("product", T(TypeKind::kText)),
                   Col("sku", T(TypeKind::kText))};
  lines.primary_key = PrimaryKey{"order_lines_pkey", {"line", "number", "account_id"}};
  ForeignKey to_product = Fk("Lines_sku_fk", {"sku"}, {"", "products"}, {"sku"});
  to_product.on_delete = ReferentialAction::kRestrict;
  ForeignKey to_account = Fk("lines_account_fk", {"account_id"}, {"", "accounts"}, {"id"});
  to_account.on_update = ReferentialAction::kCascade;
  to_account.deferrable = true;
  ForeignKey to_order =
      Fk("lines_order_fk", {"account_id", "number"}, {"", "orders"}, {"account_id", "number"});
  to_order.on_delete = ReferentialAction::kSetNull;
  to_order.on_update = ReferentialAction::kSetDefault;
  to_order.deferrable = true;
  to_order.initially = "DEFERRED";
  lines.foreign_keys = {to_product, to_account, to_order};
  lines.unique_constraints = {{"lines_line_number", {"number", "line"}},
                              {"lines_product_line", {"product", "line"}}};
  schema.tables.push_back(lines);

  Table orders;
  orders.name = {"public", "orders"};
  orders.columns = {Col("account_id", T(TypeKind::kInteger), false),
                    Col("number", T(TypeKind::kInteger), false),
                    Col("total", Numeric(12, 2), false),
                    Col("status", T(TypeKind::kText), false, "'new'::text")};
  orders.primary_key = PrimaryKey{"orders_pk", {"account_id", "number"}};
  ForeignKey to_owner = Fk("orders_account_fk", {"account_id"}, {"", "accounts"}, {"id"});
  to_owner.on_delete = ReferentialAction::kCascade;
  to_owner.on_update = ReferentialAction::kRestrict;
  orders.foreign_keys = {to_owner};
  orders.check_constraints = {
      {"orders_number_positive", "(number > 0)"},
      {"orders_status_known", "(status = ANY (ARRAY['new'::text, 'paid'::text]))"},
      {"orders_total_positive", "(total >= (0)::numeric)"}};
  schema.tables.push_back(orders);

  Table products;
  products.name = {"public", "products"};
  products.columns = {Col("sku", T(TypeKind::kText), false), Col("name", T(TypeKind::kText))};
  schema.tables.push_back(products);

  schema.indexes = {
      {"Tag Map index", {"public", "Tag Map"}, {"Tag, \"quoted\"", "{brace}"}, false, ""},
      {"accounts_lower_email", {"public", "accounts"}, {"lower(email::text)", "region"}, false,
       ""},
      {"accounts_next_id", {"public", "accounts"}, {"(id + 1)"}, false, ""},
      {"orders_one_new", {"public", "orders"}, {"account_id"}, true, "(status = 'new'::text)"},
      {"orders_total", {"public", "orders"}, {"total"}, false, ""},
      // Backs a foreign key, but belongs to no constraint: the user's own.
      {"products_sku", {"public", "products"}, {"sku"}, true, ""},
  };
  return schema;
}

Schema ExpectedOther() {
  Schema schema;
  Table audit;
  audit.name = {"other", "audit"};
  audit.columns = {Col("account_id", T(TypeKind::kInteger)), Col("note", T(TypeKind::kText))};
  audit.foreign_keys = {Fk("audit_account_fk", {"account_id"}, {"public", "accounts"}, {"id"})};
  schema.tables.push_back(audit);
  Table regions;
  regions.name = {"other", "regions"};
  regions.columns = {Col("code", T(TypeKind::kText), false)};
  regions.primary_key = PrimaryKey{"regions_pkey", {"code"}};
  schema.tables.push_back(regions);
  return schema;
}

}  // namespace

TEST_CASE("ReflectSchema reads tables, columns, keys, constraints, indexes and comments",
          "[postgresql][reflect]") {
  PostgresDatabase db;
  db.Exec(kFeatures);
  const Connection connection = Connect(db);

  const Schema schema = ReflectSchema(connection.get(), "public");
  CHECK(schema == ExpectedPublic());
  // Two reflections of one schema compare equal: nothing depends on the
  // order PostgreSQL happens to return rows in.
  CHECK(ReflectSchema(connection.get(), "public") == schema);
}

TEST_CASE("ReflectSchema names a foreign key's referent schema only when it is another one",
          "[postgresql][reflect]") {
  PostgresDatabase db;
  db.Exec(kFeatures);
  const Connection connection = Connect(db);

  CHECK(ReflectSchema(connection.get(), "other") == ExpectedOther());
}

TEST_CASE("ReflectSchema leaves retort's own tables and their indexes out",
          "[postgresql][reflect]") {
  PostgresDatabase db;
  db.Exec("CREATE TABLE retort_version (version_num varchar(255) PRIMARY KEY);"
          "CREATE TABLE retort_history (id serial PRIMARY KEY, revision text);"
          "CREATE INDEX retort_history_revision ON retort_history (revision);"
          "CREATE TABLE retort_incomplete (revision text PRIMARY KEY);"
          "CREATE TABLE notes (body text);"
          "CREATE INDEX notes_body ON notes (body);");
  const Connection connection = Connect(db);

  Schema expected;
  Table notes;
  notes.name = {"public", "notes"};
  notes.columns = {Col("body", T(TypeKind::kText))};
  expected.tables = {notes};
  expected.indexes = {{"notes_body", {"public", "notes"}, {"body"}, false, ""}};
  CHECK(ReflectSchema(connection.get(), "public") == expected);
}

TEST_CASE("ReflectSchema reads an empty or missing schema as empty", "[postgresql][reflect]") {
  PostgresDatabase db;
  db.Exec("CREATE SCHEMA empty; CREATE TABLE public.elsewhere (id integer)");
  const Connection connection = Connect(db);

  CHECK(ReflectSchema(connection.get(), "empty") == Schema{});
  CHECK(ReflectSchema(connection.get(), "no_such_schema") == Schema{});
}

TEST_CASE("ReflectSchema reads partitioned tables and a foreign key to one once",
          "[postgresql][reflect]") {
  PostgresDatabase db;
  db.Exec("CREATE TABLE events (id integer, day date, PRIMARY KEY (id, day)) "
          "  PARTITION BY RANGE (day);"
          "CREATE TABLE events_2024 PARTITION OF events "
          "  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"
          "CREATE TABLE events_2025 PARTITION OF events "
          "  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');"
          "CREATE TABLE notes (event_id integer, day date, "
          "  CONSTRAINT notes_event_fk FOREIGN KEY (event_id, day) REFERENCES events);");
  const Connection connection = Connect(db);

  // PostgreSQL keeps one copy of notes_event_fk per referenced partition on
  // notes; the partitions' own keys are real constraints of theirs.
  auto partition = [](const std::string& name) {
    Table table;
    table.name = {"public", name};
    table.columns = {Col("id", T(TypeKind::kInteger), false), Col("day", T(TypeKind::kDate), false)};
    table.primary_key = PrimaryKey{name + "_pkey", {"id", "day"}};
    return table;
  };
  Table notes;
  notes.name = {"public", "notes"};
  notes.columns = {Col("event_id", T(TypeKind::kInteger)), Col("day", T(TypeKind::kDate))};
  notes.foreign_keys = {
      Fk("notes_event_fk", {"event_id", "day"}, {"", "events"}, {"id", "day"})};
  Schema expected;
  expected.tables = {partition("events"), partition("events_2024"), partition("events_2025"),
                     notes};
  CHECK(ReflectSchema(connection.get(), "public") == expected);
}

TEST_CASE("ReflectSchema reads inside the caller's transaction and leaves none of its own",
          "[postgresql][reflect]") {
  PostgresDatabase db;
  const Connection connection = Connect(db);
  PGconn* handle = connection.get();

  SECTION("an idle connection stays idle") {
    CHECK(ReflectSchema(handle, "public") == Schema{});
    CHECK(TransactionState(handle) == "idle");
  }
  SECTION("an open transaction is read from, and stays open") {
    PQclear(PQexec(handle, "BEGIN; CREATE TABLE uncommitted (id integer)"));
    const Schema schema = ReflectSchema(handle, "public");
    REQUIRE(schema.tables.size() == 1);
    CHECK(schema.tables[0].name == QualifiedName{"public", "uncommitted"});
    CHECK(TransactionState(handle) == "in transaction");
    PQclear(PQexec(handle, "ROLLBACK"));
  }
  SECTION("a failed transaction gives a DatabaseError with its SQLSTATE") {
    PQclear(PQexec(handle, "BEGIN; SELECT 1 / 0"));
    REQUIRE(TransactionState(handle) == "in failed transaction");
    std::string code = "nothing thrown", message;
    try {
      ReflectSchema(handle, "public");
    } catch (const DatabaseError& error) {
      code = error.code();
      message = error.what();
    }
    CHECK(code == "25P02");
    CHECK_THAT(message, Catch::Contains("'public'") && Catch::Contains("25P02"));
    PQclear(PQexec(handle, "ROLLBACK"));
  }
}

TEST_CASE("ReflectSchema refuses what the neutral model cannot describe",
          "[postgresql][reflect]") {
  PostgresDatabase db;
  const Connection connection = Connect(db);

  SECTION("a type without a neutral equivalent, named with its column") {
    db.Exec("CREATE TABLE codes (id integer, code character(3))");
    CHECK_THAT(ThrownMessage<OperationError>([&] { ReflectSchema(connection.get(), "public"); }),
               Catch::Contains("public.codes.code") && Catch::Contains("'character(3)'"));
  }
  SECTION("a generated column, whose expression is no default") {
    db.Exec("CREATE TABLE sums (a integer, b integer GENERATED ALWAYS AS (a * 2) STORED)");
    CHECK_THAT(ThrownMessage<OperationError>([&] { ReflectSchema(connection.get(), "public"); }),
               Catch::Contains("public.sums.b") && Catch::Contains("generated"));
  }
  SECTION("an exclusion constraint") {
    db.Exec("CREATE TABLE rooms (room integer, CONSTRAINT one_room EXCLUDE USING btree (room "
            "WITH =))");
    CHECK_THAT(ThrownMessage<OperationError>([&] { ReflectSchema(connection.get(), "public"); }),
               Catch::Contains("one_room") && Catch::Contains("exclusion"));
  }
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

TEST_CASE("NeutralType names a PostgreSQL type that has no neutral equivalent",
          "[postgresql][reflect]") {
  for (const char* type :
       {"character(3)", "integer[]", "interval", "time with time zone",
        "timestamp(3) without time zone", "numeric(5,-2)", "numeric(2,5)", "numeric(0)",
        "character varying(x)", "public.mood", "numeric(10,2"}) {
    INFO(type);
    CHECK_THAT(ThrownMessage<OperationError>([&] { NeutralType(type); }),
               Catch::Contains("'" + std::string(type) + "' has no neutral equivalent"));
  }
}
