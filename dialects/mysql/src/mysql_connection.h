// A live MySQL or MariaDB database: SOCI's mysql session (what a C++
// revision asks for) and the same connection's MYSQL handle, through which
// everything else runs, so that retort's SQL never passes SOCI's rewriting
// of ':name'.
#ifndef RETORT_MYSQL_MYSQL_CONNECTION_H_
#define RETORT_MYSQL_MYSQL_CONNECTION_H_

#include <mysql.h>
#include <soci/soci.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "mysql_renderer.h"
#include "mysql_url.h"
#include "retort/dialect.h"

namespace retort::mysql {

class MysqlConnection : public Connection {
 public:
  // Connects, and sets the session as the constructor's comments say
  // (time_zone UTC, strict sql_mode, explicit TIMESTAMP defaults). Throws
  // DatabaseError (the server's error number as its code) naming the URL
  // without its password, and ConfigError for a server that is not MariaDB
  // 10.7 or later.
  MysqlConnection(const MysqlRenderer& renderer, ConnectionSettings settings);
  ~MysqlConnection() override;

  // ":name" placeholders are replaced by the values, quoted and escaped by
  // the client library for the connection's character set (the text
  // protocol), outside strings, quoted names and comments; ":=" is left
  // alone. Typed by each column's type: integer types as integers, FLOAT and
  // DOUBLE as reals, every other type as the server's text (binary strings
  // as their bytes).
  QueryRows Query(const std::string& sql, const std::vector<SqlValue>& parameters) override;
  // "soci::session" and "MYSQL".
  void* NativeHandle(std::string_view kind) override;
  // Runs `sql`, one or several statements, stopping at the first that
  // fails. After NativeHandle handed out SOCI's session, the option several
  // statements need is on only during such a call, so that the session,
  // which reads one result per statement, never meets it.
  void Execute(const std::string& sql) override;
  bool TableExists(const QualifiedName& table) override;
  // START TRANSACTION. DDL commits it implicitly: see traits().
  void Begin(const std::vector<const RevisionOp*>& ops) override;
  void Commit() override;
  void Rollback() noexcept override;
  // Each operation natively, one statement at a time. An ALTER TABLE the
  // renderer gave ALGORITHM=INSTANT or INPLACE that the server refuses for
  // this table (error 1845 or 1846) runs again with the next algorithm the
  // server may use, and the listener is told. A statement that times out
  // waiting for a lock (1205) throws LockTimeoutError naming the sessions
  // that may hold it.
  void Apply(const std::vector<RevisionOp>& ops, MigrationListener& listener,
             Span* current) override;
  // The connection's database; see mysql_reflect.h.
  Schema Reflect() override;
  // GET_LOCK, a named lock of the server's, held by this session until it
  // is released or the session ends, keyed by the database's name.
  void AcquireMigrationLock(std::chrono::milliseconds timeout) override;
  void ReleaseMigrationLock() noexcept override;
  // On a Galera cluster (wsrep_on=ON) GET_LOCK holds on one node only (or
  // is refused), so migrators on other nodes would not wait for it.
  std::string SessionLockUnusable() override;
  // On a Galera node: connects to every node wsrep_incoming_addresses lists
  // (with this connection's user, password and database) and waits until
  // each is Synced with wsrep_last_committed at this node's; see
  // mysql_cluster.cpp.
  void WaitForReplicas(std::chrono::milliseconds timeout, MigrationListener& listener) override;
  // lock_wait_timeout (metadata locks, which DDL waits for) for the session,
  // in whole seconds rounded up; nullopt puts the server's default back.
  void SetStatementLockTimeout(std::optional<std::chrono::milliseconds> timeout) override;

  using Row = std::vector<std::optional<std::string>>;
  // Rows of `sql`, ":name" placeholders bound to `parameters` in order,
  // every value as text (nullopt for NULL). Throws DatabaseError.
  std::vector<Row> QueryText(const std::string& sql,
                             const std::vector<std::string>& parameters = {});
  const std::string& database() const { return settings_.database; }

 private:
  // Asks whether the server is a node of a Galera cluster (wsrep_on=ON)
  // and if so makes this session's reads wait for the cluster's earlier
  // writes; see mysql_cluster.cpp.
  void SetUpForCluster();
  // Sends `sql`, which may hold several statements, and reads every
  // result; `shown` is the statement as the caller wrote it, for messages.
  // Calls `each` with every result set.
  template <class Each>
  void Run(const std::string& sql, std::string_view shown, Each each);  // mysql_query.cpp
  [[noreturn]] void Fail(std::string_view shown);
  // `sql` with its ":name" placeholders replaced by `values`, as literals.
  std::string Bound(const std::string& sql, const std::vector<SqlValue>& values);
  std::string Literal(const SqlValue& value);
  void ApplyOne(const RevisionOp& op, MigrationListener& listener);
  // Whether the server takes several statements in one query: on for
  // Execute (revisions' SQL, a trigger's body), off while SOCI's session is
  // handed out, which reads one result per statement.
  void SetMultiStatements(bool on);
  // Throws OperationError for a NOT NULL column without a default added to
  // a table with rows: where the other databases refuse, MySQL fills them
  // with its zero values.
  void CheckFilledByServer(const AddColumn& add);
  // drop_constraint's statements, from the live table.
  std::vector<std::string> DropConstraintStatements(const DropConstraint& drop);
  void RunStatement(const std::string& sql, const Operation& op, MigrationListener& listener);

  const MysqlRenderer& renderer_;
  ConnectionSettings settings_;
  bool galera_node_ = false;
  soci::session session_;
  MYSQL* handle_ = nullptr;  // owned by session_
  bool multi_statements_ = false;
  bool locked_ = false;
  std::string lock_name_;
  std::optional<std::chrono::milliseconds> statement_lock_timeout_;
};

}  // namespace retort::mysql

#endif  // RETORT_MYSQL_MYSQL_CONNECTION_H_
