// Scratch databases on a PostgreSQL server, where the core runs a history to
// learn the schema it makes.
#ifndef RETORT_POSTGRESQL_POSTGRESQL_SCRATCH_H_
#define RETORT_POSTGRESQL_POSTGRESQL_SCRATCH_H_

#include <memory>

#include "postgresql_renderer.h"
#include "retort/dialect.h"

namespace retort::postgresql {

// Without `dev`: a temporary database, retort_scratch_<random>, created on
// the server of `live` (connecting as live's user, to live's database) and
// dropped when the scratch database is destroyed. ConfigError, naming the
// server and how to give a dev database, when that user may not create
// databases.
// With `dev`: a new schema, retort_scratch_<random>, in the dev database,
// first on the connection's search_path, dropped (CASCADE) when the scratch
// database is destroyed; what a revision creates in a schema it names
// explicitly lands there and stays.
// Throws DatabaseError when a server refuses otherwise.
std::unique_ptr<ScratchDatabase> OpenScratch(const PostgresqlRenderer& renderer,
                                             const DatabaseUrl& live, const DatabaseUrl* dev);

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_SCRATCH_H_
