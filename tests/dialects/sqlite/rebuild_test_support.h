// Helpers for the SQLite table rebuild tests: a listener that records the
// statements a migration runs, and snapshots of a database's schema text and
// rows to compare before and after a change.
#ifndef RETORT_TESTS_DIALECTS_SQLITE_REBUILD_TEST_SUPPORT_H_
#define RETORT_TESTS_DIALECTS_SQLITE_REBUILD_TEST_SUPPORT_H_

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retort/commands.h"
#include "retort/error.h"
#include "retort/events.h"
#include "test_support.h"

namespace retort::testing::rebuild {

// Revision ids: the tables as built, the change under test, one after it.
constexpr const char* kBase = "a1a1a1a1a1a1";
constexpr const char* kChange = "b2b2b2b2b2b2";
constexpr const char* kLater = "c3c3c3c3c3c3";

// Records every statement a migration reports, in order.
class RecordingListener : public MigrationListener {
 public:
  void OnStatement(std::string_view sql) override { statements_.emplace_back(sql); }
  const std::vector<std::string>& statements() const { return statements_; }
  void Clear() { statements_.clear(); }

 private:
  std::vector<std::string> statements_;
};

// Records the notices too (what a cascade drops).
class NoticeListener : public RecordingListener {
 public:
  void OnNotice(std::string_view message) override { notices_.emplace_back(message); }
  const std::vector<std::string>& notices() const { return notices_; }

 private:
  std::vector<std::string> notices_;
};

inline bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Whether `sql` creates a rebuild's new table.
inline bool IsRebuildCreate(std::string_view sql) {
  return StartsWith(sql, "CREATE TABLE _retort_rebuild_") ||
         StartsWith(sql, "CREATE TABLE \"_retort_rebuild_");
}

// How many table rebuilds `statements` hold.
inline int CountRebuilds(const std::vector<std::string>& statements) {
  int count = 0;
  for (const std::string& sql : statements) count += IsRebuildCreate(sql) ? 1 : 0;
  return count;
}

// The ALTER TABLE statements of `statements` that are not a rebuild's own
// rename of its new table.
inline std::vector<std::string> NativeAlters(const std::vector<std::string>& statements) {
  std::vector<std::string> alters;
  for (const std::string& sql : statements) {
    if (StartsWith(sql, "ALTER TABLE ") && sql.find("_retort_rebuild_") == std::string::npos) {
      alters.push_back(sql);
    }
  }
  return alters;
}

// "name" as an SQL identifier.
inline std::string Quoted(std::string_view name) {
  std::string quoted = "\"";
  for (char c : name) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  return quoted + "\"";
}

// `text` as an SQL string literal.
inline std::string Literal(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) {
    quoted += c;
    if (c == '\'') quoted += '\'';
  }
  return quoted + "'";
}

// The CREATE statement of the object `name`, or "" when there is none.
inline std::string ObjectSql(const std::filesystem::path& database, const std::string& name) {
  const auto rows =
      Query(database, "SELECT sql FROM sqlite_schema WHERE name = " + Literal(name));
  return rows.empty() ? std::string() : rows[0][0];
}

// Every schema object with SQL text, "type name" -> sql (automatic indexes,
// which have none, are left out: their names follow from the table's text).
inline std::map<std::string, std::string> SchemaTexts(const std::filesystem::path& database) {
  std::map<std::string, std::string> texts;
  for (const auto& row : Query(database,
                               "SELECT type || ' ' || name, sql FROM sqlite_schema "
                               "WHERE sql IS NOT NULL")) {
    texts[row[0]] = row[1];
  }
  return texts;
}

// Names of the automatic indexes of `table`, in order.
inline std::vector<std::string> AutoIndexes(const std::filesystem::path& database,
                                            const std::string& table) {
  std::vector<std::string> names;
  for (const auto& row : Query(database, "SELECT name FROM sqlite_schema WHERE type = 'index' "
                                         "AND sql IS NULL AND tbl_name = " +
                                             Literal(table) + " ORDER BY name")) {
    names.push_back(row[0]);
  }
  return names;
}

// Tables left behind by a rebuild.
inline std::vector<std::string> RebuildLeftovers(const std::filesystem::path& database) {
  std::vector<std::string> names;
  for (const auto& row : Query(database, "SELECT name FROM sqlite_schema "
                                         "WHERE name GLOB '*_retort_rebuild_*'")) {
    names.push_back(row[0]);
  }
  return names;
}

// The columns of `table` as SQLite lists them (generated ones included).
inline std::vector<std::string> ColumnNames(const std::filesystem::path& database,
                                            const std::string& table) {
  std::vector<std::string> names;
  for (const auto& row : Query(database, "SELECT name FROM pragma_table_xinfo(" +
                                             Literal(table) + ") ORDER BY cid")) {
    names.push_back(row[0]);
  }
  return names;
}

inline bool IsWithoutRowid(const std::filesystem::path& database, const std::string& table) {
  const auto rows = Query(database, "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND "
                                    "name = " + Literal(table));
  return !rows.empty() && rows[0][0] == "1";
}

// The rows of `table`, one line each: the rowid (where the table has one)
// and `expressions` (default: every column), each as SQL's quote() writes
// it, so that 1, 1.0, '1' and x'01' all differ. Ordered by rowid, or by the
// values for a WITHOUT ROWID table.
inline std::string Rows(const std::filesystem::path& database, const std::string& table,
                        std::vector<std::string> expressions = {}) {
  if (expressions.empty()) {
    for (const std::string& column : ColumnNames(database, table)) {
      expressions.push_back(Quoted(column));
    }
  }
  const bool rowid = !IsWithoutRowid(database, table);
  std::string select = "SELECT ";
  std::string order;
  std::size_t position = 0;
  if (rowid) {
    select += "quote(rowid)";
    ++position;
  }
  for (const std::string& expression : expressions) {
    select += std::string(position == 0 ? "" : ", ") + "quote(" + expression + ")";
    ++position;
    order += (order.empty() ? "" : ", ") + std::to_string(position);
  }
  select += " FROM " + Quoted(table) + " ORDER BY " + (rowid ? std::string("rowid") : order);
  std::string text;
  for (const auto& row : Query(database, select)) {
    for (std::size_t i = 0; i < row.size(); ++i) text += (i == 0 ? "" : "|") + row[i];
    text += "\n";
  }
  return text;
}

// 64-bit FNV-1a of `text`, in hex: a short stand-in for a large dump.
inline std::string Digest(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

// Which tables a snapshot covers.
enum class VersionTables { kInclude, kExclude };

// The rows of every table, table name -> Rows(). sqlite_sequence is kept
// too (the AUTOINCREMENT counters). With kExclude, retort's own tables (and
// their counters), which every migration changes, are left out.
inline std::map<std::string, std::string> AllRows(const std::filesystem::path& database,
                                                  VersionTables version_tables) {
  std::map<std::string, std::string> rows;
  const std::string skip =
      version_tables == VersionTables::kExclude ? " AND name NOT GLOB 'retort_*'" : "";
  for (const auto& row : Query(database, "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                         "AND name <> 'sqlite_sequence'" + skip)) {
    rows[row[0]] = Rows(database, row[0]);
  }
  if (!ObjectSql(database, "sqlite_sequence").empty()) {
    std::string sequence;
    for (const auto& row : Query(database, "SELECT name, seq FROM sqlite_sequence WHERE 1" +
                                               skip + " ORDER BY name")) {
      sequence += row[0] + "=" + row[1] + "\n";
    }
    rows["sqlite_sequence"] = sequence;
  }
  return rows;
}

// A map as text, one "key: value" line each, for readable comparisons.
inline std::string Text(const std::map<std::string, std::string>& map) {
  std::string text;
  for (const auto& [key, value] : map) {
    text += key + ": " + (value.size() > 2000 ? "(" + std::to_string(value.size()) +
                                                    " bytes, digest " + Digest(value) + ")"
                                              : value) +
            "\n";
  }
  return text;
}

// A database's schema and rows, to compare whole.
struct DatabaseState {
  std::map<std::string, std::string> schema;   // SchemaTexts
  std::vector<std::string> automatic_indexes;  // every sqlite_autoindex_*
  std::map<std::string, std::string> rows;     // AllRows

  friend bool operator==(const DatabaseState&, const DatabaseState&) = default;
};

inline DatabaseState Capture(const std::filesystem::path& database,
                             VersionTables version_tables = VersionTables::kInclude) {
  DatabaseState state;
  state.schema = SchemaTexts(database);
  for (const auto& row : Query(database, "SELECT name FROM sqlite_schema WHERE type = 'index' "
                                         "AND sql IS NULL ORDER BY name")) {
    state.automatic_indexes.push_back(row[0]);
  }
  state.rows = AllRows(database, version_tables);
  return state;
}

inline std::ostream& operator<<(std::ostream& out, const DatabaseState& state) {
  for (const auto& [name, sql] : state.schema) out << name << ": " << sql << "\n";
  for (const std::string& name : state.automatic_indexes) out << "index " << name << "\n";
  for (const auto& [name, rows] : state.rows) {
    out << "rows of " << name << ":\n"
        << (rows.size() > 2000 ? "(" + std::to_string(rows.size()) + " bytes, digest " +
                                     Digest(rows) + ")\n"
                               : rows);
  }
  return out;
}

// `text` with every line indented by `spaces` (for SQL inside a YAML block).
inline std::string Indented(std::string_view text, int spaces) {
  const std::string indent(static_cast<std::size_t>(spaces), ' ');
  std::string result;
  bool line_start = true;
  for (char c : text) {
    if (line_start && c != '\n') result += indent;
    result += c;
    line_start = c == '\n';
  }
  if (!result.empty() && result.back() != '\n') result += "\n";
  return result;
}

// A YAML list item running `sql` (any number of statements).
inline std::string ExecuteItem(std::string_view sql) {
  return "  - execute: |\n" + Indented(sql, 6);
}

// The message upgrading `project` to head fails with; "" when it succeeds.
inline std::string UpgradeFailure(const Project& project) {
  MigrationListener quiet;
  try {
    Upgrade(project.config(), "head", quiet);
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

// `text` with `from` replaced by `to`; `from` must occur exactly once, so
// that an expected text cannot drift from the text it is derived from.
inline std::string ReplaceOnce(const std::string& text, const std::string& from,
                               const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos || text.find(from, at + 1) != std::string::npos) {
    return "<'" + from + "' does not occur exactly once in: " + text + ">";
  }
  return text.substr(0, at) + to + text.substr(at + from.size());
}

}  // namespace retort::testing::rebuild

#endif  // RETORT_TESTS_DIALECTS_SQLITE_REBUILD_TEST_SUPPORT_H_
