// Reading a file whole, and writing a cache file that other processes may
// be reading or writing.
#ifndef RETORT_CORE_WHOLE_FILE_H_
#define RETORT_CORE_WHOLE_FILE_H_

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace retort {

// The bytes of `file`, read into a string of its size (a stream into a
// stringstream grows by doubling and copies, which for a cache of a long
// history was megabytes of copying at every start), to its end; nullopt
// when it cannot be opened or read. Never throws but std::bad_alloc.
std::optional<std::string> ReadFileWhole(const std::filesystem::path& file);

// A file's bytes as one read-only view: mapped where the system can (the
// page cache's own pages, no copy and no fault per page: a long history's
// caches are megabytes, read at every start), else read into memory.
// Movable, not copyable; the view lives as long as the object.
//
// A mapped file must not shrink while it is mapped (a read past its new end
// kills the process with SIGBUS): map only files that are replaced by
// rename, as ReplaceFileWhole does, never rewritten in place.
class FileContents {
 public:
  FileContents() = default;
  ~FileContents();
  FileContents(FileContents&& other) noexcept;
  FileContents& operator=(FileContents&& other) noexcept;
  FileContents(const FileContents&) = delete;
  FileContents& operator=(const FileContents&) = delete;

  std::string_view view() const {
    return mapped_ ? std::string_view(mapped_, mapped_size_) : std::string_view(read_);
  }

 private:
  friend std::optional<FileContents> MapFileWhole(const std::filesystem::path& file);
  const char* mapped_ = nullptr;
  std::size_t mapped_size_ = 0;
  std::string read_;
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
