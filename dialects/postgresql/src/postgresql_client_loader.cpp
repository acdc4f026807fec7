// Finding and opening the client library (see postgresql_client.h).
#include "postgresql_client.h"
#include "retort/client_library.h"

namespace retort::postgresql {

const PostgresqlClient& LoadPostgresqlClient() {
  // A static's initialization is thread-safe, and runs again after a throw.
  static const PostgresqlClient& client = *reinterpret_cast<const PostgresqlClient* (*)()>(
      OpenClientLibrary(reinterpret_cast<const void*>(&LoadPostgresqlClient),
                        RETORT_POSTGRESQL_CLIENT_FILE, "retort_postgresql_client", "PostgreSQL",
                        "it is installed beside libretort_postgresql and needs libpq5"))();
  return client;
}

}  // namespace retort::postgresql
