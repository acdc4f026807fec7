// Dialect modules the loader must refuse before anything of theirs is used:
// one with an entry of another format (an older retort's module), and, with
// RETORT_TEST_OTHER_ABI_KEY defined, one with the right format but another
// ABI key (other headers or another compiler).
#include "retort/dialect_module.h"

extern "C" __attribute__((visibility("default"))) const RetortDialectEntry*
retort_dialect_entry() {
#ifdef RETORT_TEST_OTHER_ABI_KEY
  static const RetortDialectEntry entry{RETORT_DIALECT_ENTRY_FORMAT, "0123abcd other headers",
                                        nullptr};
#else
  static const RetortDialectEntry entry{RETORT_DIALECT_ENTRY_FORMAT + 998, nullptr, nullptr};
#endif
  return &entry;
}
