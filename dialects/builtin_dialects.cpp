#include "retort/builtin_dialects.h"

#include "retort/sqlite/sqlite_dialect.h"

namespace retort {

void RegisterBuiltinDialects(DialectRegistry& registry) {
  registry.Register(sqlite::MakeDialect());
}

}  // namespace retort
