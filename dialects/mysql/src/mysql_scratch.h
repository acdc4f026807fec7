// Scratch databases for the MySQL dialect: a database of its own, made on
// the server of the live database (or of the dev database, when one is
// named) and dropped afterwards. A MySQL database is what PostgreSQL calls a
// schema, so a dev database gives a server to make it on, not a schema
// inside it.
#ifndef RETORT_MYSQL_MYSQL_SCRATCH_H_
#define RETORT_MYSQL_MYSQL_SCRATCH_H_

#include <memory>

#include "mysql_renderer.h"
#include "retort/dialect.h"

namespace retort::mysql {

// As Dialect::OpenScratch. Throws ConfigError when the user may not create
// a database there, saying to name a dev database on a server where they
// may.
std::unique_ptr<ScratchDatabase> OpenScratch(const MysqlRenderer& renderer, const DatabaseUrl& live,
                                             const DatabaseUrl* dev);

}  // namespace retort::mysql

#endif  // RETORT_MYSQL_MYSQL_SCRATCH_H_
