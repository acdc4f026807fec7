// The dialects that ship with retort, linked in.
#ifndef RETORT_BUILTIN_DIALECTS_H_
#define RETORT_BUILTIN_DIALECTS_H_

#include "retort/dialect_registry.h"

namespace retort {

// Registers every in-tree dialect with `registry` (the global one by
// default). Calling it again is harmless.
void RegisterBuiltinDialects(DialectRegistry& registry = DialectRegistry::Global());

}  // namespace retort

#endif  // RETORT_BUILTIN_DIALECTS_H_
