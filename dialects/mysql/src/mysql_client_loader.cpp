// Finding and opening the client library (see mysql_client.h).
#include <dlfcn.h>

#include <filesystem>
#include <string>

#include "mysql_client.h"
#include "retort/error.h"

namespace retort::mysql {
namespace {

// The folder of the library this code is in: the client library is
// installed beside it, and built beside it.
std::filesystem::path OwnFolder() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<const void*>(&OwnFolder), &info) == 0 || info.dli_fname == nullptr) {
    return {};
  }
  std::error_code error;
  const std::filesystem::path library = std::filesystem::canonical(info.dli_fname, error);
  return error ? std::filesystem::path() : library.parent_path();
}

const MysqlClient& Load() {
  const std::filesystem::path file = OwnFolder() / RETORT_MYSQL_CLIENT_FILE;
  void* library = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* why = dlerror();
    throw ConfigError("the MySQL dialect cannot connect: its client library " + file.string() +
                      " could not be loaded (" + (why != nullptr ? why : "no reason given") +
                      "); it is installed beside libretort_mysql and needs libmariadb3 and "
                      "SOCI's mysql backend");
  }
  using Entry = const MysqlClient* (*)();
  const auto entry = reinterpret_cast<Entry>(dlsym(library, "retort_mysql_client"));
  if (entry == nullptr) {
    throw ConfigError(file.string() +
                      " is not retort's MySQL client library (no "
                      "retort_mysql_client)");
  }
  return *entry();
}

}  // namespace

const MysqlClient& LoadMysqlClient() {
  // A static's initialization is thread-safe, and runs again after a throw.
  static const MysqlClient& client = Load();
  return client;
}

}  // namespace retort::mysql
