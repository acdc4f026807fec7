// The changes a table rebuild makes to the table's CREATE TABLE text, one
// neutral operation at a time; sqlite_rebuild.cpp carries them out.
#include <algorithm>

#include "retort/error.h"
#include "sqlite_connection.h"
#include "sqlite_rebuild.h"
#include "sqlite_renderer.h"

namespace retort::sqlite {

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
    if (!unique->using_index.empty()) AbsorbIndex(*unique);
    AddConstraint(ParseTableConstraint(renderer_.ConstraintPrefix(unique->constraint.name) +
                                       "UNIQUE (" +
                                       renderer_.QuoteList(unique->constraint.columns) + ")"));
  } else if (const auto* check = std::get_if<CreateCheckConstraint>(&op)) {
    AddConstraint(ParseTableConstraint(renderer_.ConstraintPrefix(check->constraint.name) +
                                       "CHECK (" + check->constraint.condition + ")"));
  } else if (const auto* primary = std::get_if<CreatePrimaryKey>(&op)) {
    AddConstraint(ParseTableConstraint(renderer_.ConstraintPrefix(primary->constraint.name) +
                                       "PRIMARY KEY (" +
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

void TableRebuild::AlterColumn(const retort::AlterColumn& op) {
  ColumnSql& column = Column(op.column, ("alter column " + op.column).c_str());
  if (column.IsGenerated() && (op.type || op.server_default)) {
    throw OperationError("column " + ToString(name_) + "." + op.column +
                         " is generated: change its expression with a new column instead");
  }
  // A column added in this batch is not copied: it starts from its default.
  const bool copied =
      MentionsIdentifier(old_columns_, column.name) && !MentionsIdentifier(dropped_columns_, column.name);
  const std::string source = Quote(column.name);
  std::string expression =
      conversions_.count(column.name) ? conversions_[column.name] : source;
  if (op.type) {
    const std::string type = renderer_.RenderType(*op.type);
    column.SetType(type);
    if (!op.using_expression.empty()) {
      // using replaces the conversion: what it makes is the revision's word.
      std::erase_if(checked_conversions_, [&](const Conversion& conversion) {
        return MentionsIdentifier({conversion.column}, column.name);
      });
    } else if (copied && !op.lossy_allowed) {
      checked_conversions_.push_back(Conversion{column.name, expression, type});
    }
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

void TableRebuild::AbsorbIndex(const CreateUniqueConstraint& op) {
  const auto saved = std::find_if(indexes_.begin(), indexes_.end(), [&](const SavedObject& index) {
    return MentionsIdentifier({index.name}, op.using_index);
  });
  const std::string what = "using_index: ";
  if (saved == indexes_.end()) {
    throw OperationError(what + "table " + ToString(name_) + " has no index " + op.using_index);
  }
  // PostgreSQL takes over only a unique index on plain columns, without
  // WHERE; the constraint then covers exactly its columns.
  const std::string schema = name_.schema.empty() ? "main" : name_.schema;
  const auto listed = connection_.QueryText(
      "SELECT \"unique\", partial FROM pragma_index_list(?1, ?2) WHERE name = ?3",
      {name_.name, schema, saved->name});
  if (listed.empty() || listed[0][0] != "1" || listed[0][1] != "0") {
    throw OperationError(what + "index " + op.using_index +
                         " must be a unique index without WHERE to become a constraint");
  }
  std::vector<std::string> columns;
  for (const auto& row : connection_.QueryText(
           "SELECT name FROM pragma_index_info(?1, ?2) ORDER BY seqno", {saved->name, schema})) {
    columns.push_back(row[0].value_or(""));
  }
  bool same = columns.size() == op.constraint.columns.size();
  for (std::size_t i = 0; same && i < columns.size(); ++i) {
    same = MentionsIdentifier({columns[i]}, op.constraint.columns[i]);
  }
  if (!same) {
    throw OperationError(what + "index " + op.using_index + " is on other columns than the "
                         "constraint's; give the index's columns, in its order");
  }
  indexes_.erase(saved);
}

void TableRebuild::AddConstraint(TableConstraintSql constraint) {
  if (!constraint.name.empty()) {
    for (const TableConstraintSql& existing : table_.constraints) {
      if (MentionsIdentifier({existing.name}, constraint.name)) {
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

}  // namespace retort::sqlite
