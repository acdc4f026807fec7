// Running a revision written in C++ in the migrator's place of Apply.
#ifndef RETORT_CORE_CODE_REVISION_RUN_H_
#define RETORT_CORE_CODE_REVISION_RUN_H_

#include <string>

#include "retort/dialect.h"
#include "retort/events.h"
#include "retort/revision.h"
#include "retort/revision_graph.h"

namespace retort {

// "revision 3f2a9c1b7d4e (versions/3f2a9c1b7d4e_x.cpp), registered at
// app/migrations.cpp:12": how messages name a C++ revision.
std::string DescribeCodeRevision(const Revision& revision);

// Throws RevisionError, before anything runs, when `revision` (a C++
// revision) has no function for `direction` in this program: it was not
// registered (the retort program reading its .cpp file), or it has no
// downgrade function.
void CheckCodeRunnable(const Revision& revision, Direction direction);

// Calls the revision's function for `direction` with a RevisionContext on
// `connection`, inside whatever transaction is open. What the function
// throws leaves as DatabaseError (from the context) or OperationError (any
// other exception, its text kept); the caller adds which revision.
void RunCodeRevision(const Revision& revision, Direction direction, Connection& connection,
                     const std::string& dialect_name, MigrationListener& listener);

}  // namespace retort

#endif  // RETORT_CORE_CODE_REVISION_RUN_H_
