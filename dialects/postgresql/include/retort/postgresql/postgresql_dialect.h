// The PostgreSQL dialect: native ALTER TABLE, transactional DDL, and a
// session-level advisory lock that keeps concurrent migrators apart.
//
// URLs: postgresql://user:password@host:port/dbname?param=value (also
// postgres://). Parameters are libpq's (sslmode, connect_timeout,
// application_name, options, ...); what the URL leaves out comes from the
// libpq environment (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, ...).
//
// Thread-safety: the dialect may be shared by every thread; each Connection
// it makes is for one thread at a time. The migration lock is a session
// advisory lock per database and schema; not had within the timeout, it is
// a DatabaseError with SQLSTATE 55P03 naming the server processes holding it.
#ifndef RETORT_POSTGRESQL_POSTGRESQL_DIALECT_H_
#define RETORT_POSTGRESQL_POSTGRESQL_DIALECT_H_

#include <memory>

#include "retort/dialect.h"

namespace retort::postgresql {

// A new instance of the dialect, owned by the caller (the module entry
// point and the built-in registration both use it). Throws nothing but
// std::bad_alloc.
std::unique_ptr<Dialect> MakeDialect();

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_DIALECT_H_
