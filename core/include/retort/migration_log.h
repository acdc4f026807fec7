// What `retort log` reports (Flyway's `info`): the steps the database's
// history table records, then the revisions an upgrade to every head would
// still apply.
#ifndef RETORT_MIGRATION_LOG_H_
#define RETORT_MIGRATION_LOG_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "retort/config.h"
#include "retort/migrator.h"
#include "retort/revision.h"

namespace retort {

// A revision `upgrade heads` would apply.
struct PendingRevision {
  RevisionHeader revision;
  // Hex SHA-256 of its file, as the history row will record it; empty for a
  // revision without a file.
  std::string checksum;
};

struct MigrationLog {
  std::vector<HistoryRow> applied;        // oldest first
  std::vector<PendingRevision> pending;   // in the order an upgrade applies them
};

struct LogOptions {
  // Only revisions in this range ("a:b", "a:", ":b", as History takes it);
  // empty: every revision, and every history row, also of revisions the
  // script directory no longer has.
  std::string range;
  // Only the last `limit` applied rows (after the range); pending revisions
  // are all listed.
  std::optional<std::size_t> limit;
};

// The history table and the pending plan of config's database. Reads only,
// without the migration lock, so a migration running meanwhile may be seen
// half-way. Pending is empty when a revision is incomplete (no upgrade can
// run until someone resolves it). Throws, besides the errors common to every
// function of commands.h, RevisionError for a range that does not resolve
// and for version rows naming revisions the script directory lacks (no plan
// can be made from them), and FileError for a pending revision's file that
// cannot be read.
MigrationLog Log(const Config& config, const LogOptions& options = {});

}  // namespace retort

#endif  // RETORT_MIGRATION_LOG_H_
