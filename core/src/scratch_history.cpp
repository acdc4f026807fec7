#include "scratch_history.h"

#include <algorithm>

#include "command_support.h"
#include "retort/dialect_loader.h"
#include "retort/error.h"

namespace retort {
namespace {

bool IsOwnTable(const QualifiedName& name, const VersionTableNames& tables) {
  if (!tables.schema.empty() && !name.schema.empty() && name.schema != tables.schema) {
    return false;
  }
  return name.name == tables.version || name.name == tables.history ||
         name.name == tables.incomplete || name.name == tables.lock;
}

const Dialect& DialectOf(const Config& config) {
  return FindDialectForScheme(ConfiguredUrl(config).scheme);
}

// The scratch database: in config.dev_url when one is set, which must be a
// database of the same dialect.
std::unique_ptr<ScratchDatabase> OpenScratch(const Config& config, const Dialect& dialect) {
  const DatabaseUrl live = ConfiguredUrl(config);
  if (config.dev_url.empty()) return dialect.OpenScratch(live, nullptr);
  DatabaseUrl dev;
  try {
    dev = ParseDatabaseUrl(config.dev_url);
  } catch (const ConfigError& error) {
    throw ConfigError(std::string(error.what()) + " (the dev URL comes from " +
                      config.dev_url_origin + ")");
  }
  if (&FindDialectForScheme(dev.scheme) != &dialect) {
    throw ConfigError("the dev URL " + dev.Redacted() + " (from " + config.dev_url_origin +
                      ") is not a " + dialect.name() +
                      " database; a dev database must be of the database's own dialect");
  }
  return dialect.OpenScratch(live, &dev);
}

// A transaction per revision whatever the configuration says: a revision
// marked transaction: false cannot run inside a whole-run transaction.
MigrateOptions ScratchOptions(const Config& config) {
  MigrateOptions options = OptionsOf(config);
  options.transaction_per_revision = true;
  options.tag.clear();
  return options;
}

}  // namespace

Schema WithoutOwnTables(Schema schema, const VersionTableNames& tables) {
  std::erase_if(schema.tables,
                [&](const Table& table) { return IsOwnTable(table.name, tables); });
  std::erase_if(schema.indexes,
                [&](const Index& index) { return IsOwnTable(index.table, tables); });
  return schema;
}

Schema ReflectUserSchema(Connection& connection, const VersionTableNames& tables) {
  return WithoutOwnTables(connection.Reflect(), tables);
}

ScratchHistory::ScratchHistory(const Config& config, ScriptDirectory& scripts,
                               MigrationListener& listener)
    : config_(config),
      dialect_(&DialectOf(config)),
      scratch_(OpenScratch(config, *dialect_)),
      migrator_(*dialect_, scratch_->connection(), scripts, listener, config.tables) {}

void ScratchHistory::UpgradeTo(const std::vector<std::string>& targets) {
  for (const std::string& target : targets) migrator_.Upgrade(target, ScratchOptions(config_));
}

void ScratchHistory::DowngradeTo(const std::string& target) {
  migrator_.Downgrade(target, ScratchOptions(config_));
}

Schema ScratchHistory::Reflect() { return ReflectUserSchema(connection(), config_.tables); }

}  // namespace retort
