// retort log: the history table's rows, what was run, when, by whom, and
// with which --tag.
#include <iostream>

#include "cli.h"
#include "retort/commands.h"

namespace retort::cli {
namespace {

// "2024-06-17 09:12:44  upgrade    58ce9da45577  4.2 ms  alice@host  tag: release-42"
std::string LogLine(const HistoryRow& row) {
  std::string line = row.started_at.substr(0, 19) + "  " + row.direction;
  line += std::string(row.direction.size() < 9 ? 9 - row.direction.size() : 0, ' ');
  line += "  " + row.revision;
  // Stamps run nothing, so they have no duration to show.
  if (row.direction == "upgrade" || row.direction == "downgrade") {
    const long long tenths = static_cast<long long>(row.duration_ms * 10 + 0.5);
    line += "  " + std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " ms";
  }
  line += "  " + row.executed_by;
  if (!row.tag.empty()) line += "  tag: " + row.tag;
  return line;
}

int RunLog(const po::variables_map& values, const GlobalOptions& globals) {
  const std::vector<HistoryRow> rows = AppliedHistory(globals.LoadConfig());
  if (rows.empty()) {
    if (!globals.quiet) std::cout << "(no history: retort has not migrated this database)\n";
    return kExitSuccess;
  }
  std::size_t first = 0;
  if (values.count("limit")) {
    const std::size_t limit = values["limit"].as<std::size_t>();
    if (limit < rows.size()) first = rows.size() - limit;
  }
  for (std::size_t i = first; i < rows.size(); ++i) std::cout << LogLine(rows[i]) << "\n";
  return kExitSuccess;
}

}  // namespace

std::vector<CommandSpec> LogCommands() {
  return {
      {"log", "show what ran on the database: the history table, oldest first", "[-n N]",
       [](po::options_description& options, po::positional_options_description&) {
         options.add_options()("limit,n", po::value<std::size_t>()->value_name("N"),
                               "only the last N rows");
       },
       RunLog},
  };
}

}  // namespace retort::cli
