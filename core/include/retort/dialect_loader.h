// Where dialect modules are found and how they are loaded (see
// dialect_module.h for what a module is). A module is a shared object named
// retort_dialect_<name>.so.
//
// Thread-safety: every function may be called from several threads at once:
// registration goes through the registry's lock, and LoadDialectModules
// holds a lock of its own while it walks the search path. A loaded dialect
// stays registered, and its module loaded, until the process exits.
#ifndef RETORT_DIALECT_LOADER_H_
#define RETORT_DIALECT_LOADER_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "retort/dialect_registry.h"

namespace retort {

// The folders searched for modules, in order: each entry of
// RETORT_DIALECT_PATH (':'-separated; empty entries ignored), then the
// module folder of the tree the core was loaded from
// (<library folder>/retort/dialects in an installed tree, wherever it was
// moved, found from the core library or from the retort executable that
// carries the core; left out when there is no such folder), then the folder of the
// running executable (a build tree keeps its modules beside `retort`). A
// folder is listed once.
std::vector<std::filesystem::path> DialectSearchPath();

// What became of one module file found on the search path.
struct ModuleReport {
  std::filesystem::path file;
  std::string dialect;  // the dialect it makes; empty when it could not be loaded
  std::string problem;  // empty when its dialect was registered from it
};

// Loads `file` and registers the dialect it makes, with the file as its
// origin; returns the dialect's name. Throws ConfigError naming the file and
// why: it cannot be opened (the loader's message), has no entry point, was
// built for another ABI version (both versions named), its dialect cannot be
// made, or a dialect of that name or one of its URL schemes is registered.
// A loaded module is never unloaded.
std::string LoadDialectModule(const std::filesystem::path& file,
                              DialectRegistry& registry = DialectRegistry::Global());

// Loads every module on the search path whose dialect is not registered yet
// (a built-in dialect wins over a module of the same name), once per file
// per process. Returns a report for every module file found, in search
// order; never throws for a bad module, which its report describes.
std::vector<ModuleReport> LoadDialectModules(DialectRegistry& registry = DialectRegistry::Global());

// The dialect for URLs with `scheme`: a registered one, else one from the
// modules on the search path. Throws ConfigError listing the schemes known,
// the folders searched, and each module found with why it was not used.
const Dialect& FindDialectForScheme(std::string_view scheme,
                                    DialectRegistry& registry = DialectRegistry::Global());

}  // namespace retort

#endif  // RETORT_DIALECT_LOADER_H_
