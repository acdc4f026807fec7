#include "postgresql_error_hints.h"

#include "postgresql_connection.h"
#include "postgresql_renderer.h"

namespace retort::postgresql {
namespace {

// The part of PostgreSQL's hint for an object that others depend on
// (2BP01, dependent_objects_still_exist).
constexpr const char* kCascadeHint = "Use DROP ... CASCADE";

// The index a failed CREATE INDEX CONCURRENTLY left, when it left one.
std::string InvalidIndexAdvice(PostgresqlConnection& connection, const CreateIndex& op) {
  const PostgresqlRenderer renderer;
  const std::string name =
      renderer.QuoteName({op.index.table.schema, op.index.name});
  std::vector<PostgresqlConnection::Row> rows;
  try {
    rows = connection.QueryText(
        "SELECT NOT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass($1)", {name});
  } catch (const DatabaseError&) {
    return "";
  }
  if (rows.empty() || rows[0][0] != "t") return "";
  std::string yaml = "{name: " + op.index.name;
  if (!op.index.table.schema.empty()) yaml += ", schema: " + op.index.table.schema;
  yaml += ", concurrently: true}";
  return "; CREATE INDEX CONCURRENTLY left the index " + name +
         " behind, INVALID: queries do not use it, yet every write keeps it up to date. Drop "
         "it with DROP INDEX CONCURRENTLY " + name +
         ", or with a revision that has transaction: false and '- drop_index: " + yaml +
         "', then run this revision again";
}

// How to drop what other objects depend on, in retort's terms.
std::string CascadeAdvice(const Operation& op) {
  if (const auto* drop = std::get_if<DropColumn>(&op)) {
    return "; in retort: give cascade: true to drop_column " + drop->column +
           " (the revision then needs a downgrade: section), or drop the dependent objects "
           "first";
  }
  std::string what = std::string(OperationName(op));
  if (std::holds_alternative<Execute>(op)) what = "this SQL";
  return "; in retort, " + what +
         " has no cascade (only drop_column has cascade: true): drop the dependent objects "
         "first in this revision (drop_view, drop_constraint, drop_index, drop_trigger), or "
         "write the DROP ... CASCADE as an execute: operation with a downgrade: section that "
         "makes them again";
}

}  // namespace

std::string RetortAdvice(PostgresqlConnection& connection, const Operation& op,
                         const DatabaseError& error) {
  if (const auto* index = std::get_if<CreateIndex>(&op); index && index->concurrently) {
    return InvalidIndexAdvice(connection, *index);
  }
  if (std::string(error.what()).find(kCascadeHint) != std::string::npos) return CascadeAdvice(op);
  return "";
}

}  // namespace retort::postgresql
