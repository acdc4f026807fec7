// What retort tells a user about a revision that ran outside a transaction
// and did not finish (see IncompleteRevision in retort/migrator.h).
#ifndef RETORT_CORE_INCOMPLETE_REVISION_H_
#define RETORT_CORE_INCOMPLETE_REVISION_H_

#include <string>

#include "retort/migrator.h"

namespace retort {

// The two ways out of `incomplete` (finish by hand, or undo, then stamp),
// for the failure message and for DescribeIncomplete. Never throws but
// std::bad_alloc.
std::string RecoveryAdvice(const IncompleteRevision& incomplete);

}  // namespace retort

#endif  // RETORT_CORE_INCOMPLETE_REVISION_H_
