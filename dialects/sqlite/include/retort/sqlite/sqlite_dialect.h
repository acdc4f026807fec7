// The SQLite dialect.
//
// URLs: sqlite:///relative.db, sqlite:////absolute.db, sqlite://:memory:,
// with query parameters timeout=<seconds> (busy timeout, default 30) and
// foreign_keys=on|off (default: SQLite's, off).
#ifndef RETORT_SQLITE_SQLITE_DIALECT_H_
#define RETORT_SQLITE_SQLITE_DIALECT_H_

#include <memory>

#include "retort/dialect.h"

namespace retort::sqlite {

// A new instance of the dialect (the module entry point and the built-in
// registration both use it).
std::unique_ptr<Dialect> MakeDialect();

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_DIALECT_H_
