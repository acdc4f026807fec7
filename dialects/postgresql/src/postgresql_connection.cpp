#include "postgresql_connection.h"

#include <soci/postgresql/soci-postgresql.h>

#include <memory>
#include <thread>

#include "postgresql_column_dependents.h"
#include "postgresql_constraint_lookup.h"
#include "postgresql_error_hints.h"
#include "postgresql_lock_holders.h"
#include "postgresql_reflect.h"
#include "postgresql_statements.h"
#include "retort/constraint_selector.h"
#include "retort/error.h"

namespace retort::postgresql {
namespace {

// How often a waiting migrator asks for the lock again.
constexpr std::chrono::milliseconds kLockPollInterval{100};

// SQLSTATE 25001: the statement cannot run inside a transaction block.
constexpr const char* kActiveTransaction = "25001";
// SQLSTATE 55P03: lock_timeout expired (or NOWAIT found the lock taken).
constexpr const char* kLockNotAvailable = "55P03";

bool Succeeded(const PGresult* result) {
  const ExecStatusType status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
}

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

PostgresqlConnection::PostgresqlConnection(const PostgresqlRenderer& renderer,
                                           ConnectionSettings settings)
    : renderer_(renderer), settings_(std::move(settings)) {
  try {
    session_.open(soci::postgresql, settings_.conninfo);
  } catch (const soci::postgresql_soci_error& error) {
    const std::string code = error.sqlstate();
    throw DatabaseError("cannot connect to PostgreSQL at " + settings_.shown + ": " +
                            Trimmed(ScrubSecret(error.get_error_message(), settings_.password)),
                        code.empty() || code == "     " ? "08001" : code);
  } catch (const soci::soci_error& error) {
    throw DatabaseError("cannot connect to PostgreSQL at " + settings_.shown + ": " +
                            Trimmed(ScrubSecret(error.get_error_message(), settings_.password)),
                        "08001");
  }
  handle_ = static_cast<soci::postgresql_session_backend*>(session_.get_backend())->conn_;
  // NOTICEs ("relation already exists, skipping") would go to stderr.
  PQsetNoticeProcessor(handle_, [](void*, const char*) {}, nullptr);
}

PostgresqlConnection::~PostgresqlConnection() {
  Rollback();
  ReleaseMigrationLock();
}

void PostgresqlConnection::Fail(const PGresult* result, const std::string& doing) const {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string code = state ? state : "";
  // One line: the server's message, then its detail and hint.
  auto field = [&](int field_code) -> std::string {
    const char* value = result ? PQresultErrorField(result, field_code) : nullptr;
    return value ? value : "";
  };
  std::string message = field(PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) message = Trimmed(PQerrorMessage(handle_));
  if (const std::string detail = field(PG_DIAG_MESSAGE_DETAIL); !detail.empty()) {
    message += " (" + detail + ")";
  }
  if (const std::string hint = field(PG_DIAG_MESSAGE_HINT); !hint.empty()) {
    message += " (hint: " + hint + ")";
  }
  if (code.empty() && PQstatus(handle_) == CONNECTION_BAD) code = "08006";
  if (code == kActiveTransaction) {
    message += " (PostgreSQL runs this only outside a transaction: add 'transaction: false' to "
               "the revision)";
  }
  throw DatabaseError(ScrubSecret(doing + ": " + (code.empty() ? "" : code + ": ") + message,
                            settings_.password),
                      code);
}

void PostgresqlConnection::Execute(const std::string& sql) {
  // Outside a transaction, statements sent together would still run as one
  // implicit transaction, which CREATE INDEX CONCURRENTLY refuses.
  if (PQtransactionStatus(handle_) == PQTRANS_IDLE) {
    const std::vector<std::string> statements = SplitStatements(sql);
    if (statements.size() > 1) {
      for (const std::string& statement : statements) ExecuteOne(statement);
      return;
    }
  }
  ExecuteOne(sql);
}

void PostgresqlConnection::ExecuteOne(const std::string& sql) {
  Result result(PQexec(handle_, sql.c_str()), &PQclear);
  if (PQresultStatus(result.get()) == PGRES_COPY_IN) {
    // Nothing can feed COPY FROM STDIN here; end it so the connection stays
    // usable.
    PQputCopyEnd(handle_, "retort does not feed COPY FROM STDIN");
    while (PGresult* rest = PQgetResult(handle_)) PQclear(rest);
    throw OperationError("SQL failed [" + StatementForMessage(sql) +
                         "]: COPY ... FROM STDIN cannot run in a revision; use bulk_insert or "
                         "INSERT");
  }
  if (!Succeeded(result.get())) Fail(result.get(), "SQL failed [" + StatementForMessage(sql) + "]");
}

PostgresqlConnection::Result PostgresqlConnection::Run(const std::string& sql,
                                                      const std::vector<const char*>& values,
                                                      std::string_view shown) {
  Result result(PQexecParams(handle_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                             values.data(), nullptr, nullptr, 0),
                &PQclear);
  if (!Succeeded(result.get())) {
    Fail(result.get(), "query failed [" + StatementForMessage(shown) + "]");
  }
  return result;
}

std::vector<PostgresqlConnection::Row> PostgresqlConnection::QueryText(
    const std::string& sql, const std::vector<std::string>& parameters) {
  std::vector<const char*> values;
  for (const std::string& parameter : parameters) values.push_back(parameter.c_str());
  const Result result = Run(sql, values, sql);
  std::vector<Row> rows;
  for (int r = 0; r < PQntuples(result.get()); ++r) {
    Row row;
    for (int c = 0; c < PQnfields(result.get()); ++c) {
      row.push_back(PQgetisnull(result.get(), r, c)
                        ? std::nullopt
                        : std::optional<std::string>(PQgetvalue(result.get(), r, c)));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

void* PostgresqlConnection::NativeHandle(std::string_view kind) {
  if (kind == "soci::session") return &session_;
  if (kind == "PGconn") return handle_;
  return nullptr;
}

bool PostgresqlConnection::TableExists(const QualifiedName& table) {
  // With no schema that exists on the search_path, current_schema() is
  // NULL, and so is the name: no table.
  const auto rows = QueryText(
      table.schema.empty()
          ? "SELECT to_regclass(quote_ident(current_schema()) || '.' || $1) IS NOT NULL"
          : "SELECT to_regclass($1) IS NOT NULL",
      {renderer_.QuoteName(table)});
  return !rows.empty() && rows[0][0] == "t";
}

void PostgresqlConnection::Begin(const std::vector<const RevisionOp*>&) {
  Execute("BEGIN");
  if (statement_lock_timeout_) ExecuteOne(LockTimeoutStatement(true));
}

void PostgresqlConnection::SetStatementLockTimeout(
    std::optional<std::chrono::milliseconds> timeout) {
  statement_lock_timeout_ = timeout;
  if (handle_ != nullptr && PQtransactionStatus(handle_) == PQTRANS_INTRANS) {
    ExecuteOne(LockTimeoutStatement(true));
  }
}

std::string PostgresqlConnection::LockTimeoutStatement(bool local) const {
  if (!statement_lock_timeout_) {
    return local ? "SET LOCAL lock_timeout TO DEFAULT" : "RESET lock_timeout";
  }
  return std::string(local ? "SET LOCAL" : "SET") + " lock_timeout = " +
         std::to_string(statement_lock_timeout_->count());
}

void PostgresqlConnection::Commit() {
  Result result(PQexec(handle_, "COMMIT"), &PQclear);
  if (!Succeeded(result.get())) Fail(result.get(), "COMMIT failed");
  if (std::string(PQcmdStatus(result.get())) != "COMMIT") {
    throw DatabaseError("COMMIT was answered with " + std::string(PQcmdStatus(result.get())) +
                            ": a statement of the transaction had failed",
                        "25P02");
  }
}

void PostgresqlConnection::Rollback() noexcept {
  if (handle_ != nullptr && PQtransactionStatus(handle_) != PQTRANS_IDLE) {
    PQclear(PQexec(handle_, "ROLLBACK"));
  }
}

void PostgresqlConnection::Apply(const std::vector<RevisionOp>& ops, MigrationListener& listener,
                                 Span* current) {
  // Outside a transaction SET LOCAL would end with its own statement: the
  // session's setting bounds the statements, and is put back after them.
  const bool session_timeout =
      statement_lock_timeout_ && PQtransactionStatus(handle_) == PQTRANS_IDLE;
  if (session_timeout) ExecuteOne(LockTimeoutStatement(false));
  struct SessionTimeoutReset {
    PGconn* handle;
    ~SessionTimeoutReset() {
      if (handle != nullptr && PQtransactionStatus(handle) == PQTRANS_IDLE) {
        PQclear(PQexec(handle, "RESET lock_timeout"));
      }
    }
  } reset{session_timeout ? handle_ : nullptr};
  for (std::size_t k = 0; k < ops.size(); ++k) {
    *current = Span{k, 1};
    ApplyOne(ops[k], listener);
  }
}

void PostgresqlConnection::ApplyOne(const RevisionOp& revision_op, MigrationListener& listener) {
  std::string running;  // the statement being run, for a lock timeout's message
  try {
    if (const auto* column = std::get_if<DropColumn>(&revision_op.op)) {
      CheckColumnDependents(*this, renderer_, *column, listener);
    }
    // A drop_constraint without a name learns the name from the database
    // now, after the operations before it ran.
    const auto* drop = std::get_if<DropConstraint>(&revision_op.op);
    const Operation op = drop != nullptr && IsSelector(*drop)
                             ? Operation(ResolveConstraintName(*this, renderer_, *drop))
                             : revision_op.op;
    for (const std::string& sql : renderer_.Render(op)) {
      running = sql;
      listener.OnStatement(sql);
      Execute(sql);
    }
  } catch (const DatabaseError& error) {
    if (error.code() != kLockNotAvailable) {
      const std::string advice = RetortAdvice(*this, revision_op.op, error);
      if (advice.empty()) throw;
      throw DatabaseError(error.what() + advice, error.code());
    }
    // The operation's description names its table also when the statement
    // that waited was a catalogue lookup.
    const LockHolders held =
        FindLockHolders(settings_, PQbackendPID(handle_), running + " " + Describe(revision_op.op));
    std::string message = std::string(error.what()) + "; it waited longer than " +
                          (statement_lock_timeout_
                               ? "ddl_lock_timeout (" +
                                     std::to_string(statement_lock_timeout_->count()) + " ms)"
                               : std::string("the server's lock_timeout")) +
                          " for a lock on " +
                          (held.object.empty() ? std::string("what it changes") : held.object);
    if (!held.holders.empty()) {
      message += ", held by " + held.holders;
    } else if (!held.failure.empty()) {
      message += " (who held it is not known: " + held.failure + ")";
    } else {
      message += " (no other session holds a lock on a relation it names any more)";
    }
    throw LockTimeoutError(message, error.code(), held.object, held.holders);
  }
}

Schema PostgresqlConnection::Reflect() {
  const auto schema = QueryText("SELECT current_schema()");
  if (schema.empty() || !schema[0][0]) {
    throw DatabaseError("cannot reflect: the search_path names no schema that exists", "3F000");
  }
  return ReflectSchema(handle_, *schema[0][0]);
}

void PostgresqlConnection::AcquireMigrationLock(std::chrono::milliseconds timeout) {
  if (locked_) return;
  // One lock per schema: applications that keep their tables (and their
  // retort_version) in separate schemas of one database do not wait for
  // each other. The key is computed once: a revision may change search_path.
  const auto key = QueryText(
      "SELECT hashtextextended('retort migration lock ' || coalesce(current_schema(), ''), 0)");
  lock_key_ = key[0][0].value_or("0");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto taken = QueryText("SELECT pg_try_advisory_lock($1::bigint)", {lock_key_});
    if (!taken.empty() && taken[0][0] == "t") break;
    if (std::chrono::steady_clock::now() >= deadline) {
      const auto holders = QueryText(
          // Advisory locks belong to a database; other databases of the
          // server may hold the same key.
          "SELECT string_agg(pid::text, ', ') FROM pg_locks WHERE locktype = 'advisory' AND "
          "granted AND database = (SELECT oid FROM pg_database WHERE datname = "
          "current_database()) AND ((classid::bigint << 32) | objid::bigint) = $1::bigint",
          {lock_key_});
      const std::string pids = holders.empty() ? "" : holders[0][0].value_or("");
      throw DatabaseError(
          "another retort process is migrating " + settings_.shown +
              (pids.empty() ? std::string() : " (server process " + pids + ")") +
              ": its migration lock (a PostgreSQL advisory lock) was not free within " +
              std::to_string(timeout.count()) + " ms; wait for it, or raise lock_timeout",
          "55P03");
    }
    std::this_thread::sleep_for(kLockPollInterval);
  }
  locked_ = true;
}

std::string PostgresqlConnection::SessionLockUnusable() {
  // A pooler makes up the process id (the cancel key) it hands the client;
  // the server says which process really runs the statement.
  const auto server = QueryText("SELECT pg_backend_pid()");
  const std::string told = std::to_string(PQbackendPID(handle_));
  if (server.empty() || server[0][0] == told) return {};
  return "a connection pooler stands between retort and the server (the connection was told "
         "of server process " + told + ", but process " + server[0][0].value_or("?") +
         " runs its statements), and a session's advisory lock does not follow the session "
         "from one server connection to the next";
}

void PostgresqlConnection::ReleaseMigrationLock() noexcept {
  if (!locked_ || handle_ == nullptr) return;
  locked_ = false;
  const char* values[] = {lock_key_.c_str()};
  PQclear(PQexecParams(handle_, "SELECT pg_advisory_unlock($1::bigint)", 1, nullptr, values,
                       nullptr, nullptr, 0));
}

}  // namespace retort::postgresql
