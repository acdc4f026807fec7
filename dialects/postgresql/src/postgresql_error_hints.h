// What retort adds to PostgreSQL's errors where the server's own words send
// a user the wrong way: a failed CREATE INDEX CONCURRENTLY leaves an INVALID
// index behind that the server does not mention, and the hint "Use DROP ...
// CASCADE" names SQL where a revision has operations.
#ifndef RETORT_POSTGRESQL_POSTGRESQL_ERROR_HINTS_H_
#define RETORT_POSTGRESQL_POSTGRESQL_ERROR_HINTS_H_

#include <string>

#include "retort/error.h"
#include "retort/operation.h"

namespace retort::postgresql {

class PostgresqlConnection;

// The text to append to `error`, which running `op` raised, or "" when
// there is nothing to add. For a create_index with concurrently: true it
// asks the database whether the index is there and INVALID (the connection
// is outside a transaction, where CONCURRENTLY runs, so it can still ask),
// and names the index and both ways to drop it. Never throws but
// std::bad_alloc: a failing look-up adds nothing.
std::string RetortAdvice(PostgresqlConnection& connection, const Operation& op,
                         const DatabaseError& error);

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_ERROR_HINTS_H_
