// Reading only the header of a YAML revision, for the commands that need the
// graph alone (heads, history, current, ...) in a fresh clone: parsing what
// comes before the operations is a fraction of parsing the whole file.
#include <algorithm>
#include <cctype>
#include <string_view>

#include "retort/error.h"
#include "revision_readers.h"
#include "text_util.h"
#include "yaml_document.h"

namespace retort {
namespace {

// Whether `line` (without its line break) is the key of an operation list
// at column 0: "upgrade:" or "downgrade:", then the end or a space.
bool IsOperationsKey(std::string_view line) {
  for (std::string_view key : {std::string_view("upgrade:"), std::string_view("downgrade:")}) {
    if (!line.starts_with(key)) continue;
    const std::string_view rest = line.substr(key.size());
    if (rest.empty() || rest.front() == ' ') return true;
  }
  return false;
}

// Whether `line`, after the operations began, can only belong to them: an
// indented line, a comment, an item of a list written at column 0
// ("- create_table:"), or the other operation list. Anything else at
// column 0 may be a key of the header.
bool BelongsToOperations(std::string_view line) {
  if (line.empty() || line.front() == ' ' || line.front() == '#') return true;
  if (line.front() == '-') return line.size() == 1 || line[1] == ' ';
  return IsOperationsKey(line);
}

// Whether every line break of `text` is a line feed (with or without a
// carriage return before it): YAML also breaks lines at a lone carriage
// return and at U+0085, U+2028 and U+2029, which a scan by line feeds
// would not see.
bool BreaksOnlyAtLineFeeds(std::string_view text) {
  for (std::size_t at = text.find('\r'); at != std::string_view::npos;
       at = text.find('\r', at + 1)) {
    if (at + 1 == text.size() || text[at + 1] != '\n') return false;
  }
  for (std::string_view other : {"\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9"}) {
    if (text.find(other) != std::string_view::npos) return false;
  }
  return true;
}

// The offset in `text` of its first operation list, when the file is a
// mapping written from column 0 whose every header key comes before that
// list; std::string_view::npos when it is not known to be so, and the
// whole file must be read. Conservative: a file written otherwise (a flow
// mapping, a quoted key, a key after the operations, a document marker or
// directive, a tab or an unusual line break) is read whole.
std::size_t OperationsOffset(std::string_view text) {
  if (!BreaksOnlyAtLineFeeds(text)) return std::string_view::npos;
  std::size_t start = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // a byte order mark
  bool key_seen = false;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (IsOperationsKey(line)) break;
    // Before the operations, a line at column 0 is a comment, or a plain
    // key (or the rest of a plain value) of the header; an indented line
    // continues the value above it, so it cannot come first.
    if (!line.empty() && line.front() != '#') {
      const char c = line.front();
      if (c == ' ' ? !key_seen : !(c == '_' || std::isalpha(static_cast<unsigned char>(c)))) {
        return std::string_view::npos;
      }
      key_seen = true;
    }
    start = end + 1;
  }
  if (start >= text.size()) return std::string_view::npos;  // no operations
  const std::size_t operations = start;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (!BelongsToOperations(line)) return std::string_view::npos;
    start = end + 1;
  }
  return operations;
}

}  // namespace

Revision ParseRevisionHeader(const std::string& path, const std::string& text,
                             bool* operations_read) {
  const std::string_view name = text::FileNameOf(path);
  *operations_read = true;
  if (!name.ends_with(".yaml") && !name.ends_with(".yml")) return ParseRevisionText(path, text);
  if (const std::size_t at = OperationsOffset(text); at != std::string_view::npos) {
    try {
      Revision revision = YamlRevisionHeaderFromTree(
          path, LoadYamlDocument(path, text.substr(0, at)), Sha256Hex(text));
      *operations_read = false;
      return revision;
    } catch (const FileError&) {
      // Parsed whole below: its message is the one to give, and it names
      // the problem as every other command would.
    }
  }
  return ParseYamlRevision(path, text);
}

}  // namespace retort
