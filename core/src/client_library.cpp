#include "retort/client_library.h"

#include <dlfcn.h>

#include <filesystem>

#include "retort/error.h"

namespace retort {
namespace {

// The folder of the shared library that holds `symbol`.
std::filesystem::path FolderOf(const void* symbol) {
  Dl_info info{};
  if (dladdr(symbol, &info) == 0 || info.dli_fname == nullptr) return {};
  std::error_code error;
  const std::filesystem::path library = std::filesystem::canonical(info.dli_fname, error);
  return error ? std::filesystem::path() : library.parent_path();
}

}  // namespace

void* OpenClientLibrary(const void* own_symbol, const std::string& file_name, const char* entry,
                        const std::string& dialect, const std::string& needs) {
  const std::filesystem::path file = FolderOf(own_symbol) / file_name;
  void* library = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* why = dlerror();
    throw ConfigError("the " + dialect + " dialect cannot connect: its client library " +
                      file.string() + " could not be loaded (" +
                      (why != nullptr ? why : "no reason given") + "); " + needs);
  }
  void* function = dlsym(library, entry);
  if (function == nullptr) {
    throw ConfigError(file.string() + " is not retort's " + dialect + " client library (no " +
                      entry + ")");
  }
  return function;
}

}  // namespace retort
