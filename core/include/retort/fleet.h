// Fleets: the same history applied to many databases (one per customer, one
// PostgreSQL schema per tenant), with bounded parallelism and a result per
// database, as `retort fleet` runs it.
//
// A PostgreSQL schema is a database of the fleet through its URL's
// search_path: postgresql://host/app?options=-csearch_path%3Dtenant_7 keeps
// that tenant's tables and its retort_version in schema tenant_7, and its
// migration lock apart from the other tenants'.
#ifndef RETORT_FLEET_H_
#define RETORT_FLEET_H_

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/config.h"

namespace retort {

// What happened to one database of the fleet.
struct FleetResult {
  std::string url;  // as the list gave it, with any password redacted
  enum class Status {
    kUpgraded,  // revisions were applied (maybe none: it was at the target)
    kSkipped,   // --resume: already at the target, left alone
    kCurrent,   // fleet current: read
    kFailed,    // see error
  } status = Status::kFailed;
  // Where the database was and is, sorted; {} for a database retort has
  // not versioned, nullopt when it could not be read (see error).
  std::optional<std::vector<std::string>> heads_before;
  std::optional<std::vector<std::string>> heads_after;
  std::vector<std::string> applied;  // the revisions this run applied, in order
  bool at_target = false;            // heads_after is where the target says
  std::chrono::milliseconds elapsed{0};
  std::string error;  // the error's message (with file, line, revision), empty unless failed
};

struct FleetOptions {
  // Databases worked on at once (each with its own connection), at least 1.
  std::size_t jobs = 4;
  // Leave alone, without taking the migration lock, a database whose
  // version rows already are where the target says.
  bool resume = false;
  // Called after each database, with the results so far in the order they
  // finished; calls are serialized (never two at once), from the working
  // threads. May be empty.
  std::function<void(const FleetResult& result, std::size_t done, std::size_t total)> on_done;
};

// The URLs of a fleet, one per line of `text`; blank lines are left out,
// and so are comments: from a '#' that starts a line or follows white
// space to the line's end. `origin` names the text in messages (a file's
// name, "the output of COMMAND"). Throws ConfigError naming origin and line
// for a URL that does not parse, a scheme no dialect has, a URL given twice
// (with both lines) and a line holding a NUL byte; and when no URL is given
// at all.
std::vector<std::string> ParseFleetUrls(std::string_view text, const std::string& origin);

// ParseFleetUrls on the contents of `file` ("-": standard input). Throws
// FileError when it cannot be read.
std::vector<std::string> ReadFleetUrls(const std::filesystem::path& file);

// ParseFleetUrls on what `command` prints when /bin/sh runs it. Throws
// ConfigError naming the command when it cannot be started or exits with
// a status other than 0 (its standard error passes through).
std::vector<std::string> FleetUrlsFromCommand(const std::string& command);

// Upgrades each database of `urls` to `target` (as Upgrade does, adoption
// included where config.adopt_unversioned says so) with config's script
// directory and settings, up to options.jobs at once; databases that share
// a migration lock (Dialect::MigrationLockScope: SQLite files of one folder)
// run one after another, in list order. A database that fails does not stop
// the others: its result says why, and what it is at. The script directory
// is read once per job, not per database. Returns the results in the order
// of `urls`. Throws, before any database is touched, what reading the
// script directory throws (RevisionError, FileError) and RevisionError for a
// target the graph does not have; and what on_done throws, once the
// databases under way are done. Thread-safe: shares nothing between calls.
std::vector<FleetResult> FleetUpgrade(const Config& config, const std::vector<std::string>& urls,
                                      std::string_view target, const FleetOptions& options);

// Where each database of `urls` is (heads_before = heads_after), and
// whether that is `target`; reads only, without the migration lock. A
// database that cannot be read (no connection, an incomplete revision) is
// kFailed with the reason.
std::vector<FleetResult> FleetCurrent(const Config& config, const std::vector<std::string>& urls,
                                      std::string_view target, const FleetOptions& options);

}  // namespace retort

#endif  // RETORT_FLEET_H_
