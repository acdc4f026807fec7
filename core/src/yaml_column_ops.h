// The YAML revision format's column operations that carry safety switches:
// drop_column (cascade) and alter_column (lossy, using, fill_nulls). See
// docs/file-format.md.
#ifndef RETORT_CORE_YAML_COLUMN_OPS_H_
#define RETORT_CORE_YAML_COLUMN_OPS_H_

#include <string>
#include <vector>

#include "retort/operation.h"
#include "retort/revision.h"
#include "yaml_fields.h"

namespace retort {

// Each reads one operation's mapping; throws FileError naming the key.
Operation DropColumnOp(YamlFields& fields);
Operation AlterColumnOp(YamlFields& fields);

// A revision without a downgrade section is reversed operation by operation;
// a drop_column with cascade: true drops objects no reverse can know, so
// such a revision must say how to downgrade. Throws FileError at the first
// such operation of `upgrade`.
void RequireDowngradeForCascade(const std::string& path, const std::vector<RevisionOp>& upgrade);

}  // namespace retort

#endif  // RETORT_CORE_YAML_COLUMN_OPS_H_
