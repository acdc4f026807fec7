#include "code_revision_run.h"

#include <exception>

#include "retort/code_revision.h"
#include "retort/error.h"

namespace retort {

std::string DescribeCodeRevision(const Revision& revision) {
  std::string where = DescribeLocation(revision.header, 0);
  if (revision.code && revision.code->registered && revision.code->source != revision.header.path) {
    where += ", registered at " + revision.code->source;
  }
  return where;
}

void CheckCodeRunnable(const Revision& revision, Direction direction) {
  if (!revision.code->registered) {
    throw RevisionError(DescribeLocation(revision.header, 0) +
                        " is written in C++ and runs only inside the application that "
                        "registers it; run the application, or `retort stamp --force` past it; "
                        "nothing was run");
  }
  if (direction == Direction::kDowngrade && !revision.code->downgrade) {
    throw RevisionError(DescribeCodeRevision(revision) +
                        " has no downgrade function, so it cannot be downgraded; " +
                        revision.how_to_add_downgrade + "; nothing was run");
  }
}

void RunCodeRevision(const Revision& revision, Direction direction, Connection& connection,
                     const std::string& dialect_name, MigrationListener& listener) {
  const bool up = direction == Direction::kUpgrade;
  const auto& function = up ? revision.code->upgrade : revision.code->downgrade;
  RevisionContext context(connection, dialect_name, listener);
  const std::string which = up ? "upgrade" : "downgrade";
  try {
    function(context);
  } catch (const DatabaseError&) {
    throw;  // the statement's own error, with its code (a lock timeout stays one)
  } catch (const OperationError&) {
    throw;
  } catch (const std::exception& error) {
    throw OperationError("its " + which + " function failed: " + error.what());
  } catch (...) {
    throw OperationError("its " + which + " function threw something that is not a "
                         "std::exception");
  }
}

}  // namespace retort
