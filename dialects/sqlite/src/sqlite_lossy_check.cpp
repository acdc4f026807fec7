// The lossy-conversion check of a table rebuild. The copy converts a changed
// type with CAST, which never fails: '12227-000' becomes 12227 and 'abc'
// becomes 0. Before anything is written, each such conversion is checked
// with one query over the old rows, and a conversion that would change any
// value is refused, naming the rows (docs/sqlite.md says what "change"
// means). using: or lossy: allow on the alter_column skip the check.
#include <algorithm>

#include "retort/error.h"
#include "sqlite_connection.h"
#include "sqlite_rebuild.h"
#include "sqlite_renderer.h"

namespace retort::sqlite {
namespace {

// True when the value v and n, what the copy makes of it, differ. Numbers
// are the same when they are equal as numbers (SQLite compares integers
// and reals exactly); a number and a text (or blob) when the text is how
// SQLite writes that number and reads back as it; texts and blobs when
// their bytes are. NULL stays NULL. Operands carry no affinity (+, CAST),
// so that SQLite converts nothing behind the comparison's back.
constexpr const char* kChanged =
    "v IS NOT NULL AND (n IS NULL OR NOT CASE "
    "WHEN typeof(v) IN ('integer', 'real') AND typeof(n) IN ('integer', 'real') THEN +v = +n "
    "WHEN typeof(v) IN ('integer', 'real') THEN CAST(v AS TEXT) = CAST(n AS TEXT) COLLATE "
    "BINARY AND CAST(CAST(n AS TEXT) AS NUMERIC) = +v "
    "WHEN typeof(n) IN ('integer', 'real') THEN CAST(n AS TEXT) = CAST(v AS TEXT) COLLATE "
    "BINARY AND CAST(CAST(v AS TEXT) AS NUMERIC) = +n "
    "ELSE CAST(v AS BLOB) = CAST(n AS BLOB) END)";

// At most 5 rows are named.
constexpr int kShownRows = 5;

std::string Shortened(const std::optional<std::string>& value) {
  constexpr std::size_t kMaximum = 40;
  const std::string text = value.value_or("NULL");
  return text.size() <= kMaximum ? text : text.substr(0, kMaximum - 3) + "...";
}

}  // namespace

void TableRebuild::CheckConversions() {
  // The rowid under a name no column takes.
  std::string rowid = "NULL";
  if (!table_.without_rowid) {
    for (const char* name : {"rowid", "_rowid_", "oid"}) {
      if (!MentionsIdentifier(old_columns_, name)) {
        rowid = name;
        break;
      }
    }
  }
  const std::string table = renderer_.QuoteName(name_);
  for (const Conversion& conversion : checked_conversions_) {
    if (connection_.scripting()) {
      connection_.WriteGuard(
          "SELECT count(*) FROM (SELECT " + conversion.input + " AS v, CAST(" + conversion.input +
              " AS " + conversion.type + ") AS n FROM " + table + ") WHERE " + kChanged,
          "values of " + ToString(name_) + "." + conversion.column +
              " would change when converted to " + conversion.type +
              "; give using: <SQL expression> to convert them as meant, lossy: allow to accept "
              "the change, or update them first");
      continue;
    }
    // Not materialized: the count and the first rows each read the table
    // once, and the first rows stop after five.
    const std::string sql =
        "WITH c(r, v, n) AS NOT MATERIALIZED (SELECT " + rowid + ", " + conversion.input +
        ", CAST(" + conversion.input + " AS " + conversion.type + ") FROM " + table +
        ") SELECT (SELECT count(*) FROM c WHERE " + kChanged + "), r, quote(v), quote(n) " +
        "FROM c WHERE " + kChanged + (rowid == "NULL" ? "" : " ORDER BY r") + " LIMIT " +
        std::to_string(kShownRows);
    const auto rows = connection_.QueryText(sql);
    if (rows.empty()) continue;
    const std::string count = rows[0][0].value_or("0");
    std::string examples;
    for (const auto& row : rows) {
      examples += (examples.empty() ? "" : ", ") +
                  (row[1] ? "rowid " + *row[1] + ": " : std::string()) + Shortened(row[2]) +
                  " becomes " + Shortened(row[3]);
    }
    if (std::to_string(rows.size()) != count) examples += ", ...";
    throw OperationError(count + " value(s) of " + ToString(name_) + "." + conversion.column +
                         " would change when converted to " + conversion.type + " (" +
                         examples + "); give using: <SQL expression> to convert them as meant, "
                         "lossy: allow to accept the change, or update them first");
  }
}

}  // namespace retort::sqlite
