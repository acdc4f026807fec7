// Reflection: what a live PostgreSQL schema holds, read from pg_catalog into
// the neutral model, in the canonical form retort::Schema describes, so that
// two reflections compare with ==.
#ifndef RETORT_POSTGRESQL_POSTGRESQL_REFLECT_H_
#define RETORT_POSTGRESQL_POSTGRESQL_REFLECT_H_

#include <libpq-fe.h>

#include <string>
#include <string_view>

#include "retort/schema.h"
#include "retort/type.h"

namespace retort::postgresql {

// Reads the tables, columns, keys, constraints, indexes and comments of
// `schema_name` (e.g. "public") over `connection`, in the canonical form
// retort::Schema describes. Tables whose name starts with "retort_" are left
// out, with their indexes. A schema that does not exist reads as empty.
//
// What each part holds:
// - Tables: ordinary and partitioned tables (not views, sequences, foreign
//   tables), named with `schema_name` as their schema.
// - Columns: type as NeutralType maps it; nullable from NOT NULL; the default
//   expression exactly as PostgreSQL shows it ("'UTC'::character varying");
//   identity columns and serial columns (a nextval() default of a sequence
//   the column owns) are autoincrement with no server_default. A nextval()
//   default of a sequence the column does not own is an ordinary default.
//   Column::primary_key and Column::unique are always false.
// - Foreign keys: the referent's schema is empty when it is `schema_name`;
//   on_delete/on_update are nullopt for NO ACTION; initially is "DEFERRED"
//   for INITIALLY DEFERRED and "" otherwise (DEFERRABLE alone means
//   INITIALLY IMMEDIATE, and renders back the same).
// - Check constraints: the condition as pg_get_constraintdef shows it inside
//   "CHECK (...)"; NOT VALID and NO INHERIT, which the model cannot say, are
//   dropped.
// - Indexes: those no PRIMARY KEY, UNIQUE or EXCLUDE constraint of their
//   table owns; key columns only (not INCLUDE), an expression as
//   pg_get_indexdef shows it; `where` is the partial index predicate.
//
// Throws retort::DatabaseError with the SQLSTATE when a query fails, and
// OperationError naming the column or constraint when the schema holds
// something the neutral model cannot describe without misleading: a type
// NeutralType does not map, a generated column, an exclusion constraint.
Schema ReflectSchema(PGconn* connection, const std::string& schema_name);

// The neutral type for a PostgreSQL type as format_type() spells it
// ("character varying(20)", "timestamp with time zone", "numeric(10,2)",
// "bytea", ...): the inverse of the dialect's type rendering, plus json ->
// json. numeric(p,s) keeps the scale format_type shows, so "numeric(10,0)"
// has scale 0. Throws OperationError naming the type when it has no neutral
// equivalent (arrays, domains, char(n), timestamp(3), time with time zone,
// ...).
Type NeutralType(std::string_view format_type);

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_REFLECT_H_
