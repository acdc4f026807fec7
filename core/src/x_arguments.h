// -x key=value arguments in a revision's SQL: ${x.key} is replaced with the
// value when the revision runs. The file on disk, and so its checksum, stays
// as written; only the SQL sent to the database holds the values.
#ifndef RETORT_CORE_X_ARGUMENTS_H_
#define RETORT_CORE_X_ARGUMENTS_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "retort/revision.h"

namespace retort {

using XArguments = std::map<std::string, std::string>;

// `sql` with each ${x.key} replaced by arguments.at(key), as written (no
// quoting); "$${x.key}" gives the text "${x.key}". Every other '$' is left
// alone ($$ bodies, $1 parameters). Throws OperationError naming the key
// for a key without a value, or a "${x." that is not "${x.key}".
std::string SubstituteXArguments(std::string_view sql, const XArguments& arguments);

// Substitutes in the SQL of every execute operation of `ops` (the text for
// every dialect, so that a revision needs the same -x arguments wherever it
// runs). Throws FileError naming the revision's file, the operation's line
// and the key.
void SubstituteXArguments(const RevisionHeader& header, std::vector<RevisionOp>& ops,
                          const XArguments& arguments);

}  // namespace retort

#endif  // RETORT_CORE_X_ARGUMENTS_H_
