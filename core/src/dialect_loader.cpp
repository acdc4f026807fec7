#include "retort/dialect_loader.h"

#include <dlfcn.h>
#include <sys/auxv.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>

#include "retort/dialect_module.h"
#include "retort/error.h"

namespace retort {
namespace {

constexpr std::string_view kModulePrefix = "retort_dialect_";
constexpr std::string_view kModuleSuffix = ".so";

bool IsModuleName(const std::string& name) {
  return name.size() > kModulePrefix.size() + kModuleSuffix.size() &&
         name.starts_with(kModulePrefix) && name.ends_with(kModuleSuffix);
}

std::filesystem::path ExecutableFolder() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path() : self.parent_path();
}

// Whether the object that holds `core` is the program itself (the retort
// executable carries the core) rather than a shared library.
bool IsInProgram(const Dl_info& core) {
  Dl_info program{};
  const auto* headers = reinterpret_cast<const void*>(getauxval(AT_PHDR));
  return headers != nullptr && dladdr(headers, &program) != 0 &&
         program.dli_fbase == core.dli_fbase;
}

// The module folder of the tree this core belongs to: an installed tree
// keeps its modules in <library folder>/retort/dialects
// (RETORT_MODULE_SUBDIR), wherever the tree was moved to. The library
// folder is the core library's, or, for a program that carries the core,
// the one beside the program's (RETORT_LIBDIR_FROM_BINDIR).
std::filesystem::path CoreModuleFolder() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<const void*>(&CoreModuleFolder), &info) == 0 ||
      info.dli_fname == nullptr) {
    return {};
  }
  std::filesystem::path library_folder;
  if (IsInProgram(info)) {
    // dladdr names the program by its argv[0], which may be a bare name.
    const std::filesystem::path program_folder = ExecutableFolder();
    if (program_folder.empty()) return {};
    library_folder = program_folder / RETORT_LIBDIR_FROM_BINDIR;
  } else {
    std::error_code error;
    const std::filesystem::path library = std::filesystem::canonical(info.dli_fname, error);
    if (error) return {};
    library_folder = library.parent_path();
  }
  std::error_code error;
  std::filesystem::path folder = (library_folder / RETORT_MODULE_SUBDIR).lexically_normal();
  // A build tree has none; its modules are beside the executable.
  return std::filesystem::is_directory(folder, error) ? folder : std::filesystem::path();
}

// Module files already looked at in this process, and what came of them:
// loading twice would register twice.
struct LoadedModules {
  std::mutex mutex;
  std::map<std::filesystem::path, ModuleReport> reports;
};

LoadedModules& Loaded() {
  static LoadedModules loaded;
  return loaded;
}

}  // namespace

std::vector<std::filesystem::path> DialectSearchPath() {
  std::vector<std::filesystem::path> folders;
  if (const char* path = std::getenv("RETORT_DIALECT_PATH")) {
    std::string_view rest = path;
    while (!rest.empty()) {
      const auto colon = rest.find(':');
      const std::string_view entry = rest.substr(0, colon);
      if (!entry.empty()) folders.emplace_back(entry);
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  for (std::filesystem::path folder : {CoreModuleFolder(), ExecutableFolder()}) {
    if (folder.empty() ||
        std::find(folders.begin(), folders.end(), folder) != folders.end()) {
      continue;
    }
    folders.push_back(std::move(folder));
  }
  return folders;
}

std::string LoadDialectModule(const std::filesystem::path& file, DialectRegistry& registry) {
  const std::string where = "dialect module " + file.string();
  // RTLD_LOCAL: two modules may define the same helper symbols; each keeps
  // its own. The core's symbols come from the host program.
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    throw ConfigError(where + " cannot be loaded: " + (why ? why : "unknown reason"));
  }
  auto entry_point =
      reinterpret_cast<RetortDialectEntryFunction>(dlsym(handle, RETORT_DIALECT_ENTRY_NAME));
  if (entry_point == nullptr) {
    throw ConfigError(where + " is not a retort dialect module: it has no " +
                      RETORT_DIALECT_ENTRY_NAME + " function");
  }
  const RetortDialectEntry* entry = entry_point();
  if (entry == nullptr || entry->format != RETORT_DIALECT_ENTRY_FORMAT) {
    throw ConfigError(where + " was built for dialect ABI version " +
                      (entry ? std::to_string(entry->format) : std::string("(none)")) +
                      ", and this retort needs version " +
                      std::to_string(RETORT_DIALECT_ENTRY_FORMAT) +
                      "; rebuild the module against this retort's headers");
  }
  if (entry->abi_key == nullptr || std::strcmp(entry->abi_key, RETORT_DIALECT_ABI_KEY) != 0) {
    throw ConfigError(where + " was built against other retort headers or by another compiler " +
                      "(its ABI key: " + (entry->abi_key ? entry->abi_key : "(none)") +
                      "; this retort's: " + RETORT_DIALECT_ABI_KEY +
                      "); rebuild the module against this retort's headers with the compiler "
                      "retort was built with");
  }
  if (entry->create == nullptr) {
    throw ConfigError(where + " has no function that makes its dialect");
  }
  std::shared_ptr<const Dialect> dialect;
  try {
    dialect.reset(entry->create());
  } catch (const std::exception& error) {
    throw ConfigError(where + " could not make its dialect: " + error.what());
  }
  if (!dialect) throw ConfigError(where + " made no dialect");
  const std::string name = dialect->name();
  registry.Register(std::move(dialect), file.string());
  return name;
}

std::vector<ModuleReport> LoadDialectModules(DialectRegistry& registry) {
  std::vector<ModuleReport> reports;
  LoadedModules& loaded = Loaded();
  std::lock_guard<std::mutex> lock(loaded.mutex);
  for (const std::filesystem::path& folder : DialectSearchPath()) {
    std::error_code error;
    std::vector<std::filesystem::path> files;
    for (const auto& item : std::filesystem::directory_iterator(folder, error)) {
      if (IsModuleName(item.path().filename().string())) files.push_back(item.path());
    }
    std::sort(files.begin(), files.end());
    for (const std::filesystem::path& file : files) {
      const std::filesystem::path key = std::filesystem::weakly_canonical(file, error);
      if (auto known = loaded.reports.find(key); known != loaded.reports.end()) {
        reports.push_back(known->second);
        continue;
      }
      ModuleReport report{file, "", ""};
      // The name a module's file gives is checked against a registered
      // dialect first, so that a built-in dialect's module is not even
      // opened.
      const std::string stem = file.stem().string().substr(kModulePrefix.size());
      if (registry.Find(stem) != nullptr) {
        report.dialect = stem;
        report.problem = "not loaded: dialect '" + stem + "' is already registered";
      } else {
        try {
          report.dialect = LoadDialectModule(file, registry);
        } catch (const Error& failure) {
          report.problem = failure.what();
        }
      }
      loaded.reports.emplace(key, report);
      reports.push_back(std::move(report));
    }
  }
  return reports;
}

const Dialect& FindDialectForScheme(std::string_view scheme, DialectRegistry& registry) {
  try {
    return registry.ForScheme(scheme);
  } catch (const ConfigError&) {
  }
  const std::vector<ModuleReport> reports = LoadDialectModules(registry);
  try {
    return registry.ForScheme(scheme);
  } catch (const ConfigError& error) {
    std::string searched;
    for (const std::filesystem::path& folder : DialectSearchPath()) {
      searched += (searched.empty() ? "" : ", ") + folder.string();
    }
    std::string modules;
    for (const ModuleReport& report : reports) {
      modules += "; " + report.file.string() + ": " +
                 (report.problem.empty() ? "dialect " + report.dialect : report.problem);
    }
    throw ConfigError(std::string(error.what()) + "; looked for dialect modules (" +
                      std::string(kModulePrefix) + "<name>" + std::string(kModuleSuffix) +
                      ") in " + (searched.empty() ? std::string("no folder") : searched) +
                      " (RETORT_DIALECT_PATH, then the library's module folder, then the executable's "
                      "folder)" +
                      (modules.empty() ? std::string(", found none") : modules));
  }
}

}  // namespace retort
