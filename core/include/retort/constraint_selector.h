// Finding a table's constraint by what it is instead of by its name: how a
// drop_constraint without a name (a "selector": its type and definition)
// picks the one constraint it drops, with the same rules on every dialect.
// A database makes many constraints without a name (SQLite keeps none for
// an unnamed FOREIGN KEY, CHECK or UNIQUE; PostgreSQL makes one up), and a
// revision written for several databases cannot know what they call it.
//
// Thread-safety: the functions are pure and may be called from several
// threads at once; only SelectConstraint throws (OperationError).
#ifndef RETORT_CONSTRAINT_SELECTOR_H_
#define RETORT_CONSTRAINT_SELECTOR_H_

#include <cstddef>
#include <string>
#include <vector>

#include "retort/operation.h"
#include "retort/sql_expression.h"

namespace retort {

// How a dialect compares identifiers: PostgreSQL exactly (a name in a
// revision is the name as quoted), SQLite without ASCII case.
enum class NameComparison { kExact, kAsciiCaseInsensitive };

// Whether `drop` finds its constraint by definition: it has no name. A drop
// read from a revision file then has a kind and, unless it is a primary key
// (a table has one at most), the definition (`existing`).
bool IsSelector(const DropConstraint& drop);

// The position in `constraints` (one table's, each with the name the
// database knows it by, the empty name for a constraint the database keeps
// none for) of the one constraint `drop`'s selector describes: the same
// kind; the same columns, in order; for a foreign key the same referent
// table (their schemas compared only when both are given) and, when both
// list them, the same referent columns; for a check the same condition once
// both go through `canonical` (the dialect's Dialect::CanonicalExpression),
// so that spelling does not matter. A primary key
// selector without columns matches the table's key. Names are compared as
// `names` says; what else a definition holds (actions, DEFERRABLE) is not
// compared. `table` names the table in messages.
// Throws OperationError when no constraint or more than one matches, listing
// every constraint of the table (ListConstraints). `drop` must be a
// selector (IsSelector) with a kind.
std::size_t SelectConstraint(const DropConstraint& drop, const QualifiedName& table,
                             const std::vector<Constraint>& constraints, NameComparison names,
                             const ExpressionCanonicalizer& canonical);

// One constraint for a message: its type, its name or "unnamed", and its
// definition: "foreign key unnamed (a) references t (id)", "check ck
// (x > 0)", "unique unnamed (a, b)", "primary key pk (id)".
std::string DescribeConstraint(const Constraint& constraint);

// A table's constraints for a message: "its constraints: " and each one's
// DescribeConstraint, separated by "; ", or "it has none".
std::string ListConstraints(const std::vector<Constraint>& constraints);

// What a selector looks for, without a name: "unique (a, b)", "check
// (x > 0)", "foreign key (a) references t (id)", "primary key".
std::string DescribeSelector(const DropConstraint& drop);

}  // namespace retort

#endif  // RETORT_CONSTRAINT_SELECTOR_H_
