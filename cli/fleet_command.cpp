// retort fleet upgrade TARGET / fleet current: the same history on many
// databases (retort/fleet.h), with a progress line, a table or JSON of the
// results, and exit 1 when any database failed.
#include <unistd.h>

#include <iostream>
#include <mutex>

#include "cli.h"
#include "json_output.h"
#include "report.h"
#include "retort/fleet.h"

namespace retort::cli {
namespace {

std::string StatusWord(const FleetResult& result) {
  switch (result.status) {
    case FleetResult::Status::kUpgraded:
      return "upgraded";
    case FleetResult::Status::kSkipped:
      return "skipped";
    case FleetResult::Status::kCurrent:
      return result.at_target ? "at target" : "behind";
    case FleetResult::Status::kFailed:
      break;
  }
  return "failed";
}

std::string Heads(const std::optional<std::vector<std::string>>& heads) {
  if (!heads) return "?";  // could not be read
  return heads->empty() ? "(none)" : RevisionList(*heads);
}

DocNode HeadsJson(const std::optional<std::vector<std::string>>& heads) {
  return heads ? DocNode::TextList(*heads) : DocNode();
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string Milliseconds(std::chrono::milliseconds elapsed) {
  return std::to_string(elapsed.count()) + " ms";
}

// Shows how far the fleet is: on a terminal one line, rewritten; otherwise
// a line per database as it finishes, which a log keeps.
class FleetProgress {
 public:
  explicit FleetProgress(bool quiet) : quiet_(quiet), terminal_(isatty(STDERR_FILENO) != 0) {}

  void Done(const FleetResult& result, std::size_t done, std::size_t total) {
    if (quiet_) return;
    if (result.status == FleetResult::Status::kFailed) ++failed_;
    const std::string count = "[" + std::to_string(done) + "/" + std::to_string(total) + "]";
    if (terminal_) {
      std::cerr << "\r\033[Kfleet: " << count << " done, " << failed_ << " failed"
                << (done == total ? "\n" : "") << std::flush;
      return;
    }
    std::cerr << "fleet: " << count << " " << StatusWord(result) << "  " << result.url << "  "
              << Milliseconds(result.elapsed)
              << (result.error.empty() ? "" : "  " + FirstLine(result.error)) << "\n";
  }

 private:
  const bool quiet_;
  const bool terminal_;
  std::size_t failed_ = 0;
};

DocNode ResultJson(const FleetResult& result) {
  DocNode node = DocNode::Map();
  node.Set("url", DocNode::Text(result.url))
      .Set("status", DocNode::Text(StatusWord(result)))
      .Set("heads_before", HeadsJson(result.heads_before))
      .Set("heads_after", HeadsJson(result.heads_after))
      .Set("applied", DocNode::TextList(result.applied))
      .Set("at_target", DocNode::Bool(result.at_target))
      .Set("elapsed_ms", DocNode::Integer(result.elapsed.count()))
      .Set("error", TextOrNull(result.error));
  return node;
}

int RunFleet(const po::variables_map& values, const GlobalOptions& globals) {
  const std::string action = values["action"].as<std::string>();
  if (action != "upgrade" && action != "current") {
    throw UsageError("fleet: '" + action + "' is not upgrade or current");
  }
  const bool upgrade = action == "upgrade";
  if (upgrade && !values.count("target")) {
    throw UsageError("fleet upgrade: give the target (fleet upgrade head --urls FILE)");
  }
  if (!upgrade && values["resume"].as<bool>()) {
    throw UsageError("fleet current: --resume belongs to fleet upgrade");
  }
  const std::string target = values.count("target") ? values["target"].as<std::string>() : "heads";
  if (values.count("urls") == values.count("urls-command")) {
    throw UsageError("fleet: give the databases with exactly one of --urls FILE and "
                     "--urls-command COMMAND");
  }
  const long jobs = values["jobs"].as<long>();
  if (jobs < 1 || jobs > 256) throw UsageError("fleet: -j takes 1 to 256 databases at once");
  const bool json = WantsJson(values);

  const Config config = globals.LoadConfig();
  const std::vector<std::string> urls =
      values.count("urls") ? ReadFleetUrls(values["urls"].as<std::string>())
                           : FleetUrlsFromCommand(values["urls-command"].as<std::string>());
  FleetProgress progress(globals.quiet);
  FleetOptions options;
  options.jobs = static_cast<std::size_t>(jobs);
  options.resume = values["resume"].as<bool>();
  options.on_done = [&](const FleetResult& result, std::size_t done, std::size_t total) {
    progress.Done(result, done, total);
  };
  const std::vector<FleetResult> results = upgrade ? FleetUpgrade(config, urls, target, options)
                                                   : FleetCurrent(config, urls, target, options);

  std::size_t failed = 0, at_target = 0;
  for (const FleetResult& result : results) {
    failed += result.status == FleetResult::Status::kFailed;
    at_target += result.at_target;
  }
  if (json) {
    DocNode list = DocNode::List();
    for (const FleetResult& result : results) list.Append(ResultJson(result));
    PrintJson(JsonReport()
                  .Set("target", DocNode::Text(target))
                  .Set("databases", std::move(list))
                  .Set("summary", std::move(DocNode::Map()
                                                .Set("total", DocNode::Integer(results.size()))
                                                .Set("failed", DocNode::Integer(failed))
                                                .Set("at_target", DocNode::Integer(at_target)))));
  } else {
    std::vector<std::vector<std::string>> table;
    if (upgrade) {
      table.push_back({"DATABASE", "RESULT", "BEFORE", "AFTER", "APPLIED", "TIME", "ERROR"});
    } else {
      table.push_back({"DATABASE", "STATUS", "CURRENT", "ERROR"});
    }
    for (const FleetResult& result : results) {
      const std::string error = FirstLine(result.error);
      if (upgrade) {
        table.push_back({result.url, StatusWord(result), Heads(result.heads_before),
                         Heads(result.heads_after), std::to_string(result.applied.size()),
                         Milliseconds(result.elapsed), error});
      } else {
        table.push_back({result.url, StatusWord(result), Heads(result.heads_after), error});
      }
    }
    std::cout << AlignedColumns(table) << results.size() << " databases: " << at_target
              << " at " << target << ", " << failed << " failed\n";
  }
  return failed == 0 ? kExitSuccess : kExitError;
}

}  // namespace

std::vector<CommandSpec> FleetCommands() {
  return {
      {"fleet",
       "upgrade many databases (one per line of a list) to a target, or show where each is",
       "upgrade TARGET | current [TARGET]  (--urls FILE | --urls-command COMMAND) [-j N] "
       "[--resume] [--format text|json]",
       [](po::options_description& options, po::positional_options_description& positionals) {
         options.add_options()
             ("action", po::value<std::string>()->required(), "upgrade or current")
             ("target", po::value<std::string>(),
              "where to go (upgrade), or what to compare with (current; default heads)")
             ("urls", po::value<std::string>()->value_name("FILE"),
              "the databases, one URL per line ('#' after white space starts a comment; "
              "- reads standard input)")
             ("urls-command", po::value<std::string>()->value_name("COMMAND"),
              "a shell command that prints the databases' URLs, one per line")
             ("jobs,j", po::value<long>()->default_value(4)->value_name("N"),
              "databases migrated at once")
             ("resume", po::bool_switch(),
              "leave alone the databases already at the target (after a run that failed "
              "part-way)");
         DeclareFormat(options);
         positionals.add("action", 1).add("target", 1);
       },
       RunFleet},
  };
}

}  // namespace retort::cli
