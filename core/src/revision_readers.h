// Parsers of the two revision file formats. Both take the file's path (for
// messages and the name check) and its text, and throw FileError naming the
// line of the first problem.
#ifndef RETORT_CORE_REVISION_READERS_H_
#define RETORT_CORE_REVISION_READERS_H_

#include <string>

#include "retort/revision.h"

namespace retort {

// A YAML revision: header keys, then upgrade: and optionally downgrade:.
Revision ParseYamlRevision(const std::string& path, const std::string& text);

// A plain-SQL revision: "-- key: value" header lines, then "-- migrate:up"
// and optionally "-- migrate:down" sections.
Revision ParseSqlRevision(const std::string& path, const std::string& text);

// Why `id` cannot be a revision id, or "" when it can: letters, digits and
// '_', not starting with '_' (such files are skipped), not a target keyword.
std::string RevisionIdProblem(const std::string& id);

// Throws FileError at `line` when `id` is not a usable revision id or the
// file name is not "{id}_{slug}.ext" or "{id}.ext".
void CheckRevisionId(const std::string& path, const std::string& id, int line);

// Hex SHA-256 of `bytes`.
std::string Sha256Hex(const std::string& bytes);

}  // namespace retort

#endif  // RETORT_CORE_REVISION_READERS_H_
