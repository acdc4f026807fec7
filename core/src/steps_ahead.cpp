#include "steps_ahead.h"

#include <system_error>
#include <utility>

namespace retort {
namespace {

// Below this many steps the other thread costs more to start than it saves
// (reading a small revision takes some 20 µs, starting a thread some 50 µs).
constexpr std::size_t kStepsWorthAThread = 256;
// How far the other thread may read ahead of the step taken: enough to keep
// it busy through a slow step, few enough that a long plan's revisions are
// never all in memory at once.
constexpr std::size_t kWindow = 256;

}  // namespace

StepsAhead::StepsAhead(const std::vector<MigrationStep>& plan, Direction direction,
                       const ScriptDirectory& scripts, const Dialect& dialect,
                       const MigrateOptions& options)
    : plan_(plan), direction_(direction), scripts_(scripts), dialect_(dialect), options_(options) {
  if (plan.size() < kStepsWorthAThread || std::thread::hardware_concurrency() < 2) return;
  ring_.resize(kWindow);
  ready_.assign(kWindow, false);
  try {
    ahead_ = std::thread([this] { PrepareAhead(); });
  } catch (const std::system_error&) {
    // No thread to be had (a process at its limit): Take reads each step.
  }
}

StepsAhead::~StepsAhead() {
  if (!ahead_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  ahead_.join();
}

PreparedStep StepsAhead::Read(std::size_t index) const {
  // Read right after the graph: the files as listed for it (no second stat).
  return ReadStep(plan_[index], direction_, scripts_, options_, /*as_listed=*/true);
}

PreparedStep StepsAhead::Checked(PreparedStep step) const {
  // On the thread that takes the step: reading is the longer half of a
  // script's work, and the writing thread waited for it.
  CheckStep(step, dialect_);
  return step;
}

StepsAhead::Slot StepsAhead::Prepare(std::size_t index) const {
  Slot slot;
  try {
    slot.step = Read(index);
  } catch (...) {
    slot.error = std::current_exception();
  }
  return slot;
}

void StepsAhead::Store(std::size_t index, Slot slot) {
  ring_[index % ring_.size()] = std::move(slot);
  ready_[index % ring_.size()] = true;
  changed_.notify_all();
}

void StepsAhead::PrepareAhead() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (next_ < plan_.size()) {
    changed_.wait(lock, [&] { return stopping_ || next_ < taken_ + ring_.size(); });
    if (stopping_ || next_ >= plan_.size()) return;
    const std::size_t index = next_++;
    lock.unlock();
    Slot slot = Prepare(index);
    lock.lock();
    const bool failed = slot.error != nullptr;
    Store(index, std::move(slot));
    // The run stops at the step that failed: nothing after it is wanted.
    if (failed) return;
  }
}

PreparedStep StepsAhead::Take(std::size_t index) {
  if (!ahead_.joinable()) {
    return Checked(Read(index));
  }
  std::unique_lock<std::mutex> lock(mutex_);
  if (next_ == index) {
    // The other thread is behind: this one reads the step itself.
    ++next_;
    lock.unlock();
    PreparedStep step = Read(index);
    lock.lock();
    taken_ = index + 1;
    lock.unlock();
    changed_.notify_all();
    return Checked(std::move(step));
  }
  const std::size_t at = index % ring_.size();
  while (!ready_[at]) {
    // The other thread is reading this step. Rather than idle, this one
    // reads one further ahead: reading is the longer half of the work, so
    // both cores should share it.
    if (next_ < plan_.size() && next_ < taken_ + ring_.size()) {
      const std::size_t later = next_++;
      lock.unlock();
      Slot slot = Prepare(later);
      lock.lock();
      Store(later, std::move(slot));
    } else {
      changed_.wait(lock);
    }
  }
  Slot slot = std::move(ring_[at]);
  ring_[at] = Slot{};
  ready_[at] = false;
  taken_ = index + 1;
  lock.unlock();
  changed_.notify_all();
  if (slot.error) std::rethrow_exception(slot.error);
  return Checked(std::move(*slot.step));
}

}  // namespace retort
