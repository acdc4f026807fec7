// What a running migration tells its observer: steps, statements, progress.
// The CLI prints these; an application may log them.
//
// Thread-safety: a migration calls its listener on the thread that runs the
// migration, one callback at a time, and borrows it for the call only: it
// keeps no reference once the command returns. A listener shared by
// migrations on several threads must guard its own state.
#ifndef RETORT_EVENTS_H_
#define RETORT_EVENTS_H_

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "retort/revision_graph.h"

namespace retort {

// Progress of one long task inside a step (a table rebuild copying rows).
struct Progress {
  std::string task;  // "copy users"
  long long done = 0;
  long long total = 0;
};

// Every callback has an empty default; override what you need. Callbacks run
// on the migrating thread and must not throw.
class MigrationListener {
 public:
  virtual ~MigrationListener() = default;

  // The steps an upgrade or downgrade is about to run, in order, once every
  // one has been read and checked and before the first begins; not called
  // when there is nothing to do. Lets a listener say "[12/120]" at each
  // step (a step that is tried again begins again; it keeps its place).
  virtual void OnPlan(const std::vector<MigrationStep>& /*plan*/) {}
  virtual void OnStepBegin(const MigrationStep& /*step*/) {}
  virtual void OnStepEnd(const MigrationStep& /*step*/, std::chrono::nanoseconds /*elapsed*/) {}
  // Each SQL statement just before it runs (or is written, offline).
  virtual void OnStatement(std::string_view /*sql*/) {}
  virtual void OnProgress(const Progress& /*progress*/) {}
  // Something the user should know that is not an error.
  virtual void OnNotice(std::string_view /*message*/) {}
};

}  // namespace retort

#endif  // RETORT_EVENTS_H_
