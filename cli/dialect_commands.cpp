// retort dialects: what dialects this retort can use, and from where.
#include <filesystem>
#include <iostream>
#include <string>

#include "cli.h"
#include "json_output.h"
#include "retort/dialect_loader.h"

namespace retort::cli {
namespace {

std::string YesNo(bool value) { return value ? "yes" : "no"; }

// dialects' JSON (docs/json.md).
void PrintDialectsJson(const std::vector<ModuleReport>& modules) {
  DocNode dialects = DocNode::List();
  for (const DialectRegistry::Entry& entry : DialectRegistry::Global().Entries()) {
    const DialectTraits traits = entry.dialect->traits();
    dialects.Append(DocNode::Map()
                        .Set("name", DocNode::Text(entry.dialect->name()))
                        .Set("loaded_from", DocNode::Text(entry.origin))
                        .Set("url_schemes", DocNode::TextList(entry.dialect->url_schemes()))
                        .Set("transactional_ddl", DocNode::Bool(traits.transactional_ddl))
                        .Set("native_alter_column", DocNode::Bool(traits.native_alter_column))
                        .Set("migration_lock", DocNode::Text(traits.migration_lock)));
  }
  DocNode problems = DocNode::List();
  for (const ModuleReport& module : modules) {
    if (module.problem.empty()) continue;
    problems.Append(DocNode::Map()
                        .Set("file", DocNode::Text(module.file.string()))
                        .Set("problem", DocNode::Text(module.problem)));
  }
  DocNode search_path = DocNode::List();
  for (const std::filesystem::path& folder : DialectSearchPath()) {
    search_path.Append(DocNode::Text(folder.string()));
  }
  PrintJson(JsonReport()
                .Set("dialects", std::move(dialects))
                .Set("module_problems", std::move(problems))
                .Set("search_path", std::move(search_path)));
}

int RunDialects(const po::variables_map& values, const GlobalOptions&) {
  // Modules first, so that the dialects they add are listed with the rest.
  const std::vector<ModuleReport> modules = LoadDialectModules();
  if (WantsJson(values)) {
    PrintDialectsJson(modules);
    return kExitSuccess;
  }
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
      {"dialects", "list the dialects, their traits and where each was loaded from",
       "[--format text|json]",
       [](po::options_description& options, po::positional_options_description&) {
         DeclareFormat(options);
       },
       RunDialects},
  };
}

}  // namespace retort::cli
