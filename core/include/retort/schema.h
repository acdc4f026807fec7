// Neutral schema values: what a database holds, independent of any dialect.
// Plain structs with value semantics; operations carry them and reflection
// produces them. What has no neutral form is kept as the dialect shows it:
// a native type (type.h), or the SQL text of a view, trigger or exclusion
// constraint.
#ifndef RETORT_SCHEMA_H_
#define RETORT_SCHEMA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "retort/type.h"

namespace retort {

// A table name with its optional schema (PostgreSQL namespace); an empty
// schema means the connection's default.
struct QualifiedName {
  std::string schema;
  std::string name;

  friend bool operator==(const QualifiedName&, const QualifiedName&) = default;
};

// "schema.name", or "name" without a schema.
std::string ToString(const QualifiedName& name);

enum class ReferentialAction { kNoAction, kRestrict, kCascade, kSetNull, kSetDefault };

// "cascade", "set null", ... as written in revision files; Parse throws
// OperationError for anything else.
ReferentialAction ParseReferentialAction(const std::string& text);
std::string FormatReferentialAction(ReferentialAction action);

// A generated (computed) column's expression. `stored`: the value is
// computed on write and kept (PostgreSQL's kind, SQLite's STORED); false:
// computed when read (SQLite's VIRTUAL).
struct GeneratedColumn {
  std::string expression;
  bool stored = true;

  friend bool operator==(const GeneratedColumn&, const GeneratedColumn&) = default;
};

struct Column {
  std::string name;
  Type type;
  bool nullable = true;
  // SQL expression text, as the user wrote it ("'sent'", "0", "CURRENT_TIMESTAMP").
  std::optional<std::string> server_default;
  bool primary_key = false;
  bool unique = false;
  // An integer key the database numbers by itself, never reusing a value.
  bool autoincrement = false;
  std::optional<std::string> comment;
  // Set for a generated column, which then has no server_default.
  std::optional<GeneratedColumn> generated = {};

  friend bool operator==(const Column&, const Column&) = default;
};

struct PrimaryKey {
  std::string name;  // empty: let the database name it
  std::vector<std::string> columns;

  friend bool operator==(const PrimaryKey&, const PrimaryKey&) = default;
};

struct ForeignKey {
  std::string name;  // empty: unnamed
  std::vector<std::string> columns;
  QualifiedName referent;
  std::vector<std::string> referent_columns;
  std::optional<ReferentialAction> on_delete;
  std::optional<ReferentialAction> on_update;
  bool deferrable = false;
  std::string initially;  // "", "DEFERRED" or "IMMEDIATE"

  friend bool operator==(const ForeignKey&, const ForeignKey&) = default;
};

struct UniqueConstraint {
  std::string name;
  std::vector<std::string> columns;

  friend bool operator==(const UniqueConstraint&, const UniqueConstraint&) = default;
};

struct CheckConstraint {
  std::string name;
  std::string condition;  // SQL boolean expression

  friend bool operator==(const CheckConstraint&, const CheckConstraint&) = default;
};

// A constraint the model has no structure for (PostgreSQL's EXCLUDE), kept
// as the database shows its definition ("EXCLUDE USING gist (room WITH =)").
struct ExclusionConstraint {
  std::string name;
  std::string definition;

  friend bool operator==(const ExclusionConstraint&, const ExclusionConstraint&) = default;
};

struct Index {
  std::string name;
  QualifiedName table;
  // The key items in order: column names, and SQL expression text at the
  // positions `expressions` lists.
  std::vector<std::string> columns;
  bool unique = false;
  std::string where;  // partial index predicate; empty for a full index
  // The 0-based positions in `columns` that hold an expression rather than
  // a column name, ascending; empty when every item is a column.
  std::vector<int> expressions = {};

  friend bool operator==(const Index&, const Index&) = default;
};

struct Table {
  QualifiedName name;
  std::vector<Column> columns;
  // A table-level (possibly composite) key. Columns may instead say
  // primary_key: true; a table uses one form or the other.
  std::optional<PrimaryKey> primary_key;
  std::vector<ForeignKey> foreign_keys;
  std::vector<UniqueConstraint> unique_constraints;
  std::vector<CheckConstraint> check_constraints;
  std::optional<std::string> comment;
  std::vector<ExclusionConstraint> exclusion_constraints = {};

  friend bool operator==(const Table&, const Table&) = default;
};

// A view, kept as the SQL text of its query (what follows AS), as the
// database shows it. `materialized`: PostgreSQL's MATERIALIZED VIEW.
struct View {
  QualifiedName name;
  std::string definition;
  bool materialized = false;

  friend bool operator==(const View&, const View&) = default;
};

// A trigger, kept as the whole SQL statement that creates it, as the
// database shows it; `table` is the table (or view) it fires on.
struct Trigger {
  std::string name;
  QualifiedName table;
  std::string definition;

  friend bool operator==(const Trigger&, const Trigger&) = default;
};

// A sequence that is not a column's autoincrement (those are
// Column::autoincrement).
struct Sequence {
  QualifiedName name;
  Type type;  // integer, bigint or smallint
  std::int64_t start = 1;
  std::int64_t increment = 1;
  std::int64_t min_value = 1;
  std::int64_t max_value = 0;
  bool cycle = false;
  // "table.column" of the column the sequence belongs to (dropped with it),
  // "schema.table.column" outside the default schema; empty for none.
  std::string owned_by;

  friend bool operator==(const Sequence&, const Sequence&) = default;
};

// An enumerated type; columns of it have a native type naming it.
struct EnumType {
  QualifiedName name;
  std::vector<std::string> labels;  // in the type's order

  friend bool operator==(const EnumType&, const EnumType&) = default;
};

// A domain: a base type with constraints; columns of it have a native type
// naming it.
struct Domain {
  QualifiedName name;
  Type type;
  bool nullable = true;
  std::optional<std::string> server_default;
  std::vector<CheckConstraint> check_constraints;

  friend bool operator==(const Domain&, const Domain&) = default;
};

// What reflection reads from a live database, in the neutral model. Each
// dialect's reflection fills it in the canonical form, so that two schemas
// (of one dialect or of two) compare with == and DiffSchemas:
// - Order: SortCanonically's.
// - Names: objects in the connection's default schema have an empty schema.
//   Constraint names the database made up for an unnamed constraint are
//   empty; names a person chose are kept.
// - One spelling per fact: a table's key always as `primary_key` (never
//   Column::primary_key), a unique column as a unique constraint (never
//   Column::unique); indexes leave out those a UNIQUE or PRIMARY KEY
//   constraint creates by itself; numeric(p) is numeric(p,0); NO ACTION is
//   an unset action; initially is "DEFERRED" or "".
// - Expressions (defaults, checks, index predicates and expressions,
//   generated columns) in CanonicalSqlExpression's form
//   (retort/sql_expression.h). View and trigger definitions are kept as the
//   database shows them.
// retort's own tables (retort_version, retort_history...) are left out.
// Sequences, enums and domains exist on databases that have them.
struct Schema {
  std::vector<Table> tables;
  std::vector<Index> indexes;
  std::vector<View> views = {};
  std::vector<Trigger> triggers = {};
  std::vector<Sequence> sequences = {};
  std::vector<EnumType> enums = {};
  std::vector<Domain> domains = {};

  friend bool operator==(const Schema&, const Schema&) = default;
};

// Puts `schema` in the canonical order Schema describes: tables, views,
// sequences, enums and domains by schema then name; indexes and triggers by
// name then table; in each table foreign keys, unique constraints, checks
// and exclusion constraints by name, then by what tells same-named ones
// apart; a domain's checks likewise. Column order, index items and enum
// labels keep their order, which means something.
void SortCanonically(Schema& schema);

// The table named `name` (schema ignored when `name.schema` is empty), or
// nullptr.
const Table* FindTable(const Schema& schema, const QualifiedName& name);

// The names of the columns that form the table's primary key, whichever form
// declares it (empty when the table has none).
std::vector<std::string> PrimaryKeyColumns(const Table& table);

// The column named `name`, or nullptr.
const Column* FindColumn(const Table& table, const std::string& name);

}  // namespace retort

#endif  // RETORT_SCHEMA_H_
