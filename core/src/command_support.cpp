#include "command_support.h"

#include "retort/dialect_loader.h"
#include "retort/error.h"
#include "retort/lease_lock.h"

namespace retort {
namespace {

// version_table_schema must name a schema the database can have: looking
// the version table up there fails on a database without it (an SQLite
// file has only "main", unless other files are attached). Said before
// anything runs, naming the option, rather than by the first CREATE TABLE.
void CheckVersionTableSchema(const Config& config, Database& database) {
  if (config.tables.schema.empty()) return;
  try {
    database.connection->TableExists({config.tables.schema, config.tables.version});
  } catch (const DatabaseError& error) {
    throw ConfigError(config.tables_origin + ": [retort] version_table_schema '" +
                      config.tables.schema + "' cannot apply to this " +
                      database.dialect->name() + " database (" + error.what() +
                      "); name a schema it has, or remove the option");
  }
}

}  // namespace

DatabaseUrl ConfiguredUrl(const Config& config) {
  if (config.url.empty()) {
    throw ConfigError("no database URL: set url in " +
                      (config.config_file.empty() ? std::string("retort.ini")
                                                  : config.config_file.string()) +
                      ", RETORT_URL, or --url");
  }
  try {
    return ParseDatabaseUrl(config.url);
  } catch (const ConfigError& error) {
    if (config.url_origin.empty()) throw;
    throw ConfigError(std::string(error.what()) + " (the URL comes from " + config.url_origin +
                      ")");
  }
}

Database Open(const Config& config) {
  const DatabaseUrl url = ConfiguredUrl(config);
  Database database;
  database.dialect = &FindDialectForScheme(url.scheme);
  database.connection = WithConfiguredLock(database.dialect->Connect(url), *database.dialect, url,
                                           config.tables, config.lock);
  CheckVersionTableSchema(config, database);
  return database;
}

MigrateOptions OptionsOf(const Config& config) {
  MigrateOptions options;
  options.transaction_per_revision = config.transaction_per_revision;
  options.lock_timeout = config.lock_timeout;
  options.ddl_lock_timeout = config.ddl_lock_timeout;
  options.ddl_lock_retries = config.ddl_lock_retries;
  options.x_arguments = config.x_arguments;
  options.tag = config.tag;
  options.on_checksum_mismatch = config.on_checksum_mismatch;
  return options;
}

ScriptDirectoryOptions ScriptOptionsOf(const Config& config) {
  ScriptDirectoryOptions options;
  options.version_locations = config.version_locations;
  options.file_template = config.file_template;
  options.code_revisions = config.code_revisions;
  return options;
}

Migrator MigratorOf(const Config& config, Database& database, ScriptDirectory& scripts,
                    MigrationListener& listener) {
  return Migrator(*database.dialect, *database.connection, scripts, listener, config.tables);
}

std::vector<const RevisionHeader*> RevisionsInRange(const Config& config,
                                                    ScriptDirectory& scripts,
                                                    std::string_view range) {
  auto current = [&] {
    Database database = Open(config);
    MigrationListener quiet;
    return MigratorOf(config, database, scripts, quiet).CurrentHeads();
  };
  return scripts.graph().History(range, current);
}

}  // namespace retort
