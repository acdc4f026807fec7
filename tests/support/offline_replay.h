// Offline SQL as its users run it: the script a --sql command wrote, replayed
// by the database's own shell (sqlite3 -bail, psql -v ON_ERROR_STOP=1), and
// what a database holds, to compare with one that was migrated online.
#ifndef RETORT_TESTS_OFFLINE_REPLAY_H_
#define RETORT_TESTS_OFFLINE_REPLAY_H_

#include <filesystem>
#include <string>

#include "test_support.h"

namespace retort::testing {

// Runs `script` on the SQLite file `database` with the sqlite3 shell, which
// stops at the first error.
inline ProcessResult ReplayWithSqlite3(const std::filesystem::path& database,
                                       const std::string& script) {
  const std::filesystem::path file = database.string() + ".offline.sql";
  WriteFile(file, script);
  return RunProgram("sqlite3", {"-bail", database.string(), ".read " + file.string()},
                    database.parent_path());
}

// Runs `script` on the PostgreSQL database `url` with psql, which stops at
// the first error.
inline ProcessResult ReplayWithPsql(const std::string& url, const std::string& script,
                                    const std::filesystem::path& folder) {
  const std::filesystem::path file = folder / "offline.sql";
  WriteFile(file, script);
  return RunProgram("psql", {"-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file.string(), url},
                    folder);
}

// Everything in the SQLite file `database` (schema text, rows, version rows,
// AUTOINCREMENT counters) as the sqlite3 shell dumps it, but for the rows of
// retort's history table, whose times and users differ from run to run.
inline std::string SqliteContents(const std::filesystem::path& database) {
  const ProcessResult dump = RunProgram("sqlite3", {database.string(), ".dump"},
                                        database.parent_path());
  std::string contents;
  std::size_t start = 0;
  while (start < dump.out.size()) {
    std::size_t end = dump.out.find('\n', start);
    if (end == std::string::npos) end = dump.out.size();
    const std::string line = dump.out.substr(start, end - start);
    if (line.rfind("INSERT INTO retort_history ", 0) != 0) contents += line + "\n";
    start = end + 1;
  }
  return contents;
}

}  // namespace retort::testing

#endif  // RETORT_TESTS_OFFLINE_REPLAY_H_
