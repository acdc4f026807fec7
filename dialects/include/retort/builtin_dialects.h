// The dialects that ship with retort, linked in.
//
// Thread-safety: RegisterBuiltinDialects may be called from several threads
// at once (the registry guards itself).
#ifndef RETORT_BUILTIN_DIALECTS_H_
#define RETORT_BUILTIN_DIALECTS_H_

#include "retort/dialect_registry.h"

namespace retort {

// Registers every in-tree dialect with `registry` (the global one by
// default). Calling it again is harmless. Throws ConfigError when a dialect
// of the same name or URL scheme was registered from elsewhere first (a
// module loaded earlier).
void RegisterBuiltinDialects(DialectRegistry& registry = DialectRegistry::Global());

}  // namespace retort

#endif  // RETORT_BUILTIN_DIALECTS_H_
