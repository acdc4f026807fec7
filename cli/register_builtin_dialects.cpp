// The dialects the retort executable has linked in.
#include "cli.h"
#include "retort/builtin_dialects.h"

namespace retort::cli {

void RegisterDialects() { RegisterBuiltinDialects(); }

}  // namespace retort::cli
