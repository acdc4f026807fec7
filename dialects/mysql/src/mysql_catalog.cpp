#include "mysql_catalog.h"

#include <cctype>

#include "mysql_connection.h"
#include "mysql_expression.h"
#include "mysql_reflect.h"
#include "retort/constraint_selector.h"
#include "retort/error.h"

namespace retort::mysql {
namespace {

// The table's constraints with the names MySQL knows them by (a made-up
// name is kept here: it is what DROP needs), each with its kind.
std::vector<Constraint> TableConstraints(MysqlConnection& connection, const QualifiedName& table) {
  const auto rows = connection.QueryText(
      "SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS "
      "WHERE TABLE_SCHEMA = COALESCE(NULLIF(:schema, ''), DATABASE()) AND TABLE_NAME = :table",
      {table.schema, table.name});
  const Schema schema = ReflectDatabase(connection, connection.database());
  const Table* reflected = FindTable(schema, QualifiedName{"", table.name});
  std::vector<Constraint> constraints;
  for (const auto& row : rows) {
    const std::string name = row[0].value_or("");
    const std::string type = row[1].value_or("");
    if (type == "PRIMARY KEY") {
      constraints.push_back(PrimaryKey{name, reflected && reflected->primary_key
                                                 ? reflected->primary_key->columns
                                                 : std::vector<std::string>{}});
    } else if (type == "UNIQUE") {
      UniqueConstraint unique{name, {}};
      for (const auto& column : connection.QueryText(
               "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = "
               "COALESCE(NULLIF(:schema, ''), DATABASE()) AND TABLE_NAME = :table AND "
               "INDEX_NAME = :name ORDER BY SEQ_IN_INDEX",
               {table.schema, table.name, name})) {
        unique.columns.push_back(column[0].value_or(""));
      }
      constraints.push_back(unique);
    } else if (type == "FOREIGN KEY") {
      ForeignKey key;
      key.name = name;
      for (const auto& column : connection.QueryText(
               "SELECT COLUMN_NAME, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, "
               "REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE "
               "TABLE_SCHEMA = COALESCE(NULLIF(:schema, ''), DATABASE()) AND TABLE_NAME = "
               ":table AND CONSTRAINT_NAME = :name ORDER BY ORDINAL_POSITION",
               {table.schema, table.name, name})) {
        key.columns.push_back(column[0].value_or(""));
        const std::string schema_name = column[1].value_or("");
        key.referent = QualifiedName{schema_name == connection.database() ? "" : schema_name,
                                     column[2].value_or("")};
        key.referent_columns.push_back(column[3].value_or(""));
      }
      constraints.push_back(key);
    } else if (type == "CHECK") {
      const auto clause = connection.QueryText(
          "SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE "
          "CONSTRAINT_SCHEMA = COALESCE(NULLIF(:schema, ''), DATABASE()) AND TABLE_NAME = "
          ":table AND CONSTRAINT_NAME = :name",
          {table.schema, table.name, name});
      constraints.push_back(CheckConstraint{
          name, clause.empty() ? std::string() : CanonicalExpression(clause[0][0].value_or(""))});
    }
  }
  return constraints;
}

ConstraintKind KindOf(const Constraint& constraint) {
  return static_cast<ConstraintKind>(constraint.index());
}

}  // namespace

DropConstraint ResolveConstraint(MysqlConnection& connection, const DropConstraint& drop) {
  if (drop.kind == ConstraintKind::kPrimaryKey) return drop;
  if (!drop.name.empty() && drop.kind) return drop;
  const std::vector<Constraint> constraints = TableConstraints(connection, drop.table);
  DropConstraint resolved = drop;
  if (IsSelector(drop)) {
    const Constraint& found = constraints[SelectConstraint(
        drop, drop.table, constraints, NameComparison::kAsciiCaseInsensitive,
        [](std::string_view condition) { return CanonicalExpression(condition); })];
    resolved.name = std::visit([](const auto& c) { return c.name; }, found);
    resolved.kind = KindOf(found);
    return resolved;
  }
  for (const Constraint& constraint : constraints) {
    if (std::visit([](const auto& c) { return c.name; }, constraint) == drop.name) {
      resolved.kind = KindOf(constraint);
      return resolved;
    }
  }
  throw OperationError("table " + ToString(drop.table) + " has no constraint " + drop.name + " (" +
                       ListConstraints(constraints) + ")");
}

std::string TableOfIndex(MysqlConnection& connection, const QualifiedName& index, bool if_exists) {
  const auto rows = connection.QueryText(
      "SELECT DISTINCT TABLE_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = "
      "COALESCE(NULLIF(:schema, ''), DATABASE()) AND INDEX_NAME = :name",
      {index.schema, index.name});
  if (rows.size() == 1) return rows[0][0].value_or("");
  if (rows.empty()) {
    if (if_exists) return "";
    throw OperationError("there is no index " + ToString(index) + " in the database");
  }
  std::string tables;
  for (const auto& row : rows) tables += (tables.empty() ? "" : ", ") + row[0].value_or("");
  throw OperationError("several tables have an index named " + ToString(index) + " (" + tables +
                       "): give drop_index its table");
}

std::vector<std::string> ForeignKeysOver(MysqlConnection& connection, const QualifiedName& table,
                                         const std::string& column) {
  std::vector<std::string> keys;
  for (const auto& row : connection.QueryText(
           "SELECT DISTINCT CONSTRAINT_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE "
           "TABLE_SCHEMA = COALESCE(NULLIF(:schema, ''), DATABASE()) AND TABLE_NAME = :table "
           "AND COLUMN_NAME = :column AND REFERENCED_TABLE_NAME IS NOT NULL",
           {table.schema, table.name, column})) {
    keys.push_back(row[0].value_or(""));
  }
  return keys;
}

std::string IndexMadeFor(MysqlConnection& connection, const QualifiedName& table,
                         const std::string& key) {
  const auto columns_of = [&](const std::string& sql, const std::string& name) {
    std::vector<std::string> columns;
    for (const auto& row : connection.QueryText(sql, {table.schema, table.name, name})) {
      columns.push_back(row[0].value_or(""));
    }
    return columns;
  };
  const std::vector<std::string> key_columns = columns_of(
      "SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = "
      "COALESCE(NULLIF(:schema, ''), DATABASE()) AND TABLE_NAME = :table AND CONSTRAINT_NAME = "
      ":name ORDER BY ORDINAL_POSITION",
      key);
  if (key_columns.empty()) return "";
  // Named after the key. (One named after its first column, as MySQL names
  // the index of an unnamed key, may as well be an index the user made
  // first, which the key then used: it stays.)
  const std::vector<std::string> candidates = {key};
  for (const std::string& candidate : candidates) {
    const std::vector<std::string> index_columns = columns_of(
        "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = "
        "COALESCE(NULLIF(:schema, ''), DATABASE()) AND TABLE_NAME = :table AND INDEX_NAME = "
        ":name AND NON_UNIQUE = 1 ORDER BY SEQ_IN_INDEX",
        candidate);
    if (index_columns != key_columns) continue;
    // Another foreign key over the same columns still needs it.
    const auto others = connection.QueryText(
        "SELECT 1 FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = "
        "COALESCE(NULLIF(:schema, ''), DATABASE()) AND TABLE_NAME = :table AND "
        "CONSTRAINT_NAME <> :name AND REFERENCED_TABLE_NAME IS NOT NULL AND COLUMN_NAME = :column "
        "AND ORDINAL_POSITION = 1",
        {table.schema, table.name, key, key_columns.front()});
    return others.empty() ? candidate : "";
  }
  return "";
}

void RequireUniqueIndexFor(MysqlConnection& connection, const CreateUniqueConstraint& unique) {
  std::vector<std::string> columns;
  bool is_unique = true;
  for (const auto& row : connection.QueryText(
           "SELECT LOWER(COLUMN_NAME), NON_UNIQUE, SUB_PART FROM information_schema.STATISTICS "
           "WHERE TABLE_SCHEMA = COALESCE(NULLIF(:schema, ''), DATABASE()) AND TABLE_NAME = "
           ":table AND INDEX_NAME = :name ORDER BY SEQ_IN_INDEX",
           {unique.table.schema, unique.table.name, unique.using_index})) {
    columns.push_back(row[0].value_or(""));
    // A prefix of a column is unique over less than the column.
    is_unique = is_unique && row[1].value_or("1") == "0" && !row[2];
  }
  std::vector<std::string> wanted_columns;
  for (const std::string& column : unique.constraint.columns) {
    std::string lower;
    for (const char c : column) {
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    wanted_columns.push_back(lower);
  }
  const std::string what = Describe(unique) + ": ";
  if (columns.empty()) {
    throw OperationError(what + "table " + ToString(unique.table) + " has no index " +
                         unique.using_index);
  }
  if (!is_unique || columns != wanted_columns) {
    std::string wanted;
    for (const std::string& column : unique.constraint.columns) {
      wanted += (wanted.empty() ? "" : ", ") + column;
    }
    throw OperationError(what + "index " + unique.using_index + " is not a unique index on (" +
                         wanted + "), so it cannot become the constraint");
  }
}

bool IsColumnCheck(MysqlConnection& connection, const DropConstraint& check) {
  return !connection
              .QueryText(
                  "SELECT 1 FROM information_schema.CHECK_CONSTRAINTS WHERE "
                  "CONSTRAINT_SCHEMA = COALESCE(NULLIF(:schema, ''), DATABASE()) AND "
                  "TABLE_NAME = :table AND CONSTRAINT_NAME = :name AND LEVEL = 'Column'",
                  {check.table.schema, check.table.name, check.name})
              .empty();
}

std::string LockHolders(MysqlConnection& connection, const Operation&) {
  try {
    std::string holders;
    for (const auto& row : connection.QueryText(
             "SELECT ID, USER, COMMAND, TIME, COALESCE(STATE, '') FROM "
             "information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND DB = DATABASE() "
             "AND COMMAND <> 'Daemon' ORDER BY TIME DESC")) {
      holders += (holders.empty() ? "" : ", ") + std::string("connection ") + row[0].value_or("?") +
                 " (user " + row[1].value_or("?") + ", " + row[2].value_or("?") + " for " +
                 row[3].value_or("?") + " s" + (row[4].value_or("").empty() ? "" : ", " + *row[4]) +
                 ")";
    }
    return holders;
  } catch (const DatabaseError&) {
    return "";
  }
}

}  // namespace retort::mysql
