// How a table rebuild drops a constraint from the table's CREATE TABLE text:
// by its name, or, for a drop_constraint without one, by its type and
// definition, the only way to reach what SQLite keeps unnamed (an unnamed
// FOREIGN KEY, CHECK or UNIQUE has no name anywhere in the database).
#include "retort/constraint_selector.h"
#include "retort/error.h"
#include "sqlite_constraint_sql.h"
#include "sqlite_rebuild.h"

namespace retort::sqlite {
namespace {

// Removes the clause or table constraint `declared` from `table`.
void Remove(TableSql& table, const DeclaredConstraint& declared) {
  const auto at = static_cast<long>(declared.position);
  if (declared.column) {
    ColumnSql& column = table.columns[*declared.column];
    column.clauses.erase(column.clauses.begin() + at);
    column.original.clear();  // the definition is written again from its clauses
    return;
  }
  table.constraints.erase(table.constraints.begin() + at);
  table.constraint_spacing.erase(table.constraint_spacing.begin() + at);
}

std::vector<Constraint> ConstraintsOf(const std::vector<DeclaredConstraint>& declared) {
  std::vector<Constraint> constraints;
  for (const DeclaredConstraint& each : declared) constraints.push_back(each.constraint);
  return constraints;
}

}  // namespace

void TableRebuild::DropConstraint(const retort::DropConstraint& op) {
  const std::vector<DeclaredConstraint> declared = DeclaredConstraints(table_);
  if (IsSelector(op)) {
    Remove(table_, declared[SelectConstraint(op, name_, ConstraintsOf(declared),
                                             NameComparison::kAsciiCaseInsensitive,
                                             [](std::string_view condition) {
                                               return CanonicalSqlExpression(condition);
                                             })]);
    return;
  }
  // By name: every clause so named goes (a named NOT NULL or DEFAULT too).
  const auto before = table_.constraints.size();
  for (std::size_t i = table_.constraints.size(); i-- > 0;) {
    if (!table_.constraints[i].name.empty() &&
        MentionsIdentifier({table_.constraints[i].name}, op.name)) {
      table_.constraints.erase(table_.constraints.begin() + static_cast<long>(i));
      table_.constraint_spacing.erase(table_.constraint_spacing.begin() + static_cast<long>(i));
    }
  }
  int dropped = static_cast<int>(before - table_.constraints.size());
  for (ColumnSql& column : table_.columns) dropped += column.DropNamedClauses(op.name);
  if (dropped > 0) return;
  // A primary key under another name is still the table's one key.
  if (op.kind == ConstraintKind::kPrimaryKey) {
    for (const DeclaredConstraint& each : declared) {
      if (std::holds_alternative<PrimaryKey>(each.constraint)) {
        Remove(table_, each);
        return;
      }
    }
  }
  throw OperationError("table " + ToString(name_) + " has no constraint named " + op.name +
                       " (" + ListConstraints(ConstraintsOf(declared)) + ")");
}

}  // namespace retort::sqlite
