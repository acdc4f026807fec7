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

void* SqliteConnection::NativeHandle(std::string_view kind) {
  if (kind != "soci::session" && kind != "sqlite3") return nullptr;
  Open();
  CatchUp();  // what is read through the handle is not known here
  return kind == "sqlite3" ? static_cast<void*>(handle_) : static_cast<void*>(&session_);
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
