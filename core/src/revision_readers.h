// Parsers of the revision file formats. Both take the file's path (for
// messages and the name check) and its text, and throw FileError naming the
// line of the first problem.
#ifndef RETORT_CORE_REVISION_READERS_H_
#define RETORT_CORE_REVISION_READERS_H_

#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "retort/revision.h"
#include "yaml_node.h"

namespace retort {

// A YAML revision: header keys, then upgrade: and optionally downgrade:.
Revision ParseYamlRevision(const std::string& path, const std::string& text);
// The same from the file's tree (LoadYamlDocument) and its checksum
// (Sha256Hex of its text), as RevisionTreeCache keeps them.
Revision YamlRevisionFromTree(const std::string& path, const YamlNode& root,
                              std::string checksum);
// The same, without the operations, from the tree of the part of the file
// before them (which holds no "upgrade:" or "downgrade:"): the header and
// the keys beside it are read and checked as YamlRevisionFromTree does.
Revision YamlRevisionHeaderFromTree(const std::string& path, const YamlNode& header_root,
                                    std::string checksum);

// The revision in `text`, the contents of the file at `path`, for the
// graph alone: its header, its other keys and its checksum. Of a YAML file
// written as retort writes them (a mapping from column 0, the operations
// after every other key), only the part before the operations is parsed,
// and `*operations_read` is set false: its operations are neither parsed
// nor checked. Any other file is parsed as ParseRevisionText does,
// `*operations_read` true. Throws FileError as ParseRevisionText does (a
// problem in the header, or in a file parsed whole); the same message
// either way. Thread-safe.
Revision ParseRevisionHeader(const std::string& path, const std::string& text,
                             bool* operations_read);

// A plain-SQL revision: "-- key: value" header lines, then "-- migrate:up"
// and optionally "-- migrate:down" sections.
Revision ParseSqlRevision(const std::string& path, const std::string& text);

// A C++ revision's source file: "// key: value" header lines before the
// code. The revision has `code` set, with no functions.
Revision ParseCppRevision(const std::string& path, const std::string& text);

// Why `id` cannot be a revision id, or "" when it can: letters, digits and
// '_', not starting with '_' (such files are skipped), not a target keyword.
std::string RevisionIdProblem(const std::string& id);

// Whether the file name stem `stem` holds `id` as a whole word: at the start
// or after a character that is not a letter or digit, and followed by the end
// or such a character. "{id}_{slug}" does, and so do names a file_template
// such as "%(year)d_%(month).2d-%(rev)s_%(slug)s" gives.
bool FileNameHoldsId(std::string_view stem, std::string_view id);

// Throws FileError at `line` when `id` is not a usable revision id or the
// file name does not hold it (FileNameHoldsId): a file copied from another
// revision and not given an id of its own.
void CheckRevisionId(const std::string& path, const std::string& id, int line);

// Sets the revision's ddl_lock_timeout or ddl_lock_retries (`key`) from the
// header value `value`, given at `path`:`line`. Throws FileError there for a
// value those settings do not take.
void ReadDdlLockSetting(Revision& revision, const std::string& key, const std::string& value,
                        const std::string& path, int line);

// The whole text of the revision file at `path`, and with `opened` its
// status as it was opened (see ReadFileWhole). Throws FileError when it
// cannot be read.
std::string ReadRevisionText(const std::filesystem::path& path, struct stat* opened = nullptr);

// The revision in `text`, the contents of the file at `path`, parsed by the
// file's extension as ReadRevisionFile does.
Revision ParseRevisionText(const std::string& path, const std::string& text);

// Whether `path` names a YAML revision (.yaml or .yml).
bool IsYamlRevisionPath(const std::filesystem::path& path);

// Hex SHA-256 of `bytes`.
std::string Sha256Hex(const std::string& bytes);

}  // namespace retort

#endif  // RETORT_CORE_REVISION_READERS_H_
