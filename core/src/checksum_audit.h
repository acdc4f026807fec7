// What `validate`, `validate --accept` and the check before upgrade and
// downgrade share: which applied revisions' files differ from what the
// history recorded.
#ifndef RETORT_CORE_CHECKSUM_AUDIT_H_
#define RETORT_CORE_CHECKSUM_AUDIT_H_

#include <string>
#include <vector>

#include "retort/migrator.h"
#include "retort/script_directory.h"
#include "retort/validate.h"

namespace retort {

// The applied revisions of a database with `version_rows` and `history`
// (oldest first) whose files are edited, missing or unknown, as Validate
// (validate.h) defines them, oldest first; `checked` receives how many
// applied revisions were compared. File checksums come through
// ScriptDirectory::Checksum, from the header cache where it can. Throws the
// script directory's errors.
std::vector<RevisionCheck> AuditChecksums(const std::vector<HistoryRow>& history,
                                          const std::vector<std::string>& version_rows,
                                          ScriptDirectory& scripts, std::size_t* checked = nullptr);

}  // namespace retort

#endif  // RETORT_CORE_CHECKSUM_AUDIT_H_
