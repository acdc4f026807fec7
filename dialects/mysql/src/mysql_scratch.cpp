#include "mysql_scratch.h"

#include <string>

#include "mysql_connection.h"
#include "mysql_url.h"
#include "retort/error.h"

namespace retort::mysql {
namespace {

// Access denied: to a database (1044), or the command (1227).
bool IsAccessDenied(const DatabaseError& error) {
  return error.code() == "1044" || error.code() == "1227";
}

class TemporaryDatabase : public ScratchDatabase {
 public:
  TemporaryDatabase(const MysqlRenderer& renderer, const DatabaseUrl& server)
      : name_(NewScratchName()) {
    admin_ = std::make_unique<MysqlConnection>(renderer, SettingsFrom(server));
    try {
      admin_->Execute("CREATE DATABASE `" + name_ + "` CHARACTER SET utf8mb4");
    } catch (const DatabaseError& error) {
      if (!IsAccessDenied(error)) throw;
      throw ConfigError("cannot create a scratch database on the server of " + server.Redacted() +
                        " (" + error.what() +
                        "); name a development database on a server where retort may create "
                        "databases, with --dev-url, dev_url in retort.ini, or RETORT_DEV_URL");
    }
    DatabaseUrl url = server;
    url.database = name_;
    try {
      connection_ = std::make_unique<MysqlConnection>(renderer, SettingsFrom(url));
      where_ = "temporary database " + name_ + " on the server of " + server.Redacted();
    } catch (...) {
      Drop();
      throw;
    }
  }

  ~TemporaryDatabase() override {
    connection_.reset();
    Drop();
  }

  Connection& connection() override { return *connection_; }
  std::string description() const override { return where_; }

 private:
  void Drop() noexcept {
    try {
      admin_->Execute("DROP DATABASE IF EXISTS `" + name_ + "`");
    } catch (...) {
      // Left behind; its name says what it is.
    }
  }

  std::string name_;
  std::string where_;
  std::unique_ptr<MysqlConnection> admin_;
  std::unique_ptr<MysqlConnection> connection_;
};

}  // namespace

std::unique_ptr<ScratchDatabase> OpenScratch(const MysqlRenderer& renderer, const DatabaseUrl& live,
                                             const DatabaseUrl* dev) {
  return std::make_unique<TemporaryDatabase>(renderer, dev != nullptr ? *dev : live);
}

}  // namespace retort::mysql
