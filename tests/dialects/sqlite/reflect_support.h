// What the SQLite reflection tests share: the schema of a database file.
#ifndef RETORT_TESTS_SQLITE_REFLECT_SUPPORT_H_
#define RETORT_TESTS_SQLITE_REFLECT_SUPPORT_H_

#include <filesystem>

#include "retort/schema.h"
#include "sqlite_reflect.h"

namespace retort::testing {

// ReflectSchema over a connection of its own to `database`.
inline Schema Reflect(const std::filesystem::path& database) {
  const sqlite::SqliteRenderer renderer;
  sqlite::ConnectionSettings settings;
  settings.path = database.string();
  sqlite::SqliteConnection connection(renderer, settings);
  return sqlite::ReflectSchema(connection);
}

}  // namespace retort::testing

#endif  // RETORT_TESTS_SQLITE_REFLECT_SUPPORT_H_
