#include "postgresql_reflect.h"

#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "postgresql_expression.h"
#include "postgresql_reflect_names.h"
#include "postgresql_reflect_objects.h"
#include "postgresql_reflect_reader.h"

namespace retort::postgresql {
namespace {

// Which rows of pg_class (c, with its pg_namespace n; $1 is the schema name)
// reflection covers: tables, partitioned ones and partitions included, but
// not retort's own nor those an extension installed.
const std::string kReflectedTable =
    " n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT starts_with(c.relname::text, 'retort_') "
    "AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass "
    "                AND e.objid = c.oid AND e.deptype = 'e') ";

const std::string kTablesSql =
    "SELECT c.relname, obj_description(c.oid, 'pg_class') "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE" + kReflectedTable;

// attidentity is 'd' (BY DEFAULT), 'a' (ALWAYS) or empty. Whether a column
// is serial is not in pg_attribute: its default calls nextval() on a
// sequence the column owns (an 'a' dependency), which a nextval() of a
// shared sequence does not.
const std::string kColumnsSql =
    "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
    "       a.attidentity, a.attgenerated <> '', pg_get_expr(d.adbin, d.adrelid), "
    "       EXISTS (SELECT 1 FROM pg_depend uses JOIN pg_depend owned "
    "                 ON owned.classid = 'pg_class'::regclass AND owned.objid = uses.refobjid "
    "               JOIN pg_class s ON s.oid = owned.objid AND s.relkind = 'S' "
    "               WHERE uses.classid = 'pg_attrdef'::regclass AND uses.objid = d.oid "
    "                 AND uses.refclassid = 'pg_class'::regclass "
    "                 AND owned.refclassid = 'pg_class'::regclass "
    "                 AND owned.refobjid = a.attrelid AND owned.refobjsubid = a.attnum "
    "                 AND owned.deptype = 'a'), "
    "       col_description(c.oid, a.attnum) "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "JOIN pg_attribute a ON a.attrelid = c.oid "
    "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
    "WHERE" + kReflectedTable + "AND a.attnum > 0 AND NOT a.attisdropped "
    "ORDER BY c.relname, a.attnum";

// Key columns come back as arrays in key order (conkey is in key order, not
// table order). A foreign key to a partitioned table also has one clone per
// referenced partition, on the same referencing table and with the same
// name; only the original is the user's.
const std::string kConstraintsSql =
    "SELECT c.relname, con.conname, con.contype, "
    "       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, position) "
    "             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum "
    "             ORDER BY k.position), "
    "       fn.nspname, fc.relname, "
    "       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, position) "
    "             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum "
    "             ORDER BY k.position), "
    "       con.confdeltype, con.confupdtype, con.condeferrable, con.condeferred, "
    "       pg_get_constraintdef(con.oid) "
    "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN pg_class fc ON fc.oid = con.confrelid "
    "LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace "
    "WHERE" + kReflectedTable + "AND con.contype IN ('p', 'u', 'f', 'c', 'x') "
    "AND NOT EXISTS (SELECT 1 FROM pg_constraint parent WHERE parent.oid = con.conparentid "
    "                AND parent.conrelid = con.conrelid) "
    "ORDER BY c.relname, con.conname";

// An index a constraint owns is that constraint's (conindid). The test is
// on the constraint's own table because a foreign key's conindid names the
// referenced table's index, which may well be a standalone unique index.
// indkey is 0-based and 0 marks an expression.
const std::string kIndexesSql =
    "SELECT ic.relname, c.relname, i.indisunique, "
    "       ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 "
    "                         THEN pg_get_indexdef(i.indexrelid, k, true) "
    "                         ELSE (SELECT a.attname::text FROM pg_attribute a "
    "                               WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]) "
    "                    END "
    "             FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k), "
    "       pg_get_expr(i.indpred, i.indrelid), "
    "       ARRAY(SELECT k - 1 FROM generate_series(1, i.indnkeyatts) AS k "
    "             WHERE i.indkey[k - 1] = 0 ORDER BY k) "
    "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
    "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE" + kReflectedTable +
    "AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid "
    "                AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')) "
    "ORDER BY ic.relname";

std::optional<ReferentialAction> Action(char code) {
  switch (code) {
    case 'r': return ReferentialAction::kRestrict;
    case 'c': return ReferentialAction::kCascade;
    case 'n': return ReferentialAction::kSetNull;
    case 'd': return ReferentialAction::kSetDefault;
    default: return std::nullopt;  // 'a', NO ACTION: what an unsaid action means
  }
}

// The neutral column of one row of kColumnsSql.
Column ReadColumn(const Rows& columns, int r) {
  Column column;
  column.name = columns.Text(r, 1);
  column.type = NeutralType(columns.Text(r, 2));
  column.nullable = !columns.Bool(r, 3);
  const std::optional<std::string> expression = columns.Optional(r, 6);
  column.comment = columns.Optional(r, 8);
  if (columns.Bool(r, 5)) {  // PostgreSQL's generated columns are all STORED
    column.generated = GeneratedColumn{CanonicalExpression(expression.value_or("")), true};
    return column;
  }
  const char identity = columns.Char(r, 4);
  const bool serial = columns.Bool(r, 7) && expression && expression->rfind("nextval(", 0) == 0;
  if (identity != '\0' || serial) {
    // Three spellings of one key the database numbers; which one is kept,
    // since ALWAYS refuses explicit values (Numbering).
    column.autoincrement = true;
    column.numbering = identity == 'a'   ? Numbering::kAlways
                       : identity == 'd' ? Numbering::kByDefault
                                         : Numbering::kSerial;
  } else if (expression) {
    column.server_default = CanonicalExpression(*expression);
  }
  return column;
}

ForeignKey ReadForeignKey(const Rows& constraints, int r, const std::string& schema_name) {
  ForeignKey key;
  key.columns = constraints.Array(r, 3);
  const std::string referent_schema = constraints.Text(r, 4);
  key.referent = QualifiedName{referent_schema == schema_name ? "" : referent_schema,
                               constraints.Text(r, 5)};
  key.referent_columns = constraints.Array(r, 6);
  key.on_delete = Action(constraints.Char(r, 7));
  key.on_update = Action(constraints.Char(r, 8));
  key.deferrable = constraints.Bool(r, 9);
  key.initially = constraints.Bool(r, 10) ? "DEFERRED" : "";
  return key;
}

// Adds the constraint of one row of kConstraintsSql to `table`. A name that
// PostgreSQL generated reads as empty; the table and columns it is made of
// are those of the name PostgreSQL would choose now.
void AddConstraint(const Rows& constraints, int r, const std::string& schema_name,
                   Table& table) {
  const std::string name = constraints.Text(r, 1);
  const std::vector<std::string> columns = constraints.Array(r, 3);
  const auto chosen = [&](const std::vector<std::string>& name_columns, std::string_view label) {
    return IsGeneratedConstraintName(name, table.name.name, name_columns, label) ? "" : name;
  };
  switch (constraints.Char(r, 2)) {
    case 'p':
      table.primary_key = PrimaryKey{chosen({}, "pkey"), columns};
      break;
    case 'u':
      table.unique_constraints.push_back(UniqueConstraint{chosen(columns, "key"), columns});
      break;
    case 'c':
      // conkey lists the columns a check reads; PostgreSQL names the column
      // in the check's name when there is exactly one.
      table.check_constraints.push_back(CheckConstraint{
          chosen(columns.size() == 1 ? columns : std::vector<std::string>{}, "check"),
          CanonicalExpression(CheckCondition(constraints.Text(r, 11)))});
      break;
    case 'f': {
      ForeignKey key = ReadForeignKey(constraints, r, schema_name);
      key.name = chosen(columns, "fkey");
      table.foreign_keys.push_back(std::move(key));
      break;
    }
    default:  // 'x': the model keeps an exclusion constraint as its text
      table.exclusion_constraints.push_back(
          ExclusionConstraint{name, constraints.Text(r, 11)});
  }
}

Index ReadIndex(const Rows& indexes, int r) {
  Index index;
  index.name = indexes.Text(r, 0);
  index.table = QualifiedName{"", indexes.Text(r, 1)};
  index.unique = indexes.Bool(r, 2);
  index.columns = indexes.Array(r, 3);
  index.where = CanonicalExpression(indexes.Optional(r, 4).value_or(""));
  for (const std::string& position : indexes.Array(r, 5)) {
    const int at = std::stoi(position);
    index.expressions.push_back(at);
    index.columns[static_cast<std::size_t>(at)] =
        CanonicalExpression(index.columns[static_cast<std::size_t>(at)]);
  }
  return index;
}

}  // namespace

Schema ReflectSchema(PGconn* connection, const std::string& schema_name) {
  const Reader reader(connection, schema_name);
  const ReadTransaction transaction(connection, reader);

  // Keyed by name, a std::map is already in the canonical table order.
  std::map<std::string, Table> tables;
  const Rows table_rows = reader.Query(kTablesSql, "tables");
  for (int r = 0; r < table_rows.size(); ++r) {
    Table table;
    table.name = QualifiedName{"", table_rows.Text(r, 0)};
    table.comment = table_rows.Optional(r, 1);
    tables.emplace(table.name.name, std::move(table));
  }
  // Inside a caller's READ COMMITTED transaction each query sees what has
  // committed by then, so a later query may name a table the first did not
  // see; such rows are left for the next reflection.
  auto table_of = [&](const Rows& rows, int r) -> Table* {
    const auto found = tables.find(rows.Text(r, 0));
    return found == tables.end() ? nullptr : &found->second;
  };

  const Rows columns = reader.Query(kColumnsSql, "columns");
  for (int r = 0; r < columns.size(); ++r) {
    if (Table* table = table_of(columns, r)) table->columns.push_back(ReadColumn(columns, r));
  }
  const Rows constraints = reader.Query(kConstraintsSql, "constraints");
  for (int r = 0; r < constraints.size(); ++r) {
    if (Table* table = table_of(constraints, r)) {
      AddConstraint(constraints, r, schema_name, *table);
    }
  }

  Schema schema;
  const Rows indexes = reader.Query(kIndexesSql, "indexes");
  for (int r = 0; r < indexes.size(); ++r) {
    if (tables.count(indexes.Text(r, 1)) != 0) schema.indexes.push_back(ReadIndex(indexes, r));
  }
  for (auto& [name, table] : tables) schema.tables.push_back(std::move(table));
  ReflectObjects(reader, schema);
  SortCanonically(schema);
  return schema;
}

}  // namespace retort::postgresql
