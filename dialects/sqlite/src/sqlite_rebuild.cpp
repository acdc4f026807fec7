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
  const auto rows = connection_.Query(
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
  // Views and other tables' triggers that name the table: the rebuild leaves
  // them as written, so a change must not break them.
  for (const auto& row : connection_.Query(
           "SELECT type, name, sql FROM " + schema +
               ".sqlite_schema WHERE type IN ('view', 'trigger') AND tbl_name <> ?1 COLLATE NOCASE",
           {table.name})) {
    if (MentionsIdentifier(IdentifiersIn(*row[2]), table.name)) {
      (*row[0] == "view" ? views_ : other_triggers_).push_back(SavedObject{*row[1], *row[2]});
    }
  }
  for (const ColumnSql& column : table_.columns) {
    if (!column.IsGenerated()) old_columns_.push_back(column.name);
  }
}

std::string TableRebuild::Quote(const std::string& name) const {
  return renderer_.QuoteIdentifier(name);
}

void TableRebuild::Add(const Operation& op) {
  if (const auto* add = std::get_if<retort::AddColumn>(&op)) {
    AddColumn(*add);
  } else if (const auto* drop = std::get_if<retort::DropColumn>(&op)) {
    DropColumn(*drop);
  } else if (const auto* alter = std::get_if<retort::AlterColumn>(&op)) {
    AlterColumn(*alter);
  } else if (const auto* key = std::get_if<CreateForeignKey>(&op)) {
    AddConstraint(ParseTableConstraint(renderer_.ForeignKeyClause(key->foreign_key)));
  } else if (const auto* unique = std::get_if<CreateUniqueConstraint>(&op)) {
    AddConstraint(ParseTableConstraint("CONSTRAINT " + Quote(unique->constraint.name) +
                                       " UNIQUE (" +
                                       renderer_.QuoteList(unique->constraint.columns) + ")"));
  } else if (const auto* check = std::get_if<CreateCheckConstraint>(&op)) {
    AddConstraint(ParseTableConstraint("CONSTRAINT " + Quote(check->constraint.name) +
                                       " CHECK (" + check->constraint.condition + ")"));
  } else if (const auto* primary = std::get_if<CreatePrimaryKey>(&op)) {
    const std::string name = primary->constraint.name.empty()
                                 ? ""
                                 : "CONSTRAINT " + Quote(primary->constraint.name) + " ";
    AddConstraint(ParseTableConstraint(name + "PRIMARY KEY (" +
                                       renderer_.QuoteList(primary->constraint.columns) + ")"));
  } else if (const auto* constraint = std::get_if<retort::DropConstraint>(&op)) {
    DropConstraint(*constraint);
  } else {
    throw OperationError(Describe(op) + " is not done by a table rebuild");
  }
}

ColumnSql& TableRebuild::Column(const std::string& name, const char* doing) {
  ColumnSql* column = table_.FindColumn(name);
  if (!column) {
    throw OperationError("cannot " + std::string(doing) + ": table " + ToString(name_) +
                         " has no column " + name);
  }
  return *column;
}

void TableRebuild::AddColumn(const retort::AddColumn& op) {
  if (table_.FindColumn(op.column.name)) {
    throw OperationError("table " + ToString(name_) + " already has a column " + op.column.name);
  }
  const bool has_key = std::any_of(table_.columns.begin(), table_.columns.end(),
                                   [](const ColumnSql& c) { return c.Has(ClauseKind::kPrimaryKey); }) ||
                       std::any_of(table_.constraints.begin(), table_.constraints.end(),
                                   [](const TableConstraintSql& c) {
                                     return c.kind == TableConstraintKind::kPrimaryKey;
                                   });
  if (op.column.primary_key && has_key) {
    throw OperationError("table " + ToString(name_) + " already has a primary key");
  }
  std::string text = renderer_.ColumnDefinition(op.column, op.column.primary_key);
  if (op.foreign_key) {
    if (!op.foreign_key->name.empty()) text += " CONSTRAINT " + Quote(op.foreign_key->name);
    text += " " + renderer_.ReferencesClause(*op.foreign_key);
  }
  if (!op.column.nullable && !op.column.server_default && !op.column.primary_key) {
    added_not_null_.push_back(op.column.name);
  }
  table_.AddColumn(ParseColumnDefinition(text));
}

void TableRebuild::CheckNotUsedElsewhere(const std::string& column,
                                         const std::vector<SavedObject>& objects,
                                         const char* kind) const {
  for (const SavedObject& object : objects) {
    const std::vector<std::string> names = IdentifiersIn(object.sql);
    if (Contains(names, column)) {
      throw OperationError("cannot drop column " + ToString(name_) + "." + column + ": " + kind +
                           " " + object.name + " uses it; change or drop the " + kind +
                           " first, in this revision or an earlier one");
    }
  }
}

void TableRebuild::DropColumn(const retort::DropColumn& op) {
  Column(op.column, ("drop column " + op.column).c_str());
  for (const ColumnSql& other : table_.columns) {
    if (!Contains({other.name}, op.column) && Contains(other.identifiers, op.column)) {
      throw OperationError("cannot drop column " + ToString(name_) + "." + op.column +
                           ": column " + other.name + " uses it in its definition");
    }
  }
  for (const TableConstraintSql& constraint : table_.constraints) {
    if (Contains(constraint.identifiers, op.column)) {
      throw OperationError("cannot drop column " + ToString(name_) + "." + op.column +
                           ": the table constraint " +
                           (constraint.name.empty() ? "(" + constraint.text + ")"
                                                    : constraint.name) +
                           " uses it; drop the constraint first");
    }
  }
  CheckNotUsedElsewhere(op.column, indexes_, "index");
  CheckNotUsedElsewhere(op.column, triggers_, "trigger");
  CheckNotUsedElsewhere(op.column, other_triggers_, "trigger");
  CheckNotUsedElsewhere(op.column, views_, "view");
  // A foreign key of another table that points at this column.
  for (const auto& row : connection_.Query(
           "SELECT m.name FROM sqlite_schema AS m, pragma_foreign_key_list(m.name) AS f "
           "WHERE m.type = 'table' AND f.\"table\" = ?1 COLLATE NOCASE AND f.\"to\" = ?2 "
           "COLLATE NOCASE",
           {name_.name, op.column})) {
    throw OperationError("cannot drop column " + ToString(name_) + "." + op.column +
                         ": a foreign key of table " + *row[0] + " references it");
  }
  std::erase_if(table_.columns, [&](const ColumnSql& c) { return Contains({c.name}, op.column); });
  // Keep the spacing list in step with the columns.
  table_.column_spacing.resize(table_.columns.size());
  dropped_columns_.push_back(op.column);
  conversions_.erase(op.column);
}

void TableRebuild::AlterColumn(const retort::AlterColumn& op) {
  ColumnSql& column = Column(op.column, ("alter column " + op.column).c_str());
  if (column.IsGenerated() && (op.type || op.server_default)) {
    throw OperationError("column " + ToString(name_) + "." + op.column +
                         " is generated: change its expression with a new column instead");
  }
  // A column added in this batch is not copied: it starts from its default.
  const bool copied =
      Contains(old_columns_, column.name) && !Contains(dropped_columns_, column.name);
  const std::string source = Quote(column.name);
  std::string expression =
      conversions_.count(column.name) ? conversions_[column.name] : source;
  if (op.type) {
    const std::string type = renderer_.RenderType(*op.type);
    column.SetType(type);
    expression = op.using_expression.empty() ? "CAST(" + expression + " AS " + type + ")"
                                             : op.using_expression;
  }
  if (op.nullable) {
    column.SetNotNull(!*op.nullable);
    if (!*op.nullable && !op.fill_nulls.empty()) {
      expression = "COALESCE(" + expression + ", " + op.fill_nulls + ")";
    } else if (!*op.nullable && copied) {
      now_not_null_.push_back(column.name);
    }
  }
  if (op.server_default) {
    column.SetDefault(*op.server_default ? std::optional<std::string>(
                                               renderer_.RenderDefault(**op.server_default))
                                         : std::nullopt);
  }
  if (!copied) {
    std::erase(added_not_null_, column.name);
    if (column.Has(ClauseKind::kNotNull) && !column.Has(ClauseKind::kDefault) &&
        !column.Has(ClauseKind::kPrimaryKey)) {
      added_not_null_.push_back(column.name);
    }
    return;
  }
  if (expression != source) conversions_[column.name] = expression;
}

void TableRebuild::AddConstraint(TableConstraintSql constraint) {
  if (!constraint.name.empty()) {
    for (const TableConstraintSql& existing : table_.constraints) {
      if (Contains({existing.name}, constraint.name)) {
        throw OperationError("table " + ToString(name_) + " already has a constraint named " +
                             constraint.name);
      }
    }
  }
  for (const std::string& column : constraint.columns) Column(column, "add the constraint");
  if (constraint.kind == TableConstraintKind::kPrimaryKey) {
    for (const ColumnSql& column : table_.columns) {
      if (column.Has(ClauseKind::kPrimaryKey)) {
        throw OperationError("table " + ToString(name_) + " already has a primary key (" +
                             column.name + ")");
      }
    }
    for (const TableConstraintSql& existing : table_.constraints) {
      if (existing.kind == TableConstraintKind::kPrimaryKey) {
        throw OperationError("table " + ToString(name_) + " already has a primary key");
      }
    }
  }
  table_.AddConstraint(std::move(constraint));
}

void TableRebuild::DropConstraint(const retort::DropConstraint& op) {
  const auto before = table_.constraints.size();
  for (std::size_t i = table_.constraints.size(); i-- > 0;) {
    if (!table_.constraints[i].name.empty() && Contains({table_.constraints[i].name}, op.name)) {
      table_.constraints.erase(table_.constraints.begin() + static_cast<long>(i));
      table_.constraint_spacing.erase(table_.constraint_spacing.begin() + static_cast<long>(i));
    }
  }
  int dropped = static_cast<int>(before - table_.constraints.size());
  for (ColumnSql& column : table_.columns) dropped += column.DropNamedClauses(op.name);
  if (dropped > 0) return;
  // An unnamed primary key can still be dropped by saying what it is.
  if (op.kind == ConstraintKind::kPrimaryKey) {
    for (std::size_t i = 0; i < table_.constraints.size(); ++i) {
      if (table_.constraints[i].kind == TableConstraintKind::kPrimaryKey) {
        table_.constraints.erase(table_.constraints.begin() + static_cast<long>(i));
        table_.constraint_spacing.erase(table_.constraint_spacing.begin() + static_cast<long>(i));
        return;
      }
    }
    for (ColumnSql& column : table_.columns) {
      if (!column.Has(ClauseKind::kPrimaryKey)) continue;
      std::erase_if(column.clauses, [](const ColumnClause& clause) {
        return clause.kind == ClauseKind::kPrimaryKey;
      });
      column.original.clear();
      return;
    }
  }
  std::string named;
  for (const TableConstraintSql& constraint : table_.constraints) {
    if (!constraint.name.empty()) named += (named.empty() ? "" : ", ") + constraint.name;
  }
  for (const ColumnSql& column : table_.columns) {
    for (const ColumnClause& clause : column.clauses) {
      if (!clause.name.empty()) named += (named.empty() ? "" : ", ") + clause.name;
    }
  }
  throw OperationError("table " + ToString(name_) + " has no constraint named " + op.name +
                       " (its named constraints: " + (named.empty() ? "none" : named) + ")");
}

void TableRebuild::CheckNotNulls() {
  for (const std::string& column : now_not_null_) {
    const std::string quoted = Quote(column);
    const auto rows = connection_.Query("SELECT count(*) FROM " + renderer_.QuoteName(name_) +
                                        " WHERE " + quoted + " IS NULL");
    const std::string count = rows.empty() || !rows[0][0] ? "0" : *rows[0][0];
    if (count != "0") {
      std::string examples;
      if (!table_.without_rowid) {
        for (const auto& row : connection_.Query("SELECT rowid FROM " +
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
    targets += (targets.empty() ? "" : ", ") + Quote(column.name);
    sources += (sources.empty() ? "" : ", ") +
               (conversion == conversions_.end() ? Quote(column.name) : conversion->second);
  }
  const std::string table = renderer_.QuoteName(name_);
  const auto counted = connection_.Query("SELECT count(*) FROM " + table);
  const long long total = std::stoll(counted[0][0].value_or("0"));
  Progress progress{"copy " + ToString(name_), 0, total};
  listener.OnProgress(progress);
  if (targets.empty()) return;  // no stored column survives: nothing to copy
  const std::string insert =
      "INSERT INTO " + temporary + " (" + targets + ") SELECT " + sources + " FROM " + table;
  if (!keep_rowid || total <= kRowsPerStep) {
    listener.OnStatement(insert);
    connection_.Execute(insert);
  } else {
    // In rowid ranges, so that a long copy reports its progress.
    // Two subqueries: SQLite reads min() and max() from the b-tree's ends
    // only when each stands alone; together they scan the whole table.
    const auto bounds = connection_.Query("SELECT (SELECT min(rowid) FROM " + table +
                                          "), (SELECT max(rowid) FROM " + table + ")");
    const long long low = std::stoll(*bounds[0][0]);
    const long long high = std::stoll(*bounds[0][1]);
    const long long width = std::max<long long>(1, (high - low + 1) / (total / kRowsPerStep + 1) + 1);
    listener.OnStatement(insert + " WHERE rowid BETWEEN ? AND ?  -- in steps of " +
                         std::to_string(width) + " rowids");
    for (long long from = low; from <= high; from += width) {
      const long long to = std::min(high, from + width - 1);
      connection_.Execute(insert + " WHERE rowid BETWEEN " + std::to_string(from) + " AND " +
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
  for (const auto& row : connection_.Query(
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
  if (!added_not_null_.empty()) {
    const auto rows = connection_.Query("SELECT EXISTS (SELECT 1 FROM " +
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
  if (!connection_.Query("SELECT 1 FROM " + Quote(schema) +
                         ".sqlite_schema WHERE name = ?1", {temporary_name}).empty()) {
    throw OperationError("a table " + temporary_name +
                         " is in the way of the rebuild of " + ToString(name_) + "; drop it");
  }
  // What DROP TABLE takes along and must come back as it was.
  std::optional<std::string> sequence;
  if (!connection_.Query("SELECT 1 FROM " + Quote(schema) +
                         ".sqlite_schema WHERE name = 'sqlite_sequence'").empty()) {
    const auto rows = connection_.Query(
        "SELECT seq FROM " + Quote(schema) + ".sqlite_sequence WHERE name = ?1", {name_.name});
    if (!rows.empty()) sequence = rows[0][0];
  }
  std::vector<std::vector<std::optional<std::string>>> statistics;
  const std::map<std::string, std::string> indexes_before = IndexColumns();
  const bool has_statistics = !connection_.Query("SELECT 1 FROM " + Quote(schema) +
                                                 ".sqlite_schema WHERE name = 'sqlite_stat1'")
                                   .empty();
  if (has_statistics) {
    statistics = connection_.Query("SELECT tbl, idx, stat FROM " + Quote(schema) +
                                   ".sqlite_stat1 WHERE tbl = ?1", {name_.name});
  }

  run(table_.Render(temporary));
  CopyRows(temporary, listener);
  run("DROP TABLE " + renderer_.QuoteName(name_));
  // With legacy_alter_table on, the rename touches nothing but the table:
  // views that name the table keep their text and find the new one.
  const auto legacy = connection_.Query("PRAGMA legacy_alter_table");
  run("PRAGMA legacy_alter_table = ON");
  run("ALTER TABLE " + temporary + " RENAME TO " + Quote(name_.name));
  run("PRAGMA legacy_alter_table = " +
      std::string(!legacy.empty() && legacy[0][0] == "1" ? "ON" : "OFF"));
  for (const SavedObject& index : indexes_) run(index.sql);
  for (const SavedObject& trigger : triggers_) run(trigger.sql);
  // The AUTOINCREMENT counter: the copy set it to the largest key copied,
  // but keys of deleted rows must never come back.
  const bool autoincrement =
      std::any_of(table_.columns.begin(), table_.columns.end(), [](const ColumnSql& column) {
        return std::any_of(column.clauses.begin(), column.clauses.end(), [](const auto& clause) {
          return MentionsIdentifier(IdentifiersIn(clause.text), "AUTOINCREMENT");
        });
      });
  if (sequence && autoincrement) {
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
}

}  // namespace retort::sqlite
