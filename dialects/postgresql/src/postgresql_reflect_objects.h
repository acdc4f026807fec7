// Reflection of what a PostgreSQL schema holds besides tables and indexes:
// views, triggers, sequences, enums and domains.
#ifndef RETORT_POSTGRESQL_POSTGRESQL_REFLECT_OBJECTS_H_
#define RETORT_POSTGRESQL_POSTGRESQL_REFLECT_OBJECTS_H_

#include "postgresql_reflect_reader.h"
#include "retort/schema.h"

namespace retort::postgresql {

// Adds to `schema` the views, triggers, sequences, enums and domains of
// reader.schema_name(), in the canonical form retort::Schema describes (see
// ReflectSchema for what each holds). Leaves sort order to the caller.
// Throws retort::DatabaseError when a query fails.
void ReflectObjects(const Reader& reader, Schema& schema);

// The condition of "CHECK (cond)[ NO INHERIT][ NOT VALID]" as
// pg_get_constraintdef writes it. Throws retort::Error for other text.
std::string CheckCondition(std::string_view definition);

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_REFLECT_OBJECTS_H_
