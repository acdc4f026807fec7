// Revisions written in C++: an application registers them beside its YAML
// and SQL revision files, and they become nodes of the same graph, run in the
// same per-revision transaction and recorded in the same history.
//
//   // versions/3f2a9c1b7d4e_backfill_phones.cpp
//   // revision: 3f2a9c1b7d4e
//   // down_revision: 58ce9da45577
//   // message: backfill phones
//   #include <retort/code_revision.h>
//
//   namespace {
//   void Upgrade(retort::RevisionContext& db) {
//     for (const auto& row : db.Query("SELECT id, phone FROM users").rows) {
//       db.Query("UPDATE users SET phone = :phone WHERE id = :id",
//                {app::Normalize(row[1].value_or("")), row[0]});
//     }
//   }
//   const bool registered = retort::RegisterCodeRevision({
//       .revision = "3f2a9c1b7d4e", .down_revisions = {"58ce9da45577"},
//       .message = "backfill phones", .upgrade = Upgrade});
//   }  // namespace
//
// The file's comment header lets the `retort` program, which has no
// registered functions, still see the revision in the graph (history,
// heads, show); it refuses to run it, naming the revision.
#ifndef RETORT_CODE_REVISION_H_
#define RETORT_CODE_REVISION_H_

#include <functional>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

namespace soci {
class session;
}

namespace retort {

class Connection;
class MigrationListener;

// What a query returned: the column names and each row's values as text
// (nullopt for NULL): integers in decimal, binary floating point as the
// shortest text that reads back the same, everything else (decimals, dates,
// times) in the database's own text form of the value.
struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

// The connection a C++ revision runs on: the migrator's own, inside the
// revision's transaction (unless the revision says transactional = false).
// Borrowed for the call of the upgrade or downgrade function only; do not
// keep it. Not thread-safe, like the connection under it.
class RevisionContext {
 public:
  // Borrows `connection` and `listener`, which must outlive it.
  RevisionContext(Connection& connection, std::string dialect_name, MigrationListener& listener);

  // Runs SQL text holding any number of statements, without parameters,
  // reporting it to the listener first. Throws DatabaseError.
  void Execute(const std::string& sql);

  // Runs one statement with `parameters` bound in order to its placeholders,
  // written ":name" (a name used again takes the same value; nullopt binds
  // NULL), and returns what it selects (no columns for a statement that
  // selects nothing). Reported to the listener first. Throws DatabaseError
  // naming the statement.
  QueryResult Query(const std::string& sql,
                    const std::vector<std::optional<std::string>>& parameters = {});

  // The SOCI session itself, for what Query does not offer (typed binding,
  // bulk operations); using it means including SOCI's headers and linking
  // SOCI. Statements run through it are not reported. Throws OperationError
  // when the dialect's connections are not built on SOCI (their
  // Connection::NativeHandle has no "soci::session"), and in offline SQL.
  soci::session& session();

  // The dialect's name ("sqlite", "postgresql"), for SQL that differs.
  const std::string& dialect_name() const { return dialect_name_; }

  // Tells the user something that is not an error (the CLI prints it).
  void Notice(std::string_view text);

 private:
  Connection& connection_;
  std::string dialect_name_;
  MigrationListener& listener_;
};

// What a C++ revision does in one direction. Any exception it throws stops
// the run: the revision's transaction is rolled back with its version-row
// change, and the error (OperationError, or the DatabaseError thrown by the
// context) names the revision and where it was registered.
using RevisionFunction = std::function<void(RevisionContext&)>;

struct CodeRevision {
  std::string revision;  // the id, as for a revision file: letters, digits, '_'
  std::vector<std::string> down_revisions;  // none: a base; several: a merge point
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::string message;
  RevisionFunction upgrade;    // required
  RevisionFunction downgrade;  // empty: downgrading past it is refused
  // false: runs outside a transaction, as a revision file's
  // "transaction: false" (marked incomplete until it finishes).
  bool transactional = true;
  // Where it was registered ("app/migrations.cpp:12"), for messages; empty:
  // where RegisterCodeRevision was called.
  std::string source;
};

// Adds `revision` to the process-wide registry that LoadConfig copies into
// Config::code_revisions; meant for a static initializer in the file that
// holds the revision. Returns true. Throws ConfigError (naming the source)
// for an unusable id, a missing upgrade function, or an id registered
// before. Thread-safe.
bool RegisterCodeRevision(CodeRevision revision,
                          std::source_location where = std::source_location::current());

// A copy of every registered revision, in registration order. Thread-safe.
std::vector<CodeRevision> RegisteredCodeRevisions();

}  // namespace retort

#endif  // RETORT_CODE_REVISION_H_
