// The PostgreSQL dialect: native ALTER TABLE, transactional DDL, and a
// session-level advisory lock that keeps concurrent migrators apart.
//
// URLs: postgresql://user:password@host:port/dbname?param=value (also
// postgres://). Parameters are libpq's (sslmode, connect_timeout,
// application_name, options, ...); what the URL leaves out comes from the
// libpq environment (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, ...).
#ifndef RETORT_POSTGRESQL_POSTGRESQL_DIALECT_H_
#define RETORT_POSTGRESQL_POSTGRESQL_DIALECT_H_

#include <memory>

#include "retort/dialect.h"

namespace retort::postgresql {

std::shared_ptr<const Dialect> MakeDialect();

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_DIALECT_H_
