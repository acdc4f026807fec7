// How the retort program asks the C library to lay out its heap. A policy of
// the program, not of the library: a program that embeds retort keeps its
// own allocator settings.
#ifndef RETORT_CLI_HEAP_PREPARATION_H_
#define RETORT_CLI_HEAP_PREPARATION_H_

namespace retort::cli {

// Lets the heap grow in large steps and asks the kernel for transparent huge
// pages beyond its first 2 MiB. Call once, before the work starts, on the
// main thread. Never throws; where the C library or the kernel cannot do
// it, the heap grows as before. Either way glibc's dynamic mmap threshold
// is off from then on (any M_TOP_PAD setting turns it off): a block of
// 128 KiB or more is always a mapping of its own.
void PrepareHeap() noexcept;

}  // namespace retort::cli

#endif  // RETORT_CLI_HEAP_PREPARATION_H_
