#include "retort/builtin_dialects.h"

#include "retort/sqlite/sqlite_dialect.h"
#ifdef RETORT_WITH_POSTGRESQL
#include "retort/postgresql/postgresql_dialect.h"
#endif

namespace retort {

void RegisterBuiltinDialects(DialectRegistry& registry) {
  registry.Register(sqlite::MakeDialect());
#ifdef RETORT_WITH_POSTGRESQL
  registry.Register(postgresql::MakeDialect());
#endif
}

}  // namespace retort
