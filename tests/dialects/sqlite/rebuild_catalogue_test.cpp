// The catalogue: tables that use what a SQLite table can hold (AUTOINCREMENT,
// COLLATE, DEFAULT expressions, generated columns, named and unnamed CHECK
// and UNIQUE constraints, STRICT, WITHOUT ROWID, a composite key, rowids
// without an INTEGER PRIMARY KEY, foreign keys with actions and DEFERRABLE,
// partial and expression indexes, triggers, views), and every operation that
// rebuilds a table applied to each. Each change must alter exactly what it
// says: the changed table's CREATE TABLE text, every other object's text and
// every row of every table are compared with what they were.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "rebuild_test_support.h"
#include "retort/commands.h"
#include "retort/error.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;
using namespace retort::testing::rebuild;

namespace {


// The tables as written; SQLite keeps this text in sqlite_schema.
constexpr const char* kItems = R"sql(CREATE TABLE items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  sku TEXT NOT NULL COLLATE NOCASE UNIQUE, -- stock keeping unit
  name TEXT DEFAULT (upper('item')),
  qty INTEGER NOT NULL DEFAULT 0 CONSTRAINT ck_items_qty CHECK (qty >= 0),
  price REAL DEFAULT 1.5,
  owner_id INTEGER,
  code TEXT UNIQUE,
  note TEXT,
  total REAL GENERATED ALWAYS AS (qty * price) VIRTUAL,
  label TEXT AS (upper(sku)) STORED,
  CONSTRAINT uq_items_name_price UNIQUE (name, price),
  CHECK (price > 0)
))sql";

constexpr const char* kReadings = R"sql(CREATE TABLE readings (
  id INTEGER PRIMARY KEY,
  sensor TEXT NOT NULL,
  value REAL,
  raw ANY,
  flag INTEGER DEFAULT 0,
  parent_id INTEGER,
  tag TEXT UNIQUE,
  CONSTRAINT ck_readings_value CHECK (value IS NULL OR value > -100)
) STRICT)sql";

constexpr const char* kStock = R"sql(CREATE TABLE stock (
  warehouse TEXT NOT NULL,
  item_sku TEXT NOT NULL COLLATE NOCASE,
  amount INTEGER NOT NULL DEFAULT 0,
  bin TEXT,
  parent_id INTEGER,
  batch TEXT UNIQUE,
  CONSTRAINT pk_stock PRIMARY KEY (warehouse, item_sku),
  CONSTRAINT ck_stock_amount CHECK (amount >= 0)
) WITHOUT ROWID)sql";

constexpr const char* kEvents = R"sql(CREATE TABLE events (
  kind TEXT NOT NULL,
  at TEXT DEFAULT CURRENT_TIMESTAMP,
  payload BLOB,
  parent_id INTEGER,
  ref TEXT UNIQUE,
  seq INTEGER,
  CONSTRAINT ck_events_kind CHECK (length(kind) > 0)
))sql";

constexpr const char* kParents = R"sql(CREATE TABLE parents (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  rank INTEGER DEFAULT 1,
  motto TEXT,
  code TEXT UNIQUE,
  boss_id INTEGER,
  CONSTRAINT ck_parents_rank CHECK (rank > 0)
))sql";

constexpr const char* kKids = R"sql(CREATE TABLE kids (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER NOT NULL REFERENCES parents (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  guardian_id INTEGER,
  nick TEXT,
  age INTEGER DEFAULT 0,
  badge TEXT UNIQUE,
  CONSTRAINT fk_kids_guardian FOREIGN KEY (guardian_id) REFERENCES parents (id) ON DELETE SET NULL ON UPDATE CASCADE NOT DEFERRABLE
))sql";

// Rows (with deleted ones, so that the AUTOINCREMENT counter is above
// max(id) and rowids have gaps), indexes, triggers and views.
constexpr const char* kData = R"sql(
INSERT INTO parents VALUES
  (1, 'one', 1, 'first', 'P1', NULL),
  (2, 'two', 2, NULL, 'P2', 1),
  (3, 'three', 3, 'third', NULL, 1);
INSERT INTO kids VALUES
  (1, 1, 2, 'ann', 5, 'k1'),
  (2, 1, NULL, NULL, 7, 'k2'),
  (3, 2, 3, 'bob', 9, NULL),
  (4, 3, 1, NULL, 0, 'k4');
INSERT INTO items (sku, name, qty, price, owner_id, code, note) VALUES
  ('a-1', 'Apple', 3, 2.0, 1, 'A', 'fresh'),
  ('B-2', NULL, 0, 1.5, 2, NULL, NULL),
  ('c-3', 'Cherry', 10, 0.25, NULL, 'C', 'red'),
  ('d-4', 'Date', 1, 3.0, 3, 'D', NULL),
  ('e-5', 'Elder', 2, 4.0, 1, 'E', 'x');
DELETE FROM items WHERE id >= 4;
INSERT INTO readings VALUES
  (1, 's1', 1.5, 'text', 0, 1, 't1'),
  (2, 's1', NULL, 42, 1, 2, NULL),
  (4, 's2', -3.25, x'0102', NULL, NULL, 't4'),
  (7, 's3', 99.0, 2.5, 1, 3, 't7');
INSERT INTO stock VALUES
  ('north', 'a-1', 5, 'n1', 1, 'b1'),
  ('north', 'C-3', 0, NULL, 2, 'b2'),
  ('south', 'a-1', 7, 's9', NULL, NULL);
INSERT INTO events (kind, at, payload, parent_id, ref, seq) VALUES
  ('open', '2024-01-01', x'00', 1, 'r1', 1),
  ('gone', '2024-01-02', NULL, 2, 'r2', 2),
  ('keep', '2024-01-03', NULL, NULL, NULL, 3),
  ('open', '2024-01-04', x'ff', 3, 'r4', 4),
  ('gone', '2024-01-05', NULL, 1, 'r5', 5),
  ('shut', '2024-01-06', x'10', 2, 'r6', 6);
DELETE FROM events WHERE kind = 'gone';
CREATE TABLE audit (id INTEGER PRIMARY KEY, item_id INTEGER, qty INTEGER);
CREATE INDEX ix_items_note ON items (note) WHERE note IS NOT NULL;
CREATE INDEX ix_items_lower_name ON items (lower(name), qty DESC);
CREATE TRIGGER tr_items_qty AFTER UPDATE OF qty ON items BEGIN INSERT INTO audit (item_id, qty) VALUES (new.id, new.qty); END;
CREATE VIEW v_items AS SELECT id, sku, total FROM items WHERE qty > 0;
CREATE UNIQUE INDEX ux_readings_sensor_id ON readings (sensor, id DESC);
CREATE TRIGGER tr_readings_guard BEFORE INSERT ON readings WHEN new.sensor = '' BEGIN SELECT RAISE(ABORT, 'empty sensor'); END;
CREATE INDEX ix_stock_bin ON stock (bin) WHERE bin IS NOT NULL;
CREATE VIEW v_stock_totals AS SELECT item_sku, sum(amount) AS total FROM stock GROUP BY item_sku;
CREATE INDEX ix_events_upper_kind ON events (upper(kind)) WHERE payload IS NOT NULL;
CREATE TRIGGER tr_events_keep BEFORE DELETE ON events WHEN old.kind = 'keep' BEGIN SELECT RAISE(ABORT, 'kept'); END;
CREATE VIEW v_event_kinds AS SELECT kind, count(*) AS n FROM events GROUP BY kind;
CREATE INDEX ix_kids_parent ON kids (parent_id);
CREATE VIEW v_family AS SELECT p.name, k.nick FROM parents AS p JOIN kids AS k ON k.parent_id = p.id;
CREATE TRIGGER tr_parents_name AFTER UPDATE OF name ON parents BEGIN UPDATE kids SET nick = lower(new.name) WHERE parent_id = new.id AND nick IS NULL; END;
)sql";

std::string CatalogueSql() {
  std::string sql;
  for (const char* table : {kParents, kKids, kItems, kReadings, kStock, kEvents}) {
    sql += std::string(table) + ";\n";
  }
  return sql + kData;
}

std::string OriginalSql(const std::string& table) {
  if (table == "items") return kItems;
  if (table == "readings") return kReadings;
  if (table == "stock") return kStock;
  if (table == "events") return kEvents;
  if (table == "parents") return kParents;
  return kKids;
}

// The text of a rebuilt table: SQLite's rename of the new table writes the
// table's name quoted, and the rest stays as it was.
std::string RebuiltSql(const std::string& table) {
  return ReplaceOnce(OriginalSql(table), "CREATE TABLE " + table + " (",
                     "CREATE TABLE \"" + table + "\" (");
}

// Foreign keys on, so that a rebuild that left them on would cascade, and
// the foreign key check before COMMIT runs.
Config CatalogueConfig(const Project& project) {
  Config config = project.config();
  config.url += "?foreign_keys=on";
  return config;
}

// A project at the catalogue revision.
void SetUpCatalogue(Project& project) {
  project.AddYamlRevision(kBase, "", ExecuteItem(CatalogueSql()), "downgrade: []\n");
  MigrationListener quiet;
  Upgrade(CatalogueConfig(project), "head", quiet);
}

struct Change {
  std::string from;
  std::string to;
};

// What the automatic reverse brings back.
enum class Reverse {
  kExact,       // the table's text (with its quoted name) and every row
  kSchemaOnly,  // the table's text; the rows stay as the change left them
  kRowsOnly,    // every row; the text differs (a constraint comes back elsewhere)
  kNone,        // not reversible without more than the operation says
};

struct Case {
  std::string table;
  std::string op;             // one YAML operation
  std::vector<Change> text;   // in the table's CREATE TABLE text
  // Per column of the old table, the expression over the old row that the
  // new value must equal; "" when the column is dropped. "+name" appends a
  // new column with the expression as its value.
  std::vector<Change> rows;
  Reverse reverse;
  std::vector<std::pair<std::string, Change>> others;  // "type name" -> change
};

std::vector<Case> Cases() {
  return {
      // items: AUTOINCREMENT, COLLATE, DEFAULT expression, generated columns,
      // named column CHECK, unnamed table CHECK, UNIQUE, comments.
      {"items",
       "alter_column: {table: items, column: qty, type: text, existing_type: integer}",
       {{"qty INTEGER NOT NULL", "qty TEXT NOT NULL"}},
       {{"qty", "CAST(qty AS TEXT)"}},
       Reverse::kExact,
       {}},
      {"items",
       "alter_column: {table: items, column: name, nullable: false, fill_nulls: \"'unnamed'\", "
       "existing_nullable: true}",
       {{"name TEXT DEFAULT (upper('item')),", "name TEXT DEFAULT (upper('item')) NOT NULL,"}},
       {{"name", "COALESCE(name, 'unnamed')"}},
       Reverse::kSchemaOnly,
       {}},
      {"items",
       "alter_column: {table: items, column: price, server_default: \"2.5\", "
       "existing_server_default: \"1.5\"}",
       {{"price REAL DEFAULT 1.5", "price REAL DEFAULT 2.5"}},
       {},
       Reverse::kExact,
       {}},
      // The DEFAULT clause is replaced where it stands, before the CHECK.
      {"items",
       "alter_column: {table: items, column: qty, server_default: \"1\", "
       "existing_server_default: \"0\"}",
       {{"qty INTEGER NOT NULL DEFAULT 0 CONSTRAINT", "qty INTEGER NOT NULL DEFAULT 1 CONSTRAINT"}},
       {},
       Reverse::kExact,
       {}},
      // A type change and a rename: the rebuild, then SQLite's own RENAME
      // COLUMN, which also rewrites the index on the column.
      {"items",
       "alter_column: {table: items, column: note, new_column_name: memo, type: string(200), "
       "existing_type: text}",
       {{"  note TEXT,\n", "  memo VARCHAR(200),\n"}},
       {{"note", "CAST(note AS VARCHAR(200))"}},
       Reverse::kExact,
       {{"index ix_items_note",
         {"(note) WHERE note IS NOT NULL", "(memo) WHERE memo IS NOT NULL"}}}},
      {"items",
       "drop_column: {table: items, column: code, cascade: true}",
       {{"  code TEXT UNIQUE,\n", ""}},
       {{"code", ""}},
       Reverse::kNone,
       {}},
      {"items",
       "add_column: {table: items, column: {name: extra, type: text, server_default: "
       "\"lower('X')\"}}",
       {{"STORED,\n", "STORED,\n  extra TEXT DEFAULT (lower('X')),\n"}},
       {{"+extra", "'x'"}},
       Reverse::kExact,
       {}},
      {"items",
       "create_foreign_key: {name: fk_items_owner, table: items, columns: [owner_id], "
       "referent_table: parents, referent_columns: [id], on_delete: set null}",
       {{"  CHECK (price > 0)\n",
         "  CHECK (price > 0),\n  CONSTRAINT fk_items_owner FOREIGN KEY (owner_id) REFERENCES "
         "parents (id) ON DELETE SET NULL\n"}},
       {},
       Reverse::kExact,
       {}},
      {"items",
       "create_unique_constraint: {name: uq_items_note, table: items, columns: [note]}",
       {{"  CHECK (price > 0)\n", "  CHECK (price > 0),\n  CONSTRAINT uq_items_note UNIQUE (note)\n"}},
       {},
       Reverse::kExact,
       {}},
      {"items",
       "create_check_constraint: {name: ck_items_note, table: items, condition: \"note IS NULL "
       "OR length(note) > 0\"}",
       {{"  CHECK (price > 0)\n",
         "  CHECK (price > 0),\n  CONSTRAINT ck_items_note CHECK (note IS NULL OR length(note) > "
         "0)\n"}},
       {},
       Reverse::kExact,
       {}},
      // A named CHECK inside a column definition.
      {"items",
       "drop_constraint: {name: ck_items_qty, table: items, type: check, condition: \"qty >= 0\"}",
       {{" CONSTRAINT ck_items_qty CHECK (qty >= 0),", ","}},
       {},
       Reverse::kRowsOnly,
       {}},

      // readings: STRICT, ANY, a unique index, a trigger.
      {"readings",
       "alter_column: {table: readings, column: flag, type: text, existing_type: integer}",
       {{"flag INTEGER DEFAULT 0", "flag TEXT DEFAULT 0"}},
       {{"flag", "CAST(flag AS TEXT)"}},
       Reverse::kExact,
       {}},
      // A STRICT table gets a type name STRICT accepts.
      {"readings",
       "alter_column: {table: readings, column: value, type: string(20), existing_type: double}",
       {{"value REAL,", "value TEXT,"}},
       {{"value", "CAST(value AS TEXT)"}},
       Reverse::kExact,
       {}},
      {"readings",
       "alter_column: {table: readings, column: value, nullable: false, fill_nulls: \"0\", "
       "existing_nullable: true}",
       {{"value REAL,", "value REAL NOT NULL,"}},
       {{"value", "COALESCE(value, 0.0)"}},
       Reverse::kSchemaOnly,
       {}},
      {"readings",
       "alter_column: {table: readings, column: flag, server_default: \"2\", "
       "existing_server_default: \"0\"}",
       {{"flag INTEGER DEFAULT 0", "flag INTEGER DEFAULT 2"}},
       {},
       Reverse::kExact,
       {}},
      {"readings",
       "drop_column: {table: readings, column: tag, cascade: true}",
       {{"  tag TEXT UNIQUE,\n", ""}},
       {{"tag", ""}},
       Reverse::kNone,
       {}},
      {"readings",
       "add_column: {table: readings, column: {name: serial, type: text, unique: true}}",
       {{"  tag TEXT UNIQUE,\n", "  tag TEXT UNIQUE,\n  serial TEXT UNIQUE,\n"}},
       {{"+serial", "NULL"}},
       Reverse::kExact,
       {}},
      {"readings",
       "create_foreign_key: {name: fk_readings_parent, table: readings, columns: [parent_id], "
       "referent_table: parents, referent_columns: [id], deferrable: true, initially: deferred}",
       {{"value > -100)\n",
         "value > -100),\n  CONSTRAINT fk_readings_parent FOREIGN KEY (parent_id) REFERENCES "
         "parents (id) DEFERRABLE INITIALLY DEFERRED\n"}},
       {},
       Reverse::kExact,
       {}},
      {"readings",
       "create_unique_constraint: {name: uq_readings_raw, table: readings, columns: [raw]}",
       {{"value > -100)\n", "value > -100),\n  CONSTRAINT uq_readings_raw UNIQUE (raw)\n"}},
       {},
       Reverse::kExact,
       {}},
      {"readings",
       "create_check_constraint: {name: ck_readings_flag, table: readings, condition: \"flag IN "
       "(0, 1)\"}",
       {{"value > -100)\n", "value > -100),\n  CONSTRAINT ck_readings_flag CHECK (flag IN (0, 1))\n"}},
       {},
       Reverse::kExact,
       {}},
      {"readings",
       "drop_constraint: {name: ck_readings_value, table: readings, type: check, condition: "
       "\"value IS NULL OR value > -100\"}",
       {{",\n  CONSTRAINT ck_readings_value CHECK (value IS NULL OR value > -100)", ""}},
       {},
       Reverse::kExact,
       {}},

      // stock: WITHOUT ROWID, a composite named primary key, COLLATE, a
      // partial index and a view.
      {"stock",
       "alter_column: {table: stock, column: amount, type: text, existing_type: integer}",
       {{"amount INTEGER NOT NULL", "amount TEXT NOT NULL"}},
       {{"amount", "CAST(amount AS TEXT)"}},
       Reverse::kExact,
       {}},
      {"stock",
       "alter_column: {table: stock, column: bin, nullable: false, fill_nulls: \"'none'\", "
       "existing_nullable: true}",
       {{"  bin TEXT,", "  bin TEXT NOT NULL,"}},
       {{"bin", "COALESCE(bin, 'none')"}},
       Reverse::kSchemaOnly,
       {}},
      {"stock",
       "alter_column: {table: stock, column: amount, server_default: \"5\", "
       "existing_server_default: \"0\"}",
       {{"amount INTEGER NOT NULL DEFAULT 0", "amount INTEGER NOT NULL DEFAULT 5"}},
       {},
       Reverse::kExact,
       {}},
      {"stock",
       "drop_column: {table: stock, column: batch, cascade: true}",
       {{"  batch TEXT UNIQUE,\n", ""}},
       {{"batch", ""}},
       Reverse::kNone,
       {}},
      {"stock",
       "add_column: {table: stock, column: {name: period, type: text, nullable: false, "
       "server_default: \"'2000' || '-01'\"}}",
       {{"  batch TEXT UNIQUE,\n",
         "  batch TEXT UNIQUE,\n  period TEXT NOT NULL DEFAULT ('2000' || '-01'),\n"}},
       {{"+period", "'2000-01'"}},
       Reverse::kExact,
       {}},
      {"stock",
       "create_foreign_key: {name: fk_stock_parent, table: stock, columns: [parent_id], "
       "referent_table: parents, referent_columns: [id], on_delete: cascade}",
       {{"(amount >= 0)\n",
         "(amount >= 0),\n  CONSTRAINT fk_stock_parent FOREIGN KEY (parent_id) REFERENCES "
         "parents (id) ON DELETE CASCADE\n"}},
       {},
       Reverse::kExact,
       {}},
      {"stock",
       "create_unique_constraint: {name: uq_stock_bin, table: stock, columns: [bin]}",
       {{"(amount >= 0)\n", "(amount >= 0),\n  CONSTRAINT uq_stock_bin UNIQUE (bin)\n"}},
       {},
       Reverse::kExact,
       {}},
      {"stock",
       "create_check_constraint: {name: ck_stock_bin, table: stock, condition: \"bin <> ''\"}",
       {{"(amount >= 0)\n", "(amount >= 0),\n  CONSTRAINT ck_stock_bin CHECK (bin <> '')\n"}},
       {},
       Reverse::kExact,
       {}},
      {"stock",
       "drop_constraint: {name: ck_stock_amount, table: stock, type: check, condition: "
       "\"amount >= 0\"}",
       {{",\n  CONSTRAINT ck_stock_amount CHECK (amount >= 0)", ""}},
       {},
       Reverse::kExact,
       {}},

      // events: rowids with gaps and no INTEGER PRIMARY KEY, a DEFAULT
      // CURRENT_TIMESTAMP, an expression index that is partial too.
      {"events",
       "alter_column: {table: events, column: seq, type: text, existing_type: integer}",
       {{"seq INTEGER,", "seq TEXT,"}},
       {{"seq", "CAST(seq AS TEXT)"}},
       Reverse::kExact,
       {}},
      {"events",
       "alter_column: {table: events, column: payload, nullable: false, fill_nulls: \"x'00'\", "
       "existing_nullable: true}",
       {{"payload BLOB,", "payload BLOB NOT NULL,"}},
       {{"payload", "COALESCE(payload, x'00')"}},
       Reverse::kSchemaOnly,
       {}},
      {"events",
       "alter_column: {table: events, column: at, server_default: null, "
       "existing_server_default: CURRENT_TIMESTAMP}",
       {{"at TEXT DEFAULT CURRENT_TIMESTAMP,", "at TEXT,"}},
       {},
       Reverse::kExact,
       {}},
      {"events",
       "drop_column: {table: events, column: ref, cascade: true}",
       {{"  ref TEXT UNIQUE,\n", ""}},
       {{"ref", ""}},
       Reverse::kNone,
       {}},
      // The new key becomes the rowid alias: it takes the rowids, gaps and all.
      {"events",
       "add_column: {table: events, column: {name: event_id, type: integer, primary_key: true}}",
       {{"  seq INTEGER,\n", "  seq INTEGER,\n  event_id INTEGER NOT NULL PRIMARY KEY,\n"}},
       {{"+event_id", "rowid"}},
       Reverse::kExact,
       {}},
      {"events",
       "create_foreign_key: {name: fk_events_parent, table: events, columns: [parent_id], "
       "referent_table: parents, referent_columns: [id], on_update: cascade}",
       {{"(length(kind) > 0)\n",
         "(length(kind) > 0),\n  CONSTRAINT fk_events_parent FOREIGN KEY (parent_id) REFERENCES "
         "parents (id) ON UPDATE CASCADE\n"}},
       {},
       Reverse::kExact,
       {}},
      {"events",
       "create_unique_constraint: {name: uq_events_seq, table: events, columns: [seq]}",
       {{"(length(kind) > 0)\n", "(length(kind) > 0),\n  CONSTRAINT uq_events_seq UNIQUE (seq)\n"}},
       {},
       Reverse::kExact,
       {}},
      {"events",
       "create_check_constraint: {name: ck_events_seq, table: events, condition: \"seq > 0\"}",
       {{"(length(kind) > 0)\n", "(length(kind) > 0),\n  CONSTRAINT ck_events_seq CHECK (seq > 0)\n"}},
       {},
       Reverse::kExact,
       {}},
      {"events",
       "create_primary_key: {name: pk_events, table: events, columns: [kind, seq]}",
       {{"(length(kind) > 0)\n",
         "(length(kind) > 0),\n  CONSTRAINT pk_events PRIMARY KEY (kind, seq)\n"}},
       {},
       Reverse::kExact,
       {}},
      {"events",
       "drop_constraint: {name: ck_events_kind, table: events, type: check, condition: "
       "\"length(kind) > 0\"}",
       {{",\n  CONSTRAINT ck_events_kind CHECK (length(kind) > 0)", ""}},
       {},
       Reverse::kExact,
       {}},

      // parents: referenced by kids with ON DELETE CASCADE DEFERRABLE, and
      // by other tables' new foreign keys; a trigger that writes to kids.
      {"parents",
       "alter_column: {table: parents, column: rank, type: text, existing_type: integer}",
       {{"rank INTEGER DEFAULT 1", "rank TEXT DEFAULT 1"}},
       {{"rank", "CAST(rank AS TEXT)"}},
       Reverse::kExact,
       {}},
      {"parents",
       "alter_column: {table: parents, column: motto, nullable: false, fill_nulls: \"'-'\", "
       "existing_nullable: true}",
       {{"motto TEXT,", "motto TEXT NOT NULL,"}},
       {{"motto", "COALESCE(motto, '-')"}},
       Reverse::kSchemaOnly,
       {}},
      {"parents",
       "alter_column: {table: parents, column: rank, server_default: \"abs(-2)\", "
       "existing_server_default: \"1\"}",
       {{"rank INTEGER DEFAULT 1", "rank INTEGER DEFAULT (abs(-2))"}},
       {},
       Reverse::kExact,
       {}},
      {"parents",
       "drop_column: {table: parents, column: code, cascade: true}",
       {{"  code TEXT UNIQUE,\n", ""}},
       {{"code", ""}},
       Reverse::kNone,
       {}},
      {"parents",
       "add_column: {table: parents, column: {name: email, type: string(80), unique: true}}",
       {{"  boss_id INTEGER,\n", "  boss_id INTEGER,\n  email VARCHAR(80) UNIQUE,\n"}},
       {{"+email", "NULL"}},
       Reverse::kExact,
       {}},
      {"parents",
       "create_foreign_key: {name: fk_parents_boss, table: parents, columns: [boss_id], "
       "referent_table: parents, referent_columns: [id], on_delete: set null}",
       {{"(rank > 0)\n",
         "(rank > 0),\n  CONSTRAINT fk_parents_boss FOREIGN KEY (boss_id) REFERENCES parents "
         "(id) ON DELETE SET NULL\n"}},
       {},
       Reverse::kExact,
       {}},
      {"parents",
       "create_unique_constraint: {name: uq_parents_name, table: parents, columns: [name]}",
       {{"(rank > 0)\n", "(rank > 0),\n  CONSTRAINT uq_parents_name UNIQUE (name)\n"}},
       {},
       Reverse::kExact,
       {}},
      {"parents",
       "create_check_constraint: {name: ck_parents_name, table: parents, condition: \"name <> "
       "''\"}",
       {{"(rank > 0)\n", "(rank > 0),\n  CONSTRAINT ck_parents_name CHECK (name <> '')\n"}},
       {},
       Reverse::kExact,
       {}},
      {"parents",
       "drop_constraint: {name: ck_parents_rank, table: parents, type: check, condition: "
       "\"rank > 0\"}",
       {{",\n  CONSTRAINT ck_parents_rank CHECK (rank > 0)", ""}},
       {},
       Reverse::kExact,
       {}},

      // kids: an inline foreign key with ON DELETE CASCADE DEFERRABLE
      // INITIALLY DEFERRED, a named one with SET NULL, ON UPDATE CASCADE and
      // NOT DEFERRABLE.
      {"kids",
       "alter_column: {table: kids, column: age, type: text, existing_type: integer}",
       {{"age INTEGER DEFAULT 0", "age TEXT DEFAULT 0"}},
       {{"age", "CAST(age AS TEXT)"}},
       Reverse::kExact,
       {}},
      {"kids",
       "alter_column: {table: kids, column: nick, nullable: false, fill_nulls: \"'kid'\", "
       "existing_nullable: true}",
       {{"nick TEXT,", "nick TEXT NOT NULL,"}},
       {{"nick", "COALESCE(nick, 'kid')"}},
       Reverse::kSchemaOnly,
       {}},
      {"kids",
       "alter_column: {table: kids, column: age, server_default: \"18\", "
       "existing_server_default: \"0\"}",
       {{"age INTEGER DEFAULT 0", "age INTEGER DEFAULT 18"}},
       {},
       Reverse::kExact,
       {}},
      {"kids",
       "drop_column: {table: kids, column: badge, cascade: true}",
       {{"  badge TEXT UNIQUE,\n", ""}},
       {{"badge", ""}},
       Reverse::kNone,
       {}},
      {"kids",
       "add_column: {table: kids, column: {name: joined, type: text, server_default: "
       "\"date('2020-01-01')\"}}",
       {{"  badge TEXT UNIQUE,\n", "  badge TEXT UNIQUE,\n  joined TEXT DEFAULT (date('2020-01-01')),\n"}},
       {{"+joined", "'2020-01-01'"}},
       Reverse::kExact,
       {}},
      {"kids",
       "create_foreign_key: {name: fk_kids_parent, table: kids, columns: [parent_id], "
       "referent_table: parents, referent_columns: [id], on_delete: restrict}",
       {{"NOT DEFERRABLE\n",
         "NOT DEFERRABLE,\n  CONSTRAINT fk_kids_parent FOREIGN KEY (parent_id) REFERENCES parents "
         "(id) ON DELETE RESTRICT\n"}},
       {},
       Reverse::kExact,
       {}},
      {"kids",
       "create_unique_constraint: {name: uq_kids_nick, table: kids, columns: [nick]}",
       {{"NOT DEFERRABLE\n", "NOT DEFERRABLE,\n  CONSTRAINT uq_kids_nick UNIQUE (nick)\n"}},
       {},
       Reverse::kExact,
       {}},
      {"kids",
       "create_check_constraint: {name: ck_kids_age, table: kids, condition: \"age >= 0\"}",
       {{"NOT DEFERRABLE\n", "NOT DEFERRABLE,\n  CONSTRAINT ck_kids_age CHECK (age >= 0)\n"}},
       {},
       Reverse::kExact,
       {}},
      {"kids",
       "drop_constraint: {name: fk_kids_guardian, table: kids, type: foreignkey}",
       {{",\n  CONSTRAINT fk_kids_guardian FOREIGN KEY (guardian_id) REFERENCES parents (id) ON "
         "DELETE SET NULL ON UPDATE CASCADE NOT DEFERRABLE",
         ""}},
       {},
       Reverse::kNone,
       {}},
  };
}

// The expressions, over the old table, whose values the changed table's
// columns must hold.
std::vector<std::string> ExpectedColumns(const Project& project, const Case& c) {
  std::vector<std::string> names = ColumnNames(project.database(), c.table);
  std::vector<std::string> expressions;
  for (const std::string& name : names) expressions.push_back(Quoted(name));
  for (const Change& change : c.rows) {
    if (StartsWith(change.from, "+")) {
      expressions.push_back(change.to);
      continue;
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] != change.from) continue;
      if (change.to.empty()) {
        names.erase(names.begin() + static_cast<long>(i));
        expressions.erase(expressions.begin() + static_cast<long>(i));
      } else {
        expressions[i] = change.to;
      }
      break;
    }
  }
  return expressions;
}

std::string ExpectedTableSql(const Case& c) {
  std::string sql = RebuiltSql(c.table);
  for (const Change& change : c.text) sql = ReplaceOnce(sql, change.from, change.to);
  return sql;
}

std::vector<std::vector<std::string>> ForeignKeyViolations(const Project& project) {
  return Query(project.database(), "PRAGMA foreign_key_check");
}

std::vector<std::vector<std::string>> IntegrityCheck(const Project& project) {
  return Query(project.database(), "PRAGMA integrity_check");
}

const std::vector<std::vector<std::string>> kIntegrityOk = {{"ok"}};

}  // namespace

TEST_CASE("the catalogue tables are stored exactly as written", "[sqlite][rebuild][catalogue]") {
  Project project;
  SetUpCatalogue(project);
  for (const char* table : {"items", "readings", "stock", "events", "parents", "kids"}) {
    CHECK(ObjectSql(project.database(), table) == OriginalSql(table));
  }
  CHECK(Query(project.database(), "SELECT seq FROM sqlite_sequence WHERE name = 'items'") ==
        std::vector<std::vector<std::string>>{{"5"}});
  CHECK(Query(project.database(), "SELECT max(id) FROM items") ==
        std::vector<std::vector<std::string>>{{"3"}});
  CHECK(Query(project.database(), "SELECT group_concat(rowid) FROM (SELECT rowid FROM events ORDER BY rowid)") ==
        std::vector<std::vector<std::string>>{{"1,3,4,6"}});
}

TEST_CASE("every rebuild operation on every catalogue table changes just what it says",
          "[sqlite][rebuild][catalogue]") {
  for (const Case& c : Cases()) {
    DYNAMIC_SECTION(c.table << ": " << c.op) {
      Project project;
      SetUpCatalogue(project);
      // A change with no automatic reverse (a drop_column with cascade: true
      // needs one written) is not downgraded here.
      project.AddYamlRevision(kChange, kBase, "  - " + c.op + "\n",
                              c.reverse == Reverse::kNone ? "downgrade: []\n" : "");
      const std::filesystem::path& database = project.database();

      const DatabaseState before = Capture(database, VersionTables::kExclude);
      const std::string expected_rows = Rows(database, c.table, ExpectedColumns(project, c));
      std::map<std::string, std::string> expected_schema = before.schema;
      expected_schema.erase("table " + c.table);
      for (const auto& [object, change] : c.others) {
        expected_schema[object] = ReplaceOnce(expected_schema[object], change.from, change.to);
      }
      std::map<std::string, std::string> expected_other_rows = before.rows;
      expected_other_rows.erase(c.table);

      RecordingListener listener;
      Upgrade(CatalogueConfig(project), "head", listener);
      const DatabaseState after = Capture(database, VersionTables::kExclude);

      CHECK(CountRebuilds(listener.statements()) == 1);
      CHECK(ObjectSql(database, c.table) == ExpectedTableSql(c));
      std::map<std::string, std::string> other_schema = after.schema;
      other_schema.erase("table " + c.table);
      CHECK(Text(other_schema) == Text(expected_schema));
      CHECK(Rows(database, c.table) == expected_rows);
      std::map<std::string, std::string> other_rows = after.rows;
      other_rows.erase(c.table);
      CHECK(Text(other_rows) == Text(expected_other_rows));
      CHECK(RebuildLeftovers(database).empty());
      CHECK(ForeignKeyViolations(project).empty());
      CHECK(IntegrityCheck(project) == kIntegrityOk);

      if (c.reverse != Reverse::kNone) {
        Downgrade(CatalogueConfig(project), kBase, listener);
        const DatabaseState reversed = Capture(database, VersionTables::kExclude);
        if (c.reverse == Reverse::kExact || c.reverse == Reverse::kSchemaOnly) {
          CHECK(ObjectSql(database, c.table) == RebuiltSql(c.table));
          std::map<std::string, std::string> schema = reversed.schema;
          std::map<std::string, std::string> schema_before = before.schema;
          schema.erase("table " + c.table);
          schema_before.erase("table " + c.table);
          CHECK(Text(schema) == Text(schema_before));
          CHECK(reversed.automatic_indexes == before.automatic_indexes);
        }
        if (c.reverse == Reverse::kExact || c.reverse == Reverse::kRowsOnly) {
          CHECK(Text(reversed.rows) == Text(before.rows));
        } else {
          CHECK(Text(reversed.rows) == Text(after.rows));
        }
        CHECK(RebuildLeftovers(database).empty());
        CHECK(IntegrityCheck(project) == kIntegrityOk);
      }
    }
  }
}

TEST_CASE("several operations on one catalogue table compose into one rebuild",
          "[sqlite][rebuild][catalogue]") {
  Project project;
  SetUpCatalogue(project);
  project.AddYamlRevision(kChange, kBase, R"yaml(
  - alter_column: {table: items, column: qty, type: text, existing_type: integer}
  - alter_column: {table: items, column: name, nullable: false, fill_nulls: "'unnamed'", existing_nullable: true}
  - alter_column: {table: items, column: price, server_default: "2.5", existing_server_default: "1.5"}
  - add_column: {table: items, column: {name: extra, type: text, server_default: "lower('X')"}}
  - create_check_constraint: {name: ck_items_note, table: items, condition: "note IS NULL OR length(note) > 0"}
  - create_foreign_key: {name: fk_items_owner, table: items, columns: [owner_id], referent_table: parents, referent_columns: [id]}
  - drop_constraint: {name: uq_items_name_price, table: items, type: unique, columns: [name, price]}
)yaml");
  const DatabaseState before = Capture(project.database(), VersionTables::kExclude);
  const std::string expected_rows =
      Rows(project.database(), "items",
           {"id", "sku", "COALESCE(name, 'unnamed')", "CAST(qty AS TEXT)", "price", "owner_id",
            "code", "note", "total", "label", "'x'"});
  RecordingListener listener;
  Upgrade(CatalogueConfig(project), "head", listener);
  CHECK(CountRebuilds(listener.statements()) == 1);
  CHECK(ObjectSql(project.database(), "items") == R"sql(CREATE TABLE "items" (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  sku TEXT NOT NULL COLLATE NOCASE UNIQUE, -- stock keeping unit
  name TEXT DEFAULT (upper('item')) NOT NULL,
  qty TEXT NOT NULL DEFAULT 0 CONSTRAINT ck_items_qty CHECK (qty >= 0),
  price REAL DEFAULT 2.5,
  owner_id INTEGER,
  code TEXT UNIQUE,
  note TEXT,
  total REAL GENERATED ALWAYS AS (qty * price) VIRTUAL,
  label TEXT AS (upper(sku)) STORED,
  extra TEXT DEFAULT (lower('X')),
  CHECK (price > 0),
  CONSTRAINT ck_items_note CHECK (note IS NULL OR length(note) > 0),
  CONSTRAINT fk_items_owner FOREIGN KEY (owner_id) REFERENCES parents (id)
))sql");
  CHECK(Rows(project.database(), "items") == expected_rows);
  const DatabaseState after = Capture(project.database(), VersionTables::kExclude);
  auto without_items = [](std::map<std::string, std::string> map, const std::string& key) {
    map.erase(key);
    return map;
  };
  CHECK(Text(without_items(after.schema, "table items")) ==
        Text(without_items(before.schema, "table items")));
  CHECK(Text(without_items(after.rows, "items")) == Text(without_items(before.rows, "items")));
  CHECK(RebuildLeftovers(project.database()).empty());
}

TEST_CASE("a rebuilt parent keeps its ON DELETE CASCADE children, and foreign keys are on again "
          "after it",
          "[sqlite][rebuild][catalogue]") {
  Project project;
  SetUpCatalogue(project);
  const std::string kids_before = Rows(project.database(), "kids");
  project.AddYamlRevision(kChange, kBase, R"yaml(
  - alter_column: {table: parents, column: rank, type: text, existing_type: integer}
)yaml");
  // The next revision needs foreign keys on: deleting parent 1 must delete
  // its kids (ON DELETE CASCADE), and parent 2's kid must survive.
  project.AddYamlRevision(kLater, kChange, "  - execute: DELETE FROM parents WHERE id = 1\n",
                          "downgrade: []\n");
  MigrationListener quiet;
  Upgrade(CatalogueConfig(project), kChange, quiet);
  CHECK(Rows(project.database(), "kids") == kids_before);

  Upgrade(CatalogueConfig(project), "head", quiet);
  CHECK(Query(project.database(), "SELECT id FROM kids ORDER BY id") ==
        std::vector<std::vector<std::string>>{{"3"}, {"4"}});
  // ON DELETE SET NULL of fk_kids_guardian: kid 4's guardian was parent 1.
  CHECK(Query(project.database(), "SELECT quote(guardian_id) FROM kids WHERE id = 4") ==
        std::vector<std::vector<std::string>>{{"NULL"}});
}

TEST_CASE("both revisions of one run rebuild with foreign keys off and check them before COMMIT",
          "[sqlite][rebuild][catalogue]") {
  // The second revision rebuilds parents after the first rebuilt kids; in
  // one transaction for the whole run as well as one per revision.
  for (const bool per_revision : {true, false}) {
    DYNAMIC_SECTION("transaction_per_revision " << per_revision) {
      Project project;
      SetUpCatalogue(project);
      const DatabaseState before = Capture(project.database(), VersionTables::kExclude);
      project.AddYamlRevision(kChange, kBase, R"yaml(
  - alter_column: {table: kids, column: age, server_default: "18", existing_server_default: "0"}
)yaml");
      project.AddYamlRevision(kLater, kChange, R"yaml(
  - alter_column: {table: parents, column: rank, server_default: "7", existing_server_default: "1"}
)yaml");
      Config config = CatalogueConfig(project);
      config.transaction_per_revision = per_revision;
      RecordingListener listener;
      Upgrade(config, "head", listener);
      CHECK(CountRebuilds(listener.statements()) == 2);
      CHECK(Text(Capture(project.database(), VersionTables::kExclude).rows) == Text(before.rows));
      Downgrade(config, kBase, listener);
      CHECK(Text(Capture(project.database(), VersionTables::kExclude).rows) == Text(before.rows));
      CHECK(ObjectSql(project.database(), "kids") == RebuiltSql("kids"));
      CHECK(ObjectSql(project.database(), "parents") == RebuiltSql("parents"));
    }
  }
}

TEST_CASE("the AUTOINCREMENT counter survives rebuilds even above max(id)",
          "[sqlite][rebuild][catalogue]") {
  Project project;
  SetUpCatalogue(project);
  project.AddYamlRevision(kChange, kBase, R"yaml(
  - alter_column: {table: items, column: qty, type: text, existing_type: integer}
)yaml");
  project.AddYamlRevision(kLater, kChange,
                          "  - execute: INSERT INTO items (sku, qty) VALUES ('f-6', 1)\n",
                          "downgrade:\n  - execute: DELETE FROM items WHERE sku = 'f-6'\n");
  MigrationListener quiet;
  Upgrade(CatalogueConfig(project), kChange, quiet);
  CHECK(Query(project.database(), "SELECT seq FROM sqlite_sequence WHERE name = 'items'") ==
        std::vector<std::vector<std::string>>{{"5"}});
  Upgrade(CatalogueConfig(project), "head", quiet);
  // Keys 4 and 5 were used and deleted: they never come back.
  CHECK(Query(project.database(), "SELECT id FROM items WHERE sku = 'f-6'") ==
        std::vector<std::vector<std::string>>{{"6"}});
  // Back down: the reverse rebuild keeps the counter at 6, above max(id) 3.
  Downgrade(CatalogueConfig(project), kBase, quiet);
  CHECK(Query(project.database(), "SELECT seq FROM sqlite_sequence WHERE name = 'items'") ==
        std::vector<std::vector<std::string>>{{"6"}});
  CHECK(Query(project.database(), "SELECT max(id) FROM items") ==
        std::vector<std::vector<std::string>>{{"3"}});
}

TEST_CASE("the indexes, triggers and views of a rebuilt table work as before",
          "[sqlite][rebuild][catalogue]") {
  Project project;
  SetUpCatalogue(project);
  const auto view_before = Query(project.database(), "SELECT * FROM v_items ORDER BY id");
  project.AddYamlRevision(kChange, kBase, R"yaml(
  - alter_column: {table: items, column: price, server_default: "2.5", existing_server_default: "1.5"}
)yaml");
  project.AddYamlRevision(kLater, kChange, R"yaml(
  - execute: UPDATE items SET qty = 4 WHERE id = 1
)yaml",
                          "downgrade: []\n");
  MigrationListener quiet;
  Upgrade(CatalogueConfig(project), kChange, quiet);
  CHECK(Query(project.database(), "SELECT * FROM v_items ORDER BY id") == view_before);
  // The expression index is there and used.
  const auto plan = Query(project.database(),
                          "EXPLAIN QUERY PLAN SELECT id FROM items WHERE lower(name) = 'apple'");
  REQUIRE_FALSE(plan.empty());
  CHECK_THAT(plan.back().back(), Catch::Contains("ix_items_lower_name"));
  // The trigger fires.
  Upgrade(CatalogueConfig(project), "head", quiet);
  CHECK(Query(project.database(), "SELECT item_id, qty FROM audit") ==
        std::vector<std::vector<std::string>>{{"1", "4"}});
  // The unique constraints still hold: sku is UNIQUE COLLATE NOCASE.
  CHECK_THROWS(Exec(project.database(), "INSERT INTO items (sku, qty) VALUES ('A-1', 1)"));
}

TEST_CASE("ANALYZE statistics of a rebuilt table's indexes survive the rebuild",
          "[sqlite][rebuild][catalogue]") {
  Project project;
  SetUpCatalogue(project);
  Exec(project.database(), "ANALYZE");
  const std::string statistics = "SELECT tbl, quote(idx), stat FROM sqlite_stat1 ORDER BY 1, 2";
  const auto before = Query(project.database(), statistics);
  REQUIRE_FALSE(before.empty());
  project.AddYamlRevision(kChange, kBase, R"yaml(
  - alter_column: {table: items, column: price, server_default: "2.5", existing_server_default: "1.5"}
  - alter_column: {table: events, column: seq, type: text, existing_type: integer}
)yaml");
  MigrationListener quiet;
  Upgrade(CatalogueConfig(project), "head", quiet);
  CHECK(Query(project.database(), statistics) == before);
}

TEST_CASE("a table whose name and columns need quoting is rebuilt losslessly",
          "[sqlite][rebuild][catalogue]") {
  Project project;
  project.AddYamlRevision(kBase, "", ExecuteItem(R"sql(CREATE TABLE "Order Lines" (
  "Line No" INTEGER PRIMARY KEY AUTOINCREMENT,
  "Qty" INTEGER DEFAULT 1,
  "select" TEXT COLLATE NOCASE,
  [group] INTEGER CHECK ([group] > 0)
);
INSERT INTO "Order Lines" ("Qty", "select", [group]) VALUES (2, 'a', 1), (3, 'b', 2);
CREATE INDEX "ix Order Lines select" ON "Order Lines" ("select");
)sql"));
  project.AddYamlRevision(kChange, kBase, R"yaml(
  - alter_column: {table: Order Lines, column: Qty, type: text, existing_type: integer}
  - alter_column: {table: Order Lines, column: select, server_default: "'x'", existing_server_default: null}
)yaml");
  MigrationListener quiet;
  Upgrade(project.config(), kBase, quiet);
  const std::string expected_rows =
      Rows(project.database(), "Order Lines",
           {"\"Line No\"", "CAST(\"Qty\" AS TEXT)", "\"select\"", "[group]"});
  const auto index_before = ObjectSql(project.database(), "ix Order Lines select");
  const std::string rows_before = Rows(project.database(), "Order Lines");
  Upgrade(project.config(), "head", quiet);
  CHECK(ObjectSql(project.database(), "Order Lines") == R"sql(CREATE TABLE "Order Lines" (
  "Line No" INTEGER PRIMARY KEY AUTOINCREMENT,
  "Qty" TEXT DEFAULT 1,
  "select" TEXT COLLATE NOCASE DEFAULT 'x',
  [group] INTEGER CHECK ([group] > 0)
))sql");
  CHECK(Rows(project.database(), "Order Lines") == expected_rows);
  CHECK(ObjectSql(project.database(), "ix Order Lines select") == index_before);
  CHECK(RebuildLeftovers(project.database()).empty());
  Downgrade(project.config(), kBase, quiet);
  CHECK(Rows(project.database(), "Order Lines") == rows_before);
}
