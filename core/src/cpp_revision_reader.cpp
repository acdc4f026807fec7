// A C++ revision's source file in a versions folder: its leading comment
// lines are the header, in the plain-SQL format's "key: value" form.
//
//   // revision: 3f2a9c1b7d4e
//   // down_revision: 58ce9da45577
//   // message: backfill phone numbers
//   #include <retort/code_revision.h>
//   ...
//
// What it runs lives in the application that compiles and registers it
// (code_revision.h); read alone, the revision is in the graph but cannot run.
#include "comment_header.h"
#include "retort/error.h"
#include "revision_readers.h"
#include "text_util.h"

namespace retort {

Revision ParseCppRevision(const std::string& path, const std::string& text) {
  Revision revision;
  // dialect has no meaning here (the code asks RevisionContext), and a lock
  // timeout could not be given to the registration as well.
  CommentHeaderReader header(path, "//",
                             {"revision", "down_revision", "branch_labels", "depends_on",
                              "message", "create_date", "transaction"},
                             revision);
  int line_number = 0;
  for (std::string_view line : text::Split(text, '\n')) {
    ++line_number;
    const std::string_view trimmed = text::Trim(line);
    if (trimmed.empty() || header.Read(trimmed, line_number)) continue;
    if (!header.IsComment(trimmed)) break;  // the header ends where the code starts
  }
  header.Finish();
  revision.code.emplace();
  revision.how_to_add_downgrade = "give its registration a downgrade function";
  revision.checksum = Sha256Hex(text);
  return revision;
}

}  // namespace retort
