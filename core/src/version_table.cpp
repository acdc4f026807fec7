#include "version_table.h"

#include <soci/soci.h>

#include <algorithm>
#include <charconv>
#include <chrono>

#include "retort/error.h"
#include "run_facts.h"
#include "text_util.h"

namespace retort {
namespace {

Column MakeColumn(const char* name, const char* type, bool nullable = false) {
  Column column;
  column.name = name;
  column.type = ParseType(type);
  column.nullable = nullable;
  return column;
}

Table VersionTableDefinition() {
  Table table;
  table.name.name = VersionTable::kVersionTable;
  table.columns = {MakeColumn("version_num", "string(255)")};
  table.primary_key = PrimaryKey{"retort_version_pkc", {"version_num"}};
  return table;
}

Table HistoryTableDefinition() {
  Table table;
  table.name.name = VersionTable::kHistoryTable;
  Column id = MakeColumn("id", "integer");
  id.primary_key = true;
  id.autoincrement = true;
  table.columns = {id,
                   MakeColumn("revision", "string(255)"),
                   MakeColumn("direction", "string(16)"),
                   MakeColumn("checksum", "string(64)", true),
                   MakeColumn("started_at", "timestamptz"),
                   MakeColumn("finished_at", "timestamptz"),
                   MakeColumn("duration_ms", "double"),
                   MakeColumn("executed_by", "string(255)")};
  return table;
}

Table IncompleteTableDefinition() {
  Table table;
  table.name.name = VersionTable::kIncompleteTable;
  table.columns = {MakeColumn("revision", "string(255)"),
                   MakeColumn("direction", "string(16)"),
                   MakeColumn("heads_before", "text"),
                   MakeColumn("heads_after", "text"),
                   MakeColumn("started_at", "timestamptz"),
                   MakeColumn("executed_by", "string(255)"),
                   MakeColumn("failure", "text", true)};
  table.primary_key = PrimaryKey{"retort_incomplete_pkc", {"revision"}};
  return table;
}

constexpr std::size_t kHeadsReadAtOnce = 64;

// from_chars, not stod: independent of the host program's locale.
template <class Number>
Number ParseNumber(const std::string& text) {
  Number value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc()) {
    throw DatabaseError("the history table holds '" + text + "' where a number belongs", "");
  }
  return value;
}

[[noreturn]] void Rethrow(const soci::soci_error& error, const std::string& doing) {
  throw DatabaseError("cannot " + doing + ": " + error.get_error_message(), "");
}

}  // namespace

VersionTable::VersionTable(const Dialect& dialect, Connection& connection,
                           MigrationListener& listener)
    : dialect_(dialect), connection_(connection), listener_(listener) {}

void VersionTable::Run(const std::string& sql) {
  listener_.OnStatement(sql);
  connection_.Execute(sql);
}

bool VersionTable::VersionTableExists() {
  if (!version_table_seen_) version_table_seen_ = connection_.TableExists({"", kVersionTable});
  return version_table_seen_;
}

bool VersionTable::HasTables() {
  return VersionTableExists() && connection_.TableExists({"", kHistoryTable});
}

std::vector<std::string> VersionTable::Read() {
  std::vector<std::string> rows;
  if (!VersionTableExists()) return rows;
  try {
    // A one-time query into a vector: one round trip on PostgreSQL, where a
    // prepared rowset takes three (prepare, execute, deallocate), and every
    // revision of a run reads the rows. A database has a few heads at most;
    // a full vector means there may be more, read then in full.
    rows.resize(kHeadsReadAtOnce);
    connection_.session() << "SELECT version_num FROM " << kVersionTable, soci::into(rows);
    if (rows.size() == kHeadsReadAtOnce) {
      rows.clear();
      soci::rowset<std::string> result =
          (connection_.session().prepare << "SELECT version_num FROM " << kVersionTable);
      for (const std::string& id : result) rows.push_back(id);
    }
  } catch (const soci::soci_error& error) {
    Rethrow(error, std::string("read ") + kVersionTable);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

void VersionTable::Create() {
  for (const Table& table : {VersionTableDefinition(), HistoryTableDefinition()}) {
    for (const std::string& sql : dialect_.Render(CreateTable{table, true})) Run(sql);
  }
  version_table_seen_ = true;
}

void VersionTable::Replace(const std::vector<std::string>& before,
                           const std::vector<std::string>& after) {
  std::vector<std::string> removed, added;
  for (const std::string& id : before) {
    if (std::find(after.begin(), after.end(), id) == after.end()) removed.push_back(id);
  }
  for (const std::string& id : after) {
    if (std::find(before.begin(), before.end(), id) == before.end()) added.push_back(id);
  }
  const std::string table = dialect_.QuoteIdentifier(kVersionTable);
  // One row moving forward (the common case) is one UPDATE.
  if (removed.size() == 1 && added.size() == 1) {
    Run("UPDATE " + table + " SET version_num = " + text::SqlStringLiteral(added[0]) +
        " WHERE version_num = " + text::SqlStringLiteral(removed[0]));
    return;
  }
  for (const std::string& id : removed) {
    Run("DELETE FROM " + table + " WHERE version_num = " + text::SqlStringLiteral(id));
  }
  for (const std::string& id : added) {
    Run("INSERT INTO " + table + " (version_num) VALUES (" + text::SqlStringLiteral(id) + ")");
  }
}

void VersionTable::Record(const HistoryRow& row) {
  auto literal = [](const std::string& value) { return text::SqlStringLiteral(value); };
  // to_chars, not printf: a host program's locale could write "0,735".
  char duration[32];
  const auto written =
      std::to_chars(duration, duration + sizeof duration - 1, row.duration_ms,
                    std::chars_format::fixed, 3);
  *written.ptr = '\0';
  Run("INSERT INTO " + dialect_.QuoteIdentifier(kHistoryTable) +
      " (revision, direction, checksum, started_at, finished_at, duration_ms, executed_by) "
      "VALUES (" +
      literal(row.revision) + ", " + literal(row.direction) + ", " +
      (row.checksum.empty() ? std::string("NULL") : literal(row.checksum)) + ", " +
      literal(row.started_at) + ", " + literal(row.finished_at) + ", " + duration + ", " +
      literal(row.executed_by) + ")");
}

std::vector<HistoryRow> VersionTable::ReadHistory() {
  std::vector<HistoryRow> rows;
  if (!connection_.TableExists({"", kHistoryTable})) return rows;
  try {
    // Every column as text: SOCI maps column types differently per backend.
    soci::rowset<soci::row> result =
        (connection_.session().prepare
         << "SELECT CAST(id AS VARCHAR(20)), revision, direction, COALESCE(checksum, ''), "
            "CAST(started_at AS VARCHAR(40)), CAST(finished_at AS VARCHAR(40)), "
            "CAST(duration_ms AS VARCHAR(40)), executed_by FROM "
         // Qualified: PostgreSQL would otherwise sort by the output column
         // named id, the text cast (1, 10, 2, ...).
         << kHistoryTable << " ORDER BY " << kHistoryTable << ".id");
    for (const soci::row& r : result) {
      HistoryRow row;
      row.id = ParseNumber<long long>(r.get<std::string>(0));
      row.revision = r.get<std::string>(1);
      row.direction = r.get<std::string>(2);
      row.checksum = r.get<std::string>(3);
      row.started_at = ToUtcTimestamp(r.get<std::string>(4));
      row.finished_at = ToUtcTimestamp(r.get<std::string>(5));
      row.duration_ms = ParseNumber<double>(r.get<std::string>(6));
      row.executed_by = r.get<std::string>(7);
      rows.push_back(std::move(row));
    }
  } catch (const soci::soci_error& error) {
    Rethrow(error, std::string("read ") + kHistoryTable);
  }
  return rows;
}

std::vector<IncompleteRevision> VersionTable::ReadIncomplete() {
  std::vector<IncompleteRevision> marks;
  if (!connection_.TableExists({"", kIncompleteTable})) return marks;
  try {
    soci::rowset<soci::row> result =
        (connection_.session().prepare
         << "SELECT revision, direction, heads_before, heads_after, "
            "CAST(started_at AS VARCHAR(40)), "
            "executed_by, COALESCE(failure, '') FROM "
         << kIncompleteTable << " ORDER BY " << kIncompleteTable << ".started_at");
    for (const soci::row& r : result) {
      marks.push_back(IncompleteRevision{r.get<std::string>(0), r.get<std::string>(1),
                                         r.get<std::string>(2), r.get<std::string>(3),
                                         ToUtcTimestamp(r.get<std::string>(4)),
                                         r.get<std::string>(5), r.get<std::string>(6)});
    }
  } catch (const soci::soci_error& error) {
    Rethrow(error, std::string("read ") + kIncompleteTable);
  }
  return marks;
}

void VersionTable::MarkIncomplete(const IncompleteRevision& mark) {
  for (const std::string& sql : dialect_.Render(CreateTable{IncompleteTableDefinition(), true})) {
    Run(sql);
  }
  auto literal = [](const std::string& value) { return text::SqlStringLiteral(value); };
  Run("INSERT INTO " + dialect_.QuoteIdentifier(kIncompleteTable) +
      " (revision, direction, heads_before, heads_after, started_at, executed_by) VALUES (" +
      literal(mark.revision) + ", " + literal(mark.direction) + ", " +
      literal(mark.heads_before) + ", " + literal(mark.heads_after) + ", " +
      literal(mark.started_at) + ", " +
      literal(mark.executed_by) + ")");
}

void VersionTable::RecordFailure(const std::string& revision, const std::string& failure) {
  Run("UPDATE " + dialect_.QuoteIdentifier(kIncompleteTable) +
      " SET failure = " + text::SqlStringLiteral(failure) +
      " WHERE revision = " + text::SqlStringLiteral(revision));
}

void VersionTable::ClearIncomplete(const std::string& revision) {
  if (revision.empty() && !connection_.TableExists({"", kIncompleteTable})) return;
  Run("DELETE FROM " + dialect_.QuoteIdentifier(kIncompleteTable) +
      (revision.empty() ? std::string() : " WHERE revision = " + text::SqlStringLiteral(revision)));
}

}  // namespace retort
