#include "sqlite_rebuild_rules.h"

#include <cctype>

#include "sqlite_column_use.h"
#include "sqlite_connection.h"
#include "sqlite_renderer.h"
#include "sqlite_table_sql.h"

namespace retort::sqlite {
namespace {

bool IsKeyword(std::string text, const char* keyword) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text == keyword;
}

std::string WhyRebuildAddColumn(const AddColumn& op, const SqliteRenderer& renderer) {
  const Column& column = op.column;
  if (column.primary_key) return "cannot add a PRIMARY KEY column";
  if (column.unique) return "cannot add a UNIQUE column";
  const std::string rendered =
      column.server_default ? renderer.RenderDefault(*column.server_default) : "NULL";
  const bool null_default = IsKeyword(rendered, "NULL");
  if (rendered.front() == '(' || IsKeyword(rendered, "CURRENT_TIME") ||
      IsKeyword(rendered, "CURRENT_DATE") || IsKeyword(rendered, "CURRENT_TIMESTAMP")) {
    return "cannot add a column whose default is an expression (" + rendered + ")";
  }
  if (!column.nullable && null_default) return "cannot add a NOT NULL column without a default";
  // Refused whenever foreign keys are enforced, which they may be.
  if (op.foreign_key && !null_default) {
    return "cannot add a column with REFERENCES and a default other than NULL";
  }
  return "";
}

// What in the live schema keeps ALTER TABLE DROP COLUMN from dropping it.
std::string WhyRebuildDropColumn(const DropColumn& op, const SqliteRenderer& renderer,
                                 SqliteConnection& live) {
  const std::string schema = renderer.QuoteIdentifier(op.table.schema.empty() ? "main"
                                                                              : op.table.schema);
  const auto rows = live.QueryText("SELECT type, name, sql FROM " + schema +
                                   ".sqlite_schema WHERE sql IS NOT NULL AND (tbl_name = ?1 OR "
                                   "type IN ('view', 'trigger'))",
                               {op.table.name});
  for (const auto& row : rows) {
    const std::string& type = *row[0];
    if (type == "table" && row[1] == op.table.name) {
      TableSql table = ParseCreateTable(*row[2]);
      const ColumnSql* column = table.FindColumn(op.column);
      if (!column) return "";  // let SQLite say there is no such column
      if (column->Has(ClauseKind::kPrimaryKey)) return "cannot drop a PRIMARY KEY column";
      if (column->Has(ClauseKind::kUnique)) return "cannot drop a UNIQUE column";
      // SQLite's DROP COLUMN would drop these silently; the rebuild refuses
      // them, or drops them with cascade: true and says so.
      if (column->Has(ClauseKind::kReferences) && !op.existing_foreign_key) {
        return "would drop the column's foreign key with it";
      }
      if (column->Has(ClauseKind::kCheck)) return "would drop the column's CHECK with it";
      const auto keys = ForeignKeysReferencing(live, renderer, op.table, op.column,
                                               IsKeyColumn(table, op.column));
      if (!keys.empty()) return "would leave " + keys.front().description + " without its parent";
      for (const ColumnSql& other : table.columns) {
        if (&other != column && MentionsIdentifier(other.identifiers, op.column)) {
          return "cannot drop a column that column " + other.name + " uses";
        }
      }
      for (const TableConstraintSql& constraint : table.constraints) {
        if (MentionsIdentifier(constraint.identifiers, op.column)) {
          return "cannot drop a column that a table constraint uses";
        }
      }
    } else if (type != "table" && MentionsIdentifier(IdentifiersIn(*row[2]), op.column) &&
               (type == "index" || MentionsIdentifier(IdentifiersIn(*row[2]), op.table.name))) {
      return "cannot drop a column that " + type + " " + *row[1] + " uses";
    }
  }
  return "";
}

}  // namespace

std::optional<QualifiedName> RebuildTarget(const Operation& op) {
  if (const auto* o = std::get_if<AddColumn>(&op)) return o->table;
  if (const auto* o = std::get_if<DropColumn>(&op)) return o->table;
  if (const auto* o = std::get_if<AlterColumn>(&op)) return o->table;
  if (const auto* o = std::get_if<CreateForeignKey>(&op)) return o->table;
  if (const auto* o = std::get_if<CreateUniqueConstraint>(&op)) return o->table;
  if (const auto* o = std::get_if<CreateCheckConstraint>(&op)) return o->table;
  if (const auto* o = std::get_if<CreatePrimaryKey>(&op)) return o->table;
  if (const auto* o = std::get_if<DropConstraint>(&op)) return o->table;
  return std::nullopt;
}

bool MayRebuild(const RevisionOp& op, const SqliteRenderer& renderer) {
  if (!RebuildTarget(op.op) || op.rebuild == RebuildPolicy::kNever) return false;
  if (op.rebuild == RebuildPolicy::kAlways) return !IsRenameOrComment(op.op);
  if (std::holds_alternative<AddColumn>(op.op) || std::holds_alternative<AlterColumn>(op.op)) {
    return !WhyRebuild(op.op, renderer, nullptr).empty();
  }
  return true;
}

std::string WhyRebuild(const Operation& op, const SqliteRenderer& renderer,
                       SqliteConnection* live) {
  if (const auto* o = std::get_if<AlterColumn>(&op)) {
    if (o->type) return "cannot change a column's type";
    if (o->nullable) return "cannot change a column's nullability";
    if (o->server_default) return "cannot change a column's default";
    return "";  // a rename (native) or a comment (SQLite keeps none)
  }
  if (const auto* o = std::get_if<AddColumn>(&op)) return WhyRebuildAddColumn(*o, renderer);
  if (const auto* o = std::get_if<DropColumn>(&op)) {
    return live ? WhyRebuildDropColumn(*o, renderer, *live) : "";
  }
  if (std::holds_alternative<CreateForeignKey>(op)) return "cannot add a foreign key";
  if (std::holds_alternative<CreateUniqueConstraint>(op)) {
    return "cannot add a UNIQUE constraint (a unique index can be added instead)";
  }
  if (std::holds_alternative<CreateCheckConstraint>(op)) return "cannot add a CHECK constraint";
  if (std::holds_alternative<CreatePrimaryKey>(op)) return "cannot add a primary key";
  if (std::holds_alternative<DropConstraint>(op)) return "cannot drop a constraint";
  return "";
}

bool IsRename(const Operation& op) {
  const auto* alter = std::get_if<AlterColumn>(&op);
  return alter && alter->new_column_name;
}

bool IsRenameOrComment(const Operation& op) {
  const auto* alter = std::get_if<AlterColumn>(&op);
  return alter && !alter->type && !alter->nullable && !alter->server_default;
}

std::size_t RebuildRunEnd(const std::vector<RevisionOp>& ops, std::size_t first) {
  const std::optional<QualifiedName> table = RebuildTarget(ops[first].op);
  std::size_t end = first + 1;
  if (!table || ops[first].rebuild == RebuildPolicy::kNever) return end;
  while (end < ops.size() && !IsRename(ops[end - 1].op) &&
         ops[end].rebuild != RebuildPolicy::kNever && RebuildTarget(ops[end].op) == table) {
    ++end;
  }
  return end;
}

}  // namespace retort::sqlite
