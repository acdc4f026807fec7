// The header of a revision file written as comment lines: "-- key: value"
// in a plain-SQL revision, "// key: value" in a C++ revision. Values are
// YAML flow values, so lists ([a, b]) and null work as in YAML revisions.
#ifndef RETORT_CORE_COMMENT_HEADER_H_
#define RETORT_CORE_COMMENT_HEADER_H_

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "retort/revision.h"

namespace retort {

class CommentHeaderReader {
 public:
  // Reads into `revision` (borrowed) the header of the file at `path`, whose
  // comments start with `marker` and whose header takes the keys `keys` (a
  // subset of the SQL format's).
  CommentHeaderReader(std::string path, std::string marker, std::set<std::string> keys,
                      Revision& revision);

  // Reads `trimmed`, the text of line `line`, when it is a header line and
  // returns true; returns false for anything else. Throws FileError at that
  // line for a key given twice, a bad value, a key this format does not
  // take, or a line that looks like a misspelt key.
  bool Read(std::string_view trimmed, int line);

  // Whether `trimmed` is a comment in this format.
  bool IsComment(std::string_view trimmed) const { return trimmed.starts_with(marker_); }

  // The "dialect:" value; empty when none was given.
  const std::string& dialect() const { return dialect_; }

  // Checks what the whole header must give: the revision id, usable and
  // matching the file name. Throws FileError.
  void Finish() const;

 private:
  std::string path_;
  std::string marker_;
  std::set<std::string> keys_;
  Revision& revision_;
  std::map<std::string, int> seen_;  // key -> line
  std::string dialect_;
  int id_line_ = 0;
};

// Every key a comment header may give (the SQL format takes them all).
const std::set<std::string>& CommentHeaderKeys();

}  // namespace retort

#endif  // RETORT_CORE_COMMENT_HEADER_H_
