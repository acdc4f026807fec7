// Operations written as a YAML revision's list items, in the keys the YAML
// revision reader reads back (yaml_revision_reader.cpp): what autogenerate
// puts into a new revision.
#ifndef RETORT_CORE_OPERATION_YAML_WRITER_H_
#define RETORT_CORE_OPERATION_YAML_WRITER_H_

#include <string>
#include <vector>

#include "retort/operation.h"
#include "retort/schema_changes.h"

namespace retort {

// One operation as a list item ("- add_column: {table: users, ...}\n"),
// unindented. Reading it back gives the same operation, except for what the
// revision format has no key for: the name of an inline foreign key
// (add_column), the foreign key and comment of a dropped column, and
// expression items of a dropped index. Throws nothing but std::bad_alloc.
std::string OperationToYaml(const Operation& op);

// "<key>:" ("upgrade", "downgrade") followed by each change's operation
// indented as a list item, its remark (if any) as a YAML comment on the lines
// above it.
std::string OperationSection(const std::string& key, const std::vector<PlannedChange>& changes);

}  // namespace retort

#endif  // RETORT_CORE_OPERATION_YAML_WRITER_H_
