// Script mode's deferred statements, and SQLite's authorizer, which says
// which tables a statement touches.
//
// Writing a script runs every statement on an in-memory database so that a
// later table rebuild knows the table's text. But SQLite scans its whole
// schema after each CREATE TABLE and parses all of it again after each
// ALTER TABLE ... ADD COLUMN, so a history that creates thousands of tables
// and adds columns to them took time quadratic in its length. A new table
// or column matters only to what touches that table or reads the schema's
// text, so their statements wait until something may: each statement or
// query is first compiled with the authorizer noting what it touches, and
// the deferred statements run before anything that touches their table,
// reads the schema's text, or does anything the authorizer cannot place (a
// view, a trigger, a rename, a drop, most pragmas).
#include <algorithm>
#include <cstring>
#include <memory>

#include "retort/error.h"
#include "sqlite_connection.h"
#include "sqlite_names.h"

namespace retort::sqlite {
namespace {

std::string TableKey(std::string_view database, std::string_view table) {
  if (database.empty()) database = "main";
  std::string key;
  key.reserve(database.size() + 1 + table.size());
  AppendFolded(key, database);
  key += '.';
  AppendFolded(key, table);
  return key;
}

bool StartsWith(const char* text, const char* prefix) {
  return text != nullptr && std::strncmp(text, prefix, std::strlen(prefix)) == 0;
}

// The tables that hold the schema's text, which added columns change.
bool IsSchemaTable(const char* table) {
  for (const char* name : {"sqlite_schema", "sqlite_master", "sqlite_temp_schema",
                           "sqlite_temp_master"}) {
    if (table != nullptr && SameName(table, name)) return true;
  }
  return false;
}

}  // namespace

void SqliteConnection::Defer(const QualifiedName& table, const std::string& sql,
                             bool creates_table) {
  auto& [key, entry] = *deferred_tables_.try_emplace(TableKey(table.schema, table.name)).first;
  // The text goes to shared chunks: a long script defers three statements a
  // step, and a string each was much of writing and freeing them.
  const DeferredStatement statement{&key, KeepDeferred(sql)};
  deferred_.push_back(statement);
  if (creates_table) entry = DeferredTable{statement.text};
}

std::string_view SqliteConnection::KeepDeferred(std::string_view sql) {
  constexpr std::size_t kChunk = 256 * 1024;
  if (deferred_chunks_.empty() ||
      deferred_chunks_.back().capacity - deferred_chunks_.back().size < sql.size()) {
    const std::size_t capacity = std::max(kChunk, sql.size());
    deferred_chunks_.push_back(DeferredChunk{std::make_unique_for_overwrite<char[]>(capacity), 0, capacity});
  }
  DeferredChunk& chunk = deferred_chunks_.back();
  char* const text = chunk.bytes.get() + chunk.size;
  std::copy(sql.begin(), sql.end(), text);
  chunk.size += sql.size();
  return std::string_view(text, sql.size());
}

std::optional<std::string_view> SqliteConnection::DeferredCreation(
    const QualifiedName& table) const {
  const auto found = deferred_tables_.find(TableKey(table.schema, table.name));
  if (found == deferred_tables_.end() || found->second.creation.empty()) return std::nullopt;
  return found->second.creation;
}

void SqliteConnection::CatchUp(const QualifiedName& table) {
  const auto found = deferred_tables_.find(TableKey(table.schema, table.name));
  if (found == deferred_tables_.end()) return;
  const std::string* const key = &found->first;
  std::vector<DeferredStatement> mine;
  const auto others = std::stable_partition(deferred_.begin(), deferred_.end(),
                                            [&](const auto& entry) { return entry.table != key; });
  std::move(others, deferred_.end(), std::back_inserter(mine));
  deferred_.erase(others, deferred_.end());
  deferred_tables_.erase(found);
  for (const DeferredStatement& statement : mine) {
    try {
      ExecuteAsIs(std::string(statement.text));
    } catch (const DatabaseError& error) {
      throw DatabaseError(std::string(error.what()) + " (a statement written earlier in the script)",
                          error.code());
    }
  }
  if (deferred_.empty() && !deferred_chunks_.empty()) {
    // The first chunk is kept for what is deferred next.
    deferred_chunks_.resize(1);
    deferred_chunks_.front().size = 0;
  }
}

void SqliteConnection::CatchUp() {
  while (!deferred_.empty()) {
    const std::string& key = *deferred_.front().table;
    const auto dot = key.find('.');
    CatchUp(QualifiedName{key.substr(0, dot), key.substr(dot + 1)});
  }
}

void SqliteConnection::DenyTransactionControl(bool deny) {
  deny_transaction_control_ = deny;
  transaction_control_denied_ = false;
}

int SqliteConnection::Compile(const char* sql, int size, sqlite_api::sqlite3_stmt** statement,
                              const char** tail) {
  classifying_ = !deferred_.empty();
  touches_deferred_ = false;
  int code = sqlite_api::sqlite3_prepare_v2(handle_, sql, size, statement, tail);
  const bool noted = classifying_;
  classifying_ = false;
  // What does not compile may name a deferred table or column; compiled
  // after the deferred statements it gives the real error, if any.
  if (noted && (code != SQLITE_OK || touches_deferred_)) {
    sqlite_api::sqlite3_finalize(*statement);
    *statement = nullptr;
    CatchUp();
    code = sqlite_api::sqlite3_prepare_v2(handle_, sql, size, statement, tail);
  }
  return code;
}

void SqliteConnection::ExecuteCatchingUp(const std::string& sql) {
  Open();
  const char* next = sql.c_str();
  const char* const end = next + sql.size();
  const auto fail = [&](int code) { Fail(code, "SQL failed [" + StatementForMessage(sql) + "]"); };
  while (next < end) {
    sqlite_api::sqlite3_stmt* statement = nullptr;
    int code = Compile(next, static_cast<int>(end - next), &statement, &next);
    if (code != SQLITE_OK) fail(code);
    if (statement == nullptr) break;  // only comments or spaces were left
    while ((code = sqlite_api::sqlite3_step(statement)) == SQLITE_ROW) {
    }
    // finalize keeps the step's error code and message for Fail.
    sqlite_api::sqlite3_finalize(statement);
    if (code != SQLITE_DONE) fail(code);
  }
}

bool SqliteConnection::TouchesDeferred(int action, const char* first, const char* second,
                                       const char* database) const {
  const auto deferred = [&](const char* table) {
    if (table == nullptr) return true;
    return deferred_tables_.count(TableKey(database ? database : "", table)) != 0;
  };
  switch (action) {
    case SQLITE_TRANSACTION:
    case SQLITE_SAVEPOINT:
    case SQLITE_FUNCTION:
    case SQLITE_SELECT:
    case SQLITE_RECURSIVE:
      return false;
    case SQLITE_CREATE_TABLE:
    case SQLITE_CREATE_TEMP_TABLE:
      return deferred(first);  // a second CREATE of a deferred one must fail
    case SQLITE_READ:
      // Creating an object reads the schema table's rowid, which an added
      // column leaves as it is; any other column of it is the schema's text.
      if (IsSchemaTable(first)) return second == nullptr || !SameName(second, "rowid");
      if (StartsWith(first, "pragma_")) return true;
      return deferred(first);
    case SQLITE_INSERT:
    case SQLITE_UPDATE:
    case SQLITE_DELETE:
      // Creating or dropping an object writes the schema table; what is
      // created is authorized on its own.
      return !IsSchemaTable(first) && deferred(first);
    case SQLITE_CREATE_INDEX:
    case SQLITE_CREATE_TEMP_INDEX:
      return deferred(second);
    case SQLITE_PRAGMA:
      return !(first != nullptr && SameName(first, "foreign_keys"));
    default:
      return true;
  }
}

int SqliteConnection::Authorize(void* self, int action, const char* first, const char* second,
                                const char* database, const char*) {
  auto& connection = *static_cast<SqliteConnection*>(self);
  if (action == SQLITE_TRANSACTION && connection.deny_transaction_control_) {
    connection.transaction_control_denied_ = true;
    return SQLITE_DENY;
  }
  if (connection.classifying_ && !connection.touches_deferred_) {
    connection.touches_deferred_ = connection.TouchesDeferred(action, first, second, database);
  }
  return SQLITE_OK;
}

}  // namespace retort::sqlite
