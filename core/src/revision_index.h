// A cache of revision headers and checksums, so that graph commands (heads,
// history, current) and the check of applied revisions' checksums read one
// small file instead of parsing every revision. An entry is used only while
// its file keeps the same name, size, modification and change times and
// inode (FileStamp); anything else is read again. An entry also says
// whether the file's operations were checked (see Entry). Losing or
// corrupting the cache costs time, never correctness.
#ifndef RETORT_CORE_REVISION_INDEX_H_
#define RETORT_CORE_REVISION_INDEX_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "retort/revision.h"

namespace retort {

// What must stay the same for a cached header to stay valid. The change
// time catches a file copied in with its old modification time kept.
struct FileStamp {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;
  std::uint64_t inode = 0;

  friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

// Whether a file with `stamp` was modified within two seconds of `now_ns`
// (ns since the epoch, as NowNs gives): on a coarse clock a later edit of
// the same size could keep its stamp, so such a file is read, not cached.
bool TooRecentToCache(const FileStamp& stamp, std::int64_t now_ns);
std::int64_t NowNs();

// Not thread-safe: Find remembers where it found the last name.
class RevisionIndex {
 public:
  // Reads `file` if it exists and is a valid index; otherwise starts empty.
  // `versions` is the folder the indexed file names are in.
  RevisionIndex(std::filesystem::path file, std::filesystem::path versions);

  // What is cached of one file: its header and its checksum
  // (Revision::checksum), so that comparing applied revisions' checksums
  // does not read every file either.
  struct Entry {
    FileStamp stamp;
    RevisionHeader header;
    std::string checksum;
    // False when only the header was read (ParseRevisionHeader): the file's
    // operations were never checked, so a command that runs them reads the
    // file again before it starts.
    bool operations_checked = true;
  };

  // The cached entry of `name` if its stamp still matches, else nullptr.
  // Fastest when asked in the order of the folder's listing.
  const Entry* Find(const std::string& name, const FileStamp& stamp) const;

  void Put(const std::string& name, Entry entry);

  // Whether the index holds entries for exactly `live_count` names and
  // nothing was put: true when Find found each of that many live names,
  // and then Save will not write.
  bool Unchanged(std::size_t live_count) const {
    return !changed_ && loaded_.size() == live_count;
  }
  // Moves `entry`, which Find returned, out of the index: for a caller that
  // would copy it when the index is not written again. An index that gave
  // up an entry is never saved.
  Entry Take(const Entry& entry);

  // Writes the index when it changed, keeping only the files of `listing`
  // (ListRevisionFiles), but not one TooRecentToCache. Failure to write is
  // ignored.
  void Save(const std::vector<std::pair<std::string, FileStamp>>& listing);

 private:
  struct Named {
    std::string name;
    Entry entry;
  };
  // The position of `name` in loaded_, or loaded_.size().
  std::size_t Position(const std::string& name) const;

  std::filesystem::path file_;
  std::filesystem::path versions_;
  std::vector<Named> loaded_;  // as read from the file, sorted by name
  std::unordered_map<std::string, Entry> put_;  // read from files since
  mutable std::size_t next_ = 0;  // where Position looks first
  bool changed_ = false;
  bool taken_ = false;
};

}  // namespace retort

#endif  // RETORT_CORE_REVISION_INDEX_H_
