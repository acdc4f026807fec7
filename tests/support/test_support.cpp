#include "test_support.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "retort/builtin_dialects.h"

extern char** environ;

namespace retort::testing {
namespace {

// Every test talks to databases through the registry, as the CLI does.
const bool kDialectsRegistered = (RegisterBuiltinDialects(), true);

}  // namespace

TempDir::TempDir() {
  std::random_device device;
  const auto base = std::filesystem::temp_directory_path();
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto candidate = base / ("retort-test-" + std::to_string(device()));
    if (std::filesystem::create_directory(candidate)) {
      path_ = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary folder");
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void WriteFile(const std::filesystem::path& path, std::string_view contents) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::string FileDigest(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) return "missing";
  const std::string bytes = ReadFile(path);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

std::filesystem::path CopySample(const TempDir& temp) {
  const std::filesystem::path copy = temp / "migrations";
  std::filesystem::copy(std::filesystem::path(RETORT_SOURCE_DIR) / "migrations", copy,
                        std::filesystem::copy_options::recursive);
  std::filesystem::remove(copy / ".retort-index");
  return copy;
}

Project::Project() {
  std::filesystem::create_directories(versions());
  WriteFile(ini(), "[retort]\nscript_location = migrations\nurl = sqlite:///" +
                       database().string() + "\n");
  // The stock templates, as 'retort init' writes them.
  const std::filesystem::path stock = std::filesystem::path(RETORT_SOURCE_DIR) / "migrations";
  for (const char* name : {"script.yaml.tmpl", "script.sql.tmpl"}) {
    std::filesystem::copy_file(stock / name, root() / "migrations" / name);
  }
}

std::filesystem::path Project::AddRevision(const std::string& file_name,
                                           std::string_view contents) {
  const std::filesystem::path path = versions() / file_name;
  WriteFile(path, contents);
  return path;
}

std::filesystem::path Project::AddYamlRevision(const std::string& id,
                                               const std::string& down_revision,
                                               const std::string& upgrade_ops,
                                               const std::string& extra_header) {
  std::string text = "revision: " + id + "\ndown_revision: " +
                     (down_revision.empty() ? std::string("null") : down_revision) +
                     "\nmessage: revision " + id + "\n" + extra_header + "upgrade:\n" +
                     upgrade_ops;
  if (!text.ends_with("\n")) text += "\n";
  return AddRevision(id + "_rev.yaml", text);
}

Config Project::config() const {
  Config config;
  config.script_location = root() / "migrations";
  config.url = url();
  config.url_origin = "test";
  return config;
}

ProcessResult RunRetort(const std::vector<std::string>& arguments,
                        const std::filesystem::path& working_directory,
                        const std::map<std::string, std::string>& environment) {
  return RunProgram(RETORT_BINARY, arguments, working_directory, environment);
}

BackgroundProcess::BackgroundProcess(const std::string& program,
                                     const std::vector<std::string>& arguments,
                                     const std::filesystem::path& working_directory,
                                     const std::map<std::string, std::string>& environment)
    : capture_(std::make_unique<TempDir>()) {
  const std::string out_path = (*capture_ / "out").string();
  const std::string err_path = (*capture_ / "err").string();

  std::vector<std::string> argv_strings = {program};
  argv_strings.insert(argv_strings.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (std::string& argument : argv_strings) argv.push_back(argument.data());
  argv.push_back(nullptr);

  std::map<std::string, std::string> merged;
  for (char** entry = environ; *entry; ++entry) {
    const std::string text = *entry;
    const auto equals = text.find('=');
    if (equals != std::string::npos) merged[text.substr(0, equals)] = text.substr(equals + 1);
  }
  for (const auto& [name, value] : environment) {
    if (value.empty()) {
      merged.erase(name);
    } else {
      merged[name] = value;
    }
  }
  std::vector<std::string> env_strings;
  for (const auto& [name, value] : merged) env_strings.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (std::string& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addchdir_np(&actions, working_directory.c_str());
  const int spawned = posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot start " + program);
}

BackgroundProcess::~BackgroundProcess() {
  if (pid_ > 0) Kill();
}

void BackgroundProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  Wait();
}

ProcessResult BackgroundProcess::Wait() {
  ProcessResult result;
  if (pid_ <= 0) return result;
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = 0;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = ReadFile(*capture_ / "out");
  result.err = ReadFile(*capture_ / "err");
  return result;
}

ProcessResult RunProgram(const std::string& program, const std::vector<std::string>& arguments,
                         const std::filesystem::path& working_directory,
                         const std::map<std::string, std::string>& environment) {
  return BackgroundProcess(program, arguments, working_directory, environment).Wait();
}

std::vector<std::vector<std::string>> Query(const std::filesystem::path& database,
                                            const std::string& sql) {
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(database.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(handle);
    throw std::runtime_error("cannot open " + database.string());
  }
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    const std::string message = sqlite3_errmsg(handle);
    sqlite3_close(handle);
    throw std::runtime_error("bad test query: " + message);
  }
  std::vector<std::vector<std::string>> rows;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(statement); ++i) {
      const unsigned char* text = sqlite3_column_text(statement, i);
      row.push_back(text ? reinterpret_cast<const char*>(text) : "NULL");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(statement);
  sqlite3_close(handle);
  return rows;
}

void Exec(const std::filesystem::path& database, const std::string& sql) {
  sqlite3* handle = nullptr;
  if (sqlite3_open(database.c_str(), &handle) != SQLITE_OK) {
    sqlite3_close(handle);
    throw std::runtime_error("cannot open " + database.string());
  }
  char* error = nullptr;
  const int code = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(handle);
  if (code != SQLITE_OK) throw std::runtime_error("test SQL failed: " + message);
}

std::vector<std::string> SchemaObjects(const std::filesystem::path& database) {
  std::vector<std::string> names;
  for (const auto& row :
       Query(database, "SELECT type || ' ' || name FROM sqlite_schema "
                       "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")) {
    names.push_back(row[0]);
  }
  return names;
}

}  // namespace retort::testing
