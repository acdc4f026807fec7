// Migrating an application's database when the application starts: one call
// that brings the database to its newest revisions, waits its turn when
// another instance of the application is migrating the same database,
// adopts a database an older release made before it used retort (when
// asked), and reports what it did so that the application can log it.
//
// Thread-safety: MigrateOnStartup may be called from several threads and
// processes at once, on the same database; each call opens its own
// connection, and the migration lock makes them take turns (see
// MigrateOnStartup). The structs below are plain values.
#ifndef RETORT_STARTUP_H_
#define RETORT_STARTUP_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "retort/config.h"
#include "retort/error.h"
#include "retort/events.h"
#include "retort/revision_graph.h"

namespace retort {

struct StartupOptions {
  // Where to bring the database: "heads" (every head: the newest revision
  // of each branch), "head" (refused with RevisionError when there are
  // several), or any target Upgrade accepts.
  std::string target = "heads";
  // How long to wait for another instance's migration lock; nullopt:
  // config.lock_timeout. Zero: fail at once unless the lock is free.
  std::optional<std::chrono::milliseconds> lock_wait;
  // Whether a database that holds tables but no version table is adopted
  // (stamped with the revision whose schema it has, then upgraded); nullopt:
  // config.adopt_unversioned.
  std::optional<bool> adopt_unversioned;
};

// What MigrateOnStartup did. Every field is read while the migration lock is
// held, so that instances started together report one consistent story:
// the one that migrated lists the steps, the others find the work done.
struct StartupReport {
  // The version rows before and after (sorted; empty: an unversioned or
  // empty database). For an adopted database, `heads_before` is empty and
  // `adopted_as` says where the adoption put it.
  std::vector<std::string> heads_before;
  std::vector<std::string> heads_after;
  // The revisions this call applied, in order; empty when the database was
  // already at the target.
  std::vector<MigrationStep> applied;
  // The revisions an adoption stamped (several for a merge point); empty
  // when this call adopted nothing.
  std::vector<std::string> adopted_as;
  // Whether another holder had the migration lock when this call asked for
  // it, and how long this call waited for it.
  bool waited_for_lock = false;
  std::chrono::milliseconds lock_wait{0};
  // From the call to its return.
  std::chrono::milliseconds elapsed{0};

  bool adopted() const { return !adopted_as.empty(); }
  bool changed() const { return adopted() || !applied.empty(); }
};

// Another holder kept the migration lock longer than the call would wait.
// what() names the database, the wait (and the option that set it) and, when
// the dialect can tell, who holds the lock (a PostgreSQL server process id);
// code() is the dialect's code for the lock's refusal.
class MigrationLockTimeoutError : public DatabaseError {
 public:
  MigrationLockTimeoutError(const std::string& message, std::string code,
                            std::chrono::milliseconds waited)
      : DatabaseError(message, std::move(code)), waited_(waited) {}

  std::chrono::milliseconds waited() const { return waited_; }

 private:
  std::chrono::milliseconds waited_;
};

// Brings the database config.url names to options.target under one hold of
// the migration lock: waits up to options.lock_wait for the lock, adopts an
// unversioned database when options allow it, applies what the target still
// needs (each revision in its own transaction unless
// config.transaction_per_revision is false), and returns what it did.
// Concurrent callers on one database take turns: the first applies the
// revisions, the others wait and find nothing left to do.
//
// `listener`, when not null, hears each step, statement and notice (an
// adoption is one) while the call runs; it is not kept afterwards.
//
// Throws, leaving the database as it was unless said otherwise:
// - ConfigError: no URL (naming where one can be set), a URL or
//   script_location that cannot be used, an unknown dialect scheme.
// - MigrationLockTimeoutError: the lock was not had within the wait.
// - RevisionError: an unversioned database while adoption is off (naming the
//   revision its schema matches and how to adopt it), or one that matches no
//   revision (with the closest and the difference); a revision that stopped
//   part-way outside a transaction (transaction: false) and must be resolved
//   by a person first (DescribeIncomplete's text); a target that does not
//   resolve; a revision graph that is inconsistent.
// - FileError: a revision file that cannot be read, naming the file and line.
// - DatabaseError or OperationError: a revision failed while running, naming
//   the revision, file and line. The revisions before it stay applied (with
//   config.transaction_per_revision; otherwise none does), the failing one is
//   rolled back, except the statements of a transaction: false revision,
//   which is then recorded as incomplete.
StartupReport MigrateOnStartup(const Config& config, const StartupOptions& options = {},
                               MigrationListener* listener = nullptr);

}  // namespace retort

#endif  // RETORT_STARTUP_H_
