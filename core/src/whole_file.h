// Reading a file whole, and writing a cache file that other processes may
// be reading or writing.
#ifndef RETORT_CORE_WHOLE_FILE_H_
#define RETORT_CORE_WHOLE_FILE_H_

#include <sys/stat.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace retort {

// The bytes of `file`, read into a string of its size (a stream into a
// stringstream grows by doubling and copies, which for a cache of a long
// history was megabytes of copying at every start), to its end; nullopt
// when it cannot be opened or read. Never throws but std::bad_alloc. With
// `opened`, also the file's status as it was opened, before the read (fstat
// of the descriptor: no second path lookup; a stamp taken before the read
// is never newer than the bytes read), left unchanged when the open or the
// fstat failed. With `regular_only`, anything but a regular file is not
// read (nullopt, with `opened` set), and is opened without waiting and
// without becoming a controlling terminal: a FIFO would wait for a writer,
// a device could be read forever. (Opening a FIFO still wakes a writer
// waiting on it, which then finds no reader.)
std::optional<std::string> ReadFileWhole(const std::filesystem::path& file,
                                         struct stat* opened = nullptr,
                                         bool regular_only = false);

// A file's bytes as one read-only view: mapped where the system can (the
// page cache's own pages, no copy and no fault per page: a long history's
// parsed-revision cache is megabytes), else read into memory. Movable, not
// copyable; a view stays valid through moves, as long as the object that
// holds the bytes.
//
// A mapped file must not shrink while it is mapped (a read past its new end
// kills the process with SIGBUS), and a read error of the disk under it is a
// SIGBUS too: map only files that their writers replace by rename (as
// ReplaceFileWhole does) and never rewrite in place: retort's own binary
// caches, not files a person edits or copies over.
class FileContents {
 public:
  FileContents() = default;
  ~FileContents();
  FileContents(FileContents&& other) noexcept;
  FileContents& operator=(FileContents&& other) noexcept;
  FileContents(const FileContents&) = delete;
  FileContents& operator=(const FileContents&) = delete;

  std::string_view view() const {
    if (mapped_) return std::string_view(mapped_, mapped_size_);
    return read_ ? std::string_view(*read_) : std::string_view();
  }

 private:
  friend std::optional<FileContents> MapFileWhole(const std::filesystem::path& file);
  const char* mapped_ = nullptr;
  std::size_t mapped_size_ = 0;
  std::unique_ptr<std::string> read_;  // on the heap: a move keeps its bytes in place
};

// The bytes of `file` (see FileContents); nullopt when it cannot be opened
// or read. Never throws but std::bad_alloc.
std::optional<FileContents> MapFileWhole(const std::filesystem::path& file);

// Writes `contents` to a unique file beside `file` and renames it over
// `file`, so that a concurrent reader never sees half a file and concurrent
// writers never share one (the last rename wins). Returns false, leaving
// `file` as it was and nothing beside it, when that fails. Never throws but
// std::bad_alloc.
bool ReplaceFileWhole(const std::filesystem::path& file, std::string_view contents);

}  // namespace retort

#endif  // RETORT_CORE_WHOLE_FILE_H_
