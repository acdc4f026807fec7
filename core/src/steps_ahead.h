// Preparing a plan's steps while earlier ones run. Writing a script (offline
// SQL) has no database to protect, so it need not read every revision before
// the first runs: a second core reads the revisions a bounded window ahead
// of the step being written, and the script's author holds a window of
// revisions in memory instead of the whole plan. The two halves of the work
// (reading, then checking, rendering and recording) cost about the same, so
// this halves the time of a long script on two cores; the dialect's check of
// each operation is done by the thread that takes the step, and that thread
// reads later steps whenever it would wait, because reading was the longer
// half.
#ifndef RETORT_CORE_STEPS_AHEAD_H_
#define RETORT_CORE_STEPS_AHEAD_H_

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "step_runner.h"

namespace retort {

// Thread-safety: Take is called from one thread; the preparing thread is
// started by the constructor (for a plan long enough to pay for it) and
// joined by the destructor.
class StepsAhead {
 public:
  // Keeps references to all arguments, which must outlive this object.
  StepsAhead(const std::vector<MigrationStep>& plan, Direction direction,
             const ScriptDirectory& scripts, const Dialect& dialect,
             const MigrateOptions& options);
  ~StepsAhead();
  StepsAhead(const StepsAhead&) = delete;
  StepsAhead& operator=(const StepsAhead&) = delete;

  // The prepared step `index` of the plan, which must be the one after the
  // last taken (0 first). Prepares it on the calling thread when the other
  // has not started it, else waits for it, reading later steps meanwhile.
  // Throws what PrepareStep threw for it.
  PreparedStep Take(std::size_t index);

 private:
  struct Slot {
    std::optional<PreparedStep> step;
    std::exception_ptr error;
  };
  PreparedStep Read(std::size_t index) const;  // throws as ReadStep
  PreparedStep Checked(PreparedStep step) const;  // throws as CheckStep
  Slot Prepare(std::size_t index) const;       // Read, its failure kept
  void Store(std::size_t index, Slot slot);  // with mutex_ held
  void PrepareAhead();

  const std::vector<MigrationStep>& plan_;
  Direction direction_;
  const ScriptDirectory& scripts_;
  const Dialect& dialect_;
  const MigrateOptions& options_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t next_ = 0;   // the first step not yet claimed by either thread
  std::size_t taken_ = 0;  // the first step not yet taken
  bool stopping_ = false;
  std::vector<Slot> ring_;  // step i, claimed by the other thread, at i % size
  std::vector<bool> ready_;
  std::thread ahead_;
};

}  // namespace retort

#endif  // RETORT_CORE_STEPS_AHEAD_H_
