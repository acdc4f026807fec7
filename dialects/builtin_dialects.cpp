#include "retort/builtin_dialects.h"

#include "retort/postgresql/postgresql_dialect.h"
#include "retort/sqlite/sqlite_dialect.h"

namespace retort {

void RegisterBuiltinDialects(DialectRegistry& registry) {
  registry.Register(sqlite::MakeDialect());
  registry.Register(postgresql::MakeDialect());
}

}  // namespace retort
