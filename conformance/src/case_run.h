// One catalogue case carried out against one database, through the same
// library calls the retort command uses (Upgrade, Downgrade, AppliedHistory).
#ifndef RETORT_CONFORMANCE_CASE_RUN_H_
#define RETORT_CONFORMANCE_CASE_RUN_H_

#include "case_database.h"
#include "catalogue.h"
#include "retort/conformance.h"

namespace retort::conformance {

// Runs `entry` on `database` and says how it went; never throws. A
// round-trip case:
//   1. upgrades to the revision before head (when there is one) and reads
//      the schema there, then upgrades to head;
//   2. the schema equals `entry.expected` (both normalized; without comments
//      when `keeps_comments` is false), the version rows are head, and the
//      history gained one upgrade row per revision, in order, each with the
//      file's checksum;
//   3. downgrading the last revision gives the schema before it back, and
//      upgrading again the schema at head;
//   4. the revisions' own rows are read, the case's statements run, and the
//      rows equal the expected ones;
//   5. downgrading to base leaves no table and no version row, and the
//      history gained one downgrade row per revision, newest first;
//   6. upgrading again gives the same schema and, before and after the
//      statements, the same rows as the first time; then down to base.
// A failing case upgrades once and expects a DatabaseError with the dialect's
// code, the version rows at the revision before the last, the history
// without the failed one, and `expected` as the schema; then down to base.
// Where DDL commits as it runs, the schema is `left_when_ddl_commits`
// instead, upgrading again must refuse (the revision is incomplete), and
// after `undo_when_ddl_commits` a stamp of the revision before must pass its
// schema check; then down to base.
// A case that needs a feature the dialect lacks (CatalogueCase::needs) is
// upgraded revision by revision instead: one must be refused with an
// OperationError, the schema and version rows unchanged by it; then down to
// base. It passes with CaseResult::lacking saying what was lacked.
// The case may stop anywhere; the caller checks that it ended at base.
CaseResult RunCase(const CaseDatabase& database, const CatalogueCase& entry,
                   bool keeps_comments);

}  // namespace retort::conformance

#endif  // RETORT_CONFORMANCE_CASE_RUN_H_
