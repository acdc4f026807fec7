// check: whether the database (or a desired schema) is what the history
// says it is.
#include <iostream>

#include "cli.h"
#include "report.h"
#include "retort/commands.h"

namespace retort::cli {
namespace {

int RunCheck(const po::variables_map& values, const GlobalOptions& globals) {
  const Config config = globals.LoadConfig();
  if (values.count("to")) {
    const std::string source = values["to"].as<std::string>();
    const SchemaCheck check = CheckAgainst(config, source);
    const std::string head = RevisionList(check.revisions);
    if (check.matches()) {
      if (!globals.quiet) {
        std::cout << source << " has the schema of " << head << ": no new revision is needed\n";
      }
      return kExitSuccess;
    }
    std::cout << source << " differs from the schema of " << head
              << " (- the history's, + " << source << "):\n"
              << check.diff << "A new revision is needed: retort revision --autogenerate --to "
              << source << " -m MESSAGE\n";
    return kExitError;
  }
  const SchemaCheck check = Check(config);
  const std::string at = RevisionList(check.revisions);
  if (check.matches()) {
    if (!globals.quiet) std::cout << "The database has the schema of " << at << "\n";
    return kExitSuccess;
  }
  std::cout << "The database has drifted from the schema of " << at
            << " (- the history's, + the database's):\n"
            << check.diff;
  return kExitError;
}

}  // namespace

std::vector<CommandSpec> CheckCommands() {
  return {
      {"check", "compare the database (or --to SOURCE) with the schema its revisions make",
       "[--to SOURCE]",
       [](po::options_description& options, po::positional_options_description&) {
         options.add_options()("to", po::value<std::string>()->value_name("SOURCE"),
                               "compare the heads' schema with SOURCE instead: a .sql file, a "
                               ".yaml/.json schema as inspect writes it, or a database URL");
       },
       RunCheck},
  };
}

}  // namespace retort::cli
