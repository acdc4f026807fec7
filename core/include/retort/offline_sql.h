// Offline SQL: the library side of `upgrade --sql`, `downgrade --sql` and
// `stamp --sql`. Each writes the script a migration would run, for a
// database at a given start, without connecting to any database: the
// transaction statements of the online run, the revisions' statements, and
// retort's own version-table DDL and rows, with no placeholders. Where a
// statement depends on the schema it meets (SQLite's table rebuilds), the
// history up to the start is run first on a scratch database of the
// dialect (see Dialect::OpenScript); what online would check against the
// rows becomes a statement that fails the script when it does not hold.
// The script must be run so that it stops at its first error.
//
// config.url only selects the dialect (and, for a scratch database, its
// settings): nothing is read from it. Every function throws what the online
// command throws (ConfigError, FileError, RevisionError, OperationError),
// and OperationError for a revision that needs a live database (a C++
// revision that queries); a script is whole or not returned at all. Unlike
// online, a revision that cannot be read or checked stops the script where
// the plan reaches it, not before the first step: the listener may have
// heard the steps before it (revisions are read while earlier ones are
// written, see Migrator::ScriptUpgrade). Nothing is written anywhere; the
// caller prints the text.
//
// Thread-safety: as the commands of commands.h.
#ifndef RETORT_OFFLINE_SQL_H_
#define RETORT_OFFLINE_SQL_H_

#include <string>
#include <string_view>
#include <vector>

#include "retort/config.h"
#include "retort/events.h"
#include "retort/revision_graph.h"

namespace retort {

struct OfflineScript {
  std::string sql;                  // statements ending in ";", comments "-- "
  std::vector<MigrationStep> steps;  // what it runs, in order
  std::vector<std::string> rows;     // the version rows it leaves
};

// `range` is "START:END" or "END" (START is then base). START is where the
// database is taken to be: "base", or revisions (anything Resolve accepts,
// "heads", several joined by commas) as a stamp would record them. END is
// any upgrade target. `listener` hears the steps, statements and notices.
OfflineScript UpgradeSql(const Config& config, std::string_view range,
                         MigrationListener& listener);

// As UpgradeSql for a downgrade; `range` must be "START:END" (a downgrade
// must know where it starts), END anything Downgrade accepts.
OfflineScript DowngradeSql(const Config& config, std::string_view range,
                           MigrationListener& listener);

// The statements that stamp `targets` on a database at `start` ("base" or
// revisions as in UpgradeSql): the version rows and history rows, and
// retort's tables when the start is base.
OfflineScript StampSql(const Config& config, std::string_view start,
                       const std::vector<std::string>& targets, bool purge);

}  // namespace retort

#endif  // RETORT_OFFLINE_SQL_H_
