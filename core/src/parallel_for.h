// Spreading independent work over the machine's cores: reading and parsing
// thousands of revision files is most of the time of a long plan, and each
// file is independent of the others.
#ifndef RETORT_CORE_PARALLEL_FOR_H_
#define RETORT_CORE_PARALLEL_FOR_H_

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

namespace retort {

// Calls work(i) once for every i in [0, count), on the calling thread and up
// to one more thread per further core, when there are at least
// `min_per_thread` items for each (fewer are not worth a thread's start).
// Items are claimed in order, so a failure stops the claiming early. When
// calls throw, ParallelFor waits for the calls under way and rethrows the
// exception of the lowest index that threw, as a loop in order would have
// (calls after it may have run). `work` must be safe to call from several
// threads at once for different indices.
template <class Work>
void ParallelFor(std::size_t count, std::size_t min_per_thread, const Work& work) {
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t threads =
      std::clamp<std::size_t>(count / std::max<std::size_t>(min_per_thread, 1), 1, cores);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::vector<std::exception_ptr> errors(threads);
  std::vector<std::size_t> error_index(threads, count);
  auto run = [&](std::size_t worker) {
    // Checked before an item is claimed, never after: every item claimed
    // runs, so all those below a failure have run and the lowest failure
    // is the one a loop in order would have met first.
    for (std::size_t i; !failed && (i = next++) < count;) {
      try {
        work(i);
      } catch (...) {
        errors[worker] = std::current_exception();
        error_index[worker] = i;
        failed = true;
        return;
      }
    }
  };
  std::vector<std::thread> helpers;
  try {
    for (std::size_t worker = 1; worker < threads; ++worker) helpers.emplace_back(run, worker);
  } catch (const std::system_error&) {
    // No more threads to be had (a process at its limit): those started,
    // and this one, do the work.
  }
  run(0);
  for (std::thread& helper : helpers) helper.join();
  const auto first = std::min_element(error_index.begin(), error_index.end());
  if (*first < count) std::rethrow_exception(errors[first - error_index.begin()]);
}

}  // namespace retort

#endif  // RETORT_CORE_PARALLEL_FOR_H_
