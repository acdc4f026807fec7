// drop_column in a table rebuild. Whatever depends on the column would be
// lost with it: its own key, UNIQUE, foreign key or CHECK, the other
// columns and table constraints that name it, the table's indexes and
// triggers that use it, the views and other tables' triggers that use it
// (and what uses those views in turn, as SQLite's own name resolution
// decides), and the other tables' foreign keys that point at it. Without cascade: true the drop is refused, listing all of
// them; with it, they go too and a notice lists them.
#include <algorithm>

#include "retort/error.h"
#include "sqlite_column_use.h"
#include "sqlite_connection.h"
#include "sqlite_drop_probe.h"
#include "sqlite_rebuild.h"
#include "sqlite_renderer.h"

namespace retort::sqlite {
namespace {

// "index ix_a", or an unnamed constraint by its text.
std::string Named(const std::string& kind, const std::string& name, const std::string& text) {
  return kind + " " + (name.empty() ? text : name);
}

bool Uses(const std::string& sql, const std::string& name) {
  return MentionsIdentifier(IdentifiersIn(sql), name);
}

}  // namespace

void TableRebuild::DropColumn(const retort::DropColumn& op) {
  Column(op.column, ("drop column " + op.column).c_str());
  std::vector<std::string> dependents;
  CollectDependents(op.column, op, op.cascade, dependents);
  // An object can depend on the column in more than one way.
  std::vector<std::string> unique;
  for (std::string& dependent : dependents) {
    if (std::find(unique.begin(), unique.end(), dependent) == unique.end()) {
      unique.push_back(std::move(dependent));
    }
  }
  dependents = std::move(unique);
  if (!dependents.empty()) {
    if (!op.cascade) throw OperationError(DropColumnRefusal(op, dependents));
    cascade_notices_.push_back(DropColumnCascadeNotice(op, dependents));
  }
  RemoveColumn(op.column);
}

void TableRebuild::RemoveColumn(const std::string& column) {
  std::erase_if(table_.columns,
                [&](const ColumnSql& c) { return MentionsIdentifier({c.name}, column); });
  // Keep the spacing list in step with the columns.
  table_.column_spacing.resize(table_.columns.size());
  dropped_columns_.push_back(column);
  conversions_.erase(column);
  std::erase_if(checked_conversions_, [&](const Conversion& conversion) {
    return MentionsIdentifier({conversion.column}, column);
  });
}

void TableRebuild::CollectDependents(const std::string& column, const retort::DropColumn& op,
                                     bool remove, std::vector<std::string>& found) {
  // What the drop_column describes of its own column comes back when the
  // drop is reversed, so it is not lost.
  const bool described = MentionsIdentifier({op.column}, column);
  const bool unique_described = described && op.existing && op.existing->unique;
  const bool key_described = described && op.existing && op.existing->primary_key;
  const bool reference_described = described && op.existing_foreign_key.has_value();
  const ColumnSql& own = *table_.FindColumn(column);
  const bool is_key = IsKeyColumn(table_, column);
  // Its own constraints go with the column itself.
  for (const ColumnClause& clause : own.clauses) {
    if ((clause.kind == ClauseKind::kPrimaryKey && !key_described) ||
        (clause.kind == ClauseKind::kUnique && !unique_described) ||
        (clause.kind == ClauseKind::kReferences && !reference_described) ||
        clause.kind == ClauseKind::kCheck) {
      found.push_back(described ? "its " + clause.text
                                : "the " + clause.text + " of column " + own.name);
    }
  }
  std::vector<std::string> generated;
  for (ColumnSql& other : table_.columns) {
    if (MentionsIdentifier({other.name}, column)) continue;
    const auto before = other.clauses.size();
    std::erase_if(other.clauses, [&](const ColumnClause& clause) {
      const bool uses = clause.kind == ClauseKind::kReferences
                            ? ReferencesColumn(clause.text, name_.name, column, is_key)
                            : (clause.kind == ClauseKind::kCheck ||
                               clause.kind == ClauseKind::kGenerated) &&
                                  Uses(clause.text, column);
      if (!uses) return false;
      if (clause.kind == ClauseKind::kGenerated) {
        generated.push_back(other.name);
        return false;  // the whole column goes, below
      }
      found.push_back("the " + clause.text + " of column " + other.name);
      return remove;
    });
    if (other.clauses.size() != before) {
      other.original.clear();
      std::string text;
      for (const ColumnClause& clause : other.clauses) text += clause.text + " ";
      other.identifiers = IdentifiersIn(text);
    }
  }
  for (std::size_t i = 0; i < table_.constraints.size();) {
    const TableConstraintSql& constraint = table_.constraints[i];
    const bool one_column = constraint.columns.size() == 1;
    bool uses = false;
    switch (constraint.kind) {
      case TableConstraintKind::kPrimaryKey:
        uses = MentionsIdentifier(constraint.columns, column) && !(one_column && key_described);
        break;
      case TableConstraintKind::kUnique:
        uses = MentionsIdentifier(constraint.columns, column) && !(one_column && unique_described);
        break;
      case TableConstraintKind::kForeignKey:
        uses = (MentionsIdentifier(constraint.columns, column) &&
                !(one_column && reference_described)) ||
               ReferencesColumn(constraint.text, name_.name, column, is_key);
        break;
      case TableConstraintKind::kCheck:
        uses = MentionsIdentifier(constraint.identifiers, column);
        break;
    }
    if (!uses) {
      ++i;
      continue;
    }
    found.push_back(Named("table constraint", constraint.name, constraint.text));
    if (!remove) {
      ++i;
      continue;
    }
    table_.constraints.erase(table_.constraints.begin() + static_cast<long>(i));
    table_.constraint_spacing.erase(table_.constraint_spacing.begin() + static_cast<long>(i));
  }
  // The table's own indexes go with DROP TABLE; a cascade just does not
  // make them again.
  std::erase_if(indexes_, [&](const SavedObject& index) {
    if (!IndexUses(index.sql, column)) return false;
    found.push_back("index " + index.name);
    return remove;
  });
  CollectBrokenObjects(column, remove, found);
  for (const ReferencingKey& key :
       ForeignKeysReferencing(connection_, renderer_, name_, column, is_key)) {
    found.push_back(key.description);
    const bool known = std::any_of(
        cascade_references_.begin(), cascade_references_.end(), [&](const Reference& r) {
          return MentionsIdentifier({r.table}, key.table) && MentionsIdentifier({r.column}, column);
        });
    if (remove && !known) cascade_references_.push_back(Reference{key.table, column, is_key});
  }
  // A generated column computed from this one goes too, with what uses it.
  for (const std::string& other : generated) {
    found.push_back("generated column " + other);
    if (!table_.FindColumn(other)) continue;  // already gone with another
    CollectDependents(other, op, remove, found);
    if (remove) RemoveColumn(other);
  }
}

void TableRebuild::CollectBrokenObjects(const std::string& column, bool remove,
                                        std::vector<std::string>& found) {
  // Whether a view or trigger uses the column is SQLite's to say: the name
  // may as well be another table's column (see sqlite_drop_probe.h).
  std::vector<std::string> kept;
  for (const ColumnSql& other : table_.columns) {
    if (!MentionsIdentifier({other.name}, column)) kept.push_back(other.name);
  }
  const BrokenObjects broken = ObjectsBrokenByDrop(connection_, renderer_, name_, kept);
  const std::string schema = Quote(name_.schema.empty() ? "main" : name_.schema) + ".";
  // The table's own triggers go with DROP TABLE; a cascade just does not
  // make them again.
  std::vector<std::string> own;
  // What an earlier cascade of the batch drops is gone already, though it
  // still breaks on the stand-in.
  const std::vector<std::string>& gone = cascade_dropped_objects_;
  std::erase_if(triggers_, [&](const SavedObject& trigger) {
    if (!MentionsIdentifier(broken.triggers, trigger.name) &&
        !TriggerFiresOnUpdateOf(trigger.sql, column)) {
      return false;
    }
    own.push_back(trigger.name);
    found.push_back("trigger " + trigger.name);
    return remove;
  });
  // Triggers elsewhere (on other tables, on views, or using a view that
  // breaks) are dropped first: a view's own triggers go with it, and DROP
  // TRIGGER of one already gone would fail.
  for (const std::string& trigger : broken.triggers) {
    if (MentionsIdentifier(own, trigger) || MentionsIdentifier(gone, trigger)) continue;
    found.push_back("trigger " + trigger);
    if (remove) {
      cascade_drops_.insert(cascade_drops_.begin(),
                            "DROP TRIGGER IF EXISTS " + schema + Quote(trigger));
      cascade_dropped_objects_.push_back(trigger);
    }
  }
  for (const std::string& view : broken.views) {
    if (MentionsIdentifier(gone, view)) continue;
    found.push_back("view " + view);
    if (remove) {
      cascade_drops_.push_back("DROP VIEW IF EXISTS " + schema + Quote(view));
      cascade_dropped_objects_.push_back(view);
    }
  }
}

void TableRebuild::DropReferencesTo(const std::string& parent, const std::string& column,
                                    bool column_is_key) {
  for (ColumnSql& own : table_.columns) {
    const auto before = own.clauses.size();
    std::erase_if(own.clauses, [&](const ColumnClause& clause) {
      return clause.kind == ClauseKind::kReferences &&
             ReferencesColumn(clause.text, parent, column, column_is_key);
    });
    if (own.clauses.size() != before) own.original.clear();
  }
  for (std::size_t i = table_.constraints.size(); i-- > 0;) {
    if (table_.constraints[i].kind == TableConstraintKind::kForeignKey &&
        ReferencesColumn(table_.constraints[i].text, parent, column, column_is_key)) {
      table_.constraints.erase(table_.constraints.begin() + static_cast<long>(i));
      table_.constraint_spacing.erase(table_.constraint_spacing.begin() + static_cast<long>(i));
    }
  }
}

}  // namespace retort::sqlite
