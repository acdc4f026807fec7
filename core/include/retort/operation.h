// Operations: the neutral, data-only description of one schema change. A
// revision is a list of them; a dialect turns each into SQL. Field names follow
// Alembic's operation arguments so that the YAML keys are guessable.
//
// Thread-safety: operations are plain values, and the functions below are pure:
// they may be called from several threads at once and throw nothing but
// std::bad_alloc.
#ifndef RETORT_OPERATION_H_
#define RETORT_OPERATION_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "retort/schema.h"

namespace retort {

// An attribute that can be set to a value or removed (a default, a comment):
// nullopt means "remove it".
using OptionalText = std::optional<std::string>;

struct CreateTable {
  Table table;
  bool if_not_exists = false;
};

struct DropTable {
  QualifiedName name;
  // The dropped table's definition; needed only to reverse the drop.
  std::optional<Table> existing;
  bool if_exists = false;
};

struct RenameTable {
  QualifiedName name;
  std::string new_name;
};

struct AddColumn {
  QualifiedName table;
  Column column;
  // A foreign key declared on the added column (references: table.column).
  std::optional<ForeignKey> foreign_key;
};

struct DropColumn {
  QualifiedName table;
  std::string column;
  // The dropped column's definition (and its inline foreign key); needed
  // only to reverse the drop.
  std::optional<Column> existing;
  std::optional<ForeignKey> existing_foreign_key;
  // Whether the objects that depend on the column (indexes, constraints,
  // views, triggers, other tables' foreign keys) go with it. Without it a
  // dialect refuses the drop, listing them, unless `existing` and
  // `existing_foreign_key` describe them (what reversing the drop restores).
  // A drop with cascade cannot be reversed automatically.
  bool cascade = false;
};

// Changes one column. Every field left empty stays as it is. existing_* say
// what the column was, which some dialects need and which makes the change
// reversible.
struct AlterColumn {
  QualifiedName table;
  std::string column;
  std::optional<Type> type;
  std::optional<bool> nullable;
  std::optional<OptionalText> server_default;
  std::optional<std::string> new_column_name;
  std::optional<OptionalText> comment;
  std::optional<Type> existing_type;
  std::optional<bool> existing_nullable;
  std::optional<OptionalText> existing_server_default;
  std::optional<OptionalText> existing_comment;
  // How to convert existing values to the new type (PostgreSQL's USING);
  // empty: the dialect's default conversion.
  std::string using_expression;
  // With nullable: false, an SQL expression that replaces the NULLs the
  // column holds; without it, NULLs make the change fail.
  std::string fill_nulls;
  // With type: the default conversion may change values (lossy: allow).
  // Without it (and without using_expression) a dialect whose conversion
  // never fails by itself (SQLite's CAST) refuses a change that would alter
  // any value. Not carried over to the reverse: undoing the change is
  // checked on its own.
  bool lossy_allowed = false;
  // With nullable: false: prove the column holds no NULL through a CHECK
  // (col IS NOT NULL) added NOT VALID and then validated, which takes no
  // lock that blocks reads or writes, so that setting NOT NULL skips its
  // scan under lock (PostgreSQL 12+); the CHECK is dropped afterwards.
  bool via_check = false;
};

struct CreateIndex {
  Index index;
  bool if_not_exists = false;
  bool concurrently = false;  // PostgreSQL: build without locking writes
};

struct DropIndex {
  QualifiedName name;  // schema of the index, and its name
  std::string table;   // informative; some dialects need it
  std::optional<Index> existing;
  bool if_exists = false;
  bool concurrently = false;
};

struct CreateForeignKey {
  QualifiedName table;
  ForeignKey foreign_key;
  // Add it without checking the rows already there (PostgreSQL's NOT
  // VALID: a brief lock instead of a scan under lock); a later
  // validate_constraint checks them. Dialects without the notion check at
  // once.
  bool not_valid = false;
};

struct CreateUniqueConstraint {
  QualifiedName table;
  UniqueConstraint constraint;
  // Make the constraint from this existing unique index (built beforehand,
  // for instance CONCURRENTLY), which then belongs to it; empty: build one.
  std::string using_index{};
};

struct CreateCheckConstraint {
  QualifiedName table;
  CheckConstraint constraint;
  bool not_valid = false;  // as CreateForeignKey::not_valid
};

struct CreatePrimaryKey {
  QualifiedName table;
  PrimaryKey constraint;
};

// Checks the rows already in `table` against the constraint `name`, added
// earlier with not_valid: true (PostgreSQL's VALIDATE CONSTRAINT, which
// scans without blocking reads or writes). Dialects that check a
// constraint when it is added only make sure it exists. Undoing it undoes
// nothing: a validated constraint is the same constraint.
struct ValidateConstraint {
  QualifiedName table;
  std::string name;
};

enum class ConstraintKind { kPrimaryKey, kForeignKey, kUnique, kCheck };
using Constraint = std::variant<PrimaryKey, ForeignKey, UniqueConstraint, CheckConstraint>;

// Drops a constraint by its name, or, with an empty name, the one constraint
// of its kind that `existing` describes (retort/constraint_selector.h): the
// way to drop what the database made without a name. Reversing the drop
// makes `existing` again, unnamed when the drop had no name.
struct DropConstraint {
  QualifiedName table;
  std::string name;  // empty: found by kind and definition
  std::optional<ConstraintKind> kind;
  // The dropped constraint's definition; finds it when there is no name,
  // and is needed to reverse the drop.
  std::optional<Constraint> existing;
};

// Raw SQL. `sql` runs on any dialect; `dialect_sql` holds per-dialect text
// that takes precedence for that dialect.
struct Execute {
  std::string sql;
  std::map<std::string, std::string> dialect_sql;

  friend bool operator==(const Execute&, const Execute&) = default;
};

// A value written literally into SQL by bulk_insert.
using Literal = std::variant<std::monostate, bool, long long, double, std::string>;

struct BulkInsert {
  QualifiedName table;
  std::vector<std::string> columns;
  std::vector<std::vector<Literal>> rows;  // each row has columns.size() values
};

struct CreateTableComment {
  QualifiedName table;
  std::string comment;
  std::optional<OptionalText> existing_comment;
};

struct DropTableComment {
  QualifiedName table;
  std::optional<OptionalText> existing_comment;
};

// A view: `definition` is its query (SELECT ...), for every dialect or per
// dialect as execute takes SQL. Materialized views are PostgreSQL's.
struct CreateView {
  QualifiedName name;
  Execute definition;
  bool materialized = false;
};

struct DropView {
  QualifiedName name;
  bool materialized = false;
  // The dropped view's query; needed only to reverse the drop.
  std::optional<Execute> definition;
};

// A trigger: `definition` is the whole statement that creates it (CREATE
// TRIGGER ...), which no two dialects spell alike, hence per dialect as
// execute takes SQL. `table` is the table or view it fires on.
struct CreateTrigger {
  std::string name;
  QualifiedName table;
  Execute definition;
};

struct DropTrigger {
  std::string name;
  QualifiedName table;
  // The dropped trigger's statement; needed only to reverse the drop.
  std::optional<Execute> definition;
};

using Operation =
    std::variant<CreateTable, DropTable, RenameTable, AddColumn, DropColumn, AlterColumn,
                 CreateIndex, DropIndex, CreateForeignKey, CreateUniqueConstraint,
                 CreateCheckConstraint, CreatePrimaryKey, DropConstraint, Execute, BulkInsert,
                 CreateTableComment, DropTableComment, CreateView, DropView, CreateTrigger,
                 DropTrigger, ValidateConstraint>;

// The operation's name as written in revision files ("add_column").
std::string_view OperationName(const Operation& op);

// The operation's name and its subject, for messages: "add_column message_log.status".
std::string Describe(const Operation& op);

// The operations that undo `op`, in the order they run, or nullopt when
// `op` does not carry enough to undo it (execute, bulk_insert, a drop
// without the dropped definition, an alter_column without the existing_* of
// what it changes). Most operations are undone by one; validate_constraint
// by none (it changes no definition); create_unique_constraint with
// using_index by two (the constraint dropped, which takes the index with
// it, then the index made again). When nullopt and `why_not` is given, it
// receives a hint naming what is missing.
std::optional<std::vector<Operation>> ReverseSteps(const Operation& op,
                                                   std::string* why_not = nullptr);

// The one operation that undoes `op`: ReverseSteps when that is exactly one
// operation, else nullopt (with `why_not` saying how many it takes).
std::optional<Operation> Reverse(const Operation& op, std::string* why_not = nullptr);

// drop_column's messages, the same on every dialect. `dependents` names
// what would go with the column, as the dialect describes it ("index
// ix_users_email", "view active_users"). The refusal (a drop without
// cascade) lists them and says how to go on; the notice (a drop with
// cascade) lists what went.
std::string DropColumnRefusal(const DropColumn& op, const std::vector<std::string>& dependents);
std::string DropColumnCascadeNotice(const DropColumn& op,
                                    const std::vector<std::string>& dependents);

// The SQL an Execute runs on `dialect`, or nullopt when it has none for it.
std::optional<std::string> SqlFor(const Execute& op, std::string_view dialect);

}  // namespace retort

#endif  // RETORT_OPERATION_H_
