// A history run on a scratch database: how the core learns the schema that
// revisions make (their "implied" schema) without touching the live
// database. Running the real statements, `execute` included, is what makes
// the answer exact: no model of the operations could know what raw SQL did.
#ifndef RETORT_CORE_SCRATCH_HISTORY_H_
#define RETORT_CORE_SCRATCH_HISTORY_H_

#include <memory>
#include <string>
#include <vector>

#include "retort/config.h"
#include "retort/dialect.h"
#include "retort/migrator.h"
#include "retort/schema.h"
#include "retort/script_directory.h"

namespace retort {

// `schema` without retort's own tables as `tables` names them (and their
// indexes): they are bookkeeping, not the user's schema.
Schema WithoutOwnTables(Schema schema, const VersionTableNames& tables);

// The live database's schema as the commands compare it.
Schema ReflectUserSchema(Connection& connection, const VersionTableNames& tables);

// A scratch database of the configured database's dialect (in config.dev_url
// when set) and the history of `scripts`, ready to be run on it.
class ScratchHistory {
 public:
  // Opens the scratch database. Throws ConfigError for a missing or bad URL,
  // a dev_url of another dialect, or no way to have a scratch database.
  // Borrows `scripts` and `listener`, which must outlive it.
  ScratchHistory(const Config& config, ScriptDirectory& scripts, MigrationListener& listener);

  // Upgrades the scratch database to each of `targets` in turn (anything
  // Migrator::Upgrade accepts). Throws what the migrator throws.
  void UpgradeTo(const std::vector<std::string>& targets);

  // Downgrades the scratch database to `target` (anything
  // Migrator::Downgrade accepts). Throws what the migrator throws.
  void DowngradeTo(const std::string& target);

  // The scratch database's schema now.
  Schema Reflect();

  Connection& connection() { return scratch_->connection(); }
  // Hands the scratch database, as the history has left it, to the caller;
  // the ScratchHistory must not be used afterwards.
  std::unique_ptr<ScratchDatabase> Release() && { return std::move(scratch_); }
  const Dialect& dialect() const { return *dialect_; }
  // Where the scratch database is, for messages.
  std::string description() const { return scratch_->description(); }

 private:
  const Config& config_;
  const Dialect* dialect_ = nullptr;
  std::unique_ptr<ScratchDatabase> scratch_;
  Migrator migrator_;
};

}  // namespace retort

#endif  // RETORT_CORE_SCRATCH_HISTORY_H_
