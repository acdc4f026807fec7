// Helpers the PostgreSQL tests share: a script directory paired with a fresh
// database, and what the catalogue says about that database, in a form two
// moments can be compared by.
#ifndef RETORT_TESTS_DIALECTS_POSTGRESQL_PG_TEST_HELPERS_H_
#define RETORT_TESTS_DIALECTS_POSTGRESQL_PG_TEST_HELPERS_H_

#include <algorithm>
#include <string>
#include <vector>

#include "postgres_support.h"
#include "retort/config.h"
#include "test_support.h"

namespace retort::testing {

using PgRows = std::vector<std::vector<std::string>>;
using Strings = std::vector<std::string>;

// A script directory in a temp folder and a fresh database on the test
// server; config() points the one at the other.
class PgProject {
 public:
  Project& project() { return project_; }
  const Project& project() const { return project_; }
  const PostgresDatabase& db() const { return db_; }

  Config config() const {
    Config config = project_.config();
    config.url = db_.url();
    return config;
  }

 private:
  Project project_;
  PostgresDatabase db_;
};

// The first column of every row of `sql`.
inline Strings Values(const PostgresDatabase& db, const std::string& sql) {
  Strings values;
  for (const auto& row : db.Query(sql)) values.push_back(row.at(0));
  return values;
}

// The single value `sql` returns; "" when it returns no row.
inline std::string Value(const PostgresDatabase& db, const std::string& sql) {
  const auto rows = db.Query(sql);
  return rows.empty() ? std::string() : rows.at(0).at(0);
}

inline bool HasTable(const PostgresDatabase& db, const std::string& qualified_name) {
  return Value(db, "SELECT to_regclass('" + qualified_name + "') IS NOT NULL") == "t";
}

// The rows of retort_version, sorted; empty when retort has not been here.
inline Strings VersionRows(const PostgresDatabase& db) {
  if (!HasTable(db, "retort_version")) return {};
  return Values(db, "SELECT version_num FROM retort_version ORDER BY version_num");
}

// "revision direction" for every retort_history row, oldest first.
inline Strings HistoryRows(const PostgresDatabase& db) {
  if (!HasTable(db, "retort_history")) return {};
  return Values(db, "SELECT revision || ' ' || direction FROM retort_history ORDER BY id");
}

// Everything the catalogue knows about the objects of the database's own
// schemas (every schema but PostgreSQL's), one sorted line per fact: schemas,
// relations and sequences, columns with type, nullability, default and
// identity, constraints, indexes with validity, comments, functions,
// triggers and types. Two equal dumps mean two equal schemas, which is how a
// rollback or a downgrade is judged. With `include_retort` false, retort's
// own tables (and what belongs to them) are left out.
inline Strings CatalogFacts(const PostgresDatabase& db, bool include_retort = true) {
  const std::string user_schemas =
      "SELECT oid FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') "
      "AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp%'";
  const std::string sql = R"sql(
    WITH rel AS (
      SELECT c.oid, c.relname, c.relkind, n.nspname || '.' || c.relname AS qualified
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relnamespace IN ()sql" + user_schemas + R"sql()
    )
    SELECT 'schema ' || nspname || coalesce(' comment ' || obj_description(oid, 'pg_namespace'), '')
    FROM pg_namespace WHERE oid IN ()sql" + user_schemas + R"sql()
    UNION ALL
    SELECT 'relation ' || qualified || ' kind ' || relkind::text ||
           coalesce(' comment ' || obj_description(oid, 'pg_class'), '')
    FROM rel
    UNION ALL
    SELECT 'column ' || rel.qualified || '.' || a.attname || ' ' ||
           format_type(a.atttypid, a.atttypmod) ||
           CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END ||
           CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END ||
           coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') ||
           coalesce(' comment ' || col_description(rel.oid, a.attnum), '')
    FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped AND rel.relkind IN ('r', 'p', 'v', 'm', 'f')
    UNION ALL
    SELECT 'constraint ' || rel.qualified || ' ' || con.conname || ' ' ||
           pg_get_constraintdef(con.oid)
    FROM pg_constraint con JOIN rel ON rel.oid = con.conrelid
    UNION ALL
    SELECT 'index ' || pg_get_indexdef(i.indexrelid) ||
           CASE WHEN i.indisvalid THEN '' ELSE ' INVALID' END
    FROM pg_index i JOIN rel ON rel.oid = i.indexrelid
    UNION ALL
    SELECT 'function ' || p.oid::regprocedure::text || ' ' || md5(p.prosrc)
    FROM pg_proc p WHERE p.pronamespace IN ()sql" + user_schemas + R"sql()
    UNION ALL
    SELECT 'trigger ' || rel.qualified || ' ' || t.tgname
    FROM pg_trigger t JOIN rel ON rel.oid = t.tgrelid WHERE NOT t.tgisinternal
    UNION ALL
    SELECT 'type ' || t.oid::regtype::text || ' ' || t.typtype::text
    FROM pg_type t WHERE t.typnamespace IN ()sql" + user_schemas + R"sql()
      AND t.typtype IN ('e', 'd', 'r')
  )sql";
  Strings facts;
  for (const auto& row : db.Query(sql)) {
    const std::string& fact = row.at(0);
    if (!include_retort && fact.find("retort_") != std::string::npos) continue;
    facts.push_back(fact);
  }
  std::sort(facts.begin(), facts.end());
  return facts;
}

// The message of the exception of type E that `call` throws; "" when it
// throws none (and any other exception escapes).
template <class E, class Call>
std::string ErrorOf(Call&& call) {
  try {
    call();
  } catch (const E& error) {
    return error.what();
  }
  return "";
}

}  // namespace retort::testing

#endif  // RETORT_TESTS_DIALECTS_POSTGRESQL_PG_TEST_HELPERS_H_
