#include "sqlite_connection.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <thread>

#include "retort/error.h"
#include "sqlite_names.h"
#include "sqlite_rebuild_rules.h"
#include "sqlite_reflect.h"
#include "sqlite_table_sql.h"

namespace retort::sqlite {
namespace {

struct CodeName {
  int code;
  const char* name;
};

// The primary result codes, and the extended codes a migration meets most.
constexpr CodeName kCodeNames[] = {
    {SQLITE_ERROR, "SQLITE_ERROR"},           {SQLITE_INTERNAL, "SQLITE_INTERNAL"},
    {SQLITE_PERM, "SQLITE_PERM"},             {SQLITE_ABORT, "SQLITE_ABORT"},
    {SQLITE_BUSY, "SQLITE_BUSY"},             {SQLITE_LOCKED, "SQLITE_LOCKED"},
    {SQLITE_NOMEM, "SQLITE_NOMEM"},           {SQLITE_READONLY, "SQLITE_READONLY"},
    {SQLITE_INTERRUPT, "SQLITE_INTERRUPT"},   {SQLITE_IOERR, "SQLITE_IOERR"},
    {SQLITE_CORRUPT, "SQLITE_CORRUPT"},       {SQLITE_NOTFOUND, "SQLITE_NOTFOUND"},
    {SQLITE_FULL, "SQLITE_FULL"},             {SQLITE_CANTOPEN, "SQLITE_CANTOPEN"},
    {SQLITE_PROTOCOL, "SQLITE_PROTOCOL"},     {SQLITE_EMPTY, "SQLITE_EMPTY"},
    {SQLITE_SCHEMA, "SQLITE_SCHEMA"},         {SQLITE_TOOBIG, "SQLITE_TOOBIG"},
    {SQLITE_CONSTRAINT, "SQLITE_CONSTRAINT"}, {SQLITE_MISMATCH, "SQLITE_MISMATCH"},
    {SQLITE_MISUSE, "SQLITE_MISUSE"},         {SQLITE_NOLFS, "SQLITE_NOLFS"},
    {SQLITE_AUTH, "SQLITE_AUTH"},             {SQLITE_FORMAT, "SQLITE_FORMAT"},
    {SQLITE_RANGE, "SQLITE_RANGE"},           {SQLITE_NOTADB, "SQLITE_NOTADB"},
    {SQLITE_CONSTRAINT_CHECK, "SQLITE_CONSTRAINT_CHECK"},
    {SQLITE_CONSTRAINT_FOREIGNKEY, "SQLITE_CONSTRAINT_FOREIGNKEY"},
    {SQLITE_CONSTRAINT_NOTNULL, "SQLITE_CONSTRAINT_NOTNULL"},
    {SQLITE_CONSTRAINT_PRIMARYKEY, "SQLITE_CONSTRAINT_PRIMARYKEY"},
    {SQLITE_CONSTRAINT_UNIQUE, "SQLITE_CONSTRAINT_UNIQUE"},
    {SQLITE_BUSY_SNAPSHOT, "SQLITE_BUSY_SNAPSHOT"},
    {SQLITE_READONLY_DBMOVED, "SQLITE_READONLY_DBMOVED"},
};

const char* NameOf(int code) {
  for (const CodeName& entry : kCodeNames) {
    if (entry.code == code) return entry.name;
  }
  return nullptr;
}

// Whether the CREATE TABLE `sql` makes a STRICT table. Parsing it is most of
// adding a column in a script, so text without the word is ruled out first.
bool IsStrictTable(std::string_view sql) {
  constexpr std::string_view kWord = "strict";
  const auto found = std::search(sql.begin(), sql.end(), kWord.begin(), kWord.end(),
                                 [](char a, char b) { return FoldedChar(a) == b; });
  return found != sql.end() && ParseCreateTable(sql).strict;
}

}  // namespace

std::string ResultCodeName(int extended_code) {
  if (const char* name = NameOf(extended_code)) return name;
  const char* primary = NameOf(extended_code & 0xff);
  return std::string(primary ? primary : "SQLITE") + " (" + std::to_string(extended_code) + ")";
}

SqliteConnection::SqliteConnection(const SqliteRenderer& renderer,
                                   const ConnectionSettings& settings)
    : renderer_(renderer), settings_(settings) {
  if (settings.path == ":memory:" || std::filesystem::exists(settings.path)) Open();
}

SqliteConnection::~SqliteConnection() {
  // Before the session closes the database, which an unfinalized statement
  // would keep open.
  sqlite_api::sqlite3_finalize(begin_statement_);
  sqlite_api::sqlite3_finalize(commit_statement_);
  ReleaseMigrationLock();
}

void SqliteConnection::Open() {
  if (handle_ != nullptr) {
    if (transaction_pending_) StartPendingTransaction();
    return;
  }
  // SOCI reads "key=value" pairs only when the string has an '='; a plain
  // path is taken whole, whatever characters it holds.
  std::string connect = settings_.path;
  if (connect.find('=') != std::string::npos) {
    if (connect.find('"') != std::string::npos) {
      throw ConfigError("SQLite database path '" + settings_.path +
                        "' holds both '=' and '\"', which SOCI cannot pass on");
    }
    connect = "db=\"" + connect + "\"";
  }
  try {
    session_.open(soci::sqlite3, connect);
  } catch (const soci::soci_error& error) {
    throw DatabaseError("cannot open SQLite database " + settings_.path + ": " +
                            error.get_error_message(),
                        "SQLITE_CANTOPEN");
  }
  handle_ = static_cast<soci::sqlite3_session_backend*>(session_.get_backend())->conn_;
  sqlite_api::sqlite3_extended_result_codes(handle_, 1);
  sqlite_api::sqlite3_busy_timeout(handle_, static_cast<int>(settings_.busy_timeout.count()));
  sqlite_api::sqlite3_set_authorizer(handle_, &Authorize, this);
  if (settings_.foreign_keys) {
    Execute(*settings_.foreign_keys ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
  }
}

soci::session& SqliteConnection::session() {
  Open();
  CatchUp();  // what is read through SOCI is not known here
  return session_;
}

void SqliteConnection::Fail(int code, const std::string& doing) const {
  const int extended = sqlite_api::sqlite3_extended_errcode(handle_);
  std::string message = sqlite_api::sqlite3_errmsg(handle_);
  if (code == SQLITE_BUSY || (extended & 0xff) == SQLITE_BUSY) {
    message += " (another connection holds the database; waited " +
               std::to_string(settings_.busy_timeout.count() / 1000) +
               " s, set with ?timeout=<seconds> in the URL)";
  }
  throw DatabaseError(doing + ": " + ResultCodeName(extended) + ": " + message,
                      ResultCodeName(extended));
}

void SqliteConnection::Execute(const std::string& sql) {
  if (deferred_.empty()) {
    ExecuteAsIs(sql);
  } else {
    ExecuteCatchingUp(sql);
  }
}

void SqliteConnection::ExecuteAsIs(const std::string& sql) {
  Open();
  char* error_text = nullptr;
  const int code = sqlite_api::sqlite3_exec(handle_, sql.c_str(), nullptr, nullptr, &error_text);
  sqlite_api::sqlite3_free(error_text);  // the handle's errmsg says the same
  if (code != SQLITE_OK) {
    Fail(code, "SQL failed [" + StatementForMessage(sql) + "]");
  }
}

bool SqliteConnection::TableExists(const QualifiedName& table) {
  // A database file that does not exist has no tables; looking must not
  // create it.
  if (handle_ == nullptr && !std::filesystem::exists(settings_.path)) return false;
  Open();
  CatchUp(table);
  const std::string schema = table.schema.empty() ? "main" : table.schema;
  const std::string sql = "SELECT count(*) FROM " + renderer_.QuoteIdentifier(schema) +
                          ".sqlite_schema WHERE type = 'table' AND name = ?";
  sqlite_api::sqlite3_stmt* statement = nullptr;
  int code = sqlite_api::sqlite3_prepare_v2(handle_, sql.c_str(), -1, &statement, nullptr);
  if (code != SQLITE_OK) Fail(code, "cannot look up table " + ToString(table));
  sqlite_api::sqlite3_bind_text(statement, 1, table.name.c_str(),
                                static_cast<int>(table.name.size()),
                                nullptr);  // SQLITE_STATIC: the name outlives the statement
  code = sqlite_api::sqlite3_step(statement);
  const bool exists = code == SQLITE_ROW && sqlite_api::sqlite3_column_int(statement, 0) > 0;
  sqlite_api::sqlite3_finalize(statement);
  if (code != SQLITE_ROW) Fail(code, "cannot look up table " + ToString(table));
  return exists;
}

std::vector<SqliteConnection::Row> SqliteConnection::Query(
    const std::string& sql, const std::vector<std::string>& parameters) {
  return RunQuery(sql, parameters, true);
}

std::vector<SqliteConnection::Row> SqliteConnection::QueryAsIs(
    const std::string& sql, const std::vector<std::string>& parameters) {
  return RunQuery(sql, parameters, false);
}

std::vector<SqliteConnection::Row> SqliteConnection::RunQuery(
    const std::string& sql, const std::vector<std::string>& parameters, bool catch_up) {
  Open();
  sqlite_api::sqlite3_stmt* statement = nullptr;
  int code = catch_up ? Compile(sql.c_str(), -1, &statement, nullptr)
                      : sqlite_api::sqlite3_prepare_v2(handle_, sql.c_str(), -1, &statement, nullptr);
  if (code != SQLITE_OK) Fail(code, "query failed [" + sql + "]");
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    sqlite_api::sqlite3_bind_text(statement, static_cast<int>(i + 1), parameters[i].c_str(),
                                  static_cast<int>(parameters[i].size()),
                                  nullptr);  // SQLITE_STATIC: the strings outlive the statement
  }
  std::vector<Row> rows;
  while ((code = sqlite_api::sqlite3_step(statement)) == SQLITE_ROW) {
    Row row;
    for (int column = 0; column < sqlite_api::sqlite3_column_count(statement); ++column) {
      const unsigned char* text = sqlite_api::sqlite3_column_text(statement, column);
      row.push_back(text ? std::optional<std::string>(reinterpret_cast<const char*>(text))
                         : std::nullopt);
    }
    rows.push_back(std::move(row));
  }
  sqlite_api::sqlite3_finalize(statement);
  if (code != SQLITE_DONE) Fail(code, "query failed [" + sql + "]");
  return rows;
}

long long SqliteConnection::Changes() const { return sqlite_api::sqlite3_changes64(handle_); }

std::string SqliteConnection::CompileError(const std::string& sql) {
  Open();
  sqlite_api::sqlite3_stmt* statement = nullptr;
  const int code = Compile(sql.c_str(), -1, &statement, nullptr);
  sqlite_api::sqlite3_finalize(statement);
  return code == SQLITE_OK ? std::string() : std::string(sqlite_api::sqlite3_errmsg(handle_));
}


const SqliteRenderer& SqliteConnection::RendererFor(const QualifiedName& table) {
  // An added column never makes a table STRICT, so its CREATE TABLE says.
  if (const std::optional<std::string_view> creation = DeferredCreation(table)) {
    return IsStrictTable(*creation) ? strict_renderer_ : renderer_;
  }
  const std::string schema = renderer_.QuoteIdentifier(table.schema.empty() ? "main" : table.schema);
  const auto rows = QueryAsIs("SELECT sql FROM " + schema +
                                  ".sqlite_schema WHERE type = 'table' AND name = ?1",
                              {table.name});
  if (!rows.empty() && rows[0][0] && IsStrictTable(*rows[0][0])) return strict_renderer_;
  return renderer_;
}

bool SqliteConnection::InTransaction() const {
  return transaction_pending_ ||
         (handle_ != nullptr && sqlite_api::sqlite3_get_autocommit(handle_) == 0);
}

void SqliteConnection::Run(const std::string& sql) {
  if (script_ != nullptr) script_->Statement(sql);
  Execute(sql);
}

void SqliteConnection::Begin(const std::vector<const RevisionOp*>& ops) {
  const bool may_rebuild = std::any_of(ops.begin(), ops.end(), [&](const RevisionOp* op) {
    return MayRebuild(*op, renderer_);
  });
  if (may_rebuild) {
    const auto enabled = Query("PRAGMA foreign_keys");
    const bool on = !enabled.empty() && enabled[0][0] == "1";
    // A script cannot know the setting of the session that will run it, so
    // it turns them off whatever they are, and checks at the end.
    if (on || script_ != nullptr) {
      Run("PRAGMA foreign_keys = OFF");
      foreign_keys_suspended_ = on;
      script_checks_foreign_keys_ = script_ != nullptr;
    }
  }
  // A script's revision that only creates tables and adds columns runs
  // nothing here before its COMMIT (see Defer): its transaction on this
  // database starts with the first statement that does run (Open).
  if (script_ != nullptr) {
    Open();  // now: opening sets PRAGMA foreign_keys, which a transaction ignores
    script_->Statement("BEGIN IMMEDIATE");
    transaction_pending_ = true;
    return;
  }
  // IMMEDIATE takes the write lock now: two deferred writers would both read
  // the version rows and race.
  try {
    RunTransactionStatement("BEGIN IMMEDIATE", &begin_statement_);
  } catch (...) {
    RestoreForeignKeys();
    throw;
  }
}

void SqliteConnection::Commit() {
  if (script_checks_foreign_keys_) {
    script_checks_foreign_keys_ = false;
    WriteGuard("SELECT count(*) FROM pragma_foreign_key_check",
               "foreign_key_check found rows without a parent at the end of a revision that "
               "ran with foreign keys off for a table rebuild");
  } else if (foreign_keys_suspended_) {
    CheckForeignKeys();
  }
  if (transaction_pending_) {
    transaction_pending_ = false;
    script_->Statement("COMMIT");
  } else {
    RunTransactionStatement("COMMIT", &commit_statement_);
  }
  RestoreForeignKeys();
}

void SqliteConnection::StartPendingTransaction() {
  transaction_pending_ = false;
  // Retort's own BEGIN, though it may run amid a revision's SQL, where the
  // revision's would be refused.
  const bool deny = deny_transaction_control_;
  deny_transaction_control_ = false;
  try {
    RunTransactionStatement("BEGIN IMMEDIATE", &begin_statement_, /*write=*/false);
  } catch (...) {
    deny_transaction_control_ = deny;
    throw;
  }
  deny_transaction_control_ = deny;
}

void SqliteConnection::RunTransactionStatement(const char* sql,
                                               sqlite_api::sqlite3_stmt** compiled, bool write) {
  if (write && script_ != nullptr) script_->Statement(sql);
  Open();
  if (*compiled == nullptr) {
    const int code = sqlite_api::sqlite3_prepare_v2(handle_, sql, -1, compiled, nullptr);
    if (code != SQLITE_OK) Fail(code, std::string("SQL failed [") + sql + "]");
  }
  const int code = sqlite_api::sqlite3_step(*compiled);
  if (code != SQLITE_DONE) {
    // The message is the handle's until the statement is reset.
    try {
      Fail(code, std::string("SQL failed [") + sql + "]");
    } catch (...) {
      sqlite_api::sqlite3_reset(*compiled);
      throw;
    }
  }
  sqlite_api::sqlite3_reset(*compiled);
}

void SqliteConnection::Rollback() noexcept {
  script_checks_foreign_keys_ = false;
  transaction_pending_ = false;
  // Deferred statements need no undoing: a script ends at its first failure.
  if (handle_ != nullptr && sqlite_api::sqlite3_get_autocommit(handle_) == 0) {
    sqlite_api::sqlite3_exec(handle_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  RestoreForeignKeys();
}

void SqliteConnection::RestoreForeignKeys() noexcept {
  if (!foreign_keys_suspended_) return;
  foreign_keys_suspended_ = false;
  if (script_ != nullptr) script_->Statement("PRAGMA foreign_keys = ON");
  sqlite_api::sqlite3_exec(handle_, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
}

void SqliteConnection::WriteGuard(const std::string& count_query, const std::string& message) {
  // SQLite has no statement that raises an error outside a trigger; a
  // CHECK constraint named by the message does, and its name is what the
  // error shows: "CHECK constraint failed: <message>".
  const std::string statements[] = {
      "CREATE TEMP TABLE _retort_guard (failures INTEGER CONSTRAINT " +
          renderer_.QuoteIdentifier(message) + " CHECK (failures = 0))",
      "INSERT INTO temp._retort_guard " + count_query, "DROP TABLE temp._retort_guard"};
  for (const std::string& sql : statements) script_->Statement(sql);
  // Deferred statements create empty tables, add columns holding NULL or a
  // constant that reference nothing, and write rows of retort's own tables,
  // which have no foreign keys: that changes no count of the rows the
  // guards count and leaves none without a parent, so a guard that passes
  // without them passes with them. One that fails (or names what they
  // create) is tried again after them: that decides.
  if (!deferred_.empty()) {
    try {
      for (const std::string& sql : statements) ExecuteAsIs(sql);
      return;
    } catch (const DatabaseError&) {
      ExecuteAsIs("DROP TABLE IF EXISTS temp._retort_guard");
      CatchUp();
    }
  }
  for (const std::string& sql : statements) Execute(sql);
}

void SqliteConnection::CheckForeignKeys() {
  // Every table of every attached database: foreign keys were off for the
  // whole revision, so any statement of it, not just a rebuild, may have
  // left a row without its parent (SQLite's procedure, step 10).
  std::string violations;
  int count = 0;
  for (const Row& database : Query("PRAGMA database_list")) {
    if (database[1] == "temp") continue;
    for (const Row& row : Query("PRAGMA " + renderer_.QuoteIdentifier(database[1].value_or("main")) +
                                ".foreign_key_check")) {
      if (++count <= 10) {
        violations += (violations.empty() ? "" : "; ") + row[0].value_or("?") + " rowid " +
                      row[1].value_or("?") + " has no row in " + row[2].value_or("?");
      }
    }
  }
  if (count > 0) {
    throw OperationError("foreign_key_check found " + std::to_string(count) +
                         " row(s) without a parent at the end of a revision that ran with "
                         "foreign keys off for a table rebuild: " +
                         violations + (count > 10 ? "; ..." : ""));
  }
}

Schema SqliteConnection::Reflect() {
  // As TableExists: a file that does not exist is empty, and stays absent.
  if (handle_ == nullptr && !std::filesystem::exists(settings_.path)) return Schema{};
  CatchUp();
  return ReflectSchema(*this);
}

void SqliteConnection::AcquireMigrationLock(std::chrono::milliseconds timeout) {
  // SQLite has no session lock, and SQLite files are shared only between
  // processes of one machine, so migrators agree through flock() on the
  // database's folder. Never on the database file itself: closing any
  // descriptor of that file would drop SQLite's own POSIX locks.
  if (settings_.path == ":memory:" || lock_descriptor_ >= 0) return;
  std::filesystem::path folder = std::filesystem::path(settings_.path).parent_path();
  if (folder.empty()) folder = ".";
  lock_descriptor_ = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock_descriptor_ < 0) {
    throw DatabaseError("cannot open " + folder.string() + " to take the migration lock: " +
                            std::strerror(errno),
                        "LOCK");
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (::flock(lock_descriptor_, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      const int error = errno;
      ReleaseMigrationLock();
      throw DatabaseError("cannot lock " + folder.string() + ": " + std::strerror(error), "LOCK");
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ReleaseMigrationLock();
      char waited[32];
      std::snprintf(waited, sizeof waited, "%.1f", static_cast<double>(timeout.count()) / 1000);
      throw DatabaseError("another retort is migrating a database in " + folder.string() +
                              " (it holds the folder's migration lock); gave up after " + waited +
                              " s (lock_timeout)",
                          "LOCK_TIMEOUT");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void SqliteConnection::ReleaseMigrationLock() noexcept {
  if (lock_descriptor_ < 0) return;
  ::close(lock_descriptor_);  // releases the flock
  lock_descriptor_ = -1;
}

}  // namespace retort::sqlite
