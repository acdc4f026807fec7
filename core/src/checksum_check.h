// The check upgrade and downgrade make, under the migration lock and before
// planning, that no applied revision's file was edited since it ran.
#ifndef RETORT_CORE_CHECKSUM_CHECK_H_
#define RETORT_CORE_CHECKSUM_CHECK_H_

#include <string>
#include <vector>

#include "retort/config.h"
#include "retort/events.h"
#include "retort/script_directory.h"
#include "version_table.h"

namespace retort {

// With `policy` kError, throws RevisionError naming every applied revision
// of a database at `version_rows` whose file's checksum differs from the one
// recorded when it ran (both checksums), and how to accept the edit; with
// kWarn, says the same through listener.OnNotice. Missing and unknown
// revisions are left to `retort validate`: a stamped database must still
// upgrade. Reads the history table only when there are version rows.
void CheckAppliedChecksums(VersionTable& versions, const std::vector<std::string>& version_rows,
                           ScriptDirectory& scripts, ChecksumMismatch policy,
                           MigrationListener& listener);

}  // namespace retort

#endif  // RETORT_CORE_CHECKSUM_CHECK_H_
