// retort conformance: runs the conformance catalogue against a database
// (see docs/conformance.md).
#include <iostream>

#include "cli.h"
#include "retort/config.h"
#include "retort/conformance.h"

namespace retort::cli {
namespace {

// The URL comes from --url or RETORT_URL, never from retort.ini: the suite
// wants a database of its own, not the application's.
std::string ConformanceUrl(const GlobalOptions& globals) {
  if (globals.url) return *globals.url;
  if (std::optional<std::string> url = ProcessEnvironment("RETORT_URL"); url && !url->empty()) {
    return *url;
  }
  throw UsageError("conformance: give the database to check with --url URL (or RETORT_URL); "
                   "it must hold no tables");
}

int RunConformanceCommand(const po::variables_map& values, const GlobalOptions& globals) {
  if (values["list"].as<bool>()) {
    for (const std::string& name : ConformanceCaseNames()) std::cout << name << "\n";
    return kExitSuccess;
  }
  ConformanceOptions options;
  if (values.count("case")) options.cases = values["case"].as<std::vector<std::string>>();
  const ConformanceReport report = RunConformance(ConformanceUrl(globals), std::cout, options);
  std::cout << report.passed() << " passed, " << report.failed() << " failed\n";
  return report.failed() == 0 ? kExitSuccess : kExitError;
}

}  // namespace

std::vector<CommandSpec> ConformanceCommands() {
  return {
      {"conformance", "check that a database's dialect carries out every operation alike",
       "--url URL [--case NAME]... [--list]",
       [](po::options_description& options, po::positional_options_description&) {
         options.add_options()
             ("case", po::value<std::vector<std::string>>()->value_name("NAME"),
              "run only this case, or every case of this group (repeatable)")
             ("list", po::bool_switch(), "list the cases and exit");
       },
       RunConformanceCommand},
  };
}

}  // namespace retort::cli
