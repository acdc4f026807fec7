// PostgreSQL's lint rules (see retort/lint.h and docs/commands.md): for each
// operation, the locks its statements take as pg_locks names them, whether
// it scans or rewrites the table, and the safer way to write it.
#ifndef RETORT_POSTGRESQL_POSTGRESQL_LINT_H_
#define RETORT_POSTGRESQL_POSTGRESQL_LINT_H_

#include <vector>

#include "retort/lint.h"
#include "retort/operation.h"

namespace retort::postgresql {

// What an operation's statements cost, whatever the context: the strongest
// lock taken on each table (the operation's own table first), and whether a
// statement reads or rewrites every row while holding it.
struct LockProfile {
  std::vector<LintLock> locks;
  bool scans = false;
  bool rewrites = false;
};

// The profile of `op`; empty locks for an operation retort cannot judge
// (execute) or that locks nothing other sessions wait for.
LockProfile ProfileOf(const Operation& op);

// Whether changing a column from `from` to `to` keeps its stored bytes, so
// that PostgreSQL changes only the catalog (no rewrite, no index rebuild).
bool KeepsStorage(const Type& from, const Type& to);

// Whether a column default calls a volatile function (random(), nextval(),
// gen_random_uuid(), clock_timestamp()...), which PostgreSQL must evaluate
// for every existing row when the column is added.
bool IsVolatileDefault(const std::string& expression);

// The findings of every rule for `op` in `context`.
std::vector<LintFinding> LintOperation(const Operation& op, const LintContext& context);

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_LINT_H_
