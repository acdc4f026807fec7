// Writing a cache file that other processes may be reading or writing.
#ifndef RETORT_CORE_REPLACE_FILE_H_
#define RETORT_CORE_REPLACE_FILE_H_

#include <filesystem>
#include <string_view>

namespace retort {

// Writes `contents` to a unique file beside `file` and renames it over
// `file`, so that a concurrent reader never sees half a file and concurrent
// writers never share one (the last rename wins). Returns false, leaving
// `file` as it was and nothing beside it, when that fails. Never throws but
// std::bad_alloc.
bool ReplaceFileWhole(const std::filesystem::path& file, std::string_view contents);

}  // namespace retort

#endif  // RETORT_CORE_REPLACE_FILE_H_
