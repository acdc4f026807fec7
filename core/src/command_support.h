// What the library commands share: opening the configured database, and the
// options a Config implies for the migrator and the script directory.
#ifndef RETORT_CORE_COMMAND_SUPPORT_H_
#define RETORT_CORE_COMMAND_SUPPORT_H_

#include <memory>
#include <string_view>
#include <vector>

#include "retort/config.h"
#include "retort/dialect.h"
#include "retort/migrator.h"
#include "retort/script_directory.h"

namespace retort {

struct Database {
  const Dialect* dialect = nullptr;
  std::unique_ptr<Connection> connection;
};

// The URL config.url holds. Throws ConfigError when there is none or it
// cannot be parsed, naming where it came from.
DatabaseUrl ConfiguredUrl(const Config& config);

// Connects to config.url with the dialect its scheme selects. Throws
// ConfigError (no or bad URL, a version_table_schema the database cannot
// have) or DatabaseError.
Database Open(const Config& config);

MigrateOptions OptionsOf(const Config& config);
ScriptDirectoryOptions ScriptOptionsOf(const Config& config);

// A migrator over `database` with the config's version table names.
Migrator MigratorOf(const Config& config, Database& database, ScriptDirectory& scripts,
                    MigrationListener& listener);

// The revisions of `range` in `scripts`, newest first, as
// RevisionGraph::History resolves it; the database is opened only when the
// range names `current`. Throws RevisionError for a range that does not
// resolve, and what Open throws.
std::vector<const RevisionHeader*> RevisionsInRange(const Config& config,
                                                    ScriptDirectory& scripts,
                                                    std::string_view range);

}  // namespace retort

#endif  // RETORT_CORE_COMMAND_SUPPORT_H_
