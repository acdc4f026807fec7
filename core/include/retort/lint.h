// Lint: what each operation of a range of revisions would cost the
// database's other users when it runs (the locks it takes, whether it scans
// or rewrites a table), and the safer way to write it. Read from the revision
// files alone: no database is opened, unless the range names "current".
// The core walks the revisions and tracks what a dialect cannot see in one
// operation (which tables the range itself created, whether a lock timeout
// bounds the statements); each dialect judges its own operations
// (Dialect::Lint).
//
// Thread-safety: the functions may be called from several threads at once
// (Lint opens its own connection when the range names "current"). A
// LintContext's `revision` is borrowed for the Dialect::Lint call it is
// given to.
#ifndef RETORT_LINT_H_
#define RETORT_LINT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "retort/config.h"
#include "retort/revision.h"

namespace retort {

class Dialect;

enum class LintSeverity { kInfo, kWarning, kError };

// "info", "warning", "error".
std::string_view SeverityName(LintSeverity severity);
// The inverse of SeverityName; throws ConfigError naming `where` (an option,
// an ini line) and the three names for anything else.
LintSeverity ParseLintSeverity(std::string_view text, const std::string& where);

// A lock a statement takes, in the database's own name for its mode
// (PostgreSQL: as pg_locks.mode shows it, "AccessExclusiveLock").
struct LintLock {
  QualifiedName table;
  std::string mode;

  friend bool operator==(const LintLock&, const LintLock&) = default;
};

struct LintFinding {
  std::string rule;  // a stable id ("pg-set-not-null"), documented in docs/commands.md
  LintSeverity severity = LintSeverity::kInfo;
  // Where: filled in by the core.
  std::string revision;   // the revision's id
  std::string file;       // the revision's file; empty for revisions built in code
  int line = 0;           // the operation's line; 0 when not known
  std::string operation;  // Describe(op): "alter_column users.email"
  // The strongest lock the operation's statements take on each table they
  // lock, its own table first; empty when none worth naming.
  std::vector<LintLock> locks;
  bool scans = false;     // reads every row while holding `locks`
  bool rewrites = false;  // writes a new copy of the table (and its indexes)
  // The tables the operation copies into a new table (SQLite's rebuild).
  std::vector<QualifiedName> rebuilds;
  std::string message;  // what happens and why it matters
  // The safer rewrite as revision YAML (operations, revision keys); empty
  // when there is none.
  std::string safer;
};

// What a dialect needs to know about an operation beyond the operation.
struct LintContext {
  const Revision* revision = nullptr;
  std::size_t index = 0;  // the operation's position in revision->upgrade
  // Whether the revision or the configuration sets ddl_lock_timeout, so a
  // statement waiting for a lock gives up instead of queueing every later
  // query on the table behind it.
  bool ddl_lock_timeout = false;
  // Tables created earlier in the linted range (earlier in this revision,
  // or in a revision before it), under their names at this point: new and
  // empty, nobody else uses them yet, so their locks cost nothing.
  std::vector<QualifiedName> new_tables;

  // Whether `table` is one of new_tables (a name without a schema matches
  // the same name in any schema).
  bool IsNewTable(const QualifiedName& table) const;
  bool transactional() const { return revision == nullptr || revision->transactional; }
};

struct LintReport {
  std::string dialect;                  // the dialect that judged the operations
  std::vector<std::string> revisions;   // the ids linted, oldest first
  std::vector<LintFinding> findings;    // in revision order, then operation order
};

// Lints `revisions` (oldest first, each after its parents) with `dialect`;
// `configured_ddl_lock_timeout` is whether the configuration sets
// ddl_lock_timeout. Besides the dialect's findings, adds the rule every
// dialect shares: a transaction: false revision with several operations
// (a failure part-way leaves it half applied). Throws what the dialect
// throws.
LintReport LintRevisions(const Dialect& dialect, const std::vector<Revision>& revisions,
                         bool configured_ddl_lock_timeout);

// Lints the revisions of `range` in config's script directory: the grammar
// of `history -r` ("a:b", "a:", ":b"); empty: the whole history, base to
// every head. `dialect_name` chooses the dialect; empty: the one config.url's
// scheme selects. Opens a database only when the range says "current".
// Throws ConfigError (no URL and no dialect name, an unknown dialect),
// RevisionError (a range that does not resolve) and FileError (a revision
// that does not parse).
LintReport Lint(const Config& config, std::string_view range,
                const std::string& dialect_name = "");

// Whether any finding is at `level` or above.
bool LintFails(const LintReport& report, LintSeverity level);

// The report for people: one block per finding, then a summary line.
std::string FormatLintText(const LintReport& report);
// The report as one JSON object: {"format_version": 1, "dialect",
// "revisions", "findings": [...]} with every LintFinding field (docs/json.md).
std::string FormatLintJson(const LintReport& report);

}  // namespace retort

#endif  // RETORT_LINT_H_
