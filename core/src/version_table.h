// The tables retort keeps in every database it migrates (their names are
// configurable, see VersionTableNames; these are the defaults):
//   retort_version     one row per current head (version_num, wide)
//   retort_history     one row per applied step, with checksum, timing and tag
//   retort_incomplete  revisions running outside a transaction that have not
//                      finished; created only when the first such one runs
// Statements go through Connection::Execute so that they are reported and
// run exactly like the revisions' own.
#ifndef RETORT_CORE_VERSION_TABLE_H_
#define RETORT_CORE_VERSION_TABLE_H_

#include <optional>
#include <string>
#include <vector>

#include "retort/config.h"
#include "retort/dialect.h"
#include "retort/events.h"
#include "retort/migrator.h"

namespace retort {

class VersionTable {
 public:
  VersionTable(const Dialect& dialect, Connection& connection, MigrationListener& listener,
               VersionTableNames names = {});

  // Offline SQL (a script connection): the database is taken to be at the
  // version rows `rows`, with retort's tables unless `rows` is empty (base),
  // and nothing is ever read from it; Replace keeps the rows it writes.
  void AssumeOffline(std::vector<std::string> rows);

  // Whether the version and history tables exist as this retort writes them
  // (the history table with its tag, note and hash columns, an incomplete
  // table, where there is one, with its progress). Outside a transaction: on
  // PostgreSQL a failed look-up would abort one.
  bool HasTables();
  // The version rows, sorted; empty when the table does not exist.
  std::vector<std::string> Read();
  // Creates the version and history tables unless they exist, and adds the
  // columns a history or incomplete table made by an older retort lacks
  // (keeping its rows; call HasTables first, outside the transaction).
  // Returns whether it changed anything.
  bool Create();
  // Rewrites the version rows from `before` to `after` (both as planned).
  void Replace(const std::vector<std::string>& before, const std::vector<std::string>& after);
  // Appends `row` (its id, previous_hash and row_hash ignored), chained to
  // the newest row (see history_chain.h).
  void Record(const HistoryRow& row);
  // Says that the transaction holding the last Record committed: the next
  // Record links to that row without reading the table (a round trip per
  // revision on a server). Call it only while holding the migration lock,
  // which every writer of the history holds, so that no row comes between.
  // A Record whose transaction rolled back is never told, and the next one
  // reads the table again.
  void RecordCommitted();
  std::vector<HistoryRow> ReadHistory();
  // The history rows that apply or undo a revision (upgrade, downgrade,
  // accept), oldest first, with only revision, direction and checksum: what
  // the checksum check before every run needs, read fast from a long history.
  std::vector<HistoryRow> ReadChecksumRows();

  // The incomplete-revision marks; empty when the table does not exist.
  std::vector<IncompleteRevision> ReadIncomplete();
  // Records that `mark.revision` starts outside a transaction (creating the
  // table if needed).
  void MarkIncomplete(const IncompleteRevision& mark);
  // Stores why the marked revision failed. Runs outside any transaction.
  void RecordFailure(const std::string& revision, const std::string& failure);
  // Stores how far the marked revision got (IncompleteRevision::progress).
  // Not reported to the listener: it comes before each of the revision's own
  // statements, which it would drown. Does nothing offline (a script runs
  // later, under another tool).
  void RecordProgress(const std::string& revision, const std::string& progress);
  // Removes the mark of `revision`, or every mark when `revision` is empty.
  void ClearIncomplete(const std::string& revision = "");

 private:
  // The statements that turn version rows `before` into `after`.
  void WriteReplacement(const std::vector<std::string>& before,
                        const std::vector<std::string>& after);
  // Reports `sql` and runs it: retort's tables made or changed.
  void Run(const std::string& sql);
  // Reports `sql`, which writes rows of retort's `table` only, and runs it
  // as bookkeeping (Connection::ExecuteBookkeeping).
  void WriteRows(const std::string& table, const std::string& sql);
  // `timestamp` as SQL writes it into a time column.
  std::string When(const std::string& timestamp) const;
  bool VersionTableExists();
  bool HistoryTableExists();
  // The row_hash of the newest history row; empty when there is none or an
  // older retort wrote it. The one place the chain reads the table.
  std::string LastRowHash();
  // Whether a query of retort's `table` naming `columns` (an SQL
  // expression) succeeds.
  bool HasColumns(const std::string& table, const std::string& columns);
  // Whether the incomplete table exists without the later columns; looked
  // up once, outside a transaction (as MissingHistoryColumns).
  bool IncompleteLacksColumns();
  // The columns added since the first release that the history table lacks.
  const std::vector<std::string>& MissingHistoryColumns();
  bool HistoryHas(const std::string& column);
  // `table` as SQL writes it: quoted where needed, in the configured schema.
  std::string Qualified(const std::string& table) const;
  // Runs `sql`, a query of retort's table `table`; a failure names the table.
  QueryRows QueryTable(const std::string& table, const std::string& sql);
  QualifiedName Name(const std::string& table) const { return {names_.schema, table}; }

  const Dialect& dialect_;
  Connection& connection_;
  MigrationListener& listener_;
  VersionTableNames names_;
  // What MissingHistoryColumns returns; unknown until looked up.
  std::optional<std::vector<std::string>> history_lacks_;
  // What IncompleteLacksColumns returns; unknown until looked up.
  std::optional<bool> incomplete_lacks_;
  // Once seen (or created), the table is not looked up again: every step of
  // a run reads the version rows.
  bool version_table_seen_ = false;
  // Set by AssumeOffline: the rows the script has left the database at.
  std::optional<std::vector<std::string>> offline_rows_;
  // Offline: the row_hash of the last row the script wrote.
  std::string offline_last_hash_;
  // The row_hash of the last row Record wrote, and whether that row is
  // known committed (RecordCommitted) and so still the newest.
  std::string recorded_hash_;
  bool recorded_committed_ = false;
};

}  // namespace retort

#endif  // RETORT_CORE_VERSION_TABLE_H_
