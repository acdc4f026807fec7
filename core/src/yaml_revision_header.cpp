// Reading only the header of a YAML revision, for the commands that need the
// graph alone (heads, history, current) in a fresh clone: parsing what comes
// before the operations is a fraction of parsing the whole file.
#include <cctype>
#include <string_view>

#include "retort/error.h"
#include "revision_readers.h"
#include "text_util.h"
#include "yaml_document.h"

namespace retort {
namespace {

// Whether `line` is the key of an operation list ("upgrade:" or
// "downgrade:", then the end, a space or a comment) at column 0.
bool IsOperationsKey(std::string_view line) {
  for (std::string_view key : {std::string_view("upgrade:"), std::string_view("downgrade:")}) {
    if (!line.starts_with(key)) continue;
    const std::string_view rest = line.substr(key.size());
    if (rest.empty() || rest.front() == ' ' || rest.front() == '\r') return true;
  }
  return false;
}

// Whether `line`, after the operations began, can only belong to them: an
// indented line, a comment, an item of a list written at column 0
// ("- create_table:"), or the other operation list. Anything else at
// column 0 may be a key of the header.
bool BelongsToOperations(std::string_view line) {
  if (line.empty() || line.front() == ' ' || line.front() == '#' || line == "\r") return true;
  if (line.front() == '-') return line.size() == 1 || line[1] == ' ' || line[1] == '\r';
  return IsOperationsKey(line);
}

// The offset in `text` of its first operation list, when the file is a
// mapping written from column 0 whose every header key comes before that
// list; std::string_view::npos when it is not known to be so, and the
// whole file must be read. Conservative: a file written otherwise (a flow
// mapping, a key after the operations, a second document) is read whole.
std::size_t OperationsOffset(std::string_view text) {
  std::size_t operations = std::string_view::npos;
  bool first_key_seen = false;
  std::size_t start = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // a byte order mark
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    if (operations != std::string_view::npos) {
      if (!BelongsToOperations(line)) return std::string_view::npos;
    } else if (!line.empty() && line.front() != '#' && line != "\r") {
      if (!first_key_seen) {
        const char c = line.front();
        const bool plain_key = std::isalpha(static_cast<unsigned char>(c)) || c == '_';
        if (!plain_key) return std::string_view::npos;
        first_key_seen = true;
      }
      if (IsOperationsKey(line)) operations = start;
    }
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
