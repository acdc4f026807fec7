// Schemas as text: the neutral YAML that `retort inspect` writes and `check
// --to` reads back (the keys and types of revision files), JSON of the same
// shape, and SQL for one dialect.
#ifndef RETORT_SCHEMA_FORMAT_H_
#define RETORT_SCHEMA_FORMAT_H_

#include <string>
#include <vector>

#include "retort/dialect.h"
#include "retort/schema.h"

namespace retort {

// The schema as a YAML document: `tables:` holding each table as
// create_table writes it (name, columns, primary_key, foreign_keys,
// unique_constraints, check_constraints, comment) and `indexes:` each as
// create_index writes it; what a field holds by default is left out.
// SchemaFromYaml(SchemaToYaml(s)) == s. Thread-safe; throws nothing but
// std::bad_alloc.
std::string SchemaToYaml(const Schema& schema);

// The same document as JSON (keys and values as in SchemaToYaml).
std::string SchemaToJson(const Schema& schema);

// The statements that create the schema on `dialect`: tables in an order
// where each comes after those its foreign keys reference, then indexes.
// Throws OperationError for what the dialect cannot render.
std::vector<std::string> SchemaToSql(const Schema& schema, const Dialect& dialect);

// Reads a document SchemaToYaml or SchemaToJson wrote (JSON is read as
// YAML), in canonical form. Throws FileError naming `file_name` and the line
// of an unknown key or a bad value.
Schema SchemaFromYaml(const std::string& text, const std::string& file_name);

}  // namespace retort

#endif  // RETORT_SCHEMA_FORMAT_H_
