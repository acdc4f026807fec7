#include "postgresql_scratch.h"

#include <string>

#include "postgresql_connection.h"
#include "postgresql_url.h"
#include "retort/error.h"

namespace retort::postgresql {
namespace {

// SQLSTATE 42501: insufficient privilege.
constexpr const char* kInsufficientPrivilege = "42501";

std::string Quoted(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// The schema unqualified names go to on `connection` (the first of its
// search_path that exists); empty when none does.
std::string CurrentSchema(PostgresqlConnection& connection) {
  const auto rows = connection.QueryText("SELECT current_schema()");
  return rows.empty() || !rows[0][0] ? std::string() : *rows[0][0];
}

// A database made for the run and dropped after it.
class TemporaryDatabase : public ScratchDatabase {
 public:
  TemporaryDatabase(const PostgresqlRenderer& renderer, const DatabaseUrl& live)
      : name_(NewScratchName()) {
    admin_ = std::make_unique<PostgresqlConnection>(renderer, SettingsFrom(live));
    try {
      admin_->Execute("CREATE DATABASE " + Quoted(name_));
    } catch (const DatabaseError& error) {
      if (error.code() != kInsufficientPrivilege) throw;
      throw ConfigError(
          "cannot create a scratch database on the server of " + live.Redacted() + " (" +
          error.what() +
          "); name a development database retort may use with --dev-url, dev_url in "
          "retort.ini, or RETORT_DEV_URL");
    }
    DatabaseUrl url = live;
    url.database = name_;
    try {
      connection_ = std::make_unique<PostgresqlConnection>(renderer, SettingsFrom(url));
      // The live URL's search_path may name a schema (a tenant's) that a
      // fresh database lacks: made here, so that the history's unqualified
      // names land as they do on the live database.
      if (const std::string schema = CurrentSchema(*admin_);
          !schema.empty() && CurrentSchema(*connection_) != schema) {
        connection_->Execute("CREATE SCHEMA IF NOT EXISTS " + Quoted(schema) +
                             "; SET search_path TO " + Quoted(schema));
      }
      where_ = "temporary database " + name_ + " on the server of " + live.Redacted();
    } catch (...) {
      Drop();
      throw;
    }
  }

  ~TemporaryDatabase() override {
    connection_.reset();  // a database with a session open cannot be dropped
    Drop();
  }

  Connection& connection() override { return *connection_; }
  std::string description() const override { return where_; }

 private:
  void Drop() noexcept {
    try {
      admin_->Execute("DROP DATABASE IF EXISTS " + Quoted(name_) + " WITH (FORCE)");
    } catch (...) {
      // Left behind; its name says what it is.
    }
  }

  std::string name_;
  std::string where_;
  std::unique_ptr<PostgresqlConnection> admin_;
  std::unique_ptr<PostgresqlConnection> connection_;
};

// A schema of the dev database, first on the search_path, dropped after.
class ScratchSchema : public ScratchDatabase {
 public:
  ScratchSchema(const PostgresqlRenderer& renderer, const DatabaseUrl& dev)
      : name_(NewScratchName()) {
    connection_ = std::make_unique<PostgresqlConnection>(renderer, SettingsFrom(dev));
    connection_->Execute("CREATE SCHEMA " + Quoted(name_));
    try {
      connection_->Execute("SET search_path TO " + Quoted(name_));
    } catch (...) {
      Drop();
      throw;
    }
    where_ = "schema " + name_ + " of the dev database " + dev.Redacted();
  }

  ~ScratchSchema() override { Drop(); }

  Connection& connection() override { return *connection_; }
  std::string description() const override { return where_; }

 private:
  void Drop() noexcept {
    try {
      connection_->Rollback();
      connection_->Execute("DROP SCHEMA IF EXISTS " + Quoted(name_) + " CASCADE");
    } catch (...) {
      // Left behind; its name says what it is.
    }
  }

  std::string name_;
  std::string where_;
  std::unique_ptr<PostgresqlConnection> connection_;
};

}  // namespace

std::unique_ptr<ScratchDatabase> OpenScratch(const PostgresqlRenderer& renderer,
                                             const DatabaseUrl& live, const DatabaseUrl* dev) {
  if (dev != nullptr) return std::make_unique<ScratchSchema>(renderer, *dev);
  return std::make_unique<TemporaryDatabase>(renderer, live);
}

}  // namespace retort::postgresql
