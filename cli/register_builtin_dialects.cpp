// The dialects the retort executable has linked in: SQLite only. The
// PostgreSQL dialect is its module beside the executable, loaded the first
// time a postgresql:// URL is used (see dialect_loader.h).
#include "cli.h"
#include "retort/dialect_registry.h"
#include "retort/sqlite/sqlite_dialect.h"

namespace retort::cli {

void RegisterDialects() { DialectRegistry::Global().Register(sqlite::MakeDialect()); }

}  // namespace retort::cli
