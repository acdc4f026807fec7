// check: whether the database (or a desired schema) is what the history
// says it is.
#include <iostream>

#include "cli.h"
#include "json_output.h"
#include "report.h"
#include "retort/commands.h"

namespace retort::cli {
namespace {

// The line that says the two sides match, `tail` ending it; with
// differences that do not change behaviour, it says they are all there is.
std::string Matched(const SchemaCheck& check, const std::string& sides,
                    const std::string& tail) {
  return sides +
         (check.tolerated.empty() ? "" : " but for differences that do not change behaviour") +
         tail + "\n";
}

// Differences that do not change behaviour: shown, never a failure.
void PrintTolerated(const SchemaCheck& check) {
  for (const std::string& line : check.tolerated) std::cout << "  tolerated: " << line << "\n";
}

// The diff after its heading, then what was tolerated besides.
void PrintDiff(const SchemaCheck& check, const std::string& heading) {
  std::cout << heading << ":\n" << check.diff;
  if (!check.tolerated.empty()) {
    std::cout << "Besides, differences that do not change behaviour:\n";
    PrintTolerated(check);
  }
}

// check's JSON (docs/json.md); `source` is empty for the database.
int PrintCheckJson(const SchemaCheck& check, const std::string& source) {
  PrintJson(JsonReport()
                .Set("source", TextOrNull(source))
                .Set("revisions", DocNode::TextList(check.revisions))
                .Set("matches", DocNode::Bool(check.matches()))
                .Set("diff", TextOrNull(check.diff))
                .Set("tolerated", DocNode::TextList(check.tolerated)));
  return check.matches() ? kExitSuccess : kExitError;
}

int RunCheck(const po::variables_map& values, const GlobalOptions& globals) {
  const bool json = WantsJson(values);
  const Config config = globals.LoadConfig();
  if (values.count("to")) {
    const std::string source = values["to"].as<std::string>();
    const SchemaCheck check = CheckAgainst(config, source);
    if (json) return PrintCheckJson(check, source);
    const std::string head = RevisionList(check.revisions);
    if (check.matches()) {
      if (!globals.quiet) {
        std::cout << Matched(check, source + " has the schema of " + head,
                             ": no new revision is needed");
        PrintTolerated(check);
      }
      return kExitSuccess;
    }
    PrintDiff(check, source + " differs from the schema of " + head + " (- the history's, + " +
                         source + ")");
    std::cout << "A new revision is needed: retort revision --autogenerate --to " << source
              << " -m MESSAGE\n";
    return kExitError;
  }
  const SchemaCheck check = Check(config);
  if (json) return PrintCheckJson(check, "");
  const std::string at = RevisionList(check.revisions);
  if (check.matches()) {
    if (!globals.quiet) {
      std::cout << Matched(check, "The database has the schema of " + at, "");
      PrintTolerated(check);
    }
    return kExitSuccess;
  }
  PrintDiff(check, "The database has drifted from the schema of " + at +
                       " (- the history's, + the database's)");
  return kExitError;
}

}  // namespace

std::vector<CommandSpec> CheckCommands() {
  return {
      {"check", "compare the database (or --to SOURCE) with the schema its revisions make",
       "[--to SOURCE] [--format text|json]",
       [](po::options_description& options, po::positional_options_description&) {
         options.add_options()("to", po::value<std::string>()->value_name("SOURCE"),
                               "compare the heads' schema with SOURCE instead: a .sql file, a "
                               ".yaml/.json schema as inspect writes it, or a database URL");
         DeclareFormat(options);
       },
       RunCheck},
  };
}

}  // namespace retort::cli
