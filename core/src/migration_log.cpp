#include "retort/migration_log.h"

#include <unordered_set>

#include "command_support.h"

namespace retort {

MigrationLog Log(const Config& config, const LogOptions& options) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  scripts.ExpectGraphOnly();
  std::unordered_set<std::string> in_range;
  if (!options.range.empty()) {
    for (const RevisionHeader* header : RevisionsInRange(config, scripts, options.range)) {
      in_range.insert(header->id);
    }
  }
  auto wanted = [&](const std::string& id) { return options.range.empty() || in_range.count(id); };

  Database database = Open(config);
  MigrationListener quiet;
  Migrator migrator = MigratorOf(config, database, scripts, quiet);
  MigrationLog log;
  for (HistoryRow& row : migrator.History()) {
    if (wanted(row.revision)) log.applied.push_back(std::move(row));
  }
  if (options.limit && *options.limit < log.applied.size()) {
    log.applied.erase(log.applied.begin(),
                      log.applied.end() - static_cast<std::ptrdiff_t>(*options.limit));
  }
  if (!migrator.Incomplete().empty()) return log;
  const RevisionGraph& graph = scripts.graph();
  for (const MigrationStep& step : graph.PlanUpgrade(migrator.CurrentHeads(), "heads")) {
    if (!wanted(step.revision.id)) continue;
    log.pending.push_back({step.revision, scripts.Load(step.revision).checksum});
  }
  return log;
}

}  // namespace retort
