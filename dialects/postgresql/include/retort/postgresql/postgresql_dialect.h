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

// A new instance of the dialect (the module entry point and the built-in
// registration both use it).
std::unique_ptr<Dialect> MakeDialect();

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_DIALECT_H_
