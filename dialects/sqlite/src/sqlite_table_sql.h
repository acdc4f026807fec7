// A table's CREATE TABLE statement, as SQLite keeps it in sqlite_schema,
// split into its columns and table constraints. Every part keeps its
// original text, so that rewriting the statement after a change leaves what
// the change does not touch exactly as it was: unnamed CHECK and UNIQUE
// constraints, COLLATE, DEFAULT expressions, generated columns,
// AUTOINCREMENT, STRICT, WITHOUT ROWID, comments inside a definition.
#ifndef RETORT_SQLITE_SQLITE_TABLE_SQL_H_
#define RETORT_SQLITE_SQLITE_TABLE_SQL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort::sqlite {

enum class ClauseKind {
  kPrimaryKey,
  kNotNull,
  kNull,
  kUnique,
  kCheck,
  kDefault,
  kCollate,
  kReferences,
  kGenerated,
};

// One constraint of a column definition ("NOT NULL", "DEFAULT 'x'", ...).
struct ColumnClause {
  ClauseKind kind;
  std::string name;  // from "CONSTRAINT name", else empty
  std::string text;  // as written, "CONSTRAINT name" included
};

struct ColumnSql {
  std::string name;       // the identifier, unquoted
  std::string name_text;  // as written ("name", [name], name)
  std::string type;       // as written; may be empty
  std::vector<ColumnClause> clauses;
  std::string original;   // the whole definition as written; empty once changed
  std::vector<std::string> identifiers;  // every identifier in the clauses

  bool Has(ClauseKind kind) const;
  bool IsGenerated() const { return Has(ClauseKind::kGenerated); }
  void SetType(const std::string& type_text);
  void SetNotNull(bool not_null);
  // Replaces the DEFAULT clause; nullopt removes it.
  void SetDefault(const std::optional<std::string>& default_text);
  // Drops the clauses named `constraint`; returns how many there were.
  int DropNamedClauses(const std::string& constraint);
  std::string Text() const;
};

enum class TableConstraintKind { kPrimaryKey, kUnique, kCheck, kForeignKey };

struct TableConstraintSql {
  TableConstraintKind kind;
  std::string name;                      // empty when unnamed
  std::string text;                      // as written
  std::vector<std::string> columns;      // PRIMARY KEY / UNIQUE / FOREIGN KEY columns
  std::vector<std::string> identifiers;  // every identifier it mentions
};

struct TableSql {
  std::string name;  // the table's name, unquoted
  std::vector<ColumnSql> columns;
  std::vector<TableConstraintSql> constraints;
  std::string options;  // after the closing parenthesis: " STRICT", " WITHOUT ROWID"
  bool without_rowid = false;
  bool strict = false;

  // Separators as written, reused so that the rewritten statement keeps the
  // original layout: before each column and constraint, and before ')'.
  std::vector<std::string> column_spacing;
  std::vector<std::string> constraint_spacing;
  std::string closing_spacing;
  std::string name_spacing;  // between the name and '('

  ColumnSql* FindColumn(std::string_view name);
  // The statement that creates this table under `quoted_name`.
  std::string Render(const std::string& quoted_name) const;
  // Appends a column or a table constraint, laid out like the last one.
  void AddColumn(ColumnSql column);
  void AddConstraint(TableConstraintSql constraint);
};

// Parses one CREATE TABLE statement. Throws OperationError for text that is
// not one, naming what could not be read.
TableSql ParseCreateTable(std::string_view sql);

// Parses a column definition ("name TYPE NOT NULL ...") or a table
// constraint, as retort renders new ones.
ColumnSql ParseColumnDefinition(std::string_view text);
TableConstraintSql ParseTableConstraint(std::string_view text);

// Whether `identifiers` mention `name`, compared as SQLite compares
// identifiers (ASCII case-insensitively).
bool MentionsIdentifier(const std::vector<std::string>& identifiers, std::string_view name);

// Every identifier in `sql` (tokens that are words or quoted identifiers).
std::vector<std::string> IdentifiersIn(std::string_view sql);

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_TABLE_SQL_H_
