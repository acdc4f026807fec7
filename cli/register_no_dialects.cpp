// A retort executable without linked-in dialects: every dialect comes from a
// module (see dialect_loader.h).
#include "cli.h"

namespace retort::cli {

void RegisterDialects() {}

}  // namespace retort::cli
