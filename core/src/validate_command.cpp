// retort validate and validate --accept (see validate.h).
#include <algorithm>

#include "checksum_audit.h"
#include "command_support.h"
#include "history_chain.h"
#include "migration_lock.h"
#include "retort/error.h"
#include "retort/validate.h"
#include "run_facts.h"
#include "step_runner.h"
#include "text_util.h"
#include "version_table.h"

namespace retort {
namespace {

// Why `header` cannot be accepted, or "" when it can.
std::string NotAcceptable(const RevisionHeader& header, const std::vector<RevisionCheck>& checks,
                          const std::vector<std::string>& version_rows,
                          const RevisionGraph& graph) {
  for (const RevisionCheck& check : checks) {
    if (check.revision == header.id) return "";  // edited or unknown: a file is there
  }
  const std::vector<const RevisionHeader*> applied =
      version_rows.empty() ? std::vector<const RevisionHeader*>{}
                           : graph.History(":current", [&] { return version_rows; });
  const bool is_applied = std::find(applied.begin(), applied.end(), &header) != applied.end();
  return "revision " + header.id +
         (is_applied ? " matches the checksum recorded when it ran"
                     : " is not applied to the database") +
         ", so there is no checksum to accept (nothing was written)";
}

}  // namespace

const char* StatusName(RevisionCheck::Status status) {
  switch (status) {
    case RevisionCheck::Status::kEdited: return "edited";
    case RevisionCheck::Status::kMissing: return "missing";
    case RevisionCheck::Status::kUnknown: return "unknown";
  }
  return "?";
}

ValidationReport Validate(const Config& config) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  scripts.ExpectGraphOnly();
  Database database = Open(config);
  MigrationListener quiet;
  VersionTable versions(*database.dialect, *database.connection, quiet, config.tables);
  // The rows first: a run that commits in between only adds history rows.
  const std::vector<std::string> rows = versions.Read();
  const std::vector<HistoryRow> history = versions.ReadHistory();
  ValidationReport report;
  report.revisions = AuditChecksums(history, rows, scripts, &report.revisions_checked);
  ChainCheck chain = CheckHistoryChain(history);
  report.chain = std::move(chain.problems);
  report.unchained_rows = chain.unchained_rows;
  return report;
}

std::vector<std::string> AcceptChecksums(const Config& config,
                                         const std::vector<std::string>& revisions,
                                         const std::string& reason) {
  if (text::Trim(reason).empty()) {
    throw ConfigError("accepting a checksum needs a reason (-m \"why the edit is right\")");
  }
  if (revisions.empty()) throw ConfigError("no revision to accept the checksum of");
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  scripts.ExpectGraphOnly();
  const RevisionGraph& graph = scripts.graph();
  std::vector<const RevisionHeader*> chosen;
  for (const std::string& reference : revisions) {
    const RevisionHeader* header = &graph.Resolve(reference);
    if (std::find(chosen.begin(), chosen.end(), header) == chosen.end()) chosen.push_back(header);
  }

  Database database = Open(config);
  MigrationListener quiet;
  VersionTable versions(*database.dialect, *database.connection, quiet, config.tables);
  LockGuard lock(*database.connection, config.lock_timeout);
  // Under the lock, so that what is accepted is what the rows say now.
  const bool need_tables = !versions.HasTables();  // looked up outside the transaction
  const std::vector<std::string> rows = versions.Read();
  const std::vector<RevisionCheck> checks =
      AuditChecksums(versions.ReadChecksumRows(), rows, scripts);
  for (const RevisionHeader* header : chosen) {
    if (const std::string why = NotAcceptable(*header, checks, rows, graph); !why.empty()) {
      throw RevisionError(why);
    }
  }
  TransactionGuard transaction(*database.connection, {});
  if (need_tables) versions.Create();
  const std::string now = UtcTimestamp();
  const std::string who = ExecutingUser();
  std::vector<std::string> accepted;
  for (const RevisionHeader* header : chosen) {
    HistoryRow row;
    row.revision = header->id;
    row.direction = "accept";
    row.checksum = scripts.Checksum(*header);
    row.started_at = now;
    row.finished_at = now;
    row.executed_by = who;
    row.tag = config.tag;
    row.note = reason;
    versions.Record(row);
    accepted.push_back(header->id);
  }
  transaction.Commit();
  return accepted;
}

}  // namespace retort
