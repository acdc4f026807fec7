#include "postgresql_constraint_lookup.h"

#include "postgresql_expression.h"
#include "postgresql_reflect_objects.h"
#include "postgresql_reflect_reader.h"
#include "retort/constraint_selector.h"
#include "retort/error.h"

namespace retort::postgresql {
namespace {

// $1 is the table's name as to_regclass reads it (quoted as needed). Key
// columns come in key order (conkey's, not the table's).
const char* const kTableConstraintsSql =
    "SELECT con.conname, con.contype, "
    "       ARRAY(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = con.conrelid "
    "             AND a.attnum = ANY (con.conkey) "
    "             ORDER BY array_position(con.conkey, a.attnum)), "
    "       fn.nspname, fc.relname, "
    "       ARRAY(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = con.confrelid "
    "             AND a.attnum = ANY (con.confkey) "
    "             ORDER BY array_position(con.confkey, a.attnum)), "
    "       pg_get_constraintdef(con.oid) "
    "FROM pg_constraint con "
    "LEFT JOIN pg_class fc ON fc.oid = con.confrelid "
    "LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace "
    "WHERE con.conrelid = to_regclass($1) AND con.contype IN ('p', 'u', 'f', 'c') "
    "AND NOT EXISTS (SELECT 1 FROM pg_constraint parent WHERE parent.oid = con.conparentid "
    "                AND parent.conrelid = con.conrelid) "
    "ORDER BY con.conname";

}  // namespace

std::vector<Constraint> TableConstraints(PostgresqlConnection& connection,
                                         const PostgresqlRenderer& renderer,
                                         const QualifiedName& table) {
  // Along the search_path, as the statements that change the table read
  // its name (TableExists looks in current_schema() only, for retort's own).
  const auto found =
      connection.QueryText("SELECT to_regclass($1) IS NOT NULL", {renderer.QuoteName(table)});
  if (found.empty() || found[0][0] != "t") {
    throw OperationError("there is no table " + ToString(table));
  }
  std::vector<Constraint> constraints;
  for (const PostgresqlConnection::Row& row :
       connection.QueryText(kTableConstraintsSql, {renderer.QuoteName(table)})) {
    const std::string name = row[0].value_or("");
    const std::vector<std::string> columns = ParseArray(row[2].value_or("{}"));
    switch (row[1].value_or(" ")[0]) {
      case 'p':
        constraints.push_back(PrimaryKey{name, columns});
        break;
      case 'u':
        constraints.push_back(UniqueConstraint{name, columns});
        break;
      case 'c':
        constraints.push_back(CheckConstraint{
            name, CanonicalExpression(CheckCondition(row[6].value_or("")))});
        break;
      default: {  // 'f'
        ForeignKey key;
        key.name = name;
        key.columns = columns;
        key.referent = QualifiedName{row[3].value_or(""), row[4].value_or("")};
        key.referent_columns = ParseArray(row[5].value_or("{}"));
        constraints.push_back(std::move(key));
      }
    }
  }
  return constraints;
}

DropConstraint ResolveConstraintName(PostgresqlConnection& connection,
                                     const PostgresqlRenderer& renderer,
                                     const DropConstraint& drop) {
  const std::vector<Constraint> constraints = TableConstraints(connection, renderer, drop.table);
  DropConstraint resolved = drop;
  resolved.name = std::visit([](const auto& c) { return c.name; },
                             constraints[SelectConstraint(drop, drop.table, constraints,
                                                          NameComparison::kExact,
                                                          CanonicalExpression)]);
  return resolved;
}

}  // namespace retort::postgresql
