// A cache of parsed YAML revision files, as Python keeps .pyc files beside
// its sources: each file's YAML tree (with its lines, for messages) and
// checksum, so that a run that reads thousands of revisions (a long upgrade,
// its offline SQL) parses none it has parsed before. Parsing with libyaml
// was most of the time of writing a 10,000-revision script.
//
// It is kept beside the header cache (RevisionIndex), as
// <header cache>.trees, and trusted under the same rule: an entry is used
// only while its file keeps its name, size, times and inode. Only trees that
// passed every check of reading the file are stored; what a revision means
// is still worked out from the tree on every run, so the cache never holds
// anything a newer retort would read differently (the file names the retort
// that wrote it, and another ignores it). Losing or damaging it costs time,
// never correctness: a file that does not parse is ignored as a whole, an
// entry whose tree fails its hash or does not decode is read from its file
// again.
//
// Thread-safety: Find and Put may be called from several threads at once;
// Save from one, when no other call is running.
#ifndef RETORT_CORE_REVISION_TREE_CACHE_H_
#define RETORT_CORE_REVISION_TREE_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "revision_index.h"
#include "yaml_node.h"
#include "whole_file.h"

namespace retort {

class RevisionTreeCache {
 public:
  // `file` is read on the first Find, not before: commands that read no
  // whole revision (heads, history) never open it. `live` are the names and
  // stamps of the folder's files as the graph was read, sorted by name: the
  // entries of other files, or of these with other stamps, are dropped.
  RevisionTreeCache(std::filesystem::path file,
                    std::vector<std::pair<std::string, FileStamp>> live);

  struct Hit {
    YamlNode root;
    std::string checksum;  // Revision::checksum of the file
  };

  // The live names and stamps, sorted by name.
  const std::vector<std::pair<std::string, FileStamp>>& live() const { return live_; }

  // The position of `name` in live(), or kNotListed for a file not listed.
  static constexpr std::size_t kNotListed = static_cast<std::size_t>(-1);
  std::size_t Position(std::string_view name) const;

  // The tree of the file at `position` (Position, or kNotListed) as it was
  // with `stamp`, or nullopt.
  std::optional<Hit> FindAt(std::size_t position, const FileStamp& stamp) const;
  // FindAt(Position(name), stamp).
  std::optional<Hit> Find(std::string_view name, const FileStamp& stamp) const {
    return FindAt(Position(name), stamp);
  }

  // Keeps the tree of `name`, read while it had `stamp`, for Save.
  void Put(const std::string& name, const FileStamp& stamp, const std::string& checksum,
           const YamlNode& root);

  // Writes the cache when Put added to it or an entry went stale: the
  // entries of live files, but not those TooRecentToCache. Replaces the file
  // whole; failure to write is ignored. Waits for StartLoading's thread.
  void Save();

  // Reads the file on another thread now, when it is long enough to pay for
  // one (and a thread can be had), so that the first Find finds it read.
  // Call once, before any Find or Put; the destructor waits for it.
  void StartLoading();

 private:
  void LoadOnce() const;

  std::filesystem::path file_;
  std::vector<std::pair<std::string, FileStamp>> live_;
  mutable std::once_flag indexed_;  // positions_ is built on first use
  mutable std::unordered_map<std::string_view, std::size_t> positions_;  // in live_
  mutable std::once_flag loaded_;
  mutable std::mutex mutex_;  // guards entries_ and changed_ after loading
  // The file as mapped or read, which loaded entries point into.
  mutable FileContents contents_;
  struct Entry {
    FileStamp stamp;
    std::string_view checksum;  // Revision::checksum; in contents_ or put_texts_
    std::uint64_t hash = 0;     // of tree
    std::string_view tree;      // encoded, in contents_ or put_texts_
  };
  // By position in live_ (sized when loaded): a file's entry, if cached.
  mutable std::vector<std::optional<Entry>> entries_;
  std::deque<std::string> put_texts_;  // a deque: its strings never move
  mutable bool changed_ = false;
  // StartLoading's thread; last, so that it is waited for before the rest
  // is destroyed.
  std::future<void> loading_;
};

}  // namespace retort

#endif  // RETORT_CORE_REVISION_TREE_CACHE_H_
