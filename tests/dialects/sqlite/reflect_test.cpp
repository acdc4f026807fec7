// Reflection of real SQLite files into the neutral schema: a table retort
// created from a revision read back as the revision describes it,
// hand-written tables with everything SQLite can declare, what is left out,
// and the declared-type mapping against both renderers.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "retort/commands.h"
#include "retort/schema.h"
#include "retort/type.h"
#include "reflect_support.h"
#include "sqlite_reflect.h"
#include "test_support.h"

// The expected schemas name only the fields that differ from a member's
// default, which is what designated initializers are for; GCC still warns
// about the members they leave out.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

using namespace retort;
using namespace retort::testing;

namespace {

using sqlite::NeutralType;

Type T(const char* neutral) { return ParseType(neutral); }

std::string Text(const std::optional<std::string>& value) {
  return value ? "'" + *value + "'" : "none";
}

std::string Text(const std::optional<ReferentialAction>& action) {
  return action ? FormatReferentialAction(*action) : "none";
}

std::string Text(const std::vector<std::string>& names) {
  std::string text = "[";
  for (const std::string& name : names) text += (text.size() > 1 ? ", " : "") + name;
  return text + "]";
}

// Every field of `schema`, one per line, each line naming where the field
// is, so that the lines two schemas do not share show how they differ.
std::vector<std::string> Lines(const Schema& schema) {
  std::vector<std::string> lines;
  auto add = [&](const std::string& where, const std::string& what) {
    lines.push_back(where + ": " + what);
  };
  for (std::size_t t = 0; t < schema.tables.size(); ++t) {
    const Table& table = schema.tables[t];
    const std::string at = "table #" + std::to_string(t) + " " + ToString(table.name);
    add(at, "present");
    add(at, "comment " + Text(table.comment));
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const Column& column = table.columns[c];
      const std::string col = at + " column #" + std::to_string(c) + " " + column.name;
      add(col, "type " + FormatType(column.type));
      add(col, std::string("nullable ") + (column.nullable ? "yes" : "no"));
      add(col, "server_default " + Text(column.server_default));
      add(col, std::string("primary_key ") + (column.primary_key ? "yes" : "no"));
      add(col, std::string("unique ") + (column.unique ? "yes" : "no"));
      add(col, std::string("autoincrement ") + (column.autoincrement ? "yes" : "no"));
      add(col, "comment " + Text(column.comment));
      if (column.generated) {
        add(col, "generated " + column.generated->expression +
                     (column.generated->stored ? " stored" : " virtual"));
      }
    }
    add(at, table.primary_key ? "primary key '" + table.primary_key->name + "' " +
                                    Text(table.primary_key->columns)
                              : std::string("no primary key"));
    for (std::size_t i = 0; i < table.foreign_keys.size(); ++i) {
      const ForeignKey& key = table.foreign_keys[i];
      add(at + " foreign key #" + std::to_string(i),
          "'" + key.name + "' " + Text(key.columns) + " -> " + ToString(key.referent) + " " +
              Text(key.referent_columns) + " on delete " + Text(key.on_delete) +
              " on update " + Text(key.on_update) + (key.deferrable ? " deferrable" : "") +
              (key.initially.empty() ? "" : " initially " + key.initially));
    }
    for (std::size_t i = 0; i < table.unique_constraints.size(); ++i) {
      const UniqueConstraint& unique = table.unique_constraints[i];
      add(at + " unique #" + std::to_string(i), "'" + unique.name + "' " + Text(unique.columns));
    }
    for (std::size_t i = 0; i < table.check_constraints.size(); ++i) {
      const CheckConstraint& check = table.check_constraints[i];
      add(at + " check #" + std::to_string(i), "'" + check.name + "' (" + check.condition + ")");
    }
  }
  for (std::size_t i = 0; i < schema.indexes.size(); ++i) {
    const Index& index = schema.indexes[i];
    add("index #" + std::to_string(i) + " " + index.name,
        "on " + ToString(index.table) + " " + Text(index.columns) +
            (index.unique ? " unique" : "") + " where '" + index.where + "'");
    for (int position : index.expressions) {
      add("index #" + std::to_string(i) + " " + index.name,
          "expression at " + std::to_string(position));
    }
  }
  for (const View& view : schema.views) add("view " + view.name.name, view.definition);
  for (const Trigger& trigger : schema.triggers) {
    add("trigger " + trigger.name + " on " + trigger.table.name, trigger.definition);
  }
  return lines;
}

// The lines of `expected` that `actual` lacks (-) and those it has beyond
// them (+).
std::string Difference(const Schema& expected, const Schema& actual) {
  const std::vector<std::string> want = Lines(expected);
  const std::vector<std::string> got = Lines(actual);
  std::ostringstream out;
  for (const std::string& line : want) {
    if (std::find(got.begin(), got.end(), line) == got.end()) out << "- " << line << "\n";
  }
  for (const std::string& line : got) {
    if (std::find(want.begin(), want.end(), line) == want.end()) out << "+ " << line << "\n";
  }
  const std::string text = out.str();
  return text.empty() ? "(no difference in the fields printed)"
                      : "expected (-), reflected (+):\n" + text;
}

void CheckSameSchema(const Schema& actual, const Schema& expected) {
  INFO(Difference(expected, actual));
  CHECK(actual == expected);
}


std::vector<std::string> TableNames(const Schema& schema) {
  std::vector<std::string> names;
  for (const Table& table : schema.tables) names.push_back(ToString(table.name));
  return names;
}

// The names of everything in sqlite_schema, SQLite's own objects included.
std::vector<std::string> CatalogueNames(const std::filesystem::path& database) {
  std::vector<std::string> names;
  for (const auto& row : Query(database, "SELECT name FROM sqlite_schema")) names.push_back(row[0]);
  return names;
}

// Every neutral type, with and without its arguments.
std::vector<Type> EveryNeutralType() {
  std::vector<Type> types;
  for (const char* text :
       {"integer", "bigint", "smallint", "boolean", "string", "string(1)", "string(255)", "text",
        "float", "double", "numeric", "numeric(8)", "numeric(10,2)", "numeric(12,0)", "date",
        "time", "datetime", "timestamptz", "blob", "json", "uuid"}) {
    types.push_back(ParseType(text));
  }
  return types;
}

const char* kEveryOption = R"yaml(
  - create_table:
      name: owners
      comment: people who own things
      columns:
        - {name: id, type: integer, primary_key: true, autoincrement: true}
        - {name: email, type: string(120), nullable: false, unique: true, comment: login}
  - create_table:
      name: everything
      columns:
        - {name: a_integer, type: integer, nullable: false}
        - {name: a_bigint, type: bigint, server_default: "0"}
        - {name: a_smallint, type: smallint, server_default: "-1"}
        - {name: a_boolean, type: boolean, server_default: "TRUE"}
        - {name: a_string, type: string}
        - {name: a_string_n, type: string(20), server_default: "'it''s'"}
        - {name: a_text, type: text, server_default: "lower('X')"}
        - {name: a_float, type: float}
        - {name: a_double, type: double}
        - {name: a_numeric, type: numeric}
        - {name: a_numeric_p, type: numeric(8)}
        - {name: a_numeric_ps, type: "numeric(10,2)"}
        - {name: a_date, type: date, server_default: CURRENT_DATE}
        - {name: a_time, type: time}
        - {name: a_datetime, type: datetime, server_default: CURRENT_TIMESTAMP}
        - {name: a_timestamptz, type: timestamptz}
        - {name: a_blob, type: blob}
        - {name: a_json, type: json}
        - {name: a_uuid, type: uuid, unique: true, comment: external id}
        - {name: owner_id, type: integer, references: owners.id, on_delete: cascade, on_update: set null}
      primary_key: {name: pk_everything, columns: [a_integer, a_string_n]}
      foreign_keys:
        - {name: fk_everything_owner, columns: [a_bigint], referent_table: owners, referent_columns: [id], on_delete: restrict, deferrable: true, initially: deferred}
        - {columns: [a_smallint], referent_table: owners, referent_columns: [id], on_update: set default, deferrable: true, initially: immediate}
        - {columns: [a_text], referent_table: owners, referent_columns: [email], on_delete: no action}
      unique_constraints:
        - {name: uq_everything_when, columns: [a_date, a_time]}
        - {columns: [a_float, a_double]}
      check_constraints:
        - {name: ck_everything_positive, condition: "a_integer > 0"}
        - {condition: "length(a_text) < 100"}
  - create_index: {name: ix_everything_text, table: everything, columns: [a_text, a_date]}
  - create_index: {name: ux_everything_json, table: everything, columns: [a_json], unique: true, where: a_json IS NOT NULL}
)yaml";

}  // namespace

TEST_CASE("reflection reads back a table retort created with every type and option",
          "[sqlite][reflect]") {
  Project project;
  project.AddYamlRevision("a1a1a1a1a1a1", "", kEveryOption);
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);

  Schema expected;
  // The key is the table's, never the column's; a column's UNIQUE is a
  // unique constraint; SQLite keeps no comments.
  expected.tables.push_back(Table{
      .name = {"", "everything"},
      .columns =
          {
              // Key columns are NOT NULL however the key is declared.
              Column{.name = "a_integer", .type = T("integer"), .nullable = false},
              Column{.name = "a_bigint", .type = T("bigint"), .server_default = "0"},
              Column{.name = "a_smallint", .type = T("smallint"), .server_default = "-1"},
              Column{.name = "a_boolean", .type = T("boolean"), .server_default = "true"},
              Column{.name = "a_string", .type = T("string")},
              Column{.name = "a_string_n",
                     .type = T("string(20)"),
                     .nullable = false,
                     .server_default = "'it''s'"},
              // Written DEFAULT (lower('X')); SQLite reports it without the
              // parentheses.
              Column{.name = "a_text", .type = T("text"), .server_default = "lower('X')"},
              Column{.name = "a_float", .type = T("float")},
              Column{.name = "a_double", .type = T("double")},
              Column{.name = "a_numeric", .type = T("numeric")},
              Column{.name = "a_numeric_p", .type = T("numeric(8,0)")},
              Column{.name = "a_numeric_ps", .type = T("numeric(10,2)")},
              Column{.name = "a_date", .type = T("date"), .server_default = "current_date"},
              Column{.name = "a_time", .type = T("time")},
              Column{.name = "a_datetime",
                     .type = T("datetime"),
                     .server_default = "current_timestamp"},
              Column{.name = "a_timestamptz", .type = T("timestamptz")},
              Column{.name = "a_blob", .type = T("blob")},
              Column{.name = "a_json", .type = T("json")},
              Column{.name = "a_uuid", .type = T("uuid")},
              Column{.name = "owner_id", .type = T("integer")},
          },
      .primary_key = PrimaryKey{"pk_everything", {"a_integer", "a_string_n"}},
      // Unnamed first, then by columns; NO ACTION reads as no action given,
      // INITIALLY IMMEDIATE as no INITIALLY (both are what DEFERRABLE means).
      .foreign_keys =
          {
              ForeignKey{.columns = {"a_smallint"},
                         .referent = {"", "owners"},
                         .referent_columns = {"id"},
                         .on_update = ReferentialAction::kSetDefault,
                         .deferrable = true},
              ForeignKey{.columns = {"a_text"},
                         .referent = {"", "owners"},
                         .referent_columns = {"email"}},
              ForeignKey{.columns = {"owner_id"},
                         .referent = {"", "owners"},
                         .referent_columns = {"id"},
                         .on_delete = ReferentialAction::kCascade,
                         .on_update = ReferentialAction::kSetNull},
              ForeignKey{.name = "fk_everything_owner",
                         .columns = {"a_bigint"},
                         .referent = {"", "owners"},
                         .referent_columns = {"id"},
                         .on_delete = ReferentialAction::kRestrict,
                         .deferrable = true,
                         .initially = "DEFERRED"},
          },
      .unique_constraints =
          {
              UniqueConstraint{"", {"a_float", "a_double"}},
              UniqueConstraint{"", {"a_uuid"}},
              UniqueConstraint{"uq_everything_when", {"a_date", "a_time"}},
          },
      .check_constraints =
          {
              CheckConstraint{"", "length(a_text) < 100"},
              CheckConstraint{"ck_everything_positive", "a_integer > 0"},
          },
  });
  expected.tables.push_back(Table{
      .name = {"", "owners"},
      .columns =
          {
              Column{.name = "id", .type = T("integer"), .nullable = false, .autoincrement = true},
              Column{.name = "email", .type = T("string(120)"), .nullable = false},
          },
      .primary_key = PrimaryKey{"", {"id"}},
      .unique_constraints = {UniqueConstraint{"", {"email"}}},
  });
  expected.indexes = {
      Index{"ix_everything_text", {"", "everything"}, {"a_text", "a_date"}, false, ""},
      // Expressions in canonical form (retort/sql_expression.h).
      Index{"ux_everything_json", {"", "everything"}, {"a_json"}, true, "a_json is not null"},
  };

  CheckSameSchema(Reflect(project.database()), expected);
}

TEST_CASE("reflection reads hand-written constraints, keys, AUTOINCREMENT and indexes",
          "[sqlite][reflect]") {
  Project project;
  Exec(project.database(), R"sql(
    CREATE TABLE parent (
      id INTEGER PRIMARY KEY,
      code TEXT NOT NULL CONSTRAINT uq_parent_code UNIQUE,
      region TEXT,
      branch INT,
      UNIQUE (region, branch)
    );
    CREATE TABLE "Child Rows" (
      id INTEGER CONSTRAINT pk_child PRIMARY KEY AUTOINCREMENT,
      parent_id INTEGER CONSTRAINT fk_child_parent REFERENCES parent (id)
        ON DELETE CASCADE ON UPDATE RESTRICT DEFERRABLE INITIALLY DEFERRED,
      code TEXT REFERENCES parent (code) ON DELETE SET NULL,
      region TEXT,
      branch INT,
      qty INT NOT NULL DEFAULT 1 CHECK (qty >= 0) CONSTRAINT ck_qty_small CHECK ( qty < 1000 ),
      note VARCHAR(200) DEFAULT (upper('n/a')),
      total INT GENERATED ALWAYS AS (qty * 2) STORED,
      CONSTRAINT ck_region CHECK (region <> ''),
      CHECK (branch IS NULL OR /* positive */ branch > 0),
      CONSTRAINT uq_child_note UNIQUE (note, qty),
      CONSTRAINT uq_child_note_again UNIQUE (note, qty),
      FOREIGN KEY (region, branch) REFERENCES parent (region, branch) NOT DEFERRABLE INITIALLY DEFERRED,
      CONSTRAINT fk_child_any FOREIGN KEY (branch) REFERENCES parent DEFERRABLE INITIALLY IMMEDIATE,
      CONSTRAINT fk_child_code_again FOREIGN KEY ("CODE") REFERENCES [parent] ("code") ON UPDATE CASCADE
    );
    CREATE INDEX ix_child_lower_note ON "Child Rows" (lower(note) DESC, qty COLLATE nocase)
      WHERE qty > 0 AND note IS NOT NULL;
    CREATE UNIQUE INDEX ux_child_code ON "Child Rows" (code);
    CREATE TABLE pairs (
      a TEXT,
      b INTEGER,
      c BLOB,
      CONSTRAINT pk_pairs PRIMARY KEY (b, a)
    ) WITHOUT ROWID;
    CREATE TABLE typed (id INTEGER PRIMARY KEY, n INT, r REAL, t TEXT, b BLOB, x ANY) STRICT;
    CREATE TABLE counters (id INTEGER, label, PRIMARY KEY (id AUTOINCREMENT));
  )sql");

  Schema expected;
  expected.tables.push_back(Table{
      .name = {"", "Child Rows"},
      .columns =
          {
              // A rowid alias is never NULL, declared NOT NULL or not.
              Column{.name = "id", .type = T("integer"), .nullable = false, .autoincrement = true},
              Column{.name = "parent_id", .type = T("integer")},
              Column{.name = "code", .type = T("text")},
              Column{.name = "region", .type = T("text")},
              Column{.name = "branch", .type = T("integer")},
              Column{.name = "qty", .type = T("integer"), .nullable = false, .server_default = "1"},
              Column{.name = "note", .type = T("string(200)"), .server_default = "upper('n/a')"},
              // Generated: its expression, and no default.
              Column{.name = "total",
                     .type = T("integer"),
                     .generated = GeneratedColumn{"qty * 2", true}},
          },
      .primary_key = PrimaryKey{"pk_child", {"id"}},
      .foreign_keys =
          {
              ForeignKey{.columns = {"code"},
                         .referent = {"", "parent"},
                         .referent_columns = {"code"},
                         .on_delete = ReferentialAction::kSetNull},
              // NOT DEFERRABLE: SQLite ignores the INITIALLY after it.
              ForeignKey{.columns = {"region", "branch"},
                         .referent = {"", "parent"},
                         .referent_columns = {"region", "branch"}},
              // No referent columns: the parent's key. INITIALLY IMMEDIATE
              // is what DEFERRABLE alone means, and reads as nothing.
              ForeignKey{.name = "fk_child_any",
                         .columns = {"branch"},
                         .referent = {"", "parent"},
                         .deferrable = true},
              // The same columns and parent as the unnamed one: told apart by
              // the order SQLite lists them in.
              ForeignKey{.name = "fk_child_code_again",
                         .columns = {"code"},
                         .referent = {"", "parent"},
                         .referent_columns = {"code"},
                         .on_update = ReferentialAction::kCascade},
              ForeignKey{.name = "fk_child_parent",
                         .columns = {"parent_id"},
                         .referent = {"", "parent"},
                         .referent_columns = {"id"},
                         .on_delete = ReferentialAction::kCascade,
                         .on_update = ReferentialAction::kRestrict,
                         .deferrable = true,
                         .initially = "DEFERRED"},
          },
      // SQLite makes one index for the two identical constraints, and keeps
      // the first.
      .unique_constraints = {UniqueConstraint{"uq_child_note", {"note", "qty"}}},
      .check_constraints =
          {
              // Canonical: without the comment, keywords in lower case.
              CheckConstraint{"", "branch is null or branch > 0"},
              CheckConstraint{"", "qty >= 0"},
              CheckConstraint{"ck_qty_small", "qty < 1000"},
              CheckConstraint{"ck_region", "region <> ''"},
          },
  });
  expected.tables.push_back(Table{
      .name = {"", "counters"},
      .columns =
          {
              Column{.name = "id", .type = T("integer"), .nullable = false, .autoincrement = true},
              Column{.name = "label", .type = T("blob")},  // no declared type
          },
      .primary_key = PrimaryKey{"", {"id"}},
  });
  expected.tables.push_back(Table{
      .name = {"", "pairs"},
      .columns =
          {
              // A WITHOUT ROWID table's key columns are NOT NULL.
              Column{.name = "a", .type = T("text"), .nullable = false},
              Column{.name = "b", .type = T("integer"), .nullable = false},
              Column{.name = "c", .type = T("blob")},
          },
      .primary_key = PrimaryKey{"pk_pairs", {"b", "a"}},
  });
  expected.tables.push_back(Table{
      .name = {"", "parent"},
      .columns =
          {
              // INTEGER PRIMARY KEY without AUTOINCREMENT may reuse values.
              Column{.name = "id", .type = T("integer"), .nullable = false},
              Column{.name = "code", .type = T("text"), .nullable = false},
              Column{.name = "region", .type = T("text")},
              Column{.name = "branch", .type = T("integer")},
          },
      .primary_key = PrimaryKey{"", {"id"}},
      .unique_constraints =
          {
              UniqueConstraint{"", {"region", "branch"}},
              UniqueConstraint{"uq_parent_code", {"code"}},
          },
  });
  expected.tables.push_back(Table{
      .name = {"", "typed"},
      .columns =
          {
              Column{.name = "id", .type = T("integer"), .nullable = false},
              Column{.name = "n", .type = T("integer")},
              Column{.name = "r", .type = T("float")},
              Column{.name = "t", .type = T("text")},
              Column{.name = "b", .type = T("blob")},
              Column{.name = "x", .type = T("numeric")},
          },
      .primary_key = PrimaryKey{"", {"id"}},
  });
  expected.indexes = {
      // A column by its name alone, an expression as written, without DESC,
      // and marked as one.
      Index{"ix_child_lower_note",
            {"", "Child Rows"},
            {"lower(note)", "qty"},
            false,
            "qty > 0 and note is not null",
            {0}},
      Index{"ux_child_code", {"", "Child Rows"}, {"code"}, true, ""},
  };

  CheckSameSchema(Reflect(project.database()), expected);
}

TEST_CASE("reflection leaves out SQLite's and retort's own tables and rebuild leftovers",
          "[sqlite][reflect]") {
  Project project;
  project.AddYamlRevision("a1a1a1a1a1a1", "", R"yaml(
  - create_table:
      name: kept
      columns:
        - {name: id, type: integer, primary_key: true, autoincrement: true}
)yaml");
  MigrationListener quiet;
  Upgrade(project.config(), "head", quiet);
  Exec(project.database(), R"sql(
    INSERT INTO kept DEFAULT VALUES;
    CREATE TABLE retort_notes (id INTEGER PRIMARY KEY, note TEXT);
    CREATE INDEX ix_retort_notes ON retort_notes (note);
    CREATE TABLE RETORT_Shouting (id INTEGER PRIMARY KEY);
    CREATE TABLE "_retort_rebuild_kept" (id INTEGER PRIMARY KEY);
    CREATE TABLE retorts (id INTEGER PRIMARY KEY);
    CREATE VIEW kept_view AS SELECT id FROM kept;
    ANALYZE;
  )sql");
  // What is to be left out must be there to begin with.
  const std::vector<std::string> objects = CatalogueNames(project.database());
  for (const char* name : {"retort_version", "retort_notes", "ix_retort_notes", "RETORT_Shouting",
                           "_retort_rebuild_kept", "sqlite_sequence", "sqlite_stat1"}) {
    INFO(name);
    CHECK(std::find(objects.begin(), objects.end(), name) != objects.end());
  }

  const sqlite::SqliteRenderer renderer;
  sqlite::ConnectionSettings settings;
  settings.path = project.database().string();
  sqlite::SqliteConnection connection(renderer, settings);
  // A temporary table belongs to the connection, not to the main database.
  connection.Execute("CREATE TEMP TABLE kept_scratch (x)");
  const Schema schema = sqlite::ReflectSchema(connection);

  CHECK(TableNames(schema) == std::vector<std::string>{"kept", "retorts"});
  CHECK(schema.indexes.empty());
}

TEST_CASE("reflection leaves out virtual tables and their shadow tables", "[sqlite][reflect]") {
  Project project;
  Exec(project.database(), "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
  const auto fts5 = Query(project.database(),
                          "SELECT count(*) FROM pragma_compile_options "
                          "WHERE compile_options = 'ENABLE_FTS5'");
  if (fts5.at(0).at(0) != "1") {
    WARN("this SQLite has no FTS5; the virtual table case is not run");
    return;
  }
  Exec(project.database(), "CREATE VIRTUAL TABLE notes_search USING fts5(body)");
  // The module keeps its rows in shadow tables that look like plain ones.
  const std::vector<std::string> objects = CatalogueNames(project.database());
  CHECK(std::find(objects.begin(), objects.end(), "notes_search_data") != objects.end());

  CHECK(TableNames(Reflect(project.database())) == std::vector<std::string>{"notes"});
}

TEST_CASE("reflection: NeutralType reads back every type the SQLite renderer writes",
          "[sqlite][reflect]") {
  const std::vector<Type> types = EveryNeutralType();
  std::set<TypeKind> kinds;
  for (const Type& type : types) kinds.insert(type.kind);
  // A new neutral type must join the list.
  CHECK(kinds.size() == NeutralTypeNames().size());

  const sqlite::SqliteRenderer renderer;
  for (const Type& type : types) {
    const std::string rendered = renderer.RenderType(type);
    INFO(FormatType(type) + " renders as " + rendered);
    // In canonical form, numeric(p) reads as numeric(p,0).
    Type canonical = type;
    if (canonical.kind == TypeKind::kNumeric && canonical.precision && !canonical.scale) {
      canonical.scale = 0;
    }
    CHECK(NeutralType(rendered) == canonical);
  }
}

TEST_CASE("reflection: NeutralType reads each STRICT type name as its plainest neutral type",
          "[sqlite][reflect]") {
  // The STRICT renderer writes one name for several types; this one wins.
  const std::map<std::string, Type> winners = {
      {"INTEGER", T("integer")}, {"REAL", T("float")}, {"TEXT", T("text")},
      {"ANY", T("numeric")},     {"BLOB", T("blob")},
  };
  const sqlite::SqliteRenderer strict(true);
  std::set<std::string> names_seen;
  for (const Type& type : EveryNeutralType()) {
    const std::string rendered = strict.RenderType(type);
    names_seen.insert(rendered);
    INFO(FormatType(type) + " renders as " + rendered);
    REQUIRE(winners.count(rendered) == 1);
    const Type read = NeutralType(rendered);
    CHECK(read == winners.at(rendered));
    // Read back, the winner renders as the same name: a STRICT table keeps
    // its types through a reflect-and-render round.
    CHECK(strict.RenderType(read) == rendered);
  }
  // Every STRICT name is written for some type, so every winner is tested.
  CHECK(names_seen.size() == winners.size());
  for (const auto& [name, winner] : winners) {
    INFO(name);
    CHECK(NeutralType(strict.RenderType(winner)) == winner);
  }
}

TEST_CASE("reflection: NeutralType maps other names by their meaning and SQLite's affinity",
          "[sqlite][reflect]") {
  const std::vector<std::pair<const char*, const char*>> cases = {
      // Common names other tools write.
      {"INT", "integer"},
      {"int", "integer"},
      {"MEDIUMINT", "integer"},
      {"INTEGER(11)", "integer"},
      {"INT8", "bigint"},
      {"UNSIGNED BIG INT", "bigint"},
      {"TINYINT", "smallint"},
      {"INT2", "smallint"},
      {"BOOL", "boolean"},
      {"BOOLEAN", "boolean"},
      {"VARCHAR(20)", "string(20)"},
      {"varchar ( 20 )", "string(20)"},
      {"CHARACTER VARYING(40)", "string(40)"},
      {"NVARCHAR(100)", "string(100)"},
      {"NCHAR(55)", "string(55)"},
      {"CHAR(10)", "string(10)"},
      {"CHAR(36)", "uuid"},
      {"char( 36 )", "uuid"},
      {"UUID", "uuid"},
      {"CLOB", "text"},
      {"REAL", "float"},
      {"FLOAT", "float"},
      {"DOUBLE", "double"},
      {"DOUBLE PRECISION", "double"},
      {"double   precision", "double"},
      {"NUMERIC(10,2)", "numeric(10,2)"},
      {"DECIMAL(10, 2)", "numeric(10,2)"},
      {"DECIMAL(5)", "numeric(5,0)"},
      {"DATETIME", "datetime"},
      {"TIMESTAMP", "datetime"},
      {"DATETIME(6)", "datetime"},
      {"TIMESTAMP WITH TIME ZONE", "timestamptz"},
      {"TIMESTAMPTZ", "timestamptz"},
      {"JSON", "json"},
      {"JSONB", "json"},
      {"BLOB", "blob"},
      {"", "blob"},
      // Arguments the neutral type cannot hold are dropped.
      {"VARCHAR(0)", "string"},
      {"NUMERIC(10,-2)", "numeric(10,0)"},
      {"NUMERIC(2,5)", "numeric(2,0)"},
      {"NUMERIC(x)", "numeric"},
      // SQLite's affinity rules, in their order.
      {"POINT", "integer"},        // contains INT
      {"CHARINT", "integer"},      // INT is looked for before CHAR
      {"LONGTEXT", "text"},        // contains TEXT
      {"VARYING NCHAR", "text"},   // contains CHAR
      {"BIGBLOB", "blob"},         // contains BLOB
      {"DOUBLEWIDE", "double"},    // contains DOUB
      {"FLOATING POINT", "integer"},  // POINT contains INT, which comes first
      {"FLOATY", "float"},         // contains FLOA
      {"MONEY", "numeric"},        // none of them
      {"BYTEA", "numeric"},
  };
  for (const auto& [declared, neutral] : cases) {
    INFO("'" << declared << "' should read as " << neutral);
    CHECK(NeutralType(declared) == ParseType(neutral));
  }
}
