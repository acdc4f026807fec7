// A program outside retort's build that links the installed library, runs
// a history up to head and back down to base, and says where the database
// was after each. Built twice by the tests: through find_package(retort)
// with the dialects linked in, and through pkg-config with the core alone
// (RETORT_DIALECTS_AS_MODULES), where the SQLite dialect is loaded as a
// module from the installed module folder.
//
//   sample_app SCRIPT_DIRECTORY DATABASE_URL
#include <iostream>
#include <string>
#include <vector>

#include "retort/commands.h"
#include "retort/error.h"
#include "retort/version.h"
#ifndef RETORT_DIALECTS_AS_MODULES
#include "retort/builtin_dialects.h"
#endif

namespace {

std::string Where(const retort::Config& config) {
  std::string where;
  for (const retort::RevisionInfo& current : retort::Current(config)) {
    where += (where.empty() ? "" : " ") + current.header.id;
  }
  return where.empty() ? "base" : where;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: sample_app SCRIPT_DIRECTORY DATABASE_URL\n";
    return 2;
  }
  try {
#ifndef RETORT_DIALECTS_AS_MODULES
    retort::RegisterBuiltinDialects();
#endif
    std::cout << "headers " << RETORT_VERSION_STRING << ", library " << retort::LibraryVersion()
              << "\n";
    retort::Config config;
    config.script_location = argv[1];
    config.url = argv[2];
    retort::MigrationListener quiet;
    const auto up = retort::Upgrade(config, "head", quiet);
    std::cout << "upgrade applied " << up.size() << ", now at " << Where(config) << "\n";
    const auto down = retort::Downgrade(config, "base", quiet);
    std::cout << "downgrade reverted " << down.size() << ", now at " << Where(config) << "\n";
    return 0;
  } catch (const retort::Error& error) {
    std::cerr << "sample_app: " << error.what() << "\n";
    return 1;
  }
}
