// retort lint: what each operation of a range of revisions costs the
// database's other users (locks, scans, rewrites, rebuilds) and the safer
// way to write it; read from the files alone.
#include <iostream>

#include "cli.h"
#include "json_output.h"
#include "retort/error.h"
#include "retort/lint.h"

namespace retort::cli {
namespace {

int RunLint(const po::variables_map& values, const GlobalOptions& globals) {
  const bool json = WantsJson(values);
  LintSeverity fail_level;
  try {
    fail_level = ParseLintSeverity(values["fail-level"].as<std::string>(), "--fail-level");
  } catch (const ConfigError& error) {
    throw UsageError(error.what());
  }
  const std::string range = values.count("range") ? values["range"].as<std::string>() : "";
  const std::string dialect = values.count("dialect") ? values["dialect"].as<std::string>() : "";
  const LintReport report = Lint(globals.LoadConfig(), range, dialect);
  if (json) {
    std::cout << FormatLintJson(report);
  } else if (!globals.quiet || !report.findings.empty()) {
    std::cout << FormatLintText(report);
  }
  return LintFails(report, fail_level) ? kExitError : kExitSuccess;
}

}  // namespace

std::vector<CommandSpec> LintCommands() {
  return {
      {"lint",
       "say what each operation would lock, scan or rewrite on a live database, and the safer "
       "way to write it",
       "[RANGE] [--format text|json] [--fail-level info|warning|error] [--dialect NAME]",
       [](po::options_description& options, po::positional_options_description& positionals) {
         options.add_options()
             ("range", po::value<std::string>(),
              "the revisions to lint, as history -r takes them (a:b, a:, :b); default: all")
             ("fail-level", po::value<std::string>()->default_value("error"),
              "exit 1 when a finding is at this severity or above: info, warning or error")
             ("dialect", po::value<std::string>()->value_name("NAME"),
              "judge for this dialect (default: the one the URL names); no database is opened");
         DeclareFormat(options);
         positionals.add("range", 1);
       },
       RunLint},
  };
}

}  // namespace retort::cli
