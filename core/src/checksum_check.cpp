#include "checksum_check.h"

#include "checksum_audit.h"
#include "retort/error.h"
#include "text_util.h"

namespace retort {

void CheckAppliedChecksums(VersionTable& versions, const std::vector<std::string>& version_rows,
                           ScriptDirectory& scripts, ChecksumMismatch policy,
                           MigrationListener& listener) {
  if (version_rows.empty()) return;
  std::vector<std::string> edited, ids;
  const std::vector<RevisionCheck> checks =
      AuditChecksums(versions.ReadChecksumRows(), version_rows, scripts);
  for (const RevisionCheck& check : checks) {
    if (check.status != RevisionCheck::Status::kEdited) continue;
    edited.push_back("revision " + check.revision + " (" + check.path +
                     ") was edited after it was applied: checksum recorded " +
                     check.recorded_checksum + ", file now " + check.file_checksum);
    ids.push_back(check.revision);
  }
  if (edited.empty()) return;
  const std::string accept = "retort validate --accept " + text::Join(ids, " --accept ") +
                             " -m \"why the edit is right\"";
  if (policy == ChecksumMismatch::kWarn) {
    listener.OnNotice(text::Join(edited, "; ") + " (on_checksum_mismatch = warn: going on; " +
                      "record the edit with " + accept + ")");
    return;
  }
  throw RevisionError(text::Join(edited, "; ") + "; nothing was run. If the edit is intended, " +
                      "record it with " + accept + ", or set on_checksum_mismatch = warn");
}

}  // namespace retort
