#include "postgresql_column_dependents.h"

#include "postgresql_connection.h"
#include "postgresql_renderer.h"
#include "retort/error.h"

namespace retort::postgresql {
namespace {

// Everything DROP COLUMN ... CASCADE drops, found the way PostgreSQL finds
// it: from the column, each object that depends on a dropped one (normally,
// automatically or as an internal part) goes too, and so does the object a
// dropped internal part belongs to (a view goes with its _RETURN rule, a
// generated column with its expression). Reported are the objects that are
// not internal parts of another one (a unique constraint, not its index),
// without the column's own default and sequence and without the one-column
// constraints the drop_column describes ($3: foreign key, $4: unique, $5:
// primary key).
constexpr const char* kDependentsQuery = R"sql(
WITH RECURSIVE
target AS (
  SELECT a.attrelid AS rel, a.attnum AS num FROM pg_attribute a
  WHERE a.attrelid = to_regclass($1) AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped
),
dropped(classid, objid, objsubid) AS (
  SELECT 'pg_class'::regclass::oid, rel, num::int FROM target
  UNION
  SELECT CASE WHEN l.forward THEN d.classid ELSE d.refclassid END,
         CASE WHEN l.forward THEN d.objid ELSE d.refobjid END,
         CASE WHEN l.forward THEN d.objsubid ELSE d.refobjsubid END
  FROM dropped x
  JOIN pg_depend d
    ON (d.refclassid = x.classid AND d.refobjid = x.objid AND
        (x.objsubid = 0 OR d.refobjsubid = x.objsubid) AND d.deptype IN ('n', 'a', 'i'))
    OR (d.classid = x.classid AND d.objid = x.objid AND d.objsubid = x.objsubid AND
        d.deptype = 'i')
  CROSS JOIN LATERAL (SELECT d.refclassid = x.classid AND d.refobjid = x.objid AND
                             (x.objsubid = 0 OR d.refobjsubid = x.objsubid) AS forward) l
)
SELECT DISTINCT pg_describe_object(x.classid, x.objid, x.objsubid) COLLATE "C" AS what
FROM dropped x, target t
WHERE NOT (x.classid = 'pg_class'::regclass AND x.objid = t.rel AND x.objsubid = t.num)
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend i
    JOIN dropped o ON o.classid = i.refclassid AND o.objid = i.refobjid AND
                      o.objsubid = i.refobjsubid
    WHERE i.classid = x.classid AND i.objid = x.objid AND i.objsubid = x.objsubid AND
          i.deptype = 'i')
  AND NOT EXISTS (
    SELECT 1 FROM pg_attrdef ad
    WHERE x.classid = 'pg_attrdef'::regclass AND ad.oid = x.objid AND ad.adrelid = t.rel AND
          ad.adnum = t.num)
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend s JOIN pg_class c ON c.oid = s.objid
    WHERE x.classid = 'pg_class'::regclass AND x.objsubid = 0 AND s.classid = x.classid AND
          s.objid = x.objid AND c.relkind = 'S' AND s.refclassid = 'pg_class'::regclass AND
          s.refobjid = t.rel AND s.refobjsubid = t.num AND s.deptype IN ('a', 'i'))
  AND NOT EXISTS (
    SELECT 1 FROM pg_constraint k
    WHERE x.classid = 'pg_constraint'::regclass AND k.oid = x.objid AND k.conrelid = t.rel AND
          k.conkey = ARRAY[t.num] AND
          ((k.contype = 'f' AND $3::boolean) OR (k.contype = 'u' AND $4::boolean) OR
           (k.contype = 'p' AND $5::boolean)))
ORDER BY what
)sql";

const char* Flag(bool value) { return value ? "true" : "false"; }

}  // namespace

std::vector<std::string> ColumnDependents(PostgresqlConnection& connection,
                                          const PostgresqlRenderer& renderer,
                                          const DropColumn& op) {
  const bool unique = op.existing && op.existing->unique;
  const bool primary_key = op.existing && op.existing->primary_key;
  std::vector<std::string> dependents;
  for (const auto& row : connection.QueryText(
           kDependentsQuery, {renderer.QuoteName(op.table), op.column,
                              Flag(op.existing_foreign_key.has_value()), Flag(unique),
                              Flag(primary_key)})) {
    if (row[0]) dependents.push_back(*row[0]);
  }
  return dependents;
}

void CheckColumnDependents(PostgresqlConnection& connection, const PostgresqlRenderer& renderer,
                           const DropColumn& op, MigrationListener& listener) {
  const std::vector<std::string> dependents = ColumnDependents(connection, renderer, op);
  if (dependents.empty()) return;
  if (!op.cascade) throw OperationError(DropColumnRefusal(op, dependents));
  listener.OnNotice(DropColumnCascadeNotice(op, dependents));
}

}  // namespace retort::postgresql
