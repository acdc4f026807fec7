// The SQLite dialect.
//
// URLs: sqlite:///relative.db, sqlite:////absolute.db, sqlite://:memory:,
// with query parameters timeout=<seconds> (busy timeout, default 30) and
// foreign_keys=on|off (default: SQLite's, off).
//
// Thread-safety: the dialect may be shared by every thread; each Connection
// it makes is for one thread at a time. The migration lock is an flock() on
// the database file's folder, so that migrators of one machine take turns
// (there is none for :memory:); not had within the timeout, it is a
// DatabaseError with code LOCK_TIMEOUT naming the folder.
#ifndef RETORT_SQLITE_SQLITE_DIALECT_H_
#define RETORT_SQLITE_SQLITE_DIALECT_H_

#include <memory>

#include "retort/dialect.h"

namespace retort::sqlite {

// A new instance of the dialect, owned by the caller (the module entry
// point and the built-in registration both use it). Throws nothing but
// std::bad_alloc.
std::unique_ptr<Dialect> MakeDialect();

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_DIALECT_H_
