#include "versions_folder.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "retort/error.h"
#include "retort/script_directory.h"
#include "revision_readers.h"
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

}  // namespace

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

Revision ReadThrough(RevisionTreeCache* cache, const std::filesystem::path& file,
                     std::optional<FileStamp> stamp) {
  if (cache == nullptr || !IsYamlRevisionPath(file)) return ReadRevisionFile(file);
  if (!stamp) stamp = StampOf(file);
  // A file that cannot be read says so through ReadRevisionFile.
  if (!stamp) return ReadRevisionFile(file);
  const std::string name = file.filename().string();
  if (std::optional<RevisionTreeCache::Hit> hit = cache->Find(name, *stamp)) {
    return YamlRevisionFromTree(file.string(), hit->root, std::move(hit->checksum));
  }
  const std::string text = ReadRevisionText(file);
  const YamlNode root = LoadYamlDocument(file.string(), text);
  Revision revision = YamlRevisionFromTree(file.string(), root, Sha256Hex(text));
  // Unchanged from before the read to after it: the tree is of that file.
  if (StampOf(file) == stamp) cache->Put(name, *stamp, revision.checksum, root);
  return revision;
}

std::vector<std::pair<std::string, FileStamp>> ListRevisionFiles(
    const std::filesystem::path& versions) {
  DIR* directory = ::opendir(versions.c_str());
  if (directory == nullptr) {
    throw ConfigError("cannot read the versions folder " + versions.string());
  }
  std::vector<std::pair<std::string, FileStamp>> files;
  const int descriptor = ::dirfd(directory);
  while (const dirent* entry = ::readdir(directory)) {
    std::string name = entry->d_name;
    if (!IsRevisionFileName(name)) continue;
    // A name that says "revision" but is no readable file (a folder, a
    // symlink to nothing or to itself) would otherwise be left out quietly,
    // and the history would lack a revision.
    const auto where = [&] { return (versions / name).string(); };
    struct stat info;
    if (::fstatat(descriptor, entry->d_name, &info, 0) != 0) {
      const int error = errno;
      ::closedir(directory);
      throw ConfigError(where() + ": a revision file name, but " +
                        (error == ELOOP ? std::string("a loop of symbolic links")
                                        : error == ENOENT ? std::string("a symbolic link to "
                                                                        "nothing")
                                                          : std::strerror(error)) +
                        "; remove it, or rename it to start with '.' or '_'");
    }
    if (!S_ISREG(info.st_mode)) {
      ::closedir(directory);
      throw ConfigError(where() + ": a revision file name, but " +
                        (S_ISDIR(info.st_mode) ? "a folder" : "not a regular file") +
                        "; remove it, or rename it to start with '.' or '_'");
    }
    files.emplace_back(std::move(name), StampOf(info));
  }
  ::closedir(directory);
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return files;
}

}  // namespace retort
