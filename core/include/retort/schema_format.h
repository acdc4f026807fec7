// Schemas as text: the neutral YAML that `retort inspect` writes and `check
// --to` reads back (the keys and types of revision files), JSON of the same
// shape, and SQL for one dialect.
//
// Thread-safety: every function is pure and may be called from several
// threads at once (see each for what it throws).
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
// create_index writes it; then, where the schema has them, `views:` and
// `triggers:` (their SQL text), `sequences:`, `enums:` and `domains:`. What a
// field holds by default is left out; a key that is one unnamed
// autoincrement column is written on the column (primary_key: true), as
// revisions declare it. For a schema in canonical form,
// SchemaFromYaml(SchemaToYaml(s)) == s. Thread-safe; throws nothing but
// std::bad_alloc.
std::string SchemaToYaml(const Schema& schema);

// The same document as JSON (keys and values as in SchemaToYaml).
std::string SchemaToJson(const Schema& schema);

// The statements that create the schema on `dialect`, without the closing
// ';': enums, domains and sequences (standard SQL), tables rendered by the
// dialect as create_table renders them, each after those its foreign keys
// reference (a key that closes a cycle is added by create_foreign_key once
// both tables exist, or kept in its table where the dialect cannot add one
// from the operation alone), then indexes, views and triggers. Throws
// OperationError for what the dialect cannot render (a native type with no
// spelling for it). Thread-safe.
std::vector<std::string> SchemaToSql(const Schema& schema, const Dialect& dialect);

// Reads a document SchemaToYaml or SchemaToJson wrote (JSON is read as
// YAML), or one a person wrote in the same keys, into canonical form:
// columns' primary_key and unique become the table's primary_key and
// unnamed unique constraints, defaults, checks and index predicates and
// expressions are in CanonicalSqlExpression's neutral form
// (retort/sql_expression.h; to compare with a database, put them through its
// Dialect::CanonicalExpression), and everything is in SortCanonically's order.
// Throws FileError naming `file_name` and the line of what is wrong: YAML
// that does not parse, an unknown key, a bad value, a table or index given
// twice, an index on a table the document lacks. Thread-safe.
Schema SchemaFromYaml(const std::string& text, const std::string& file_name);

}  // namespace retort

#endif  // RETORT_SCHEMA_FORMAT_H_
