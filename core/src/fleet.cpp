// FleetUpgrade and FleetCurrent (retort/fleet.h): a few working threads,
// each with its own script directory, take the databases in list order,
// those that share a migration lock together.
#include "retort/fleet.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "adoption.h"
#include "command_support.h"
#include "incomplete_revision.h"
#include "retort/dialect_loader.h"
#include "retort/error.h"
#include "retort/url.h"

namespace retort {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> Sorted(std::vector<std::string> heads) {
  std::sort(heads.begin(), heads.end());
  return heads;
}

// What one database's work needs besides its URL.
struct FleetJob {
  const Config& config;
  std::string_view target;
  bool upgrade;  // else only read
  bool resume;
};

// Whether `heads` are where `target` says: nothing would be upgraded.
bool AtTarget(ScriptDirectory& scripts, const std::vector<std::string>& heads,
              std::string_view target) {
  return scripts.graph().PlanUpgrade(heads, target).empty();
}

Config ConfigFor(const FleetJob& job, const std::string& url) {
  Config one = job.config;
  one.url = url;
  one.url_origin = "the fleet's list";
  return one;
}

void RunOne(const FleetJob& job, ScriptDirectory& scripts, const std::string& url,
            FleetResult& result) {
  const Config one = ConfigFor(job, url);
  Database database = Open(one);
  MigrationListener quiet;
  Migrator migrator = MigratorOf(one, database, scripts, quiet);
  if (const std::vector<IncompleteRevision> marks = migrator.Incomplete(); !marks.empty()) {
    throw RevisionError(DescribeIncomplete(marks.front()));
  }
  result.heads_before = Sorted(migrator.CurrentHeads());
  const bool at_target = AtTarget(scripts, *result.heads_before, job.target);
  if (!job.upgrade || (job.resume && at_target)) {
    result.status = job.upgrade ? FleetResult::Status::kSkipped : FleetResult::Status::kCurrent;
    result.heads_after = result.heads_before;
    result.at_target = at_target;
    return;
  }
  AdoptIfUnversioned(one, scripts, database, quiet);
  for (const MigrationStep& step : migrator.Upgrade(job.target, OptionsOf(one))) {
    result.applied.push_back(step.revision.id);
  }
  result.heads_after = Sorted(migrator.CurrentHeads());
  result.status = FleetResult::Status::kUpgraded;
  result.at_target = AtTarget(scripts, *result.heads_after, job.target);
}

// The key of the migration lock `url` takes; "" for one of its own, and for
// a URL that does not parse.
std::string LockScopeOf(const std::string& url) {
  try {
    const DatabaseUrl parsed = ParseDatabaseUrl(url);
    return FindDialectForScheme(parsed.scheme).MigrationLockScope(parsed);
  } catch (...) {
    return {};  // a plugin's dialect may throw anything; running it reports
  }
}

// The databases in list order, in chains: when `locking`, the databases of
// one chain share a migration lock (Dialect::MigrationLockScope) and run one
// after another, by one worker, instead of timing out on each other's lock.
// Reads take no lock: each database is a chain of its own.
std::vector<std::vector<std::size_t>> ChainsBySharedLock(const std::vector<std::string>& urls,
                                                         bool locking) {
  std::vector<std::vector<std::size_t>> chains;
  std::map<std::string, std::size_t> chain_of_scope;
  for (std::size_t i = 0; i < urls.size(); ++i) {
    const std::string scope = locking ? LockScopeOf(urls[i]) : "";
    if (!scope.empty()) {
      const auto [found, added] = chain_of_scope.emplace(scope, chains.size());
      if (!added) {
        chains[found->second].push_back(i);
        continue;
      }
    }
    chains.push_back({i});
  }
  return chains;
}

FleetResult RunOneReporting(const FleetJob& job, ScriptDirectory& scripts, const std::string& url) {
  FleetResult result;
  try {
    result.url = ParseDatabaseUrl(url).Redacted();
  } catch (const Error&) {
    result.url = "(a URL that does not parse)";
  }
  const Clock::time_point start = Clock::now();
  try {
    RunOne(job, scripts, url, result);
  } catch (const std::exception& error) {
    result.status = FleetResult::Status::kFailed;
    result.error = error.what();
    // Where a failed upgrade left the database, when it can still be read.
    try {
      const Config one = ConfigFor(job, url);
      Database database = Open(one);
      MigrationListener quiet;
      result.heads_after = Sorted(MigratorOf(one, database, scripts, quiet).CurrentHeads());
    } catch (const std::exception&) {
      result.heads_after.reset();
    }
  }
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  return result;
}

std::vector<FleetResult> RunFleet(const FleetJob& job, const std::vector<std::string>& urls,
                                  const FleetOptions& options) {
  auto open_scripts = [&] {
    auto scripts =
        std::make_unique<ScriptDirectory>(job.config.script_location, ScriptOptionsOf(job.config));
    if (job.upgrade) {
      scripts->ExpectLoads();
    } else {
      scripts->ExpectGraphOnly();
    }
    return scripts;
  };
  // Read once before any database is touched: a broken script directory or
  // target is one error, not one per database.
  std::unique_ptr<ScriptDirectory> first = open_scripts();
  first->graph().PlanUpgrade({}, job.target);

  std::vector<FleetResult> results(urls.size());
  if (urls.empty()) return results;
  const std::vector<std::vector<std::size_t>> chains = ChainsBySharedLock(urls, job.upgrade);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stopping{false};
  std::mutex reporting;
  std::size_t done = 0;
  std::exception_ptr failure;  // what no database's result can hold
  auto work = [&](std::unique_ptr<ScriptDirectory> scripts) {
    try {
      for (std::size_t c; !stopping && (c = next++) < chains.size();) {
        for (const std::size_t i : chains[c]) {
          if (stopping) return;
          if (!scripts) scripts = open_scripts();
          results[i] = RunOneReporting(job, *scripts, urls[i]);
          std::lock_guard<std::mutex> lock(reporting);
          ++done;
          if (options.on_done) options.on_done(results[i], done, urls.size());
        }
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(reporting);
      if (!failure) failure = std::current_exception();
      stopping = true;  // the others stop after the database they are on
    }
  };
  {
    const std::size_t threads = std::clamp<std::size_t>(options.jobs, 1, chains.size());
    std::vector<std::jthread> helpers;  // joined however this block ends
    for (std::size_t k = 1; k < threads; ++k) helpers.emplace_back(work, nullptr);
    work(std::move(first));
  }
  if (failure) std::rethrow_exception(failure);
  return results;
}

}  // namespace

std::vector<FleetResult> FleetUpgrade(const Config& config, const std::vector<std::string>& urls,
                                      std::string_view target, const FleetOptions& options) {
  return RunFleet(FleetJob{config, target, true, options.resume}, urls, options);
}

std::vector<FleetResult> FleetCurrent(const Config& config, const std::vector<std::string>& urls,
                                      std::string_view target, const FleetOptions& options) {
  return RunFleet(FleetJob{config, target, false, false}, urls, options);
}

}  // namespace retort
