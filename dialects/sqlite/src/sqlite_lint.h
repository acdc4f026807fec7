// SQLite's lint rules (see retort/lint.h and docs/commands.md): which
// operations rebuild which tables, and which lose data.
#ifndef RETORT_SQLITE_SQLITE_LINT_H_
#define RETORT_SQLITE_SQLITE_LINT_H_

#include <vector>

#include "retort/lint.h"
#include "retort/operation.h"

namespace retort::sqlite {

class SqliteRenderer;

// The findings of every rule for `op` in `context`, judged from the
// operation alone (what only the live schema shows, such as a dropped
// column that an index uses, is said as a possibility).
std::vector<LintFinding> LintOperation(const Operation& op, const LintContext& context,
                                       const SqliteRenderer& renderer);

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_LINT_H_
