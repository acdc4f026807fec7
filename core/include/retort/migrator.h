// The migrator runs plans against one connection: it holds the migration
// lock, wraps revisions in transactions together with their version-row
// change, records history, and reports to a listener.
//
// Thread-safety: a Migrator is not thread-safe, since it works on one borrowed
// Connection; use one per thread, each with its own connection. Migrators on
// one database, in any thread, process or machine, take turns through the
// migration lock (Connection::AcquireMigrationLock).
#ifndef RETORT_MIGRATOR_H_
#define RETORT_MIGRATOR_H_

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "retort/config.h"
#include "retort/dialect.h"
#include "retort/events.h"
#include "retort/script_directory.h"

namespace retort {

struct MigrateOptions {
  // true: each revision commits on its own, so a failure leaves the database
  // at the last good revision. false: the whole run is one transaction.
  bool transaction_per_revision = true;
  std::chrono::milliseconds lock_timeout{60'000};
  // How long each statement of a revision may wait for a lock on what it
  // changes; nullopt: as long as the database lets it (PostgreSQL: forever,
  // while every later query on that table queues behind it). A revision
  // whose statement times out is rolled back and, up to ddl_lock_retries
  // times, tried again after a growing pause. A revision's own settings
  // take precedence.
  std::optional<std::chrono::milliseconds> ddl_lock_timeout;
  int ddl_lock_retries = 0;
  // -x key=value: each ${x.key} in a revision's SQL becomes the value. A
  // revision of the plan that uses a key without one fails the run before
  // anything runs.
  std::map<std::string, std::string> x_arguments;
  // Recorded in every history row the run writes (empty: none).
  std::string tag;
  // Stamp adopts a database made before retort: it refuses (RevisionError)
  // once the database has version rows, which another migrator may have
  // written meanwhile, and records its rows as "adopt".
  bool adopt = false;
  // What Upgrade and Downgrade do about an applied revision whose file was
  // edited since it ran; checked under the lock before planning.
  ChecksumMismatch on_checksum_mismatch = ChecksumMismatch::kError;
};

// One row of the history table.
struct HistoryRow {
  long long id = 0;
  std::string revision;
  // "upgrade", "downgrade", "stamp", "unstamp", "adopt", or "accept" (a
  // checksum accepted by `retort validate --accept`, see validate.h)
  std::string direction;
  std::string checksum;
  std::string started_at;   // UTC, ISO 8601
  std::string finished_at;  // UTC, ISO 8601
  double duration_ms = 0;
  std::string executed_by;  // user@host
  std::string tag;          // --tag of the run; empty when none was given
  std::string note = {};    // why a checksum was accepted; empty otherwise
  // The hash chain (see docs/architecture.md): the row_hash of the row
  // before, and the hash of this row's content with it. Both empty in rows
  // an older retort wrote; VersionTable::Record fills them in.
  std::string previous_hash = {};
  std::string row_hash = {};
};

// A revision marked "transaction: false" that started and did not finish:
// some of its operations may have taken effect. Recorded in retort_incomplete
// before its first operation runs, removed when it finishes or by a stamp.
struct IncompleteRevision {
  std::string revision;
  std::string direction;     // "upgrade" or "downgrade"
  std::string heads_before;  // the version rows when it started, space-separated
  std::string heads_after;   // the version rows it would have left, space-separated
  std::string started_at;    // UTC, ISO 8601
  std::string executed_by;   // user@host
  std::string failure;       // the error, or empty when the process stopped mid-way
  // Statement by statement, one per line: "ran: line 12, add_column
  // users.email: ALTER TABLE ...", then the last one "running: ..." (it was
  // when the process stopped) or "failed: ...", then "not run: line 14, ..."
  // for each operation after it. Empty when no statement had started, or
  // the table was made by a retort that kept no progress.
  std::string progress;
};

// What to tell a user about `incomplete`: which revision, what happened, and
// the two ways to recover.
std::string DescribeIncomplete(const IncompleteRevision& incomplete);

class Migrator {
 public:
  // The migrator borrows all four; they must outlive it. `tables` names
  // retort's own tables (retort.ini's version_table, version_table_schema).
  // Throws nothing.
  Migrator(const Dialect& dialect, Connection& connection, ScriptDirectory& scripts,
           MigrationListener& listener, VersionTableNames tables = {});

  // The version rows: one per current head; empty for a database that retort
  // has not touched. Reads without the migration lock. Throws DatabaseError.
  std::vector<std::string> CurrentHeads();

  // Applies every revision up to `target` and returns the steps taken. Holds
  // the migration lock (waiting up to options.lock_timeout) from before the
  // version rows are read until the run ends. Every revision of the plan is
  // read and checked before the first one runs. A failing revision is rolled
  // back with its version-row change, and the error (DatabaseError or
  // OperationError) names the revision, the file and line, and the
  // operation. Throws as retort::Upgrade does (commands.h), without the
  // adoption.
  std::vector<MigrationStep> Upgrade(std::string_view target, const MigrateOptions& options);

  // Unapplies revisions down to `target`, as Upgrade does in reverse.
  std::vector<MigrationStep> Downgrade(std::string_view target, const MigrateOptions& options);

  // Sets the version rows to `targets` without running any revision (see
  // RevisionGraph::PlanStamp), in one transaction under the migration lock.
  // Returns the new rows. Throws DatabaseError (the lock not had in time, or
  // refused by the database) and RevisionError (a target that does not
  // resolve; with options.adopt, rows that exist already).
  std::vector<std::string> Stamp(const std::vector<std::string>& targets, bool purge,
                                 const MigrateOptions& options = {});

  // Offline SQL (upgrade --sql): Upgrade, Downgrade and Stamp for a
  // database whose version rows are `start` (empty: base, so retort's tables
  // are created first), on a connection from Dialect::OpenScript: what they
  // would run is written, the database is never read, and no lock is taken
  // (whoever runs the script keeps other migrators off). The listener is
  // told every statement (OnStatement), which is how the caller writes
  // them; the connection writes the transaction statements itself. Throws
  // what the online commands throw, and OperationError for what needs a
  // live database (a C++ revision that queries). With a transaction per
  // revision, revisions are read and checked a window ahead of the step
  // being written (on another core for a long plan), not all before the
  // first: one that cannot be read throws when the plan reaches it, after
  // the listener heard the steps before it, and a step that fails before it
  // is the error reported.
  std::vector<MigrationStep> ScriptUpgrade(const std::vector<std::string>& start,
                                           std::string_view target, const MigrateOptions& options);
  std::vector<MigrationStep> ScriptDowngrade(const std::vector<std::string>& start,
                                             std::string_view target,
                                             const MigrateOptions& options);
  std::vector<std::string> ScriptStamp(const std::vector<std::string>& start,
                                       const std::vector<std::string>& targets, bool purge,
                                       const MigrateOptions& options);
  // Creates the version and history tables if they do not exist (and brings
  // a history table from an older retort up to date), under the migration
  // lock, running nothing else. Returns whether it changed anything. Throws
  // DatabaseError.
  bool EnsureVersionTables(const MigrateOptions& options = {});

  // The history table, oldest first; empty when there is none. Throws
  // DatabaseError.
  std::vector<HistoryRow> History();

  // The revisions that started outside a transaction and did not finish.
  // While there is one, Upgrade and Downgrade refuse to run (RevisionError
  // with DescribeIncomplete's text); a Stamp clears them all, for the user
  // says with it what the database now is. Throws DatabaseError.
  std::vector<IncompleteRevision> Incomplete();

 private:
  // `offline_start`: the rows an offline run starts from; nullptr online.
  std::vector<MigrationStep> Run(Direction direction, std::string_view target,
                                 const MigrateOptions& options,
                                 const std::vector<std::string>* offline_start);
  std::vector<std::string> RunStamp(const std::vector<std::string>& targets, bool purge,
                                    const MigrateOptions& options,
                                    const std::vector<std::string>* offline_start);

  const Dialect& dialect_;
  Connection& connection_;
  ScriptDirectory& scripts_;
  MigrationListener& listener_;
  VersionTableNames tables_;
};

}  // namespace retort

#endif  // RETORT_MIGRATOR_H_
