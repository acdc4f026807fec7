// A folder of revision files on disk: which of its files are revisions,
// each file's stamp (what the header and parsed-revision caches are keyed
// by), and reading one revision through the parsed-revision cache.
#ifndef RETORT_CORE_VERSIONS_FOLDER_H_
#define RETORT_CORE_VERSIONS_FOLDER_H_

#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "retort/revision.h"
#include "revision_index.h"
#include "revision_tree_cache.h"

namespace retort {

// `path` absolute, normalized, without a trailing '/': two spellings of one
// folder compare equal.
std::filesystem::path ComparablePath(const std::filesystem::path& path);

// The header cache of the revision files in `folder` of the script directory
// at `location`: .retort-index for its own versions/ folder (as always), a
// file named after the folder's path for any other version location.
std::filesystem::path IndexFileOf(const std::filesystem::path& location,
                                  const std::filesystem::path& folder);

// The stamp of a file from its `stat`; of the file at `file`, or nullopt
// when it cannot be stat'ed. Never throw.
FileStamp StampOf(const struct stat& info);
std::optional<FileStamp> StampOf(const std::filesystem::path& file);

// The revision files of `versions` with their stamps, sorted by name, from
// one listing and one stat per file (std::filesystem would stat each file
// once per query). Names starting with '.' or '_' and other extensions are
// not revisions. Throws ConfigError when the folder cannot be read, or
// names a revision-like entry that is no regular file (a folder, a broken
// or looping symbolic link) and how to keep it out. Without `stamped`, the
// names alone, with empty stamps and no stat: for a caller that reads every
// file with ReadRevisionTextAndStamp, which checks and stamps it instead.
std::vector<std::pair<std::string, FileStamp>> ListRevisionFiles(
    const std::filesystem::path& versions, bool stamped = true);

// The text of the listed revision file `file` and, in `stamp`, its stamp as
// it was opened. Throws ConfigError as ListRevisionFiles does for a name
// that is no regular file (a FIFO is not waited on), FileError when it
// cannot be read. Thread-safe.
std::string ReadRevisionTextAndStamp(const std::filesystem::path& file, FileStamp* stamp);

// The revision in `file` as it is now, its YAML tree taken from `cache`
// (if any) when it has the tree of the file with its stamp now (`stamp`,
// if just taken), and put there when not. With `as_listed`, a file of the
// cache's listing is taken to have the stamp it was listed with (see
// ScriptDirectory::LoadAsListed). Throws as ReadRevisionFile. Thread-safe
// as RevisionTreeCache is.
Revision ReadThrough(RevisionTreeCache* cache, const std::string& file,
                     std::optional<FileStamp> stamp = std::nullopt, bool as_listed = false);

}  // namespace retort

#endif  // RETORT_CORE_VERSIONS_FOLDER_H_
