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

// Writes `contents` to a unique file beside `file` and renames it over
// `file`, so that a concurrent reader never sees half a file and concurrent
// writers never share one (the last rename wins). Returns false, leaving
// `file` as it was and nothing beside it, when that fails. Never throws but
// std::bad_alloc.
bool ReplaceFileWhole(const std::filesystem::path& file, std::string_view contents);

}  // namespace retort

#endif  // RETORT_CORE_WHOLE_FILE_H_
