// Finding and opening the client library (see mysql_client.h).
#include "mysql_client.h"
#include "retort/client_library.h"

namespace retort::mysql {

const MysqlClient& LoadMysqlClient() {
  // A static's initialization is thread-safe, and runs again after a throw.
  static const MysqlClient& client = *reinterpret_cast<const MysqlClient* (*)()>(OpenClientLibrary(
      reinterpret_cast<const void*>(&LoadMysqlClient), RETORT_MYSQL_CLIENT_FILE,
      "retort_mysql_client", "MySQL",
      "it is installed beside libretort_mysql and needs libmariadb3 and SOCI's mysql backend"))();
  return client;
}

}  // namespace retort::mysql
