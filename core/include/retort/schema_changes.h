// From a difference of schemas to the operations that make it: what
// autogenerate writes into a revision.
//
// Thread-safety: both functions are pure, callable from several threads at
// once, and throw nothing but std::bad_alloc.
#ifndef RETORT_SCHEMA_CHANGES_H_
#define RETORT_SCHEMA_CHANGES_H_

#include <optional>
#include <string>
#include <vector>

#include "retort/operation.h"
#include "retort/schema.h"

namespace retort {

// One operation with a remark for the person reading the revision ("possible
// rename of column a to b"; empty when none).
struct PlannedChange {
  Operation operation;
  std::string remark;
};

// The operations that take `from` to `to` (both in canonical form), in an
// order that runs: tables a foreign key references are created before it,
// foreign keys are dropped before the tables they reference, indexes after
// their columns. Every operation carries what Reverse needs (existing_type,
// the dropped definition...), so the reversed list takes `to` back to
// `from`. Renames are never guessed: a column or table dropped and another
// of the same type added on one table gets a remark. Views and triggers are
// made after the tables and dropped before them (a view after / before the
// views it reads); one that changes is dropped and made again. Thread-safe.
std::vector<PlannedChange> PlanSchemaChanges(const Schema& from, const Schema& to);

// What PlanSchemaChanges leaves to a person, because no operation describes
// it: sequences, enums, domains and exclusion constraints
// that are new, gone or changed, one line each ("enum mood is new").
// Empty when those parts of the schemas are equal. Thread-safe.
std::vector<std::string> UnplannedDifferences(const Schema& from, const Schema& to);

}  // namespace retort

#endif  // RETORT_SCHEMA_CHANGES_H_
