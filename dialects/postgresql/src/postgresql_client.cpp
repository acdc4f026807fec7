// The client library's entry point: what the dialect calls once it is loaded.
#include "postgresql_client.h"

#include "postgresql_connection.h"
#include "postgresql_scratch.h"
#include "postgresql_url.h"

namespace retort::postgresql {
namespace {

std::unique_ptr<Connection> Connect(const PostgresqlRenderer& renderer, const DatabaseUrl& url) {
  return std::make_unique<PostgresqlConnection>(renderer, SettingsFrom(url));
}

}  // namespace
}  // namespace retort::postgresql

extern "C" const retort::postgresql::PostgresqlClient* retort_postgresql_client() {
  static const retort::postgresql::PostgresqlClient client{&retort::postgresql::Connect,
                                                          &retort::postgresql::OpenScratch};
  return &client;
}
