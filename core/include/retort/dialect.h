// The dialect plugin interface. A dialect turns neutral operations into its
// database's SQL and runs them over a live connection. The core never names a
// dialect: it finds one by URL scheme in the DialectRegistry.
#ifndef RETORT_DIALECT_H_
#define RETORT_DIALECT_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/events.h"
#include "retort/lint.h"
#include "retort/operation.h"
#include "retort/query_rows.h"
#include "retort/revision.h"
#include "retort/sql_expression.h"
#include "retort/url.h"

namespace retort {

class ScriptWriter;

// Options of the neutral operations that not every database has. A dialect
// that lacks one refuses (OperationError, naming the revision's file and
// line, before anything of the revision runs) every revision that asks for
// it, and says so in DialectTraits::lacks; the conformance suite holds it to
// both.
enum class Feature {
  kDeferrableConstraints,  // a foreign key's deferrable: true
  kPartialIndexes,         // create_index where: (one that means more than the index)
  kTypeChangeUsing,        // alter_column using:
  kDropColumnCascade,      // drop_column cascade: true
  kSetDefaultAction,       // a foreign key's on_delete / on_update: SET DEFAULT
  kUnboundedNumeric,       // numeric without a precision
};

// The feature in words ("deferrable constraints"). Pure.
std::string_view FeatureName(Feature feature);

struct DialectTraits {
  // DDL rolls back with the transaction, so a failed revision leaves nothing.
  bool transactional_ddl = true;
  // Column type, nullability and default change without rebuilding the table.
  bool native_alter_column = false;
  // How concurrent migrators are kept apart, in words ("write lock", ...).
  std::string migration_lock;
  // Offline SQL is written on a scratch database that has run the history
  // up to the script's start (see OpenScript): some operation's statements
  // depend on the schema they meet (SQLite's table rebuilds).
  bool script_replays_history = false;
  // The features it refuses. SqlRenderer, the neutral base, renders neither
  // a partial index nor USING: a dialect built on it without rendering them
  // lists both.
  std::vector<Feature> lacks;

  bool Lacks(Feature feature) const;
};

// One open database. Not thread-safe; one per thread. Its owner (the caller
// of Dialect::Connect) decides its lifetime; closing it releases the
// migration lock if it still holds it.
class Connection {
 public:
  virtual ~Connection() = default;

  // Runs one statement with `parameters` bound, in order, to its
  // placeholders, written ":name" (a colon and a name, outside quotes and
  // comments; a name used again takes the same value, so give one value per
  // distinct name), and returns its columns and every row, typed
  // as SqlValue says. The rows are read to the end before it returns, so no
  // read lock outlives the call. What the core reads of its own tables comes
  // through here. Throws DatabaseError naming the statement, with the
  // database's words and code, also when the statement's placeholders and
  // `parameters` differ in number.
  virtual QueryRows Query(const std::string& sql, const std::vector<SqlValue>& parameters) = 0;

  // The driver's own handle under the connection, for code that needs more
  // than Query and Execute offer: a pointer to the object `kind` names
  // ("soci::session", "sqlite3", "PGconn"), owned by the connection and
  // valid as long as it is, or nullptr when the connection has none of that
  // kind. By default, nullptr. A script connection (offline SQL) throws
  // OperationError, as its Query does: there is no database to reach.
  virtual void* NativeHandle(std::string_view kind) {
    (void)kind;
    return nullptr;
  }

  // Runs SQL text holding any number of statements through the native driver
  // (SOCI would run only the first, or rewrite ':name' inside bodies). Throws
  // DatabaseError with the dialect's error code.
  virtual void Execute(const std::string& sql) = 0;

  // Runs `sql`, one statement of retort's own bookkeeping that writes rows
  // of `table` only (the version, history and incomplete-revision tables;
  // never what creates or alters them), and throws as Execute. A script
  // connection whose scratch database runs what it writes may postpone
  // running it until something reads that table: offline, retort keeps
  // those rows in memory, and only a revision's own SQL might read them.
  // By default, Execute.
  virtual void ExecuteBookkeeping(const QualifiedName& table, const std::string& sql) {
    (void)table;
    Execute(sql);
  }

  // Whether `table` exists (in the default schema when none is given).
  virtual bool TableExists(const QualifiedName& table) = 0;

  // Begins the transaction that a revision, or a whole run, executes in.
  // `ops` are all the operations that will run inside it, so that a dialect
  // can prepare what must be set before a transaction starts. A transaction
  // takes the database's write lock at once where the database has one.
  virtual void Begin(const std::vector<const RevisionOp*>& ops) = 0;
  // Commits; a dialect may verify integrity first and throw (after rolling
  // back) when it does not hold.
  virtual void Commit() = 0;
  // Rolls back if a transaction is open; never throws.
  virtual void Rollback() noexcept = 0;

  // The operations [first, first + count) of a revision being carried out.
  struct Span {
    std::size_t first = 0;
    std::size_t count = 1;
  };

  // Carries out a revision's operations, in order, inside the current
  // transaction, reporting each statement and any progress to `listener`. A
  // dialect may carry out several consecutive operations together (a SQLite
  // table rebuild); before starting on operations it sets `*current` to
  // them, so that a failure names the right ones. Throws DatabaseError or
  // OperationError (LockTimeoutError: see SetStatementLockTimeout). `listener`
  // and `current` are borrowed for the call only.
  virtual void Apply(const std::vector<RevisionOp>& ops, MigrationListener& listener,
                     Span* current) = 0;

  // The live schema of the connection's default schema (SQLite: the main
  // database; PostgreSQL: the first schema of the search_path), in the
  // canonical form Schema describes. Throws DatabaseError.
  virtual Schema Reflect() = 0;

  // How long each statement of the revisions that follow may wait for a lock
  // on what it changes (ddl_lock_timeout); nullopt: as long as the database
  // lets it. It holds from now on until called again: for a transaction
  // already open, at once and until it ends; for transactions begun later;
  // and for statements run outside a transaction (transaction: false). It
  // never bounds AcquireMigrationLock, which lock_timeout does. A statement
  // that times out makes Apply throw LockTimeoutError naming what it waited
  // for and who held it. A dialect whose statements never wait for such a
  // lock may ignore it, saying why in its documentation. Throws
  // DatabaseError.
  virtual void SetStatementLockTimeout(std::optional<std::chrono::milliseconds> timeout) = 0;

  // Holds off other migrators for the whole run; throws DatabaseError when
  // the lock is not had within `timeout` (a zero timeout: unless it is free
  // at once), naming the holder when the dialect can tell. Taking it again
  // while holding it does nothing; one release ends the hold. Release never
  // throws.
  virtual void AcquireMigrationLock(std::chrono::milliseconds timeout) = 0;
  virtual void ReleaseMigrationLock() noexcept = 0;

  // Why AcquireMigrationLock cannot keep migrators apart on this connection,
  // in words (a cluster on which the lock is node-local or refused; a
  // connection pooler that hands the session's transactions to several
  // server connections); empty when it can. Under lock = auto the core then
  // takes a lease instead (retort/lease_lock.h). May ask the database.
  // Throws DatabaseError. By default, empty.
  virtual std::string SessionLockUnusable() { return {}; }

  // Returns once every node the database keeps in step with this one (the
  // other nodes of a synchronous cluster) has applied what this connection
  // committed, so that whatever starts next, on any node, sees it; tells
  // `listener` (OnNotice) what it found, also about nodes it could not
  // ask. Called after a run that changed the database. Throws DatabaseError
  // naming a node that has not caught up within `timeout`. By default
  // returns at once: a single server has no one to wait for.
  virtual void WaitForReplicas(std::chrono::milliseconds timeout, MigrationListener& listener) {
    (void)timeout;
    (void)listener;
  }
};

// A throwaway database of one dialect, on which the core runs a history to
// learn the schema it produces (see Dialect::OpenScratch). Not thread-safe.
class ScratchDatabase {
 public:
  // Removes what the scratch database made (a temporary database, a scratch
  // schema); never throws.
  virtual ~ScratchDatabase() = default;

  // The open connection to it, owned by the scratch database.
  virtual Connection& connection() = 0;

  // Where it is, for messages ("in memory", "temporary database X on host:port").
  virtual std::string description() const = 0;
};

// A name for a scratch database or schema that no one else uses:
// "retort_scratch_" and 64 random bits in hex, a plain SQL name of 31
// characters, which says what it is should it be left behind. Safe to call
// from several threads at once.
std::string NewScratchName();

// A dialect is shared: the registry hands one instance to every thread, so
// its const members must be safe to call from several threads at once and
// keep no state between calls.
class Dialect {
 public:
  virtual ~Dialect() = default;

  // The dialect's name ("sqlite"); the key of Execute's per-dialect SQL.
  virtual std::string name() const = 0;
  // The URL schemes that select this dialect.
  virtual std::vector<std::string> url_schemes() const = 0;
  virtual DialectTraits traits() const = 0;

  // Opens `url`; the connection is the caller's, and may outlive the dialect
  // only as long as the dialect's module stays loaded (modules are never
  // unloaded). Throws ConfigError for a URL the dialect cannot use and
  // DatabaseError when the database refuses.
  virtual std::unique_ptr<Connection> Connect(const DatabaseUrl& url) const = 0;

  // What the migration lock of a connection to `url` covers, as a key: the
  // migrations of two URLs with the same non-empty key wait for each other,
  // however else they differ (SQLite's lock is its folder's, shared by every
  // database in it). The fleet runs such databases one after another instead
  // of letting them time out on each other's lock. The default, "", shares
  // the lock with no other URL. Never throws: a URL the dialect cannot use
  // gives "", and Connect says why.
  virtual std::string MigrationLockScope(const DatabaseUrl& url) const;

  // Checks, before anything runs, that `op` can be carried out by this
  // dialect under its rebuild policy; throws OperationError saying why not.
  // (What depends on the live schema is checked when the revision runs,
  // before any of its statements.)
  virtual void Check(const RevisionOp& op) const = 0;

  // The statements for `op`, rendered without looking at a database. Throws
  // OperationError for an operation that needs the live schema.
  virtual std::vector<std::string> Render(const Operation& op) const = 0;

  // Opens an empty scratch database of this dialect that nothing else uses,
  // beside `live` (the database the user works on, which is never written)
  // or in `dev` (a development database the user named; nullptr when none;
  // neither is kept past the call). The scratch database is the caller's.
  // Throws ConfigError saying what to do when no scratch database can be
  // had (for instance: no right to create a database, and no `dev`), and
  // DatabaseError when the server refuses.
  virtual std::unique_ptr<ScratchDatabase> OpenScratch(const DatabaseUrl& live,
                                                       const DatabaseUrl* dev) const = 0;

  // Opens a connection that writes, instead of runs, what a migration would
  // run on a database of this dialect (offline SQL, `upgrade --sql`): the
  // statements the migration reports (MigrationListener::OnStatement), which
  // the caller writes to `script`, and the transaction statements the
  // online run would have, which the connection writes itself. Nothing is
  // sent to the user's database. With traits().script_replays_history,
  // `history` is a scratch database (OpenScratch) on which the history up to
  // the script's start has run: the connection takes it and runs every
  // statement on it too, so that statements that depend on the schema are
  // written as they would run; what depends on the rows becomes a statement
  // that makes the script fail when it does not hold. Otherwise `history`
  // is nullptr. Borrows `script`, which must outlive the connection. The
  // default is a RenderedScriptConnection (retort/script_connection.h).
  // Throws what OpenScratch throws.
  virtual std::unique_ptr<Connection> OpenScript(ScriptWriter& script,
                                                 std::unique_ptr<ScratchDatabase> history) const;
  // Quotes an identifier when the dialect needs it quoted.
  virtual std::string QuoteIdentifier(std::string_view name) const = 0;
  // The database's name for `type`, as a column definition spells it (for
  // what has no operation of its own to render it: a domain's or a
  // sequence's type). Throws OperationError for a type the dialect has no
  // spelling for.
  virtual std::string RenderType(const Type& type) const = 0;

  // Expression text (a default, a generated column, a check, an index
  // predicate or expression item) in the form this dialect's Reflect gives
  // it: `expression`, as a person wrote it or as the database prints it
  // back, with the database's own print form undone (casts it adds, names it
  // quotes) and then CanonicalSqlExpression's neutral form on top. Where
  // text a person wrote meets reflected text (a schema file checked against
  // a database, a constraint selector, the conformance suite's expected
  // schemas), both sides go through here, so that spelling is never a
  // difference. Canonical text maps to itself. The default is the neutral
  // form alone. Pure; throws only std::bad_alloc.
  virtual std::string CanonicalExpression(std::string_view expression) const {
    return CanonicalSqlExpression(expression);
  }

  // `schema`, as a person wrote it or another database reflected it, in the
  // form this dialect's Reflect would give it once created here: what the
  // database does not tell apart spelled the one way it reports it (a
  // database that names every primary key alike reports none by name; one
  // whose unique constraints are unique indexes reports them one way).
  // Only facts that behave the same are merged; a schema that differs in
  // behaviour still differs. Applied, with CanonicalExpression, wherever
  // such a schema meets reflection (check --to a schema file, the
  // conformance suite's expected schemas, and its tests that compare two
  // dialects). Reflected schemas map to themselves, and a schema in
  // SortCanonically's order comes back in it. The default changes nothing.
  // Pure; throws only std::bad_alloc.
  virtual Schema StoredForm(Schema schema) const { return schema; }

  // A literal for the UTC time `utc` ("YYYY-MM-DD HH:MM:SS.ffffff+00:00")
  // as a value of a column of type timestamptz, for retort's own tables.
  // The default is a string constant with the offset, which the SQL
  // standard's TIMESTAMP WITH TIME ZONE and most databases read; a database
  // that takes no offset in a literal writes it otherwise. Reading the
  // column back must give the same instant (as text, with or without an
  // offset; none means UTC). Pure; throws only std::bad_alloc.
  virtual std::string TimestampLiteral(std::string_view utc) const;

  // What running `op` would cost the database's other users (see
  // retort/lint.h): the findings of the dialect's rules, with rule,
  // severity, locks, scans/rewrites, rebuilds, message and safer set (the
  // core fills in where). Judged from the operation and `context` alone,
  // without a database; an operation no rule concerns gives none. Never
  // throws for a valid operation.
  virtual std::vector<LintFinding> Lint(const Operation& op, const LintContext& context) const = 0;
};

}  // namespace retort

#endif  // RETORT_DIALECT_H_
