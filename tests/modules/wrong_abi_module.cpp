// A dialect module built for another ABI version: loading it must fail with
// a message naming both versions, before anything of it is used.
#include "retort/dialect_module.h"

extern "C" __attribute__((visibility("default"))) const RetortDialectEntry*
retort_dialect_entry() {
  static const RetortDialectEntry entry{RETORT_DIALECT_ABI_VERSION + 998, nullptr};
  return &entry;
}
