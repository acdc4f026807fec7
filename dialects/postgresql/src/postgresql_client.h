// The part of the PostgreSQL dialect that talks to a server: connections
// and scratch databases, over libpq. It is a library of its own
// (libretort_postgresql_client.so, beside libretort_postgresql.so) that the
// dialect opens the first time it connects, so that rendering, checking and
// offline SQL never map libpq and the two dozen libraries it needs (Kerberos,
// LDAP, TLS): a one-revision `upgrade --sql` spent more time loading them
// than writing the script.
#ifndef RETORT_POSTGRESQL_POSTGRESQL_CLIENT_H_
#define RETORT_POSTGRESQL_POSTGRESQL_CLIENT_H_

#include <memory>

#include "postgresql_renderer.h"
#include "retort/dialect.h"

namespace retort::postgresql {

struct PostgresqlClient {
  // As Dialect::Connect: throws DatabaseError when the server cannot be
  // reached, ConfigError for a URL libpq refuses.
  std::unique_ptr<Connection> (*connect)(const PostgresqlRenderer& renderer,
                                         const DatabaseUrl& url);
  // As Dialect::OpenScratch.
  std::unique_ptr<ScratchDatabase> (*open_scratch)(const PostgresqlRenderer& renderer,
                                                   const DatabaseUrl& live,
                                                   const DatabaseUrl* dev);
};

// The client library's functions, loaded on the first call from the folder
// of the library that holds the dialect, and never unloaded (connections it
// made may live until the process ends). Throws ConfigError naming the file
// and the loader's reason when it cannot be loaded. Thread-safe.
const PostgresqlClient& LoadPostgresqlClient();

}  // namespace retort::postgresql

// The client library's one entry point, looked up by name.
extern "C" const retort::postgresql::PostgresqlClient* retort_postgresql_client();

#endif  // RETORT_POSTGRESQL_POSTGRESQL_CLIENT_H_
