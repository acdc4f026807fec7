#include "replace_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <system_error>

namespace retort {

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
