// retort validate: whether the revisions a database has applied are still
// the files that ran, and whether its history table's hash chain holds; and
// accepting a revision's new checksum on purpose.
//
// Thread-safety: as commands.h: each call opens its own connection, and the
// results are plain values.
#ifndef RETORT_VALIDATE_H_
#define RETORT_VALIDATE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "retort/config.h"

namespace retort {

// An applied revision whose file is not the one the history recorded.
struct RevisionCheck {
  enum class Status {
    kEdited,   // the file's checksum differs from the one recorded when it ran
    kMissing,  // applied, but the script directory no longer has its file
    kUnknown,  // applied (stamped, adopted, or run before the history table
               // existed) with no checksum on record to compare with
  };
  Status status = Status::kEdited;
  std::string revision;
  std::string path;               // the file; empty when missing
  std::string recorded_checksum;  // empty: none recorded (kUnknown)
  std::string file_checksum;      // empty: no file (kMissing)
};

// "edited", "missing", "unknown".
const char* StatusName(RevisionCheck::Status status);

// A history row where the hash chain does not hold.
struct ChainProblem {
  long long row_id = 0;
  std::string revision;
  std::string what;  // what differs, for a person
};

struct ValidationReport {
  // The applied revisions compared (those with a file or a recorded
  // checksum), and those of them that do not match, oldest first.
  std::size_t revisions_checked = 0;
  std::vector<RevisionCheck> revisions;
  std::vector<ChainProblem> chain;
  // History rows written before retort chained them (their hashes are
  // empty): not a problem, nothing to check either.
  std::size_t unchained_rows = 0;

  // Whether `retort validate` succeeds: no edited, missing or unknown
  // revision, and an intact chain.
  bool passed() const { return revisions.empty() && chain.empty(); }
};

// Compares the checksum recorded for every revision the database has
// applied (the version rows and their ancestors; the latest "upgrade" or
// "accept" history row of each) with its file's checksum now, and checks
// the history's hash chain. A revision the script directory lacks is
// missing when it is a version row or its latest upgrade, downgrade or
// accept row is not a downgrade. Reads only, without the migration lock;
// a database retort has not touched passes. Throws what commands.h's
// functions that read the database throw (a script directory whose graph
// misses a parent because its file was deleted is a RevisionError).
ValidationReport Validate(const Config& config);

// Records, for each of `revisions` (anything RevisionGraph::Resolve
// accepts), that its file's current checksum is accepted: a history row
// with direction "accept", the checksum, the user@host, config.tag and
// `reason` as its note, chained as every row is. Afterwards Validate and
// Upgrade take that checksum as the one recorded. All rows are written in
// one transaction under the migration lock (config.lock_timeout), after the
// revisions are checked under it. Returns the accepted revision ids. Throws
// ConfigError for an empty reason or no revisions, RevisionError (nothing
// written) for a reference that does not resolve or a revision that is not
// applied and edited or unknown, DatabaseError for the lock not had in time.
std::vector<std::string> AcceptChecksums(const Config& config,
                                         const std::vector<std::string>& revisions,
                                         const std::string& reason);

}  // namespace retort

#endif  // RETORT_VALIDATE_H_
