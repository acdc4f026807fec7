// retort dialects: what dialects this retort can use, and from where.
#include <filesystem>
#include <iostream>
#include <string>

#include "cli.h"
#include "retort/dialect_loader.h"

namespace retort::cli {
namespace {

std::string YesNo(bool value) { return value ? "yes" : "no"; }

int RunDialects(const po::variables_map&, const GlobalOptions&) {
  // Modules first, so that the dialects they add are listed with the rest.
  const std::vector<ModuleReport> modules = LoadDialectModules();
  for (const DialectRegistry::Entry& entry : DialectRegistry::Global().Entries()) {
    const DialectTraits traits = entry.dialect->traits();
    std::string schemes;
    for (const std::string& scheme : entry.dialect->url_schemes()) {
      schemes += (schemes.empty() ? "" : ", ") + scheme + "://";
    }
    std::cout << entry.dialect->name() << "\n"
              << "  loaded from:          " << entry.origin << "\n"
              << "  URL schemes:          " << schemes << "\n"
              << "  transactional DDL:    " << YesNo(traits.transactional_ddl) << "\n"
              << "  native ALTER COLUMN:  " << YesNo(traits.native_alter_column) << "\n"
              << "  migration lock:       " << traits.migration_lock << "\n";
  }
  for (const ModuleReport& module : modules) {
    if (!module.problem.empty()) std::cout << "module " << module.file.string() << ": "
                                           << module.problem << "\n";
  }
  std::string searched;
  for (const std::filesystem::path& folder : DialectSearchPath()) {
    searched += (searched.empty() ? "" : ", ") + folder.string();
  }
  std::cout << "(modules are looked for in " << searched
            << ": RETORT_DIALECT_PATH, then the library's module folder, then the "
               "executable's folder)\n";
  return kExitSuccess;
}

}  // namespace

std::vector<CommandSpec> DialectCommands() {
  return {
      {"dialects", "list the dialects, their traits and where each was loaded from", "",
       [](po::options_description&, po::positional_options_description&) {}, RunDialects},
  };
}

}  // namespace retort::cli
