#include "retort/operation.h"

#include "overloaded.h"
#include "retort/constraint_selector.h"

namespace retort {
namespace {

std::string ColumnOf(const QualifiedName& table, const std::string& column) {
  return ToString(table) + "." + column;
}

constexpr const char* kConditional =
    "with if_exists / if_not_exists it may have done nothing, so undoing it could destroy what "
    "was there before";

// Records why an operation cannot be reversed; always yields nullopt.
std::nullopt_t Irreversible(std::string* why_not, const std::string& hint) {
  if (why_not) *why_not = hint;
  return std::nullopt;
}

// One attribute of an alter_column undone: the change and what it was swap
// places; an attribute left alone keeps its existing_* value. False when the
// attribute changes and what it was is unknown.
template <class T>
bool Undo(const std::optional<T>& change, const std::optional<T>& existing,
          std::optional<T>* undo_change, std::optional<T>* undo_existing) {
  if (!change) {
    *undo_existing = existing;
    return true;
  }
  if (!existing) return false;
  *undo_change = existing;
  *undo_existing = change;
  return true;
}

std::optional<Operation> ReverseAlter(const AlterColumn& op, std::string* why_not) {
  AlterColumn undo;
  undo.table = op.table;
  undo.column = op.new_column_name.value_or(op.column);
  if (op.new_column_name) undo.new_column_name = op.column;
  if (!Undo(op.type, op.existing_type, &undo.type, &undo.existing_type)) {
    return Irreversible(why_not, "give existing_type");
  }
  if (!Undo(op.nullable, op.existing_nullable, &undo.nullable, &undo.existing_nullable)) {
    return Irreversible(why_not, "give existing_nullable");
  }
  if (!Undo(op.server_default, op.existing_server_default, &undo.server_default,
            &undo.existing_server_default)) {
    return Irreversible(why_not, "give existing_server_default (null if there was none)");
  }
  if (!Undo(op.comment, op.existing_comment, &undo.comment, &undo.existing_comment)) {
    return Irreversible(why_not, "give existing_comment");
  }
  return undo;
}

std::optional<Operation> ReverseDropConstraint(const DropConstraint& op, std::string* why_not) {
  if (!op.existing) {
    return Irreversible(why_not, "describe the dropped constraint (type and columns, "
                                 "condition or referent)");
  }
  return std::visit(
      Overloaded{
          [&](const PrimaryKey& key) -> Operation { return CreatePrimaryKey{op.table, key}; },
          [&](const ForeignKey& key) -> Operation { return CreateForeignKey{op.table, key}; },
          [&](const UniqueConstraint& unique) -> Operation {
            return CreateUniqueConstraint{op.table, unique};
          },
          [&](const CheckConstraint& check) -> Operation {
            return CreateCheckConstraint{op.table, check};
          },
      },
      *op.existing);
}

// One operation's undoing as a list of steps (nullopt stays nullopt).
std::optional<std::vector<Operation>> One(std::optional<Operation> undo) {
  if (!undo) return std::nullopt;
  return std::vector<Operation>{std::move(*undo)};
}

}  // namespace

std::string_view OperationName(const Operation& op) {
  return std::visit(
      Overloaded{
          [](const CreateTable&) { return "create_table"; },
          [](const DropTable&) { return "drop_table"; },
          [](const RenameTable&) { return "rename_table"; },
          [](const AddColumn&) { return "add_column"; },
          [](const DropColumn&) { return "drop_column"; },
          [](const AlterColumn&) { return "alter_column"; },
          [](const CreateIndex&) { return "create_index"; },
          [](const DropIndex&) { return "drop_index"; },
          [](const CreateForeignKey&) { return "create_foreign_key"; },
          [](const CreateUniqueConstraint&) { return "create_unique_constraint"; },
          [](const CreateCheckConstraint&) { return "create_check_constraint"; },
          [](const CreatePrimaryKey&) { return "create_primary_key"; },
          [](const DropConstraint&) { return "drop_constraint"; },
          [](const Execute&) { return "execute"; },
          [](const BulkInsert&) { return "bulk_insert"; },
          [](const CreateTableComment&) { return "create_table_comment"; },
          [](const DropTableComment&) { return "drop_table_comment"; },
          [](const CreateView&) { return "create_view"; },
          [](const DropView&) { return "drop_view"; },
          [](const CreateTrigger&) { return "create_trigger"; },
          [](const DropTrigger&) { return "drop_trigger"; },
          [](const ValidateConstraint&) { return "validate_constraint"; },
      },
      op);
}

std::string Describe(const Operation& op) {
  const std::string subject = std::visit(
      Overloaded{
          [](const CreateTable& o) { return ToString(o.table.name); },
          [](const DropTable& o) { return ToString(o.name); },
          [](const RenameTable& o) { return ToString(o.name) + " to " + o.new_name; },
          [](const AddColumn& o) { return ColumnOf(o.table, o.column.name); },
          [](const DropColumn& o) { return ColumnOf(o.table, o.column); },
          [](const AlterColumn& o) { return ColumnOf(o.table, o.column); },
          [](const CreateIndex& o) { return o.index.name + " on " + ToString(o.index.table); },
          [](const DropIndex& o) { return ToString(o.name); },
          [](const CreateForeignKey& o) {
            return ToString(o.table) +
                   (o.foreign_key.name.empty() ? "" : " " + o.foreign_key.name) +
                   (o.not_valid ? " (not valid)" : "");
          },
          [](const CreateUniqueConstraint& o) {
            return ToString(o.table) + (o.constraint.name.empty() ? "" : " " + o.constraint.name) +
                   (o.using_index.empty() ? "" : " using index " + o.using_index);
          },
          [](const CreateCheckConstraint& o) {
            return ToString(o.table) + (o.constraint.name.empty() ? "" : " " + o.constraint.name) +
                   (o.not_valid ? " (not valid)" : "");
          },
          [](const CreatePrimaryKey& o) { return ToString(o.table); },
          [](const DropConstraint& o) {
            return ToString(o.table) + " " + (IsSelector(o) ? DescribeSelector(o) : o.name);
          },
          [](const Execute& o) {
            std::string sql = o.sql.empty() && !o.dialect_sql.empty()
                                  ? o.dialect_sql.begin()->second
                                  : o.sql;
            for (char& c : sql) {
              if (c == '\n' || c == '\t') c = ' ';
            }
            return sql.size() > 60 ? sql.substr(0, 57) + "..." : sql;
          },
          [](const BulkInsert& o) {
            return ToString(o.table) + " (" + std::to_string(o.rows.size()) + " rows)";
          },
          [](const CreateTableComment& o) { return ToString(o.table); },
          [](const DropTableComment& o) { return ToString(o.table); },
          [](const CreateView& o) { return ToString(o.name); },
          [](const DropView& o) { return ToString(o.name); },
          [](const CreateTrigger& o) { return o.name + " on " + ToString(o.table); },
          [](const DropTrigger& o) { return o.name + " on " + ToString(o.table); },
          [](const ValidateConstraint& o) { return ToString(o.table) + " " + o.name; },
      },
      op);
  return std::string(OperationName(op)) + " " + subject;
}

std::optional<std::vector<Operation>> ReverseSteps(const Operation& op, std::string* why_not) {
  using Steps = std::optional<std::vector<Operation>>;
  return std::visit(
      Overloaded{
          [&](const CreateTable& o) -> Steps {
            // The table may have been there before: dropping it could lose it.
            if (o.if_not_exists) return Irreversible(why_not, kConditional);
            return One(DropTable{o.table.name, o.table, false});
          },
          [&](const DropTable& o) -> Steps {
            if (o.if_exists) return Irreversible(why_not, kConditional);
            if (!o.existing) return Irreversible(why_not, "give the dropped table's columns");
            return One(CreateTable{*o.existing, false});
          },
          [](const RenameTable& o) -> Steps {
            return One(RenameTable{{o.name.schema, o.new_name}, o.name.name});
          },
          [](const AddColumn& o) -> Steps {
            return One(DropColumn{o.table, o.column.name, o.column, o.foreign_key});
          },
          [&](const DropColumn& o) -> Steps {
            // What cascade dropped along with the column is known only to
            // the database it ran on.
            if (o.cascade) {
              return Irreversible(why_not, "cascade: true also dropped what depended on the "
                                           "column, which only the revision can say how to "
                                           "bring back");
            }
            if (!o.existing) return Irreversible(why_not, "give existing_type (and nullable, "
                                                          "server_default) of the dropped column");
            return One(AddColumn{o.table, *o.existing, o.existing_foreign_key});
          },
          [&](const AlterColumn& o) { return One(ReverseAlter(o, why_not)); },
          [&](const CreateIndex& o) -> Steps {
            if (o.if_not_exists) return Irreversible(why_not, kConditional);
            return One(DropIndex{{o.index.table.schema, o.index.name}, o.index.table.name,
                                 o.index, false, o.concurrently});
          },
          [&](const DropIndex& o) -> Steps {
            if (o.if_exists) return Irreversible(why_not, kConditional);
            if (!o.existing) return Irreversible(why_not, "give the dropped index's columns");
            return One(CreateIndex{*o.existing, false, o.concurrently});
          },
          [](const CreateForeignKey& o) -> Steps {
            return One(DropConstraint{o.table, o.foreign_key.name, ConstraintKind::kForeignKey,
                                      o.foreign_key});
          },
          [](const CreateUniqueConstraint& o) -> Steps {
            std::vector<Operation> steps = {
                DropConstraint{o.table, o.constraint.name, ConstraintKind::kUnique, o.constraint}};
            // The index became the constraint's and goes with it: the
            // state before had it on its own.
            if (!o.using_index.empty()) {
              steps.push_back(CreateIndex{
                  Index{o.using_index, o.table, o.constraint.columns, true, ""}, false, false});
            }
            return steps;
          },
          [](const CreateCheckConstraint& o) -> Steps {
            return One(DropConstraint{o.table, o.constraint.name, ConstraintKind::kCheck,
                                      o.constraint});
          },
          [](const CreatePrimaryKey& o) -> Steps {
            return One(DropConstraint{o.table, o.constraint.name, ConstraintKind::kPrimaryKey,
                                      o.constraint});
          },
          [&](const DropConstraint& o) { return One(ReverseDropConstraint(o, why_not)); },
          [](const ValidateConstraint&) -> Steps { return std::vector<Operation>{}; },
          [&](const Execute&) -> Steps {
            return Irreversible(why_not, "raw SQL has no automatic inverse");
          },
          [&](const BulkInsert&) -> Steps {
            return Irreversible(why_not, "inserted rows are not deleted automatically");
          },
          [&](const CreateTableComment& o) -> Steps {
            if (!o.existing_comment) return Irreversible(why_not, "give existing_comment");
            if (!*o.existing_comment) {
              return One(DropTableComment{o.table, OptionalText(o.comment)});
            }
            return One(
                CreateTableComment{o.table, **o.existing_comment, OptionalText(o.comment)});
          },
          [&](const DropTableComment& o) -> Steps {
            if (!o.existing_comment) return Irreversible(why_not, "give existing_comment");
            // There was no comment: undoing the drop leaves none either.
            if (!*o.existing_comment) return One(DropTableComment{o.table, OptionalText()});
            return One(CreateTableComment{o.table, **o.existing_comment, OptionalText()});
          },
          [](const CreateView& o) -> Steps {
            return One(DropView{o.name, o.materialized, o.definition});
          },
          [&](const DropView& o) -> Steps {
            if (!o.definition) return Irreversible(why_not, "give the dropped view's definition");
            return One(CreateView{o.name, *o.definition, o.materialized});
          },
          [](const CreateTrigger& o) -> Steps {
            return One(DropTrigger{o.name, o.table, o.definition});
          },
          [&](const DropTrigger& o) -> Steps {
            if (!o.definition) {
              return Irreversible(why_not, "give the dropped trigger's definition");
            }
            return One(CreateTrigger{o.name, o.table, *o.definition});
          },
      },
      op);
}

std::optional<Operation> Reverse(const Operation& op, std::string* why_not) {
  std::optional<std::vector<Operation>> steps = ReverseSteps(op, why_not);
  if (!steps) return std::nullopt;
  if (steps->size() != 1) {
    return Irreversible(why_not, Describe(op) + " is undone by " +
                                     std::to_string(steps->size()) + " operations, not one");
  }
  return std::move(steps->front());
}

namespace {

std::string Listed(const std::vector<std::string>& items) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  }
  return text;
}

}  // namespace

std::string DropColumnRefusal(const DropColumn& op, const std::vector<std::string>& dependents) {
  return "cannot drop column " + ColumnOf(op.table, op.column) + ": " + Listed(dependents) +
         (dependents.size() == 1 ? " depends" : " depend") +
         " on it and would be dropped with it; drop or change " +
         (dependents.size() == 1 ? "it" : "them") +
         " first (in this revision or an earlier one), or give cascade: true to drop " +
         (dependents.size() == 1 ? "it" : "them") +
         " with the column (the revision then needs a downgrade: section)";
}

std::string DropColumnCascadeNotice(const DropColumn& op,
                                    const std::vector<std::string>& dependents) {
  return "drop_column " + ColumnOf(op.table, op.column) + " (cascade: true) drops with it: " +
         Listed(dependents);
}

std::optional<std::string> SqlFor(const Execute& op, std::string_view dialect) {
  if (auto it = op.dialect_sql.find(std::string(dialect)); it != op.dialect_sql.end()) {
    return it->second;
  }
  if (!op.sql.empty()) return op.sql;
  return std::nullopt;
}

}  // namespace retort
