#include "heap_preparation.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace retort::cli {
namespace {

// A long history is read into small pieces (a header, a graph node, a few
// strings per revision): at 10,000 revisions `heads` touched 20 MB of new
// heap a 4 KiB page at a time, and page faults were a fifth of its time.
// With huge pages one fault maps 2 MiB. The first 2 MiB keep small pages, so
// that a short command (one revision) never pays for zeroing a huge page.
constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kHeapStep = std::size_t{64} << 20;
constexpr int kGlibcDefaultTopPad = 128 * 1024;

std::uintptr_t RoundUp(std::uintptr_t address, std::size_t to) {
  return (address + to - 1) / to * to;
}

}  // namespace

void PrepareHeap() noexcept {
#if defined(__GLIBC__) && defined(M_TOP_PAD) && defined(MADV_HUGEPAGE)
  // Each growth of the heap now adds 64 MiB of address space (not memory:
  // a page is backed when first touched), and a trim keeps as much.
  if (mallopt(M_TOP_PAD, static_cast<int>(kHeapStep)) == 0) return;
  const auto start = reinterpret_cast<std::uintptr_t>(sbrk(0));
  // Grow it now, while the region it adds is known: by blocks below the
  // size malloc would map on its own, until one comes from new heap.
  constexpr std::size_t kBlock = std::size_t{64} << 10;
  constexpr int kMostBlocks = 64;
  void* blocks[kMostBlocks];
  int count = 0;
  while (count < kMostBlocks && reinterpret_cast<std::uintptr_t>(sbrk(0)) == start) {
    if ((blocks[count] = std::malloc(kBlock)) == nullptr) break;
    ++count;
  }
  while (count > 0) std::free(blocks[--count]);
  const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
  const std::uintptr_t from = RoundUp(start, kHugePage) + kHugePage;
  if (start == static_cast<std::uintptr_t>(-1) || end <= from ||
      madvise(reinterpret_cast<void*>(from), end - from, MADV_HUGEPAGE) != 0) {
    // The heap did not grow as asked (a data-size limit, another allocator
    // in place of glibc's, a mapping right after the heap): each growth
    // would still ask for 64 MiB more than it needs.
    mallopt(M_TOP_PAD, kGlibcDefaultTopPad);
  }
#endif
}

}  // namespace retort::cli
