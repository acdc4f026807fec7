// The view and trigger part of PlanSchemaChanges: create_view, drop_view,
// create_trigger and drop_trigger, each carrying the definition its reverse
// needs.
#ifndef RETORT_CORE_VIEW_TRIGGER_CHANGES_H_
#define RETORT_CORE_VIEW_TRIGGER_CHANGES_H_

#include <vector>

#include "retort/schema.h"
#include "retort/schema_changes.h"

namespace retort {

// `views` ordered so that each comes after the views its definition
// mentions (a cycle, which no database allows, keeps the given order).
// The pointers point into `views`.
std::vector<const View*> ViewsReadFirst(const std::vector<View>& views);

// Drops the triggers, then the views, that `from` has and `to` has not or
// has otherwise; a view before the views it reads.
void AppendViewTriggerDrops(const Schema& from, const Schema& to,
                            std::vector<PlannedChange>& changes);

// Makes the views, then the triggers, that `to` has and `from` has not or
// has otherwise; a view after the views it reads.
void AppendViewTriggerCreates(const Schema& from, const Schema& to,
                              std::vector<PlannedChange>& changes);

}  // namespace retort

#endif  // RETORT_CORE_VIEW_TRIGGER_CHANGES_H_
