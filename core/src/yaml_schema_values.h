// Reading the schema values of a revision file: table names, types, columns,
// foreign keys, whole table definitions, and bulk_insert literals. Each
// throws FileError naming the file and line of what is wrong.
#ifndef RETORT_CORE_YAML_SCHEMA_VALUES_H_
#define RETORT_CORE_YAML_SCHEMA_VALUES_H_

#include <optional>
#include <string>

#include "retort/operation.h"
#include "yaml_fields.h"

namespace retort {

// `key` (default "table") and the optional "schema".
QualifiedName TableName(YamlFields& fields, const char* key = "table");

// A neutral type at `key` (required / optional).
Type TypeField(YamlFields& fields, const char* key);
std::optional<Type> OptionalTypeField(YamlFields& fields, const char* key);

// The referent_* keys and actions of a foreign key whose columns the caller
// has already read; checks that the column counts match.
void ReadReferent(YamlFields& fields, ForeignKey& key);

// A column mapping; its inline foreign key (references:) goes to `key`.
Column ColumnMap(const std::string& path, const YamlNode& node, std::optional<ForeignKey>* key);

// The keys create_table and drop_table (its dropped definition) share.
Table TableDefinition(YamlFields& fields, bool columns_required);

// An index's "columns": one column name, or a list whose items are column
// names or {column: name} / {expression: sql} mappings; fills index.columns
// and index.expressions. Throws FileError naming the line of anything else.
void IndexItems(YamlFields& fields, Index& index);

// SQL text as execute takes it: one text for every dialect, or a mapping of
// dialect: text (and "sql:" for the others). `what` names the key in errors.
// Throws FileError when it is empty or not text.
Execute SqlText(const std::string& path, const YamlNode& node, const std::string& what);

// A bulk_insert value: quoted or !!str is text; otherwise null, boolean,
// integer or real number when it reads as one, else text.
Literal LiteralOf(const std::string& path, const YamlNode& node);

}  // namespace retort

#endif  // RETORT_CORE_YAML_SCHEMA_VALUES_H_
