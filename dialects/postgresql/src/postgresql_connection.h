// A live PostgreSQL database: SOCI's session for the core's queries, and the
// same connection's libpq handle for migration SQL (SOCI's postgresql backend
// would rewrite ':name' even inside '$$' bodies).
#ifndef RETORT_POSTGRESQL_POSTGRESQL_CONNECTION_H_
#define RETORT_POSTGRESQL_POSTGRESQL_CONNECTION_H_

#include <libpq-fe.h>
#include <soci/soci.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "postgresql_renderer.h"
#include "postgresql_url.h"
#include "retort/dialect.h"

namespace retort::postgresql {

class PostgresqlConnection : public Connection {
 public:
  // Connects. Throws DatabaseError (with the SQLSTATE where libpq gives
  // one) naming the URL without its password.
  PostgresqlConnection(const PostgresqlRenderer& renderer, ConnectionSettings settings);
  ~PostgresqlConnection() override;

  // ":name" placeholders become $1, $2 ... (see postgresql_placeholders.h).
  // Typed from each column's type: smallint, integer, bigint and oid as
  // integers, boolean as 1 or 0, real and double precision as reals, every
  // other type (numeric, dates, times, bytea...) as PostgreSQL's text form.
  QueryRows Query(const std::string& sql, const std::vector<SqlValue>& parameters) override;
  // "soci::session" and "PGconn".
  void* NativeHandle(std::string_view kind) override;
  void Execute(const std::string& sql) override;
  // Looks `table` up in its schema, or else in current_schema(), where an
  // unqualified CREATE TABLE makes it and which retort reflects. Not along
  // the rest of the search_path: a tenant's URL that adds `public` for
  // shared extensions must not find `public`'s version table as its own.
  bool TableExists(const QualifiedName& table) override;
  // Sets the statement lock timeout (SET LOCAL lock_timeout) in the
  // transaction it begins.
  void Begin(const std::vector<const RevisionOp*>& ops) override;
  // Throws DatabaseError when PostgreSQL rolled the transaction back instead
  // (a COMMIT of a failed transaction answers ROLLBACK).
  void Commit() override;
  void Rollback() noexcept override;
  // Each operation natively, one after the other. Outside a transaction
  // (transaction: false) the statement lock timeout is set for the session
  // around them. A statement that times out waiting for a lock (SQLSTATE
  // 55P03) throws LockTimeoutError naming, as FindLockHolders finds them,
  // the relations and the sessions that held them.
  void Apply(const std::vector<RevisionOp>& ops, MigrationListener& listener,
             Span* current) override;
  // The first schema of the search_path; see postgresql_reflect.h.
  Schema Reflect() override;
  // A session-level advisory lock, keyed by the current schema: it holds
  // across the commits of a run and outside transactions (CREATE INDEX
  // CONCURRENTLY), and is freed by PostgreSQL if the process dies.
  void AcquireMigrationLock(std::chrono::milliseconds timeout) override;
  void ReleaseMigrationLock() noexcept override;
  // Behind a connection pooler (PgBouncer, and others that answer for the
  // server), the server process that runs a statement is not the one the
  // connection was told of, and a session's advisory lock may stay behind
  // on a server connection another client gets next.
  std::string SessionLockUnusable() override;
  // PostgreSQL's lock_timeout, in the open transaction at once (SET LOCAL)
  // and in each transaction begun later; AcquireMigrationLock polls
  // pg_try_advisory_lock, which never waits, so lock_timeout alone bounds it.
  void SetStatementLockTimeout(std::optional<std::chrono::milliseconds> timeout) override;

  using Row = std::vector<std::optional<std::string>>;
  // Rows of a query with $1, $2 ... bound to `parameters`, every value as
  // text (nullopt for NULL). Throws DatabaseError.
  std::vector<Row> QueryText(const std::string& sql,
                             const std::vector<std::string>& parameters = {});

 private:
  // Sends `sql`, with $1, $2 ... bound to `values` (nullptr for NULL), in
  // one round trip; throws DatabaseError naming `shown` (the statement as
  // its caller wrote it) unless it succeeds.
  using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;
  Result Run(const std::string& sql, const std::vector<const char*>& values,
             std::string_view shown);
  // Sends `sql` as it is, in one round trip.
  void ExecuteOne(const std::string& sql);
  [[noreturn]] void Fail(const PGresult* result, const std::string& doing) const;
  // Runs `op`'s statements; a lock timeout becomes LockTimeoutError.
  void ApplyOne(const RevisionOp& op, MigrationListener& listener);
  // "SET [LOCAL] lock_timeout = ..." for the statement lock timeout.
  std::string LockTimeoutStatement(bool local) const;

  const PostgresqlRenderer& renderer_;
  ConnectionSettings settings_;
  soci::session session_;
  PGconn* handle_ = nullptr;  // owned by session_
  bool locked_ = false;
  std::string lock_key_;  // the advisory lock's bigint key, as text
  std::optional<std::chrono::milliseconds> statement_lock_timeout_;
};

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_CONNECTION_H_
