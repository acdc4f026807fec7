// How a revision's operations run on SQLite: each natively where SQLite's
// ALTER TABLE can do it, and consecutive operations on one table through one
// table rebuild where it cannot (see sqlite_rebuild_rules.h).
#include <algorithm>

#include "retort/error.h"
#include "sqlite_connection.h"
#include "sqlite_missing_referent.h"
#include "sqlite_rebuild.h"
#include "sqlite_rebuild_rules.h"
#include "sqlite_validate_constraint.h"

namespace retort::sqlite {
namespace {

// Denies BEGIN/COMMIT/ROLLBACK while alive.
class TransactionControlBlocker {
 public:
  explicit TransactionControlBlocker(SqliteConnection& connection) : connection_(connection) {
    connection_.DenyTransactionControl(true);
  }
  ~TransactionControlBlocker() { connection_.DenyTransactionControl(false); }
  TransactionControlBlocker(const TransactionControlBlocker&) = delete;
  TransactionControlBlocker& operator=(const TransactionControlBlocker&) = delete;

  bool blocked() const { return connection_.transaction_control_denied(); }

 private:
  SqliteConnection& connection_;
};

// The rename of an alter_column, alone.
Operation RenameOnly(const Operation& op) {
  const auto& alter = std::get<AlterColumn>(op);
  AlterColumn rename;
  rename.table = alter.table;
  rename.column = alter.column;
  rename.new_column_name = alter.new_column_name;
  return rename;
}

// The operation without its rename, which runs natively after the rebuild.
Operation WithoutRename(const Operation& op) {
  if (!IsRename(op)) return op;
  AlterColumn alter = std::get<AlterColumn>(op);
  alter.new_column_name.reset();
  return alter;
}

// The table whose live definition `op` may change, or nullopt when it may
// change any (execute runs arbitrary SQL; drop_index names its table only
// informally). Operations that change no definition name none either.
std::optional<QualifiedName> ChangedTable(const Operation& op, bool* any) {
  *any = std::holds_alternative<Execute>(op) || std::holds_alternative<DropIndex>(op);
  if (const auto* o = std::get_if<CreateTable>(&op)) return o->table.name;
  if (const auto* o = std::get_if<DropTable>(&op)) return o->name;
  if (const auto* o = std::get_if<RenameTable>(&op)) return o->name;
  if (const auto* o = std::get_if<CreateIndex>(&op)) return o->index.table;
  return RebuildTarget(op);
}

}  // namespace

void SqliteConnection::CheckForbiddenRebuilds(const std::vector<RevisionOp>& ops,
                                              Span* current) {
  std::vector<QualifiedName> changed;
  for (std::size_t k = 0; k < ops.size(); ++k) {
    const std::optional<QualifiedName> table = RebuildTarget(ops[k].op);
    if (ops[k].rebuild == RebuildPolicy::kNever && table &&
        std::find(changed.begin(), changed.end(), *table) == changed.end()) {
      const std::string why = WhyRebuild(ops[k].op, renderer_, this);
      if (!why.empty()) {
        *current = Span{k, 1};
        throw OperationError("SQLite's ALTER TABLE " + why +
                             ", and rebuild: never forbids the table rebuild this needs");
      }
    }
    bool any = false;
    if (const auto named = ChangedTable(ops[k].op, &any)) changed.push_back(*named);
    if (any) return;  // from here on the live schema may say anything
  }
}

void SqliteConnection::Apply(const std::vector<RevisionOp>& ops, MigrationListener& listener,
                             Span* current) {
  CheckForbiddenRebuilds(ops, current);
  std::size_t i = 0;
  while (i < ops.size()) {
    const std::optional<QualifiedName> table = RebuildTarget(ops[i].op);
    const std::size_t end = RebuildRunEnd(ops, i);
    *current = Span{i, end - i};
    bool rebuild = false;
    std::string why;
    for (std::size_t k = i; table && k < end && !rebuild; ++k) {
      why = WhyRebuild(ops[k].op, renderer_, this);
      rebuild = !why.empty() ||
                (ops[k].rebuild == RebuildPolicy::kAlways && !IsRenameOrComment(ops[k].op));
    }
    if (rebuild && ops[i].rebuild == RebuildPolicy::kNever) {
      throw OperationError("SQLite's ALTER TABLE " + why +
                           ", and rebuild: never forbids the table rebuild this needs");
    }
    if (!rebuild) {
      for (std::size_t k = i; k < end; ++k) {
        *current = Span{k, 1};
        ApplyNatively(ops[k].op, listener);
      }
    } else {
      // Outside a transaction each statement would commit alone, and a
      // failure after DROP TABLE would lose the table.
      if (!InTransaction()) {
        throw OperationError("the table rebuild this needs (" +
                             (why.empty() ? "rebuild: always" : "SQLite's ALTER TABLE " + why) +
                             ") must run inside a transaction; remove transaction: false from "
                             "the revision");
      }
      TableRebuild rebuilder(*this, RendererFor(*table), *table);
      for (std::size_t k = i; k < end; ++k) rebuilder.Add(WithoutRename(ops[k].op));
      rebuilder.Run(listener);
      // A rename that ended the run follows the rebuild, natively.
      if (IsRename(ops[end - 1].op)) ApplyNatively(RenameOnly(ops[end - 1].op), listener);
    }
    i = end;
  }
  RefuseMissingReferents(*this, ops, current);
}

void SqliteConnection::ApplyNatively(const Operation& op, MigrationListener& listener) {
  if (const auto* validate = std::get_if<ValidateConstraint>(&op)) {
    ValidateNamedConstraint(*this, *validate);
    return;
  }
  const auto* add = std::get_if<AddColumn>(&op);
  const SqliteRenderer& renderer = add ? RendererFor(add->table) : renderer_;
  // The revision's SQL must not end or restart the transaction retort wraps
  // it in: a COMMIT inside would keep half a revision when the rest fails.
  TransactionControlBlocker blocker(*this);
  // In a script, a new table and a new column without REFERENCES run here
  // only when something needs them (see sqlite_deferred_tables.cpp).
  const auto* create = std::get_if<CreateTable>(&op);
  const bool defer = scripting() && (create != nullptr || (add != nullptr && !add->foreign_key));
  bool first = true;
  for (const std::string& sql : renderer.Render(op)) {
    listener.OnStatement(sql);
    if (defer) {
      Defer(create ? create->table.name : add->table, sql, create != nullptr && first);
      first = false;
      continue;
    }
    try {
      Execute(sql);
    } catch (const DatabaseError&) {
      if (blocker.blocked()) {
        throw OperationError(
            "BEGIN, COMMIT, ROLLBACK and END cannot run inside a revision: retort runs each "
            "revision in a transaction of its own; split the work into revisions instead");
      }
      throw;
    }
  }
}

}  // namespace retort::sqlite
