#include "retort/startup.h"

#include <algorithm>

#include "adoption.h"
#include "command_support.h"
#include "held_lock_connection.h"
#include "retort/url.h"

namespace retort {
namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds Since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

std::vector<std::string> Sorted(std::vector<std::string> rows) {
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace

StartupReport MigrateOnStartup(const Config& config, const StartupOptions& options,
                               MigrationListener* listener) {
  const Clock::time_point start = Clock::now();
  Config run = config;
  if (options.adopt_unversioned) run.adopt_unversioned = *options.adopt_unversioned;
  const std::chrono::milliseconds lock_wait = options.lock_wait.value_or(config.lock_timeout);
  const std::string wait_origin =
      options.lock_wait ? "StartupOptions::lock_wait" : "lock_timeout of the configuration";

  ScriptDirectory scripts(run.script_location, ScriptOptionsOf(run));
  Database database = Open(run);
  auto held = std::make_unique<HeldLockConnection>(std::move(database.connection));
  HeldLockConnection& connection = *held;
  database.connection = std::move(held);

  StartupReport report;
  const LockWait wait =
      connection.Hold(lock_wait, ParseDatabaseUrl(run.url).Redacted(), wait_origin);
  report.waited_for_lock = wait.waited;
  report.lock_wait = wait.duration;

  MigrationListener quiet;
  MigrationListener& events = listener ? *listener : quiet;
  Migrator migrator = MigratorOf(run, database, scripts, events);
  report.heads_before = Sorted(migrator.CurrentHeads());
  // Under the lock, nobody else can stamp between the adoption and the
  // rows read after it.
  if (report.heads_before.empty()) {
    AdoptIfUnversioned(run, scripts, database, events);
    report.adopted_as = Sorted(migrator.CurrentHeads());
  }
  report.applied = migrator.Upgrade(options.target, OptionsOf(run));
  report.heads_after = Sorted(migrator.CurrentHeads());
  report.elapsed = Since(start);
  return report;
}

}  // namespace retort
