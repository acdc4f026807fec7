#include "whole_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <system_error>

namespace retort {

std::optional<std::string> ReadFileWhole(const std::filesystem::path& file) {
  const int descriptor = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) return std::nullopt;
  struct stat info;
  std::optional<std::string> contents;
  if (::fstat(descriptor, &info) == 0 && S_ISREG(info.st_mode)) {
    std::string bytes(static_cast<std::size_t>(info.st_size), '\0');
    std::size_t read = 0;
    ssize_t n = 0;
    while (read < bytes.size() && (n = ::read(descriptor, bytes.data() + read, bytes.size() - read)) > 0) {
      read += static_cast<std::size_t>(n);
    }
    // A file that changed size while it was read is read again by whoever
    // asks next; what was read is what it held then.
    if (n >= 0) {
      bytes.resize(read);
      contents = std::move(bytes);
    }
  }
  ::close(descriptor);
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
