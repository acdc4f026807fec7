#include "sqlite_rebuild.h"

#include <algorithm>

#include "retort/error.h"
#include "sqlite_connection.h"
#include "sqlite_renderer.h"

namespace retort::sqlite {
namespace {

// Rows per INSERT ... SELECT when copying in steps (to report progress).
constexpr long long kRowsPerStep = 250'000;

// Whether `column` is an alias of the rowid: declared INTEGER PRIMARY KEY,
// not DESC (SQLite's documented exception).
bool IsRowidAlias(const ColumnSql& column) {
  if (!MentionsIdentifier({column.type}, "INTEGER")) return false;
  return std::any_of(column.clauses.begin(), column.clauses.end(), [](const ColumnClause& clause) {
    return clause.kind == ClauseKind::kPrimaryKey &&
           !MentionsIdentifier(IdentifiersIn(clause.text), "DESC");
  });
}

bool Contains(const std::vector<std::string>& names, std::string_view name) {
  return MentionsIdentifier(names, name);
}

}  // namespace

TableRebuild::TableRebuild(SqliteConnection& connection, const SqliteRenderer& renderer,
                           const QualifiedName& table)
    : connection_(connection), renderer_(renderer), name_(table) {
  const std::string schema = Quote(table.schema.empty() ? "main" : table.schema);
  // Names compare as SQLite compares identifiers: without case.
  const auto rows = connection_.QueryText(
      "SELECT type, name, sql FROM " + schema +
          ".sqlite_schema WHERE tbl_name = ?1 COLLATE NOCASE AND sql IS NOT NULL ORDER BY rowid",
      {table.name});
  bool found = false;
  for (const auto& row : rows) {
    const std::string& type = *row[0];
    if (type == "table" && MentionsIdentifier({*row[1]}, table.name)) {
      table_ = ParseCreateTable(*row[2]);
      found = true;
    } else if (type == "index") {
      indexes_.push_back(SavedObject{*row[1], *row[2]});
    } else if (type == "trigger") {
      triggers_.push_back(SavedObject{*row[1], *row[2]});
    }
  }
  if (!found) throw OperationError("there is no table " + ToString(table));
  for (const ColumnSql& column : table_.columns) {
    if (!column.IsGenerated()) old_columns_.push_back(column.name);
  }
}

std::string TableRebuild::Quote(const std::string& name) const {
  return renderer_.QuoteIdentifier(name);
}

void TableRebuild::CheckNotNulls() {
  for (const std::string& column : now_not_null_) {
    const std::string quoted = Quote(column);
    if (connection_.scripting()) {
      connection_.WriteGuard("SELECT count(*) FROM " + renderer_.QuoteName(name_) + " WHERE " +
                                 quoted + " IS NULL",
                             ToString(name_) + "." + column + " holds NULL, which cannot become "
                             "NOT NULL; give fill_nulls or update the rows first");
      continue;
    }
    const auto rows = connection_.QueryText("SELECT count(*) FROM " + renderer_.QuoteName(name_) +
                                        " WHERE " + quoted + " IS NULL");
    const std::string count = rows.empty() || !rows[0][0] ? "0" : *rows[0][0];
    if (count != "0") {
      std::string examples;
      if (!table_.without_rowid) {
        for (const auto& row : connection_.QueryText("SELECT rowid FROM " +
                                                 renderer_.QuoteName(name_) + " WHERE " + quoted +
                                                 " IS NULL ORDER BY rowid LIMIT 5")) {
          examples += (examples.empty() ? " (rowid " : ", ") + row[0].value_or("?");
        }
        if (!examples.empty()) examples += count == "1" ? ")" : ", ...)";
      }
      throw OperationError(count + " row(s) of " + ToString(name_) + " hold NULL in " + column +
                           examples + ", which cannot become NOT NULL; give fill_nulls: <SQL "
                           "expression> to replace them, or update them first");
    }
  }
}

void TableRebuild::CopyRows(const std::string& temporary, MigrationListener& listener) {
  // Every stored column that survives, converted where the change says so.
  std::string targets, sources;
  std::vector<CopiedColumn> copied;
  const bool keep_rowid =
      !table_.without_rowid &&
      std::none_of(table_.columns.begin(), table_.columns.end(), [](const ColumnSql& c) {
        return Contains({"rowid", "oid", "_rowid_"}, c.name);
      });
  // An unchanged INTEGER PRIMARY KEY column is the rowid: copying it copies
  // the rowid, and naming the rowid too would cost a second assignment.
  const bool rowid_copied_as_key =
      std::any_of(table_.columns.begin(), table_.columns.end(), [&](const ColumnSql& c) {
        return !c.original.empty() && IsRowidAlias(c) && !conversions_.count(c.name) &&
               Contains(old_columns_, c.name) && !Contains(dropped_columns_, c.name);
      });
  if (keep_rowid && !rowid_copied_as_key) {
    targets = "rowid";
    sources = "rowid";
  }
  for (const ColumnSql& column : table_.columns) {
    // A column dropped and added again in one batch starts empty.
    if (column.IsGenerated() || !Contains(old_columns_, column.name) ||
        Contains(dropped_columns_, column.name)) {
      continue;
    }
    const auto conversion = conversions_.find(column.name);
    copied.push_back(CopiedColumn{
        column.name, conversion == conversions_.end() ? Quote(column.name) : conversion->second});
    targets += (targets.empty() ? "" : ", ") + Quote(column.name);
    sources += (sources.empty() ? "" : ", ") + copied.back().source;
  }
  const std::string table = renderer_.QuoteName(name_);
  const auto counted = connection_.QueryText("SELECT count(*) FROM " + table);
  const long long total = std::stoll(counted[0][0].value_or("0"));
  Progress progress{"copy " + ToString(name_), 0, total};
  listener.OnProgress(progress);
  if (targets.empty()) return;  // no stored column survives: nothing to copy
  const std::string insert =
      "INSERT INTO " + temporary + " (" + targets + ") SELECT " + sources + " FROM " + table;
  // A row that breaks the new definition's CHECK or UNIQUE fails the
  // copy; the error should name the row, not the INSERT.
  auto copy = [&](const std::string& sql) {
    try {
      connection_.Execute(sql);
    } catch (const DatabaseError& error) {
      ExplainCopyViolation(error, temporary, copied, keep_rowid);
      throw;
    }
  };
  // A script copies in one statement: it cannot know how many rows it meets.
  if (!keep_rowid || total <= kRowsPerStep || connection_.scripting()) {
    listener.OnStatement(insert);
    copy(insert);
  } else {
    // In rowid ranges, so that a long copy reports its progress.
    // Two subqueries: SQLite reads min() and max() from the b-tree's ends
    // only when each stands alone; together they scan the whole table.
    const auto bounds = connection_.QueryText("SELECT (SELECT min(rowid) FROM " + table +
                                          "), (SELECT max(rowid) FROM " + table + ")");
    const long long low = std::stoll(*bounds[0][0]);
    const long long high = std::stoll(*bounds[0][1]);
    const long long width = std::max<long long>(1, (high - low + 1) / (total / kRowsPerStep + 1) + 1);
    listener.OnStatement(insert + " WHERE rowid BETWEEN ? AND ?  -- in steps of " +
                         std::to_string(width) + " rowids");
    for (long long from = low; from <= high; from += width) {
      const long long to = std::min(high, from + width - 1);
      copy(insert + " WHERE rowid BETWEEN " + std::to_string(from) + " AND " +
           std::to_string(to));
      progress.done += connection_.Changes();
      listener.OnProgress(progress);
    }
  }
  progress.done = total;
  listener.OnProgress(progress);
}

std::map<std::string, std::string> TableRebuild::IndexColumns() {
  std::map<std::string, std::string> columns;
  const std::string schema = name_.schema.empty() ? "main" : name_.schema;
  for (const auto& row : connection_.QueryText(
           "SELECT l.name, group_concat(coalesce(i.name, i.cid), ',') FROM "
           "pragma_index_list(?1, ?2) AS l, pragma_index_info(l.name, ?2) AS i GROUP BY l.name",
           {name_.name, schema})) {
    columns[*row[0]] = row[1].value_or("");
  }
  return columns;
}

void TableRebuild::Run(MigrationListener& listener) {
  auto run = [&](const std::string& sql) {
    listener.OnStatement(sql);
    connection_.Execute(sql);
  };
  CheckNotNulls();
  CheckConversions();
  if (!added_not_null_.empty() && connection_.scripting()) {
    connection_.WriteGuard("SELECT count(*) FROM (SELECT 1 FROM " + renderer_.QuoteName(name_) +
                               " LIMIT 1)",
                           "cannot add NOT NULL column " + ToString(name_) + "." +
                               added_not_null_.front() +
                               " without a default to a table that has rows; give "
                               "server_default");
  } else if (!added_not_null_.empty()) {
    const auto rows = connection_.QueryText("SELECT EXISTS (SELECT 1 FROM " +
                                        renderer_.QuoteName(name_) + ")");
    if (rows[0][0] == "1") {
      throw OperationError("cannot add NOT NULL column " + ToString(name_) + "." +
                           added_not_null_.front() +
                           " without a default to a table that has rows; give server_default");
    }
  }
  const std::string schema = name_.schema.empty() ? "main" : name_.schema;
  const std::string temporary_name = "_retort_rebuild_" + name_.name;
  const std::string temporary = renderer_.QuoteName({name_.schema, temporary_name});
  if (!connection_.QueryText("SELECT 1 FROM " + Quote(schema) +
                         ".sqlite_schema WHERE name = ?1", {temporary_name}).empty()) {
    throw OperationError("a table " + temporary_name +
                         " is in the way of the rebuild of " + ToString(name_) + "; drop it");
  }
  // What DROP TABLE takes along and must come back as it was.
  std::optional<std::string> sequence;
  const bool sequence_table_exists =
      !connection_.QueryText("SELECT 1 FROM " + Quote(schema) +
                         ".sqlite_schema WHERE name = 'sqlite_sequence'").empty();
  if (sequence_table_exists) {
    const auto rows = connection_.QueryText(
        "SELECT seq FROM " + Quote(schema) + ".sqlite_sequence WHERE name = ?1", {name_.name});
    if (!rows.empty()) sequence = rows[0][0];
  }
  std::vector<std::vector<std::optional<std::string>>> statistics;
  const std::map<std::string, std::string> indexes_before = IndexColumns();
  const bool has_statistics =
      !connection_.scripting() &&
      !connection_.QueryText("SELECT 1 FROM " + Quote(schema) +
                         ".sqlite_schema WHERE name = 'sqlite_stat1'").empty();
  if (has_statistics) {
    statistics = connection_.QueryText("SELECT tbl, idx, stat FROM " + Quote(schema) +
                                   ".sqlite_stat1 WHERE tbl = ?1", {name_.name});
  }

  const bool autoincrement =
      std::any_of(table_.columns.begin(), table_.columns.end(), [](const ColumnSql& column) {
        return std::any_of(column.clauses.begin(), column.clauses.end(), [](const auto& clause) {
          return MentionsIdentifier(IdentifiersIn(clause.text), "AUTOINCREMENT");
        });
      });
  // A script cannot read the counter or the statistics now: the counter is
  // kept aside in SQL, and the statistics are for the reader to renew.
  const bool stashed_sequence = connection_.scripting() && autoincrement && sequence_table_exists;
  const std::string stash = "temp._retort_sequence";
  if (connection_.scripting()) {
    listener.OnNotice("SQLite forgets the planner statistics (sqlite_stat1) of a table it "
                      "rebuilds: run ANALYZE " + renderer_.QuoteName(name_) +
                      " afterwards if the database has them");
  }

  for (const std::string& notice : cascade_notices_) listener.OnNotice(notice);
  for (const std::string& drop : cascade_drops_) run(drop);
  run(table_.Render(temporary));
  CopyRows(temporary, listener);
  if (stashed_sequence) {
    run("CREATE TEMP TABLE _retort_sequence AS SELECT seq FROM " + Quote(schema) +
        ".sqlite_sequence WHERE name = " + renderer_.RenderLiteral(name_.name));
  }
  run("DROP TABLE " + renderer_.QuoteName(name_));
  // With legacy_alter_table on, the rename touches nothing but the table:
  // views that name the table keep their text and find the new one.
  const auto legacy = connection_.QueryText("PRAGMA legacy_alter_table");
  run("PRAGMA legacy_alter_table = ON");
  run("ALTER TABLE " + temporary + " RENAME TO " + Quote(name_.name));
  run("PRAGMA legacy_alter_table = " +
      std::string(!legacy.empty() && legacy[0][0] == "1" ? "ON" : "OFF"));
  for (const SavedObject& index : indexes_) run(index.sql);
  for (const SavedObject& trigger : triggers_) run(trigger.sql);
  // The AUTOINCREMENT counter: the copy set it to the largest key copied,
  // but keys of deleted rows must never come back.
  if (stashed_sequence) {
    const std::string sequence_table = Quote(schema) + ".sqlite_sequence";
    const std::string name = renderer_.RenderLiteral(name_.name);
    run("UPDATE " + sequence_table + " SET seq = max(seq, (SELECT seq FROM " + stash +
        ")) WHERE name = " + name + " AND EXISTS (SELECT 1 FROM " + stash + ")");
    run("INSERT INTO " + sequence_table + " (name, seq) SELECT " + name + ", seq FROM " + stash +
        " WHERE NOT EXISTS (SELECT 1 FROM " + sequence_table + " WHERE name = " + name + ")");
    run("DROP TABLE " + stash);
  } else if (sequence && autoincrement) {
    const std::string sequence_table = Quote(schema) + ".sqlite_sequence";
    const std::string name = renderer_.RenderLiteral(name_.name);
    run("UPDATE " + sequence_table + " SET seq = max(seq, " + *sequence + ") WHERE name = " +
        name);
    run("INSERT INTO " + sequence_table + " (name, seq) SELECT " + name + ", " + *sequence +
        " WHERE NOT EXISTS (SELECT 1 FROM " + sequence_table + " WHERE name = " + name + ")");
  }
  if (has_statistics) {
    // Statistics of an index that is still there, on the same columns: the
    // automatic indexes of UNIQUE constraints are numbered in order, so a
    // changed constraint list can give a number to another index.
    const std::map<std::string, std::string> indexes_after = IndexColumns();
    for (const auto& row : statistics) {
      if (row[1]) {
        const auto before = indexes_before.find(*row[1]);
        const auto after = indexes_after.find(*row[1]);
        if (before == indexes_before.end() || after == indexes_after.end() ||
            before->second != after->second) {
          continue;
        }
      }
      run("INSERT INTO " + Quote(schema) + ".sqlite_stat1 (tbl, idx, stat) VALUES (" +
          renderer_.RenderLiteral(*row[0]) + ", " +
          (row[1] ? renderer_.RenderLiteral(*row[1]) : std::string("NULL")) + ", " +
          renderer_.RenderLiteral(row[2].value_or("")) + ")");
    }
  }
  // Other tables' foreign keys that a cascade drops: each table rebuilt
  // without them, once the column they pointed at is gone.
  for (const Reference& reference : cascade_references_) {
    const QualifiedName child{name_.schema, reference.table};
    TableRebuild rebuild(connection_, connection_.RendererFor(child), child);
    rebuild.DropReferencesTo(name_.name, reference.column, reference.column_is_key);
    rebuild.Run(listener);
  }
}

}  // namespace retort::sqlite
