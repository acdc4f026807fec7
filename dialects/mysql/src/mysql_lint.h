// MySQL's lint: which ALTER algorithm each change of an existing table
// asks the server for, and what that costs the table's other users.
#ifndef RETORT_MYSQL_MYSQL_LINT_H_
#define RETORT_MYSQL_MYSQL_LINT_H_

#include <vector>

#include "mysql_renderer.h"
#include "retort/dialect.h"

namespace retort::mysql {

// One finding per ALTER TABLE statement of `op` on a table the range did
// not create: rule mysql-algorithm-instant (info: metadata only),
// mysql-algorithm-inplace (info: the table stays writable while InnoDB
// builds), or mysql-algorithm-copy (warning: the table is copied while
// writes wait). Never throws for a valid operation: one the renderer
// cannot write without the database is judged from the operation alone.
std::vector<LintFinding> LintOperation(const MysqlRenderer& renderer, const Operation& op,
                                       const LintContext& context);

}  // namespace retort::mysql

#endif  // RETORT_MYSQL_MYSQL_LINT_H_
