// The tables retort keeps in every database it migrates:
//   retort_version     one row per current head (version_num, wide)
//   retort_history     one row per applied step, with checksum and timing
//   retort_incomplete  revisions running outside a transaction that have not
//                      finished; created only when the first such one runs
// Statements go through Connection::Execute so that they are reported and
// run exactly like the revisions' own.
#ifndef RETORT_CORE_VERSION_TABLE_H_
#define RETORT_CORE_VERSION_TABLE_H_

#include <string>
#include <vector>

#include "retort/dialect.h"
#include "retort/events.h"
#include "retort/migrator.h"

namespace retort {

class VersionTable {
 public:
  static constexpr const char* kVersionTable = "retort_version";
  static constexpr const char* kHistoryTable = "retort_history";
  static constexpr const char* kIncompleteTable = "retort_incomplete";

  VersionTable(const Dialect& dialect, Connection& connection, MigrationListener& listener);

  // Whether both tables exist.
  bool HasTables();
  // The version rows, sorted; empty when the table does not exist.
  std::vector<std::string> Read();
  // Creates both tables unless they exist.
  void Create();
  // Rewrites the version rows from `before` to `after` (both as planned).
  void Replace(const std::vector<std::string>& before, const std::vector<std::string>& after);
  void Record(const HistoryRow& row);
  std::vector<HistoryRow> ReadHistory();

  // The incomplete-revision marks; empty when the table does not exist.
  std::vector<IncompleteRevision> ReadIncomplete();
  // Records that `mark.revision` starts outside a transaction (creating the
  // table if needed).
  void MarkIncomplete(const IncompleteRevision& mark);
  // Stores why the marked revision failed. Runs outside any transaction.
  void RecordFailure(const std::string& revision, const std::string& failure);
  // Removes the mark of `revision`, or every mark when `revision` is empty.
  void ClearIncomplete(const std::string& revision = "");

 private:
  void Run(const std::string& sql);
  bool VersionTableExists();

  const Dialect& dialect_;
  Connection& connection_;
  MigrationListener& listener_;
  // Once seen (or created), the table is not looked up again: every step of
  // a run reads the version rows.
  bool version_table_seen_ = false;
};

}  // namespace retort

#endif  // RETORT_CORE_VERSION_TABLE_H_
