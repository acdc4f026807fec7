#include "column_changes.h"

namespace retort {
namespace {

// What alter_column cannot change: the column must be made again.
bool NeedsRecreate(const Column& from, const Column& to) {
  return from.autoincrement != to.autoincrement || from.generated != to.generated;
}

std::optional<AlterColumn> Alteration(const QualifiedName& table, const Column& from,
                                      const Column& to) {
  AlterColumn alter;
  alter.table = table;
  alter.column = from.name;
  // Type and nullability are always stated: some databases need them to
  // change anything else, and they make the change readable.
  alter.existing_type = from.type;
  alter.existing_nullable = from.nullable;
  bool changed = false;
  if (from.type != to.type) {
    alter.type = to.type;
    changed = true;
  }
  if (from.nullable != to.nullable) {
    alter.nullable = to.nullable;
    changed = true;
  }
  if (from.server_default != to.server_default) {
    alter.server_default = OptionalText(to.server_default);
    alter.existing_server_default = OptionalText(from.server_default);
    changed = true;
  }
  if (from.comment != to.comment) {
    alter.comment = OptionalText(to.comment);
    alter.existing_comment = OptionalText(from.comment);
    changed = true;
  }
  if (!changed) return std::nullopt;
  return alter;
}

void Drop(const QualifiedName& table, const Column& column, std::string remark,
          std::vector<PlannedChange>& changes) {
  // drop_column's reverse brings back type, nullability and default; a
  // comment comes back through its own alter_column.
  if (column.comment) {
    AlterColumn uncomment;
    uncomment.table = table;
    uncomment.column = column.name;
    uncomment.comment = OptionalText();
    uncomment.existing_comment = OptionalText(column.comment);
    changes.push_back({std::move(uncomment), ""});
  }
  Column existing = column;
  existing.comment.reset();
  changes.push_back({DropColumn{table, column.name, std::move(existing), std::nullopt},
                     std::move(remark)});
}

void Add(const QualifiedName& table, const Column& column, std::string remark,
         std::vector<PlannedChange>& changes) {
  changes.push_back({AddColumn{table, column, std::nullopt}, std::move(remark)});
}

}  // namespace

void AppendColumnChanges(const Table& from, const Table& to, std::vector<PlannedChange>& changes) {
  std::vector<const Column*> added;
  for (const Column& column : to.columns) {
    if (FindColumn(from, column.name) == nullptr) added.push_back(&column);
  }
  for (const Column& column : from.columns) {
    if (FindColumn(to, column.name) != nullptr) continue;
    std::string remark;
    if (&column != &from.columns.back()) {
      remark = "column " + column.name + " is not the last: downgrading adds it back last";
    }
    for (const Column* candidate : added) {
      if (candidate->type == column.type) {
        remark = "possible rename of column " + column.name + " to " + candidate->name +
                 " (alter_column with new_column_name keeps the data)" +
                 (remark.empty() ? "" : "\n" + remark);
        break;
      }
    }
    Drop(from.name, column, std::move(remark), changes);
  }
  for (const Column& column : from.columns) {
    const Column* target = FindColumn(to, column.name);
    if (target == nullptr) continue;
    if (NeedsRecreate(column, *target)) {
      const std::string why = "autoincrement or generation changes only by making the column "
                              "again: its values are lost";
      Drop(from.name, column, why, changes);
      Add(from.name, *target, why, changes);
    } else if (std::optional<AlterColumn> alter = Alteration(from.name, column, *target)) {
      changes.push_back({std::move(*alter), ""});
    }
  }
  // add_column puts a column last; say so where the target has it earlier.
  std::size_t surviving = 0;
  for (const Column& column : to.columns) surviving += FindColumn(from, column.name) ? 1 : 0;
  std::size_t kept = 0;
  for (const Column& column : to.columns) {
    if (FindColumn(from, column.name) != nullptr) {
      ++kept;
      continue;
    }
    std::string remark;
    if (kept < surviving) {
      remark = "the target has column " + column.name +
               " before others this table already has; add_column puts it last";
    }
    Add(from.name, column, std::move(remark), changes);
  }
}

}  // namespace retort
