// The MySQL and MariaDB dialect: native ALTER TABLE, each change asking for
// the ALTER algorithm it should get (INSTANT, INPLACE), and a named lock of
// the server's (GET_LOCK) that keeps concurrent migrators apart. DDL commits
// by itself on these servers: a revision can stop half done, and retort
// says what ran (see docs/mysql.md).
//
// URLs: mysql://user:password@host:port/dbname?charset=utf8mb4 (also
// mariadb://). Parameters: charset, unix_socket, connect_timeout,
// read_timeout, write_timeout, sslca, sslcert, sslkey.
//
// Thread-safety: the dialect may be shared by every thread; each Connection
// it makes is for one thread at a time.
#ifndef RETORT_MYSQL_MYSQL_DIALECT_H_
#define RETORT_MYSQL_MYSQL_DIALECT_H_

#include <memory>

#include "retort/dialect.h"

namespace retort::mysql {

// A new instance of the dialect, owned by the caller (the module entry
// point and the built-in registration both use it). Throws nothing but
// std::bad_alloc.
std::unique_ptr<Dialect> MakeDialect();

}  // namespace retort::mysql

#endif  // RETORT_MYSQL_MYSQL_DIALECT_H_
