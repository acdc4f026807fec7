// Helpers shared by the tests: temporary folders, files, running the retort
// binary, and looking into SQLite files directly.
#ifndef RETORT_TESTS_TEST_SUPPORT_H_
#define RETORT_TESTS_TEST_SUPPORT_H_

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "retort/config.h"

namespace retort::testing {

// A fresh folder under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// A copy of the sample script directory (migrations/) in `temp`, without its
// header cache, so that running it leaves the source tree alone.
std::filesystem::path CopySample(const TempDir& temp);

// Writes `contents` to `path`, creating parent folders.
void WriteFile(const std::filesystem::path& path, std::string_view contents);
std::string ReadFile(const std::filesystem::path& path);
// Hex SHA-256 of the file's bytes; "missing" when there is no such file.
std::string FileDigest(const std::filesystem::path& path);

// A script directory in a temp folder, with a SQLite database beside it.
class Project {
 public:
  Project();

  const std::filesystem::path& root() const { return temp_.path(); }
  std::filesystem::path versions() const { return root() / "migrations" / "versions"; }
  std::filesystem::path database() const { return root() / "app.db"; }
  std::filesystem::path ini() const { return root() / "retort.ini"; }
  std::string url() const { return "sqlite:///" + database().string(); }

  // Writes versions/<file_name> with `contents`.
  std::filesystem::path AddRevision(const std::string& file_name, std::string_view contents);
  // Writes a YAML revision with the given header and upgrade operations
  // (YAML list items, e.g. "- create_table: {...}").
  std::filesystem::path AddYamlRevision(const std::string& id, const std::string& down_revision,
                                        const std::string& upgrade_ops,
                                        const std::string& extra_header = "");

  // A library Config for this project.
  Config config() const;

 private:
  TempDir temp_;
};

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the retort binary with `arguments` in `working_directory`, with
// `environment` added to (or, for empty values, removed from) this
// process's environment.
ProcessResult RunRetort(const std::vector<std::string>& arguments,
                        const std::filesystem::path& working_directory,
                        const std::map<std::string, std::string>& environment = {});

// Runs `program` (a path, or a name looked up in PATH) as RunRetort runs
// retort.
ProcessResult RunProgram(const std::string& program, const std::vector<std::string>& arguments,
                         const std::filesystem::path& working_directory,
                         const std::map<std::string, std::string>& environment = {});

// A program started in the background with its output captured, for tests
// that kill it part-way. Killed (SIGKILL) and reaped on destruction if still
// running.
class BackgroundProcess {
 public:
  // As RunProgram; throws std::runtime_error when it cannot be started.
  BackgroundProcess(const std::string& program, const std::vector<std::string>& arguments,
                    const std::filesystem::path& working_directory,
                    const std::map<std::string, std::string>& environment = {});
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // Kills it with SIGKILL and reaps it; does nothing once it was reaped.
  void Kill();
  // Waits for it to end; its exit code (128 + signal when killed) and
  // output. Once reaped, an empty result.
  ProcessResult Wait();

 private:
  std::unique_ptr<TempDir> capture_;
  pid_t pid_ = 0;
};

// Rows of `sql` run against the SQLite file at `database`, every value as
// text ("NULL" for null).
std::vector<std::vector<std::string>> Query(const std::filesystem::path& database,
                                            const std::string& sql);

// Runs `sql` (any number of statements) against the SQLite file at
// `database`, as another application would.
void Exec(const std::filesystem::path& database, const std::string& sql);

// Names of the tables, indexes, views and triggers in `database`, sorted.
std::vector<std::string> SchemaObjects(const std::filesystem::path& database);

}  // namespace retort::testing

#endif  // RETORT_TESTS_TEST_SUPPORT_H_
