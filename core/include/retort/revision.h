// A revision: one node of the migration history, and the operations that move
// a database across it.
//
// Thread-safety: plain values and pure functions, callable from several
// threads at once. A C++ revision's functions (RevisionCode) run on the
// migrating thread.
#ifndef RETORT_REVISION_H_
#define RETORT_REVISION_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "retort/operation.h"

namespace retort {

// What the revision graph needs to know of a revision: identity and edges.
// Loading headers alone is what makes graph commands fast.
struct RevisionHeader {
  std::string id;
  std::vector<std::string> down_revisions;  // none: a base; several: a merge point
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  // The linear range this revision squashes, oldest first (its first names
  // this revision's down_revision, its last is the range's newest). See
  // RevisionGraph for what a graph makes of it.
  std::vector<std::string> replaces{};
  std::string message;
  std::string create_date;  // as written in the file, informative
  // The file it came from; for a C++ revision registered without a file in
  // the versions folder, where it was registered; empty for revisions built
  // in code otherwise.
  std::string path;

  friend bool operator==(const RevisionHeader&, const RevisionHeader&) = default;
};

// Whether a dialect may rebuild a table (create a new one, copy the rows,
// swap) to carry out an operation its ALTER TABLE cannot do.
enum class RebuildPolicy {
  kAuto,    // rebuild only when the operation needs it
  kAlways,  // rebuild even when ALTER TABLE could do it
  kNever,   // an operation that needs a rebuild is an error
};

// "auto", "always", "never"; Parse throws OperationError for anything else.
RebuildPolicy ParseRebuildPolicy(const std::string& text);

// One operation of a revision, where it was written, and its rebuild policy
// (the operation's own "rebuild:", else the revision's).
struct RevisionOp {
  Operation op;
  int line = 0;  // 1-based; 0 when not from a file
  RebuildPolicy rebuild = RebuildPolicy::kAuto;
};

class RevisionContext;

// What a revision written in C++ runs (see code_revision.h) in place of
// operations.
struct RevisionCode {
  // Empty in a program that did not register the revision (the retort
  // program reading its .cpp file): it is in the graph but cannot run.
  std::function<void(RevisionContext&)> upgrade;
  std::function<void(RevisionContext&)> downgrade;  // empty: cannot be downgraded
  bool registered = false;
  std::string source;  // where it was registered; empty when it was not
};

struct Revision {
  RevisionHeader header;
  std::vector<RevisionOp> upgrade;
  // nullopt: the file has no downgrade section, and downgrading reverses
  // `upgrade` (see DowngradeOperations).
  std::optional<std::vector<RevisionOp>> downgrade;
  // How the revision's own format spells a downgrade, for the message that
  // asks for one when `upgrade` cannot be reversed automatically.
  std::string how_to_add_downgrade = "write a downgrade section";
  // false ("transaction: false"): the operations run outside a transaction,
  // for statements a database refuses inside one (PostgreSQL's CREATE INDEX
  // CONCURRENTLY). A failure part-way then leaves the revision marked
  // incomplete until someone resolves it (see Migrator).
  bool transactional = true;
  // The revision's own ddl_lock_timeout and ddl_lock_retries (see
  // MigrateOptions); nullopt: the run's.
  std::optional<std::chrono::milliseconds> ddl_lock_timeout;
  std::optional<int> ddl_lock_retries;
  // Set for a revision written in C++, whose `upgrade` and `downgrade` are
  // then empty.
  std::optional<RevisionCode> code;
  // Hex SHA-256 of the file's bytes (empty for revisions built in code);
  // recorded in the history table so that edits of applied revisions show.
  std::string checksum;
};

// How messages name a place in a revision: "revision 3f2a9c1b7d4e
// (versions/3f2a9c1b7d4e_x.yaml:12)"; no line when `line` is 0.
std::string DescribeLocation(const RevisionHeader& header, int line);

// The operations that undo `revision`: its downgrade section, or else its
// upgrade operations reversed one by one in reverse order. Throws
// OperationError naming the revision, the file and line of the first
// operation that cannot be reversed, and what would make it reversible.
std::vector<RevisionOp> DowngradeOperations(const Revision& revision);

}  // namespace retort

#endif  // RETORT_REVISION_H_
