#include "sqlite_reflect.h"

#include <algorithm>
#include <map>
#include <utility>

#include "retort/error.h"
#include "retort/sql_expression.h"
#include "sqlite_constraint_sql.h"
#include "sqlite_lexer.h"
#include "sqlite_names.h"
#include "sqlite_table_sql.h"

namespace retort::sqlite {
namespace {

bool SameNames(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const std::string& x, const std::string& y) { return SameName(x, y); });
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && SameName(text.substr(0, prefix.size()), prefix);
}

}  // namespace

// SQLite reserves sqlite_* names whatever their case, and a name that
// differs only in case is the same table, so retort's own are matched alike.
bool IsLeftOutName(std::string_view name) {
  return StartsWithNoCase(name, "sqlite_") || StartsWithNoCase(name, "retort_") ||
         StartsWithNoCase(name, "_retort_rebuild_");
}

namespace {

// ---- CREATE TABLE and CREATE INDEX text ----

// The column's generated expression from its "[GENERATED ALWAYS] AS (expr)
// [STORED|VIRTUAL]" clause, or nullopt when it has none.
std::optional<GeneratedColumn> Generated(const ColumnSql& column) {
  for (const ColumnClause& clause : column.clauses) {
    if (clause.kind != ClauseKind::kGenerated) continue;
    const std::vector<Token> tokens = Tokenize(clause.text);
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (!tokens[i].Is("AS") || tokens[i + 1].text != "(") continue;
      const std::size_t close = Closing(tokens, i + 1);
      const bool stored = close + 1 < tokens.size() && tokens[close + 1].Is("STORED");
      return GeneratedColumn{CanonicalSqlExpression(TextOf(clause.text, tokens, i + 2, close)),
                             stored};
    }
  }
  return std::nullopt;
}

bool HasWord(std::string_view text, std::string_view word) {
  const std::vector<Token> tokens = Tokenize(text);
  return std::any_of(tokens.begin(), tokens.end(), [&](const Token& t) { return t.Is(word); });
}

// A foreign key as its CREATE TABLE text declares it: the name and
// DEFERRABLE the pragma does not report, and what it matches the pragma by.
struct DeclaredForeignKey {
  std::string name;
  std::vector<std::string> columns;
  std::string referent;
  std::vector<std::string> referent_columns;
  bool deferrable = false;
  std::string initially;
  bool matched = false;

  bool Declares(const ForeignKey& key) const {
    return SameNames(columns, key.columns) && SameName(referent, key.referent.name) &&
           SameNames(referent_columns, key.referent_columns);
  }
};

DeclaredForeignKey DeclareForeignKey(std::string name, std::vector<std::string> columns,
                                     std::string_view text) {
  Referent referent = ReferentOf(text);
  DeclaredForeignKey key{std::move(name), std::move(columns), std::move(referent.table),
                         std::move(referent.columns), false, "", false};
  const std::vector<Token> tokens = Tokenize(text);
  bool initially_deferred = false;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].Is("DEFERRABLE")) key.deferrable = !(i > 0 && tokens[i - 1].Is("NOT"));
    if (tokens[i].Is("INITIALLY")) {
      initially_deferred = i + 1 < tokens.size() && tokens[i + 1].Is("DEFERRED");
    }
  }
  // Only DEFERRABLE INITIALLY DEFERRED defers; DEFERRABLE alone and
  // INITIALLY IMMEDIATE mean the same, so they read the same, as they do
  // where the database keeps only whether a key is deferred (PostgreSQL).
  if (key.deferrable && initially_deferred) key.initially = "DEFERRED";
  return key;
}

struct DeclaredUnique {
  std::string name;
  std::vector<std::string> columns;
  bool matched = false;
};

// The indexed items of a CREATE INDEX statement, each as written without
// ASC/DESC, and the text after WHERE.
struct IndexSql {
  std::vector<std::string> items;
  std::string where;
};

IndexSql ParseIndexSql(std::string_view sql) {
  IndexSql index;
  const std::vector<Token> tokens = Tokenize(sql);
  std::size_t open = 0;
  while (open < tokens.size() && !tokens[open].Is("ON")) ++open;
  while (open < tokens.size() && tokens[open].text != "(") ++open;
  const std::size_t close = Closing(tokens, open);
  if (close >= tokens.size()) return index;
  std::size_t start = open + 1;
  int depth = 0;
  for (std::size_t i = open + 1; i <= close; ++i) {
    if (i < close && tokens[i].text == "(") ++depth;
    if (i < close && tokens[i].text == ")") --depth;
    if (i < close && !(depth == 0 && tokens[i].text == ",")) continue;
    std::size_t end = i;
    if (end > start + 1 && (tokens[end - 1].Is("ASC") || tokens[end - 1].Is("DESC"))) --end;
    index.items.push_back(TextOf(sql, tokens, start, end));
    start = i + 1;
  }
  if (close + 1 < tokens.size() && tokens[close + 1].Is("WHERE")) {
    std::size_t end = tokens.size();
    if (end > close + 2 && tokens[end - 1].text == ";") --end;
    index.where = TextOf(sql, tokens, close + 2, end);
  }
  return index;
}

// ---- Reading one table ----

std::optional<ReferentialAction> Action(const std::optional<std::string>& text) {
  if (!text || SameName(*text, "NO ACTION")) return std::nullopt;
  return ParseReferentialAction(*text);
}

const std::string& Value(const SqliteConnection::Row& row, std::size_t i) {
  static const std::string kNull;
  return row[i] ? *row[i] : kNull;
}

TableSql ReadTableSql(SqliteConnection& connection, const std::string& table) {
  const auto rows = connection.QueryText(
      "SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND name = ?1", {table});
  if (rows.empty() || !rows[0][0]) {
    throw OperationError("table " + table + " has no CREATE TABLE text in sqlite_schema");
  }
  try {
    return ParseCreateTable(*rows[0][0]);
  } catch (const OperationError& error) {
    throw OperationError("cannot read the definition of table " + table + ": " + error.what());
  }
}

void ReadColumns(SqliteConnection& connection, const TableSql& sql, Table& table) {
  std::vector<std::pair<int, std::string>> key;
  std::string rowid_type;
  for (const auto& row : connection.QueryText(
           "SELECT name, type, \"notnull\", dflt_value, pk, hidden "
           "FROM pragma_table_xinfo(?1, 'main') ORDER BY cid",
           {table.name.name})) {
    if (Value(row, 5) == "1") continue;  // a virtual table's hidden column
    Column column;
    column.name = Value(row, 0);
    column.type = NeutralType(Value(row, 1));
    column.nullable = Value(row, 2) == "0";
    if (row[3]) column.server_default = CanonicalSqlExpression(*row[3]);
    for (const ColumnSql& declared : sql.columns) {
      if (SameName(declared.name, column.name)) column.generated = Generated(declared);
    }
    if (const int position = std::atoi(Value(row, 4).c_str()); position > 0) {
      key.emplace_back(position, column.name);
      rowid_type = Value(row, 1);  // used only when the key is this column alone
    }
    table.columns.push_back(std::move(column));
  }
  if (key.empty()) return;

  std::sort(key.begin(), key.end());
  PrimaryKey primary_key;
  for (const auto& [position, name] : key) primary_key.columns.push_back(name);
  // AUTOINCREMENT may follow the column's PRIMARY KEY or, in the table
  // constraint, the key's only column.
  std::string autoincrement;
  for (const ColumnSql& column : sql.columns) {
    for (const ColumnClause& clause : column.clauses) {
      if (clause.kind != ClauseKind::kPrimaryKey) continue;
      primary_key.name = clause.name;
      if (HasWord(clause.text, "AUTOINCREMENT")) autoincrement = column.name;
    }
  }
  for (const TableConstraintSql& constraint : sql.constraints) {
    if (constraint.kind != TableConstraintKind::kPrimaryKey) continue;
    primary_key.name = constraint.name;
    if (HasWord(constraint.text, "AUTOINCREMENT") && constraint.columns.size() == 1) {
      autoincrement = constraint.columns[0];
    }
  }
  for (Column& column : table.columns) {
    if (!autoincrement.empty() && SameName(column.name, autoincrement)) column.autoincrement = true;
  }
  // An INTEGER PRIMARY KEY of a rowid table is the rowid itself, which is
  // never NULL (a NULL inserted there is given the next number), whether or
  // not the column says NOT NULL.
  if (!sql.without_rowid && key.size() == 1) {
    for (Column& column : table.columns) {
      if (SameName(column.name, key.front().second) && SameName(rowid_type, "INTEGER")) {
        column.nullable = false;
      }
    }
  }
  table.primary_key = std::move(primary_key);
}

void ReadChecks(const TableSql& sql, Table& table) {
  for (const DeclaredConstraint& declared : DeclaredConstraints(sql)) {
    if (const auto* check = std::get_if<CheckConstraint>(&declared.constraint)) {
      table.check_constraints.push_back({check->name, CanonicalSqlExpression(check->condition)});
    }
  }
}

void ReadForeignKeys(SqliteConnection& connection, const TableSql& sql, Table& table) {
  // Declaration order: a column's REFERENCES clauses come before the table
  // constraints, since no column follows a table constraint.
  std::vector<DeclaredForeignKey> declared;
  for (const ColumnSql& column : sql.columns) {
    for (const ColumnClause& clause : column.clauses) {
      if (clause.kind == ClauseKind::kReferences) {
        declared.push_back(DeclareForeignKey(clause.name, {column.name}, clause.text));
      }
    }
  }
  for (const TableConstraintSql& constraint : sql.constraints) {
    if (constraint.kind == TableConstraintKind::kForeignKey) {
      declared.push_back(DeclareForeignKey(constraint.name, constraint.columns, constraint.text));
    }
  }

  std::map<int, ForeignKey> keys;
  for (const auto& row : connection.QueryText(
           "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete "
           "FROM pragma_foreign_key_list(?1, 'main') ORDER BY id, seq",
           {table.name.name})) {
    ForeignKey& key = keys[std::atoi(Value(row, 0).c_str())];
    key.referent = QualifiedName{"", Value(row, 1)};
    key.columns.push_back(Value(row, 2));
    // No referent columns: the parent's primary key, as declared.
    if (row[3]) key.referent_columns.push_back(*row[3]);
    key.on_update = Action(row[4]);
    key.on_delete = Action(row[5]);
  }
  for (auto& [id, key] : keys) {
    // SQLite lists a table's foreign keys last declared first, which tells
    // apart keys that differ only in what the pragma does not report; what
    // the pragma does report must agree all the same.
    DeclaredForeignKey* match = nullptr;
    if (declared.size() == keys.size() && id >= 0 &&
        static_cast<std::size_t>(id) < declared.size()) {
      DeclaredForeignKey& candidate = declared[declared.size() - 1 - static_cast<std::size_t>(id)];
      if (!candidate.matched && candidate.Declares(key)) match = &candidate;
    }
    for (std::size_t i = 0; match == nullptr && i < declared.size(); ++i) {
      if (!declared[i].matched && declared[i].Declares(key)) match = &declared[i];
    }
    if (match != nullptr) {
      match->matched = true;
      key.name = match->name;
      key.deferrable = match->deferrable;
      key.initially = match->initially;
    }
    table.foreign_keys.push_back(std::move(key));
  }
}

void ReadIndexes(SqliteConnection& connection, const TableSql& sql, Table& table,
                 std::vector<Index>& indexes) {
  std::vector<DeclaredUnique> declared;
  for (const ColumnSql& column : sql.columns) {
    for (const ColumnClause& clause : column.clauses) {
      if (clause.kind == ClauseKind::kUnique) declared.push_back({clause.name, {column.name}});
    }
  }
  for (const TableConstraintSql& constraint : sql.constraints) {
    if (constraint.kind == TableConstraintKind::kUnique) {
      declared.push_back({constraint.name, constraint.columns});
    }
  }

  for (const auto& row : connection.QueryText(
           "SELECT name, \"unique\", origin FROM pragma_index_list(?1, 'main')",
           {table.name.name})) {
    const std::string& name = Value(row, 0);
    const std::string& origin = Value(row, 2);
    if (origin != "c" && origin != "u") continue;  // 'pk': the key is read from the columns
    const auto key_columns = connection.QueryText(
        "SELECT name FROM pragma_index_xinfo(?1, 'main') WHERE key = 1 ORDER BY seqno", {name});

    if (origin == "u") {
      UniqueConstraint unique;
      for (const auto& column : key_columns) unique.columns.push_back(Value(column, 0));
      // The first of identical constraints: SQLite keeps its index and
      // drops the others'.
      for (DeclaredUnique& candidate : declared) {
        if (candidate.matched || !SameNames(candidate.columns, unique.columns)) continue;
        candidate.matched = true;
        unique.name = candidate.name;
        break;
      }
      table.unique_constraints.push_back(std::move(unique));
      continue;
    }

    const auto text = connection.QueryText(
        "SELECT sql FROM main.sqlite_schema WHERE type = 'index' AND name = ?1", {name});
    const IndexSql parsed = ParseIndexSql(text.empty() ? std::string() : Value(text[0], 0));
    Index index;
    index.name = name;
    index.table = table.name;
    index.unique = Value(row, 1) == "1";
    index.where = CanonicalSqlExpression(parsed.where);
    for (std::size_t i = 0; i < key_columns.size(); ++i) {
      // An expression has no column name; its text comes from the statement.
      if (key_columns[i][0]) {
        index.columns.push_back(*key_columns[i][0]);
      } else {
        index.expressions.push_back(static_cast<int>(i));
        index.columns.push_back(
            CanonicalSqlExpression(i < parsed.items.size() ? parsed.items[i] : std::string()));
      }
    }
    indexes.push_back(std::move(index));
  }
}

}  // namespace

Schema ReflectSchema(SqliteConnection& connection) {
  Schema schema;
  // pragma_table_list tells virtual and shadow tables from plain ones, which
  // sqlite_schema does not.
  for (const auto& row : connection.QueryText(
           "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'")) {
    const std::string& name = Value(row, 0);
    if (IsLeftOutName(name)) continue;
    Table table;
    table.name = QualifiedName{"", name};
    const TableSql sql = ReadTableSql(connection, name);
    ReadColumns(connection, sql, table);
    ReadChecks(sql, table);
    ReadForeignKeys(connection, sql, table);
    ReadIndexes(connection, sql, table, schema.indexes);
    schema.tables.push_back(std::move(table));
  }
  ReflectViewsAndTriggers(connection, schema);
  SortCanonically(schema);
  return schema;
}

}  // namespace retort::sqlite
