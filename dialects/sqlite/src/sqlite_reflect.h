// Reflection: what a live SQLite database holds, read back into the neutral
// schema model, so that it can be compared with what revisions describe.
#ifndef RETORT_SQLITE_SQLITE_REFLECT_H_
#define RETORT_SQLITE_SQLITE_REFLECT_H_

#include <string_view>

#include "retort/schema.h"
#include "retort/type.h"
#include "sqlite_connection.h"

namespace retort::sqlite {

// The tables, indexes, views and triggers of the main database over
// `connection`, in the canonical form retort::Schema describes; objects
// named sqlite_* or retort_* (compared without case, as SQLite compares
// names; for triggers also their table's name) and the rebuild's
// _retort_rebuild_* leftovers are left out (IsLeftOutName), and so are
// virtual tables and the shadow tables SQLite knows to belong to one (a
// module owns their layout). Names have no schema. Expressions (defaults,
// checks, generated columns, index expressions and predicates) are in
// CanonicalSqlExpression's form. Where SQLite's catalogue and the model
// differ:
// - A generated column has `generated`: its expression and whether it is
//   STORED (else VIRTUAL, SQLite's default).
// - nullable is NOT NULL as declared: a rowid table's key column may be
//   nullable, a WITHOUT ROWID table's never is.
// - server_default is the DEFAULT expression as SQLite reports it, without
//   the parentheses around a non-literal ("DEFAULT (lower('X'))" gives
//   "lower('x')" in canonical form).
// - autoincrement is true only for the column declared AUTOINCREMENT; an
//   INTEGER PRIMARY KEY alone is a rowid alias that may reuse values.
// - The key is always `primary_key`, its name from "CONSTRAINT name PRIMARY
//   KEY", its columns in key order.
// - Unique constraints are read from the indexes SQLite makes for them, named
//   from the CREATE TABLE text: identical UNIQUE constraints share one index
//   and read as the first of them, and one identical to the primary key has
//   none and reads as nothing.
// - A check's condition is the text inside CHECK ( ) as written, without
//   the blanks and comments at its ends.
// - A foreign key that names no referent columns (the parent's key) has
//   empty referent_columns; NO ACTION is nullopt; deferrable is DEFERRABLE
//   (not NOT DEFERRABLE); initially is "DEFERRED" for DEFERRABLE INITIALLY
//   DEFERRED and "" otherwise, since DEFERRABLE alone means INITIALLY
//   IMMEDIATE; MATCH is not kept (SQLite ignores it).
// - Indexes are those of CREATE INDEX. A column is its name (COLLATE and
//   ASC/DESC are not kept), an expression its text in the CREATE INDEX
//   statement without ASC/DESC, its position in `expressions`; `where` is
//   the text after WHERE.
// - Comments are nullopt: SQLite keeps none.
// - A view's definition is its statement's text after the first AS outside
//   parentheses, or from its column list on when it has one ("(a, b) AS
//   SELECT ..."); a trigger's is its whole CREATE TRIGGER statement, both as
//   sqlite_schema keeps them.
// Throws DatabaseError when SQLite refuses a query, and OperationError naming
// the table whose CREATE TABLE text cannot be read.
Schema ReflectSchema(SqliteConnection& connection);

// Whether reflection leaves out an object (or a trigger's table) so named:
// sqlite_*, retort_* and _retort_rebuild_*, without case.
bool IsLeftOutName(std::string_view name);

// ReflectSchema's part for views and triggers: adds them to `schema`,
// unsorted. Throws DatabaseError when SQLite refuses the query.
void ReflectViewsAndTriggers(SqliteConnection& connection, Schema& schema);

// The neutral type for a declared SQLite column type (case and blanks do not
// matter): the inverse of SqliteRenderer::RenderType, so that
// NeutralType(RenderType(t)) == t for every neutral t in canonical form
// (numeric(p) as numeric(p,0)); common names other
// tools write as what they mean there ("INT" integer, "VARCHAR(20)"
// string(20), "BOOLEAN" boolean, "TIMESTAMP" datetime, "DOUBLE PRECISION"
// double, "DECIMAL(10,2)" numeric(10,2), "JSONB" json, "UUID" uuid, no type
// blob); any other name by SQLite's affinity rules: containing INT integer;
// CHAR, CLOB or TEXT text; BLOB blob; REAL or FLOA float; DOUB double;
// anything else numeric. "CHAR(36)" is uuid, as retort writes a uuid;
// other CHAR(n) are string(n); NUMERIC(p) is numeric(p,0), as SQL defines
// it. Arguments the neutral type has no room for ("DATETIME(6)") or that it
// cannot hold (a zero length, a negative scale) are dropped.
// The STRICT renderer writes one name for several types; the name reads as
// the plainest of them: INTEGER integer (not bigint, smallint, boolean),
// REAL float (not double), TEXT text (not string, dates and times, json,
// uuid), ANY numeric without precision, BLOB blob.
Type NeutralType(std::string_view declared);

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_REFLECT_H_
