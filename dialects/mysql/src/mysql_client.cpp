// The client library's entry point: what the dialect calls once it is loaded.
#include "mysql_client.h"

#include "mysql_connection.h"
#include "mysql_scratch.h"
#include "mysql_url.h"

namespace retort::mysql {
namespace {

std::unique_ptr<Connection> Connect(const MysqlRenderer& renderer, const DatabaseUrl& url) {
  return std::make_unique<MysqlConnection>(renderer, SettingsFrom(url));
}

}  // namespace
}  // namespace retort::mysql

extern "C" const retort::mysql::MysqlClient* retort_mysql_client() {
  static const retort::mysql::MysqlClient client{&retort::mysql::Connect,
                                                 &retort::mysql::OpenScratch};
  return &client;
}
