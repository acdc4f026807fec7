// The part of the MySQL dialect that talks to a server: connections and
// scratch databases, over SOCI's mysql backend and the MariaDB client
// library. It is a library of its own (libretort_mysql_client.so, beside
// libretort_mysql.so) that the dialect opens the first time it connects, so
// that rendering, checking and offline SQL never map the client library and
// what it needs (TLS, compression), as the PostgreSQL dialect keeps libpq
// away.
#ifndef RETORT_MYSQL_MYSQL_CLIENT_H_
#define RETORT_MYSQL_MYSQL_CLIENT_H_

#include <memory>

#include "mysql_renderer.h"
#include "retort/dialect.h"

namespace retort::mysql {

struct MysqlClient {
  // As Dialect::Connect.
  std::unique_ptr<Connection> (*connect)(const MysqlRenderer& renderer, const DatabaseUrl& url);
  // As Dialect::OpenScratch.
  std::unique_ptr<ScratchDatabase> (*open_scratch)(const MysqlRenderer& renderer,
                                                   const DatabaseUrl& live, const DatabaseUrl* dev);
};

// The client library's functions, loaded on the first call from the folder
// of the library that holds the dialect, and never unloaded. Throws
// ConfigError naming the file and the loader's reason when it cannot be
// loaded. Thread-safe.
const MysqlClient& LoadMysqlClient();

}  // namespace retort::mysql

// The client library's one entry point, looked up by name.
extern "C" const retort::mysql::MysqlClient* retort_mysql_client();

#endif  // RETORT_MYSQL_MYSQL_CLIENT_H_
