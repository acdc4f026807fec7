// Dialect modules the loader must refuse before anything of theirs is used:
// one with an entry of another format (an older retort's module), and, with
// RETORT_TEST_OTHER_ABI_KEY defined, one with the right format but another
// ABI key (other headers or another compiler), and, with
// RETORT_TEST_NO_CREATE, one that matches but has no create function.
#include "retort/dialect_module.h"

extern "C" __attribute__((visibility("default"))) const RetortDialectEntry*
retort_dialect_entry() {
#if defined(RETORT_TEST_NO_CREATE)
  static const RetortDialectEntry entry{RETORT_DIALECT_ENTRY_FORMAT, RETORT_DIALECT_ABI_KEY,
                                        nullptr};
#elif defined(RETORT_TEST_OTHER_ABI_KEY)
  static const RetortDialectEntry entry{RETORT_DIALECT_ENTRY_FORMAT, "0123abcd other headers",
                                        nullptr};
#else
  static const RetortDialectEntry entry{RETORT_DIALECT_ENTRY_FORMAT + 998, nullptr, nullptr};
#endif
  return &entry;
}
