// Neutral schema values: what a table is made of, independent of any dialect.
// Plain structs with value semantics; operations carry them and reflection
// produces them.
#ifndef RETORT_SCHEMA_H_
#define RETORT_SCHEMA_H_

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

struct Index {
  std::string name;
  QualifiedName table;
  std::vector<std::string> columns;
  bool unique = false;
  std::string where;  // partial index predicate; empty for a full index

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

  friend bool operator==(const Table&, const Table&) = default;
};

// What reflection reads from a live database: its tables and indexes, in the
// neutral model. Dialects fill it in a canonical form so that two schemas
// compare with ==: tables and indexes sorted by name, columns in table order,
// a table's key always as `primary_key` (never Column::primary_key), unique
// constraints, checks and foreign keys sorted by name then columns, and
// indexes without those a UNIQUE or PRIMARY KEY constraint creates by itself.
// retort's own tables (retort_version, retort_history...) are left out.
struct Schema {
  std::vector<Table> tables;
  std::vector<Index> indexes;

  friend bool operator==(const Schema&, const Schema&) = default;
};

// Puts `schema` in the canonical order Schema describes: tables by name,
// indexes by name then table, and in each table foreign keys, unique
// constraints and checks by name, then by what tells same-named ones apart.
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
