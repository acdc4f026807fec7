// Reflection: what a live PostgreSQL schema holds, read from pg_catalog into
// the neutral model, in the canonical form retort::Schema describes, so that
// two reflections, of this dialect or another, compare with ==.
#ifndef RETORT_POSTGRESQL_POSTGRESQL_REFLECT_H_
#define RETORT_POSTGRESQL_POSTGRESQL_REFLECT_H_

#include <libpq-fe.h>

#include <string>
#include <string_view>

#include "retort/schema.h"
#include "retort/type.h"

namespace retort::postgresql {

// This dialect's name: the key of its spelling in a native type.
inline constexpr char kDialectName[] = "postgresql";

// Reads what `schema_name` (e.g. "public") holds over `connection`, in the
// canonical form retort::Schema describes, so that it compares with another
// dialect's reflection of the same revisions. Objects whose name starts with
// "retort_" are left out, with their indexes, triggers and sequences, and so
// are objects an extension installed. A schema that does not exist reads as
// empty. Names have an empty schema (objects of other schemas appear only as
// a foreign key's referent, with theirs).
//
// What each part holds:
// - Tables: ordinary and partitioned tables and partitions (not views,
//   sequences, foreign tables). A foreign key to a partitioned table is
//   read once, not with its clone for each referenced partition.
// - Columns: type as NeutralType maps it (a native type when there is no
//   neutral one: arrays, domains, enums, tsvector...); nullable from NOT
//   NULL; the default in CanonicalExpression's form (postgresql_expression.h); identity columns
//   and serial columns (a nextval() default of a sequence the column owns)
//   are autoincrement with no server_default, their numbering kByDefault
//   (BY DEFAULT identity), kAlways (ALWAYS identity) or kSerial, while a
//   nextval() default of a sequence the column does not own is an ordinary
//   default. A generated column has `generated` (stored) and no default.
// - Constraint names equal to what PostgreSQL generates for an unnamed
//   constraint (IsGeneratedConstraintName) are empty.
// - Foreign keys: the referent's schema is empty when it is `schema_name`;
//   on_delete/on_update are nullopt for NO ACTION; initially is "DEFERRED"
//   for INITIALLY DEFERRED and "" otherwise (DEFERRABLE alone means
//   INITIALLY IMMEDIATE, and renders back the same).
// - Check constraints: the condition inside "CHECK (...)" in canonical form;
//   NOT VALID and NO INHERIT, which the model cannot say, are dropped.
// - Exclusion constraints: their name (as given or generated) and
//   pg_get_constraintdef's text.
// - Indexes: those no PRIMARY KEY, UNIQUE or EXCLUDE constraint of their
//   table owns; key columns only (not INCLUDE); an expression in canonical
//   form, its position in `expressions`; `where` is the partial index
//   predicate in canonical form. The access method (gist...) is not kept.
// - Views and materialized views: pg_get_viewdef's text, trimmed, without
//   its final ';'.
// - Triggers: pg_get_triggerdef's statement, the table named without the
//   schema; internal triggers (of foreign keys) and a partition's clones are
//   left out.
// - Sequences: those not behind an identity or serial column; owned_by
//   names the owning column.
// - Enums with their labels in order; domains with their base type,
//   NOT NULL, default and checks (generated check names empty).
//
// Throws retort::DatabaseError with the SQLSTATE when a query fails.
Schema ReflectSchema(PGconn* connection, const std::string& schema_name);

// The neutral type for a PostgreSQL type as format_type() spells it
// ("character varying(20)", "timestamp with time zone", "numeric(10,2)",
// "bytea", ...): the inverse of the dialect's type rendering, plus json ->
// json. numeric(p,s) keeps the scale format_type shows, so "numeric(10,0)"
// has scale 0. Any other type (arrays, domains, enums, char(n),
// timestamp(3), time with time zone, a numeric scale the neutral type cannot
// hold...) is a native type holding `format_type` for kDialectName. Never
// throws but std::bad_alloc.
Type NeutralType(std::string_view format_type);

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_REFLECT_H_
