// The MySQL dialect's entry point when it is built as a loadable module.
#include "retort/dialect_module.h"
#include "retort/mysql/mysql_dialect.h"

RETORT_DEFINE_DIALECT_MODULE(retort::mysql::MakeDialect)
