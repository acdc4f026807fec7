// The PostgreSQL dialect's entry point when it is built as a loadable module.
#include "retort/dialect_module.h"
#include "retort/postgresql/postgresql_dialect.h"

RETORT_DEFINE_DIALECT_MODULE(retort::postgresql::MakeDialect)
