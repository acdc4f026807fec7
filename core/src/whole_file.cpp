#include "whole_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <system_error>
#include <utility>

namespace retort {

std::optional<std::string> ReadFileWhole(const std::filesystem::path& file, struct stat* opened,
                                         bool regular_only) {
  const int descriptor =
      ::open(file.c_str(), O_RDONLY | O_CLOEXEC | (regular_only ? O_NONBLOCK | O_NOCTTY : 0));
  if (descriptor < 0) return std::nullopt;
  // Sized by fstat, read to the end: a file that grows while it is read,
  // or reports no size (procfs, a pipe), is still read whole.
  struct stat info {};
  const bool known = ::fstat(descriptor, &info) == 0;
  if (known && opened != nullptr) *opened = info;
  if (regular_only && !(known && S_ISREG(info.st_mode))) {
    ::close(descriptor);
    return std::nullopt;
  }
  std::string bytes;
  if (known && info.st_size > 0) bytes.resize(static_cast<std::size_t>(info.st_size));
  std::size_t filled = 0;
  ssize_t got = 0;
  while (true) {
    if (filled < bytes.size()) {
      got = ::read(descriptor, bytes.data() + filled, bytes.size() - filled);
      if (got > 0) filled += static_cast<std::size_t>(got);
    } else {
      // Past the size fstat gave: most often only the end of the file.
      char more[4096];
      got = ::read(descriptor, more, sizeof more);
      if (got > 0) {
        bytes.append(more, static_cast<std::size_t>(got));
        filled = bytes.size();
      }
    }
    if (got > 0 || (got < 0 && errno == EINTR)) continue;
    break;
  }
  ::close(descriptor);
  if (got < 0) return std::nullopt;
  bytes.resize(filled);
  return bytes;
}

FileContents::~FileContents() {
  if (mapped_) ::munmap(const_cast<char*>(mapped_), mapped_size_);
}

FileContents::FileContents(FileContents&& other) noexcept
    : mapped_(std::exchange(other.mapped_, nullptr)),
      mapped_size_(std::exchange(other.mapped_size_, 0)),
      read_(std::move(other.read_)) {}

FileContents& FileContents::operator=(FileContents&& other) noexcept {
  if (this != &other) {
    if (mapped_) ::munmap(const_cast<char*>(mapped_), mapped_size_);
    mapped_ = std::exchange(other.mapped_, nullptr);
    mapped_size_ = std::exchange(other.mapped_size_, 0);
    read_ = std::move(other.read_);
  }
  return *this;
}

std::optional<FileContents> MapFileWhole(const std::filesystem::path& file) {
  FileContents contents;
  const int descriptor = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) return std::nullopt;
  struct stat info;
  if (::fstat(descriptor, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
    const auto size = static_cast<std::size_t>(info.st_size);
    // MAP_POPULATE: the page table is filled in one call, not a fault at a
    // time as the pages are first read.
    void* mapping = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0);
    if (mapping != MAP_FAILED) {
      ::close(descriptor);
      contents.mapped_ = static_cast<const char*>(mapping);
      contents.mapped_size_ = size;
      return contents;
    }
  }
  ::close(descriptor);
  // Empty, not a regular file, or not mappable: read as it is.
  std::optional<std::string> bytes = ReadFileWhole(file);
  if (!bytes) return std::nullopt;
  contents.read_ = std::make_unique<std::string>(std::move(*bytes));
  return contents;
}

bool ReplaceFileWhole(const std::filesystem::path& file, std::string_view contents) {
  std::string temporary = file.string() + ".XXXXXX";
  const int descriptor = ::mkstemp(temporary.data());
  if (descriptor < 0) return false;
  std::size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(descriptor, contents.data() + written, contents.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  // mkstemp makes it readable by its owner only; the caches are shared as
  // the files they describe are.
  ::fchmod(descriptor, 0644);
  ::close(descriptor);
  std::error_code error;
  if (written == contents.size()) std::filesystem::rename(temporary, file, error);
  if (written == contents.size() && !error) return true;
  std::filesystem::remove(temporary, error);
  return false;
}

}  // namespace retort
