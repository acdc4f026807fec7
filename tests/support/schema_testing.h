// Helpers for the tests of schemas as text and of autogenerate: reflecting a
// database by URL, the sample history applied to a database, the real
// schemas folder, and a readable failure when two schemas differ.
#ifndef RETORT_TESTS_SCHEMA_TESTING_H_
#define RETORT_TESTS_SCHEMA_TESTING_H_

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "retort/commands.h"
#include "retort/dialect_loader.h"
#include "retort/schema.h"
#include "retort/schema_diff.h"
#include "retort/schema_format.h"
#include "retort/url.h"
#include "test_support.h"

namespace retort::testing {

// A column with what a test usually sets.
inline Column Col(std::string name, const char* type, bool nullable = true,
                  std::optional<std::string> server_default = std::nullopt) {
  Column column;
  column.name = std::move(name);
  column.type = ParseType(type);
  column.nullable = nullable;
  column.server_default = std::move(server_default);
  return column;
}

inline const Dialect& DialectOf(const std::string& url) {
  return FindDialectForScheme(ParseDatabaseUrl(url).scheme);
}

// The live schema of the database at `url`.
inline Schema ReflectUrl(const std::string& url) {
  return DialectOf(url).Connect(ParseDatabaseUrl(url))->Reflect();
}

// Runs `sql` (any number of statements) on the database at `url`.
inline void ExecuteOn(const std::string& url, const std::string& sql) {
  DialectOf(url).Connect(ParseDatabaseUrl(url))->Execute(sql);
}

// The statements SchemaToSql gives for `schema` on the dialect of `url`, as
// one script.
inline std::string SqlScript(const Schema& schema, const std::string& url) {
  std::string script;
  for (const std::string& statement : SchemaToSql(schema, DialectOf(url))) {
    script += statement + ";\n";
  }
  return script;
}

// A copy of the sample script directory (migrations/) in `project`, so that
// its header cache is written there and not into the source tree.
inline Config SampleConfig(const Project& project, const std::string& url) {
  const std::filesystem::path copy = project.root() / "sample";
  std::filesystem::copy(std::filesystem::path(RETORT_SOURCE_DIR) / "migrations", copy,
                        std::filesystem::copy_options::recursive);
  std::filesystem::remove(copy / ".retort-index");
  Config config = project.config();
  config.script_location = copy;
  config.url = url;
  return config;
}

// Copies the sample's revision files (migrations/versions) into `project`.
inline void CopySampleVersions(const Project& project) {
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path(RETORT_SOURCE_DIR) / "migrations" / "versions")) {
    std::filesystem::copy_file(entry.path(), project.versions() / entry.path().filename());
  }
}

// Upgrades the database `config` names to head.
inline void UpgradeToHead(const Config& config) {
  MigrationListener quiet;
  Upgrade(config, "head", quiet);
}

// The folder of real schemas (RETORT_REALDATA_DIR, else ../shared/realdata
// beside the project); empty when there is none.
inline std::filesystem::path RealDataFolder() {
  if (const char* set = std::getenv("RETORT_REALDATA_DIR"); set != nullptr && *set != '\0') {
    return set;
  }
  const std::filesystem::path beside =
      std::filesystem::path(RETORT_SOURCE_DIR).parent_path() / "shared" / "realdata";
  return std::filesystem::is_directory(beside) ? beside : std::filesystem::path();
}

// Requires `actual` == `expected`, showing the diff when not.
inline void RequireSameSchema(const Schema& expected, const Schema& actual) {
  INFO("diff (- expected, + actual):\n" << DiffSchemas(expected, actual));
  REQUIRE(actual == expected);
}

}  // namespace retort::testing

#endif  // RETORT_TESTS_SCHEMA_TESTING_H_
