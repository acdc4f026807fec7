#include "version_table.h"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "history_chain.h"
#include "retort/error.h"
#include "run_facts.h"
#include "text_util.h"
#include "version_table_schema.h"

namespace retort {

QueryRows VersionTable::QueryTable(const std::string& table, const std::string& sql) {
  try {
    return connection_.Query(sql, {});
  } catch (const DatabaseError& error) {
    throw DatabaseError("cannot read " + table + ": " + error.what(), error.code());
  }
}

VersionTable::VersionTable(const Dialect& dialect, Connection& connection,
                           MigrationListener& listener, VersionTableNames names)
    : dialect_(dialect), connection_(connection), listener_(listener), names_(std::move(names)) {}

std::string VersionTable::Qualified(const std::string& table) const {
  const std::string quoted = dialect_.QuoteIdentifier(table);
  return names_.schema.empty() ? quoted : dialect_.QuoteIdentifier(names_.schema) + "." + quoted;
}

std::string VersionTable::When(const std::string& timestamp) const {
  // An offline script runs later: only the database knows when.
  return offline_rows_ ? "CURRENT_TIMESTAMP" : dialect_.TimestampLiteral(timestamp);
}

void VersionTable::Run(const std::string& sql) {
  listener_.OnStatement(sql);
  connection_.Execute(sql);
}

void VersionTable::WriteRows(const std::string& table, const std::string& sql) {
  listener_.OnStatement(sql);
  connection_.ExecuteBookkeeping(Name(table), sql);
}

void VersionTable::AssumeOffline(std::vector<std::string> rows) {
  std::sort(rows.begin(), rows.end());
  version_table_seen_ = !rows.empty();
  // Offline, retort's tables are taken to be as this retort writes them.
  if (!rows.empty()) history_lacks_.emplace();
  offline_last_hash_ = rows.empty() ? "" : kOfflineChainStart;
  offline_rows_ = std::move(rows);
}

bool VersionTable::HistoryTableExists() {
  // Offline, retort's tables come and go together.
  if (offline_rows_) return version_table_seen_;
  return connection_.TableExists(Name(names_.history));
}

bool VersionTable::VersionTableExists() {
  if (!version_table_seen_ && !offline_rows_) version_table_seen_ = connection_.TableExists(Name(names_.version));
  return version_table_seen_;
}

bool VersionTable::HasColumns(const std::string& table, const std::string& columns) {
  // A query that names a column fails without it. No catalogue query would
  // do on every database, and this one runs only outside a transaction (see
  // HasTables), where a failure leaves nothing behind.
  try {
    connection_.Query("SELECT COUNT(" + columns + ") FROM " + Qualified(table) +
                          " WHERE 1 = 0",
                      {});
    return true;
  } catch (const DatabaseError&) {
    return false;
  }
}

const std::vector<std::string>& VersionTable::MissingHistoryColumns() {
  if (!history_lacks_) {
    std::vector<std::string> all;
    for (const Column& column : LaterHistoryColumns()) all.push_back(column.name);
    history_lacks_.emplace();
    // One query when the table is up to date, as it nearly always is.
    if (!HasColumns(names_.history, text::Join(all, " || "))) {
      for (const std::string& name : all) {
        if (!HasColumns(names_.history, name)) history_lacks_->push_back(name);
      }
    }
  }
  return *history_lacks_;
}

bool VersionTable::IncompleteLacksColumns() {
  if (!incomplete_lacks_) {
    std::vector<std::string> all;
    for (const Column& column : LaterIncompleteColumns()) all.push_back(column.name);
    incomplete_lacks_ = !offline_rows_ && connection_.TableExists(Name(names_.incomplete)) &&
                        !HasColumns(names_.incomplete, text::Join(all, " || "));
  }
  return *incomplete_lacks_;
}

bool VersionTable::HistoryHas(const std::string& column) {
  const std::vector<std::string>& missing = MissingHistoryColumns();
  return std::find(missing.begin(), missing.end(), column) == missing.end();
}

bool VersionTable::HasTables() {
  // The columns are looked up whenever the history table exists, also
  // without a version table, for Create to know what to add.
  const bool history_current = HistoryTableExists() && MissingHistoryColumns().empty();
  // Each looked up now, outside the transaction, for Create and for later.
  const bool incomplete_current = !IncompleteLacksColumns();
  return VersionTableExists() && history_current && incomplete_current;
}

std::vector<std::string> VersionTable::Read() {
  if (offline_rows_) return *offline_rows_;
  std::vector<std::string> rows;
  if (!VersionTableExists()) return rows;
  for (const std::vector<SqlValue>& row :
       QueryTable(names_.version, "SELECT version_num FROM " + Qualified(names_.version)).rows) {
    rows.push_back(row[0].ToText());
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

bool VersionTable::Create() {
  auto render = [&](const Operation& op) {
    for (const std::string& sql : dialect_.Render(op)) {
      try {
        Run(sql);
      } catch (const DatabaseError& error) {
        if (names_.schema.empty()) throw;
        // The likeliest cause, which the database's own words may not say.
        throw DatabaseError("cannot create retort's tables in schema " + names_.schema +
                                " (version_table_schema; it must exist, retort does not "
                                "create it): " + error.what(),
                            error.code());
      }
    }
  };
  bool changed = false;
  if (!VersionTableExists()) {
    render(CreateTable{VersionTableDefinition(names_), true});
    changed = true;
  }
  if (!HistoryTableExists()) {
    render(CreateTable{HistoryTableDefinition(names_), true});
    changed = true;
  } else {
    // A history table an older retort made: a nullable column keeps every
    // row, and ADD COLUMN of one is native everywhere (no SQLite rebuild).
    // HasTables has looked the columns up, outside the transaction.
    const std::vector<std::string> missing = history_lacks_.value_or(std::vector<std::string>{});
    for (const Column& column : LaterHistoryColumns()) {
      if (std::find(missing.begin(), missing.end(), column.name) == missing.end()) continue;
      render(AddColumn{Name(names_.history), column, {}});
      changed = true;
    }
  }
  if (incomplete_lacks_.value_or(false)) {
    // Every later column at once: the table is only ever made whole.
    for (const Column& column : LaterIncompleteColumns()) {
      render(AddColumn{Name(names_.incomplete), column, {}});
    }
    changed = true;
  }
  version_table_seen_ = true;
  history_lacks_.emplace();
  if (incomplete_lacks_) incomplete_lacks_ = false;
  return changed;
}

void VersionTable::Replace(const std::vector<std::string>& before,
                           const std::vector<std::string>& after) {
  WriteReplacement(before, after);
  // Last, and through a copy: `before` or `after` may be the rows kept here.
  if (offline_rows_) {
    std::vector<std::string> rows = after;
    std::sort(rows.begin(), rows.end());
    offline_rows_ = std::move(rows);
  }
}

void VersionTable::WriteReplacement(const std::vector<std::string>& before,
                                    const std::vector<std::string>& after) {
  const auto holds = [](const std::vector<std::string>& rows, const std::string& id) {
    return std::find(rows.begin(), rows.end(), id) != rows.end();
  };
  const std::string* removed = nullptr;
  const std::string* added = nullptr;
  std::size_t removed_count = 0, added_count = 0;
  for (const std::string& id : before) {
    if (holds(after, id)) continue;
    removed = &id;
    ++removed_count;
  }
  for (const std::string& id : after) {
    if (holds(before, id)) continue;
    added = &id;
    ++added_count;
  }
  const std::string table = Qualified(names_.version);
  // One row moving forward (the common case) is one UPDATE, built in one
  // string: a long history's script writes one a step.
  if (removed_count == 1 && added_count == 1) {
    std::string sql = "UPDATE ";
    sql.reserve(64 + table.size() + added->size() + removed->size());
    sql += table;
    sql += " SET version_num = ";
    text::AppendSqlStringLiteral(sql, *added);
    sql += " WHERE version_num = ";
    text::AppendSqlStringLiteral(sql, *removed);
    WriteRows(names_.version, sql);
    return;
  }
  for (const std::string& id : before) {
    if (holds(after, id)) continue;
    WriteRows(names_.version,
              "DELETE FROM " + table + " WHERE version_num = " + text::SqlStringLiteral(id));
  }
  for (const std::string& id : after) {
    if (holds(before, id)) continue;
    WriteRows(names_.version, "INSERT INTO " + table + " (version_num) VALUES (" +
                                  text::SqlStringLiteral(id) + ")");
  }
}

std::string VersionTable::LastRowHash() {
  // Offline, the rows before the script's are not known: from base there
  // are none, else its first row links to whichever comes before it.
  if (offline_rows_) return offline_last_hash_;
  const std::string table = Qualified(names_.history);
  const QueryRows last =
      QueryTable(names_.history, "SELECT row_hash FROM " + table +
                                     " WHERE id = (SELECT MAX(id) FROM " + table + ")");
  // No row, or one an older retort wrote: the chain starts here.
  return last.rows.empty() ? std::string() : last.rows[0][0].ToText();
}

void VersionTable::RecordCommitted() { recorded_committed_ = !recorded_hash_.empty(); }

void VersionTable::Record(const HistoryRow& row) {
  const std::string previous_hash = recorded_committed_ ? recorded_hash_ : LastRowHash();
  recorded_committed_ = false;
  std::string row_hash = HistoryRowHash(row, previous_hash);
  // One string, appended to: a long history's script writes a row a step.
  std::string sql = "INSERT INTO ";
  sql.reserve(400 + row.revision.size() + row.executed_by.size() + row.tag.size() +
              row.note.size());
  // An offline script's duration is not known when it is written.
  char duration[32] = "0";
  const char* duration_end = duration + 1;
  if (!offline_rows_) {
    // to_chars, not printf: a host program's locale could write "0,735".
    duration_end = std::to_chars(duration, duration + sizeof duration, row.duration_ms,
                                 std::chars_format::fixed, 3).ptr;
  }
  sql += Qualified(names_.history);
  sql += " (revision, direction, checksum, started_at, finished_at, duration_ms, executed_by, "
         "tag, note, previous_hash, row_hash) VALUES (";
  bool first = true;
  const auto raw = [&](std::string_view value) {
    if (!first) sql += ", ";
    first = false;
    sql += value;
  };
  const auto literal = [&](std::string_view value) {
    raw("");
    text::AppendSqlStringLiteral(sql, value);
  };
  const auto nullable = [&](std::string_view value) {
    value.empty() ? raw("NULL") : literal(value);
  };
  literal(row.revision);
  literal(row.direction);
  nullable(row.checksum);
  raw(When(row.started_at));
  raw(When(row.finished_at));
  raw(std::string_view(duration, duration_end - duration));
  literal(row.executed_by);
  nullable(row.tag);
  nullable(row.note);
  literal(previous_hash);
  literal(row_hash);
  sql += ')';
  WriteRows(names_.history, sql);
  if (offline_rows_) offline_last_hash_ = row_hash;
  recorded_hash_ = std::move(row_hash);
}

std::vector<HistoryRow> VersionTable::ReadHistory() {
  std::vector<HistoryRow> rows;
  if (offline_rows_ || !HistoryTableExists()) return rows;
  // A history table an older retort made reads as rows without tags, notes
  // and hashes.
  std::string later;
  for (const Column& column : LaterHistoryColumns()) {
    later += HistoryHas(column.name) ? ", COALESCE(" + column.name + ", '')" : ", ''";
  }
  const std::string table = Qualified(names_.history);
  const QueryRows result = QueryTable(
      names_.history,
      "SELECT id, revision, direction, COALESCE(checksum, ''), started_at, finished_at, "
      "duration_ms, executed_by" + later + " FROM " + table + " ORDER BY " + table + ".id");
  const std::string what = names_.history + "'s ";
  for (const std::vector<SqlValue>& r : result.rows) {
    HistoryRow row;
    row.id = r[0].AsInteger(what + "id");
    row.revision = r[1].ToText();
    row.direction = r[2].ToText();
    row.checksum = r[3].ToText();
    row.started_at = ToUtcTimestamp(r[4].ToText());
    row.finished_at = ToUtcTimestamp(r[5].ToText());
    row.duration_ms = r[6].AsReal(what + "duration_ms");
    row.executed_by = r[7].ToText();
    row.tag = r[8].ToText();
    row.note = r[9].ToText();
    row.previous_hash = r[10].ToText();
    row.row_hash = r[11].ToText();
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<HistoryRow> VersionTable::ReadChecksumRows() {
  std::vector<HistoryRow> rows;
  if (offline_rows_ || !HistoryTableExists()) return rows;
  const std::string table = Qualified(names_.history);
  const QueryRows result = QueryTable(
      names_.history, "SELECT revision, direction, COALESCE(checksum, '') FROM " + table +
                          " WHERE direction IN ('upgrade', 'downgrade', 'accept') ORDER BY " +
                          table + ".id");
  rows.reserve(result.rows.size());
  for (const std::vector<SqlValue>& r : result.rows) {
    HistoryRow& row = rows.emplace_back();
    row.revision = r[0].ToText();
    row.direction = r[1].ToText();
    row.checksum = r[2].ToText();
  }
  return rows;
}

std::vector<IncompleteRevision> VersionTable::ReadIncomplete() {
  std::vector<IncompleteRevision> marks;
  if (offline_rows_ || !connection_.TableExists(Name(names_.incomplete))) return marks;
  const std::string table = Qualified(names_.incomplete);
  const QueryRows result =
      QueryTable(names_.incomplete,
           "SELECT revision, direction, heads_before, heads_after, started_at, executed_by, "
           "COALESCE(failure, ''), " +
           std::string(IncompleteLacksColumns() ? "''" : "COALESCE(progress, '')") + " FROM " +
           table + " ORDER BY " + table + ".started_at");
  for (const std::vector<SqlValue>& r : result.rows) {
    marks.push_back(IncompleteRevision{r[0].ToText(), r[1].ToText(), r[2].ToText(),
                                       r[3].ToText(), ToUtcTimestamp(r[4].ToText()),
                                       r[5].ToText(), r[6].ToText(), r[7].ToText()});
  }
  return marks;
}

void VersionTable::MarkIncomplete(const IncompleteRevision& mark) {
  // Looked up first: where DDL commits by itself, even CREATE TABLE IF NOT
  // EXISTS of a table that exists is a DDL statement, synced to disk, for
  // every revision.
  if (offline_rows_ || !connection_.TableExists(Name(names_.incomplete))) {
    for (const std::string& sql :
         dialect_.Render(CreateTable{IncompleteTableDefinition(names_), true})) {
      Run(sql);
    }
  }
  auto literal = [](const std::string& value) { return text::SqlStringLiteral(value); };
  WriteRows(names_.incomplete, "INSERT INTO " + Qualified(names_.incomplete) +
      " (revision, direction, heads_before, heads_after, started_at, executed_by) VALUES (" +
      literal(mark.revision) + ", " + literal(mark.direction) + ", " +
      literal(mark.heads_before) + ", " + literal(mark.heads_after) + ", " +
      When(mark.started_at) + ", " +
      literal(mark.executed_by) + ")");
}

void VersionTable::RecordFailure(const std::string& revision, const std::string& failure) {
  WriteRows(names_.incomplete, "UPDATE " + Qualified(names_.incomplete) +
      " SET failure = " + text::SqlStringLiteral(failure) +
      " WHERE revision = " + text::SqlStringLiteral(revision));
}

void VersionTable::RecordProgress(const std::string& revision, const std::string& progress) {
  if (offline_rows_ || IncompleteLacksColumns()) return;
  connection_.ExecuteBookkeeping(Name(names_.incomplete),
                                 "UPDATE " + Qualified(names_.incomplete) + " SET progress = " +
                                     text::SqlStringLiteral(progress) +
                                     " WHERE revision = " + text::SqlStringLiteral(revision));
}

void VersionTable::ClearIncomplete(const std::string& revision) {
  if (revision.empty() &&
      (offline_rows_ || !connection_.TableExists(Name(names_.incomplete)))) {
    return;
  }
  WriteRows(names_.incomplete, "DELETE FROM " + Qualified(names_.incomplete) +
      (revision.empty() ? std::string() : " WHERE revision = " + text::SqlStringLiteral(revision)));
}

}  // namespace retort
