// PlanSchemaChanges: the operations between two schemas. Everything that
// goes away goes first, from the outside in (triggers, views, indexes,
// foreign keys, other constraints, columns, tables), then what changes in
// place, then what is new from the inside out (columns, constraints, tables,
// foreign keys, indexes, views, triggers), so that no operation meets
// something a later one would remove or misses something a later one would
// make.
#include "retort/schema_changes.h"

#include <algorithm>
#include <set>

#include "column_changes.h"
#include "schema_document.h"
#include "table_order.h"
#include "view_trigger_changes.h"

namespace retort {
namespace {

template <class T>
bool Contains(const std::vector<T>& items, const T& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

const Index* FindIndex(const Schema& schema, const Index& like) {
  for (const Index& index : schema.indexes) {
    if (index.name == like.name && index.table.schema == like.table.schema) return &index;
  }
  return nullptr;
}

std::string ColumnSignature(const Table& table) {
  std::string signature;
  for (const Column& column : table.columns) {
    signature += column.name + ":" + FormatType(column.type) + ";";
  }
  return signature;
}

class Planner {
 public:
  Planner(const Schema& from, const Schema& to) : from_(from), to_(to) {}

  std::vector<PlannedChange> Plan() {
    AppendViewTriggerDrops(from_, to_, changes_);
    DropIndexes();
    DropForeignKeys();
    for (const Table& table : from_.tables) {
      if (const Table* target = FindTable(to_, table.name)) DropConstraints(table, *target);
    }
    for (const Table& table : from_.tables) {
      if (const Table* target = FindTable(to_, table.name)) {
        AppendColumnChanges(table, *target, changes_);
        ChangeTableComment(table, *target);
      }
    }
    DropTables();
    for (const Table& table : to_.tables) {
      if (const Table* source = FindTable(from_, table.name)) AddConstraints(*source, table);
    }
    CreateTables();
    AddForeignKeys();
    CreateIndexes();
    AppendViewTriggerCreates(from_, to_, changes_);
    return std::move(changes_);
  }

 private:
  void Add(Operation op, std::string remark = "") {
    changes_.push_back(PlannedChange{std::move(op), std::move(remark)});
  }

  void DropIndexes() {
    for (const Index& index : from_.indexes) {
      const Index* target = FindIndex(to_, index);
      if (target != nullptr && *target == index) continue;
      Add(DropIndex{{index.table.schema, index.name}, index.table.name, index, false, false});
    }
  }

  // Foreign keys that change or go, and those that close a cycle among
  // dropped tables (no order of drops would otherwise work).
  void DropForeignKeys() {
    const TableOrder order = OrderByForeignKeys(from_.tables);
    for (const Table& table : from_.tables) {
      const Table* target = FindTable(to_, table.name);
      for (std::size_t i = 0; i < table.foreign_keys.size(); ++i) {
        const ForeignKey& key = table.foreign_keys[i];
        const bool kept = target != nullptr && Contains(target->foreign_keys, key);
        if (kept || (target == nullptr && !order.IsDeferred(table, i))) continue;
        Add(DropConstraint{table.name, key.name, ConstraintKind::kForeignKey, key});
      }
    }
  }

  // A constraint without a name is dropped by its definition, which each
  // drop carries (retort/constraint_selector.h).
  void DropConstraints(const Table& table, const Table& target) {
    if (table.primary_key && table.primary_key != target.primary_key) {
      Add(DropConstraint{table.name, table.primary_key->name, ConstraintKind::kPrimaryKey,
                         *table.primary_key});
    }
    for (const UniqueConstraint& unique : table.unique_constraints) {
      if (Contains(target.unique_constraints, unique)) continue;
      Add(DropConstraint{table.name, unique.name, ConstraintKind::kUnique, unique});
    }
    for (const CheckConstraint& check : table.check_constraints) {
      if (Contains(target.check_constraints, check)) continue;
      Add(DropConstraint{table.name, check.name, ConstraintKind::kCheck, check});
    }
  }

  void ChangeTableComment(const Table& table, const Table& target) {
    if (table.comment == target.comment) return;
    if (target.comment) {
      Add(CreateTableComment{table.name, *target.comment, OptionalText(table.comment)});
    } else {
      Add(DropTableComment{table.name, OptionalText(table.comment)});
    }
  }

  // Referencing tables before those they reference; a remark where a new
  // table has the same columns as a dropped one.
  void DropTables() {
    const TableOrder order = OrderByForeignKeys(from_.tables);
    for (auto it = order.tables.rbegin(); it != order.tables.rend(); ++it) {
      const Table& table = from_.tables[*it];
      if (FindTable(to_, table.name) != nullptr) continue;
      Table existing = table;
      // Keys dropped on their own above come back on their own.
      std::vector<ForeignKey> kept;
      for (std::size_t i = 0; i < table.foreign_keys.size(); ++i) {
        if (!order.IsDeferred(table, i)) kept.push_back(table.foreign_keys[i]);
      }
      existing.foreign_keys = std::move(kept);
      std::string remark;
      for (const Table& created : to_.tables) {
        if (FindTable(from_, created.name) == nullptr &&
            ColumnSignature(created) == ColumnSignature(table)) {
          remark = "possible rename of table " + ToString(table.name) + " to " +
                   ToString(created.name);
          break;
        }
      }
      Add(DropTable{table.name, WithInlineKey(std::move(existing)), false}, std::move(remark));
    }
  }

  void AddConstraints(const Table& source, const Table& table) {
    if (table.primary_key && table.primary_key != source.primary_key) {
      Add(CreatePrimaryKey{table.name, *table.primary_key});
    }
    for (const UniqueConstraint& unique : table.unique_constraints) {
      if (!Contains(source.unique_constraints, unique)) {
        Add(CreateUniqueConstraint{table.name, unique});
      }
    }
    for (const CheckConstraint& check : table.check_constraints) {
      if (!Contains(source.check_constraints, check)) {
        Add(CreateCheckConstraint{table.name, check});
      }
    }
  }

  void CreateTables() {
    const TableOrder order = OrderByForeignKeys(to_.tables);
    for (const std::size_t position : order.tables) {
      const Table& table = to_.tables[position];
      if (FindTable(from_, table.name) != nullptr) continue;
      Table created = table;
      created.foreign_keys.clear();
      for (std::size_t i = 0; i < table.foreign_keys.size(); ++i) {
        if (order.IsDeferred(table, i)) {
          cycle_keys_.push_back({table.name, table.foreign_keys[i]});
        } else {
          created.foreign_keys.push_back(table.foreign_keys[i]);
        }
      }
      Add(CreateTable{WithInlineKey(std::move(created)), false});
    }
  }

  void AddForeignKeys() {
    for (const Table& table : to_.tables) {
      const Table* source = FindTable(from_, table.name);
      if (source == nullptr) continue;
      for (const ForeignKey& key : table.foreign_keys) {
        if (!Contains(source->foreign_keys, key)) Add(CreateForeignKey{table.name, key});
      }
    }
    for (CreateForeignKey& key : cycle_keys_) Add(std::move(key));
  }

  void CreateIndexes() {
    for (const Index& index : to_.indexes) {
      const Index* source = FindIndex(from_, index);
      if (source == nullptr || !(*source == index)) Add(CreateIndex{index, false, false});
    }
  }

  const Schema& from_;
  const Schema& to_;
  std::vector<CreateForeignKey> cycle_keys_;
  std::vector<PlannedChange> changes_;
};

}  // namespace

std::vector<PlannedChange> PlanSchemaChanges(const Schema& from, const Schema& to) {
  return Planner(from, to).Plan();
}

}  // namespace retort
