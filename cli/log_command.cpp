// retort log: what ran on the database (the history table: direction, when,
// how long, by whom, the file's checksum, the --tag), then what an upgrade
// to every head would still run.
#include <iostream>

#include "cli.h"
#include "json_output.h"
#include "report.h"
#include "retort/migration_log.h"

namespace retort::cli {
namespace {

// The first characters of a checksum, as git shortens commit ids: enough
// to tell an edited file at a glance; "-" for a row without one.
std::string ShortChecksum(const std::string& checksum) {
  return checksum.empty() ? "-" : checksum.substr(0, 8);
}

// "4.2 ms"; stamps run nothing, so they have no duration to show.
std::string Duration(const HistoryRow& row) {
  if (row.direction != "upgrade" && row.direction != "downgrade") return "";
  const long long tenths = static_cast<long long>(row.duration_ms * 10 + 0.5);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " ms";
}

// The column of LogTable that holds revision ids.
constexpr std::size_t kRevisionColumn = 2;

// One row per step, columns aligned:
//   2024-06-17 09:12:44  upgrade    58ce9da45577  3f2a9c1b  4.2 ms  alice@host  tag: release-42
//   pending              upgrade    9b1f0c2d4e6a  5d41402a                      add accounts
std::vector<std::vector<std::string>> LogTable(const MigrationLog& log) {
  std::vector<std::vector<std::string>> table;
  for (const HistoryRow& row : log.applied) {
    table.push_back({row.started_at.substr(0, 19), row.direction, row.revision,
                     ShortChecksum(row.checksum), Duration(row), row.executed_by,
                     row.tag.empty() ? "" : "tag: " + row.tag});
  }
  for (const PendingRevision& pending : log.pending) {
    table.push_back({"pending", "upgrade", pending.revision.id, ShortChecksum(pending.checksum),
                     "", "", pending.revision.message});
  }
  return table;
}

int RunLog(const po::variables_map& values, const GlobalOptions& globals) {
  LogOptions options;
  if (values.count("rev-range")) options.range = values["rev-range"].as<std::string>();
  if (values.count("limit")) options.limit = values["limit"].as<std::size_t>();
  const bool json = WantsJson(values);
  const MigrationLog log = Log(globals.LoadConfig(), options);
  if (json) {
    PrintJson(JsonReport()
                  .Set("applied", ListOf(log.applied, HistoryRowJson))
                  .Set("pending", ListOf(log.pending, PendingJson)));
    return kExitSuccess;
  }
  if (log.applied.empty() && !globals.quiet) {
    std::cout << (options.range.empty() && !options.limit
                      ? "(no history: retort has not migrated this database)\n"
                      : "(no history rows in this selection)\n");
  }
  std::cout << AlignedColumns(LogTable(log), [&](std::size_t column, const std::string& cell) {
    return column == kRevisionColumn ? globals.out.Revision(cell) : cell;
  });
  return kExitSuccess;
}

}  // namespace

std::vector<CommandSpec> LogCommands() {
  return {
      {"log",
       "show what ran on the database (the history table, oldest first), then what upgrade "
       "heads would run",
       "[-n N] [-r START:END] [--format text|json]",
       [](po::options_description& options, po::positional_options_description&) {
         options.add_options()
             ("limit,n", po::value<std::size_t>()->value_name("N"),
              "only the last N applied rows")
             ("rev-range,r", po::value<std::string>()->value_name("START:END"),
              "only revisions in START:END, as history -r takes it");
         DeclareFormat(options);
       },
       RunLog},
  };
}

}  // namespace retort::cli
