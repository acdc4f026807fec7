#include "versions_folder.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <memory>

#include "parallel_for.h"
#include "retort/error.h"
#include "retort/script_directory.h"
#include "revision_readers.h"
#include "text_util.h"
#include "yaml_document.h"

namespace retort {
namespace {

bool IsRevisionFileName(const std::string& name) {
  if (name.empty() || name[0] == '.' || name[0] == '_') return false;
  for (const char* extension : {".yaml", ".yml", ".sql", ".cpp"}) {
    if (name.ends_with(extension) && name.size() > std::string_view(extension).size()) return true;
  }
  return false;
}

// A name that says "revision" but is no readable file (a folder, a symlink
// to nothing or to itself) would otherwise be left out quietly, and the
// history would lack a revision. `error` is stat's errno, or 0 when it
// succeeded and gave `mode`.
[[noreturn]] void ThrowNotARevisionFile(const std::filesystem::path& file, int error,
                                        mode_t mode) {
  // Not std::strerror: this runs on the listing's threads.
  const std::string what = error == ELOOP    ? "a loop of symbolic links"
                           : error == ENOENT ? "a symbolic link to nothing"
                           : error != 0      ? std::generic_category().message(error)
                           : S_ISDIR(mode)   ? "a folder"
                                             : "not a regular file";
  throw ConfigError(file.string() + ": a revision file name, but " + what +
                    "; remove it, or rename it to start with '.' or '_'");
}

// Stamps each of `files`, the names listed in `directory` (`versions`).
void StampListed(DIR* directory, const std::filesystem::path& versions,
                 std::vector<std::pair<std::string, FileStamp>>& files) {
  // A stat is most of a listing's time (microseconds each, for the path
  // lookup), and independent of the others: a long folder's are spread
  // over the cores, in runs of files.
  constexpr std::size_t kRun = 64;
  const int descriptor = ::dirfd(directory);
  ParallelFor((files.size() + kRun - 1) / kRun, 4, [&](std::size_t run) {
    const std::size_t end = std::min(files.size(), (run + 1) * kRun);
    for (std::size_t i = run * kRun; i < end; ++i) {
      auto& [name, stamp] = files[i];
      struct stat info;
      if (::fstatat(descriptor, name.c_str(), &info, 0) != 0) {
        const int error = errno;  // before the path's allocation can change it
        ThrowNotARevisionFile(versions / name, error, 0);
      }
      if (!S_ISREG(info.st_mode)) ThrowNotARevisionFile(versions / name, 0, info.st_mode);
      stamp = StampOf(info);
    }
  });
}

}  // namespace

std::filesystem::path ComparablePath(const std::filesystem::path& path) {
  std::filesystem::path normal = std::filesystem::absolute(path).lexically_normal();
  if (!normal.has_filename() && normal.has_parent_path()) normal = normal.parent_path();
  return normal;
}

std::filesystem::path IndexFileOf(const std::filesystem::path& location,
                                  const std::filesystem::path& folder) {
  if (ComparablePath(folder) == ComparablePath(location / "versions")) {
    return location / ".retort-index";
  }
  return location /
         (".retort-index-" + Sha256Hex(ComparablePath(folder).generic_string()).substr(0, 16));
}

FileStamp StampOf(const struct stat& info) {
  return FileStamp{
      static_cast<std::uint64_t>(info.st_size),
      static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec,
      static_cast<std::int64_t>(info.st_ctim.tv_sec) * 1'000'000'000 + info.st_ctim.tv_nsec,
      static_cast<std::uint64_t>(info.st_ino)};
}

std::optional<FileStamp> StampOf(const std::filesystem::path& file) {
  struct stat info;
  if (::stat(file.c_str(), &info) != 0) return std::nullopt;
  return StampOf(info);
}

Revision ReadThrough(RevisionTreeCache* cache, const std::string& file,
                     std::optional<FileStamp> stamp, bool as_listed) {
  // The name and extension as text: a std::filesystem::path splits the
  // whole path into parts, once per revision of a plan.
  const std::string_view name = text::FileNameOf(file);
  if (cache == nullptr || !(name.ends_with(".yaml") || name.ends_with(".yml"))) {
    return ReadRevisionFile(file);
  }
  // Looked up once: the name's hash was a tenth of reading a long plan.
  const std::size_t position = cache->Position(name);
  if (as_listed && position != RevisionTreeCache::kNotListed) {
    stamp = cache->live()[position].second;
  }
  if (!stamp) stamp = StampOf(file);
  // A file that cannot be read says so through ReadRevisionFile.
  if (!stamp) return ReadRevisionFile(file);
  if (std::optional<RevisionTreeCache::Hit> hit = cache->FindAt(position, *stamp)) {
    return YamlRevisionFromTree(file, hit->root, std::move(hit->checksum));
  }
  struct stat opened {};
  const std::string text = ReadRevisionText(file, &opened);
  const YamlNode root = LoadYamlDocument(file, text);
  Revision revision = YamlRevisionFromTree(file, root, Sha256Hex(text));
  // Unchanged from the stamp to the open: the tree is of that file, or of a
  // later edit, which changes its stamp for the next run. (A file renamed
  // over it has another inode.)
  if (StampOf(opened) == stamp) {
    cache->Put(std::string(name), *stamp, revision.checksum, root);
  }
  return revision;
}

std::string ReadRevisionTextAndStamp(const std::filesystem::path& file, FileStamp* stamp) {
  struct stat opened {};
  std::optional<std::string> text = ReadFileWhole(file, &opened, /*regular_only=*/true);
  if (text) {
    *stamp = StampOf(opened);
    return std::move(*text);
  }
  // Told apart as the listing's stat tells them (a socket cannot even be
  // opened): only a regular file is one that "cannot be read".
  struct stat info {};
  if (opened.st_mode == 0 && ::stat(file.c_str(), &info) != 0) {
    ThrowNotARevisionFile(file, errno, 0);
  }
  const mode_t mode = opened.st_mode != 0 ? opened.st_mode : info.st_mode;
  if (!S_ISREG(mode)) ThrowNotARevisionFile(file, 0, mode);
  throw FileError(file.string(), 0, "cannot be read");
}

std::vector<std::pair<std::string, FileStamp>> ListRevisionFiles(
    const std::filesystem::path& versions, bool stamped) {
  DIR* directory = ::opendir(versions.c_str());
  if (directory == nullptr) {
    throw ConfigError("cannot read the versions folder " + versions.string());
  }
  std::unique_ptr<DIR, int (*)(DIR*)> closing(directory, ::closedir);
  std::vector<std::pair<std::string, FileStamp>> files;
  while (const dirent* entry = ::readdir(directory)) {
    std::string name = entry->d_name;
    if (IsRevisionFileName(name)) files.emplace_back(std::move(name), FileStamp{});
  }
  if (stamped) StampListed(directory, versions, files);
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return files;
}

}  // namespace retort
