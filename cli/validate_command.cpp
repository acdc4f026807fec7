// retort validate: applied revisions against their files, and the history's
// hash chain; --accept records an intended edit.
#include <iostream>

#include "cli.h"
#include "json_output.h"
#include "retort/validate.h"

namespace retort::cli {
namespace {

std::string OrNone(const std::string& checksum, const char* none) {
  return checksum.empty() ? std::string(none) : checksum;
}

// "edited: revision 3f2a9c1b7d4e (migrations/versions/3f2a..yaml): checksum
// recorded 9c..., file now 41..."
std::string ProblemLine(const RevisionCheck& check) {
  return std::string(StatusName(check.status)) + ": revision " + check.revision +
         (check.path.empty() ? std::string() : " (" + check.path + ")") + ": checksum recorded " +
         OrNone(check.recorded_checksum, "(none recorded)") + ", file " +
         (check.file_checksum.empty() ? std::string("(none)") : "now " + check.file_checksum);
}

// docs/json.md: one object per problem, "passed" for scripts that need only that.
void PrintValidationJson(const ValidationReport& report) {
  DocNode revisions = DocNode::List();
  for (const RevisionCheck& check : report.revisions) {
    revisions.Append(DocNode::Map()
                         .Set("status", DocNode::Text(StatusName(check.status)))
                         .Set("revision", DocNode::Text(check.revision))
                         .Set("path", TextOrNull(check.path))
                         .Set("recorded_checksum", TextOrNull(check.recorded_checksum))
                         .Set("file_checksum", TextOrNull(check.file_checksum)));
  }
  DocNode chain = DocNode::List();
  for (const ChainProblem& problem : report.chain) {
    chain.Append(DocNode::Map()
                     .Set("row_id", DocNode::Integer(problem.row_id))
                     .Set("revision", DocNode::Text(problem.revision))
                     .Set("problem", DocNode::Text(problem.what)));
  }
  PrintJson(JsonReport()
                .Set("passed", DocNode::Bool(report.passed()))
                .Set("revisions_checked",
                     DocNode::Integer(static_cast<long long>(report.revisions_checked)))
                .Set("revisions", std::move(revisions))
                .Set("chain", std::move(chain))
                .Set("unchained_rows",
                     DocNode::Integer(static_cast<long long>(report.unchained_rows))));
}

int RunAccept(const po::variables_map& values, const GlobalOptions& globals) {
  if (!values.count("message")) {
    throw UsageError("--accept needs -m \"why the edit is right\": the reason is recorded with "
                     "the accepted checksum");
  }
  const std::vector<std::string> accepted =
      AcceptChecksums(globals.LoadConfig(), values["accept"].as<std::vector<std::string>>(),
                      values["message"].as<std::string>());
  if (!globals.quiet) {
    for (const std::string& id : accepted) {
      std::cout << "Accepted the current checksum of revision " << id << "\n";
    }
  }
  return kExitSuccess;
}

int RunValidate(const po::variables_map& values, const GlobalOptions& globals) {
  if (values.count("accept")) return RunAccept(values, globals);
  if (values.count("message")) throw UsageError("-m goes with --accept REVISION");
  const bool json = WantsJson(values);
  const ValidationReport report = Validate(globals.LoadConfig());
  if (json) {
    PrintValidationJson(report);
    return report.passed() ? kExitSuccess : kExitError;
  }
  for (const RevisionCheck& check : report.revisions) std::cout << ProblemLine(check) << "\n";
  for (const ChainProblem& problem : report.chain) {
    std::cout << "broken chain: history row " << problem.row_id << " (revision "
              << problem.revision << "): " << problem.what << "\n";
  }
  if (report.unchained_rows > 0 && !globals.quiet) {
    std::cout << "not chained (written before hash chaining): " << report.unchained_rows
              << " history row" << (report.unchained_rows == 1 ? "" : "s") << "\n";
  }
  if (!report.passed()) {
    std::cout << "Validation failed: " << report.revisions.size() << " of "
              << report.revisions_checked << " applied revision(s) do not match their files, "
              << report.chain.size() << " broken link(s) in the history chain"
              << (report.revisions.empty()
                      ? std::string()
                      : "; an intended edit is recorded with retort validate --accept REVISION "
                        "-m \"why\"")
              << "\n";
    return kExitError;
  }
  if (!globals.quiet) {
    std::cout << "OK: " << report.revisions_checked
              << " applied revision(s) match their files, and the history chain holds\n";
  }
  return kExitSuccess;
}

}  // namespace

std::vector<CommandSpec> ValidateCommands() {
  return {
      {"validate", "check applied revisions against their files, and the history's hash chain",
       "[--accept REVISION... -m MESSAGE] [--format text|json]",
       [](po::options_description& options, po::positional_options_description&) {
         options.add_options()
             ("accept", po::value<std::vector<std::string>>()->value_name("REVISION"),
              "record the file's current checksum of an edited or unknown applied revision "
              "(repeatable)")
             ("message,m", po::value<std::string>()->value_name("TEXT"),
              "why the checksum is accepted (required with --accept)");
         DeclareFormat(options);
       },
       RunValidate},
  };
}

}  // namespace retort::cli
