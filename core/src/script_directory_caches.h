// The parsed-revision caches a ScriptDirectory keeps of the folders its
// graph() read, defined where both its constructors and its reading see it.
#ifndef RETORT_CORE_SCRIPT_DIRECTORY_CACHES_H_
#define RETORT_CORE_SCRIPT_DIRECTORY_CACHES_H_

#include <filesystem>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "retort/script_directory.h"
#include "revision_tree_cache.h"

namespace retort {

struct ScriptDirectory::ParsedCaches {
  // By version location, as the headers' paths begin.
  std::vector<std::pair<std::filesystem::path, std::unique_ptr<RevisionTreeCache>>> folders;
  bool save = false;  // only once the graph was good, as the header caches

  ~ParsedCaches() {
    if (!save) return;
    for (auto& [folder, cache] : folders) cache->Save();
  }

  RevisionTreeCache* For(std::string_view folder) const {
    // As the graph wrote it (the folder's text, '/', the name) first: a
    // std::filesystem::path comparison splits both paths into parts.
    for (const auto& [location, cache] : folders) {
      std::string_view text = location.native();
      while (text.size() > 1 && text.ends_with('/')) text.remove_suffix(1);  // "versions/"
      if (text == folder) return cache.get();
    }
    const std::filesystem::path as_path(folder);
    for (const auto& [location, cache] : folders) {
      if (location == as_path) return cache.get();
    }
    return nullptr;
  }
};

}  // namespace retort

#endif  // RETORT_CORE_SCRIPT_DIRECTORY_CACHES_H_
