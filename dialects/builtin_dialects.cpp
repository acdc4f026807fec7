#include "retort/builtin_dialects.h"

#include "retort/sqlite/sqlite_dialect.h"
#ifdef RETORT_WITH_POSTGRESQL
#include "retort/postgresql/postgresql_dialect.h"
#endif
#ifdef RETORT_WITH_MYSQL
#include "retort/mysql/mysql_dialect.h"
#endif

namespace retort {

void RegisterBuiltinDialects(DialectRegistry& registry) {
  registry.Register(sqlite::MakeDialect());
#ifdef RETORT_WITH_POSTGRESQL
  registry.Register(postgresql::MakeDialect());
#endif
#ifdef RETORT_WITH_MYSQL
  registry.Register(mysql::MakeDialect());
#endif
}

}  // namespace retort
