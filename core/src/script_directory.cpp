#include "retort/script_directory.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <random>
#include <sstream>

#include "retort/error.h"
#include "revision_index.h"
#include "revision_readers.h"
#include "run_facts.h"
#include "script_templates.h"

namespace retort {
namespace {

constexpr std::size_t kSlugLength = 40;

bool IsRevisionFileName(const std::string& name) {
  if (name.empty() || name[0] == '.' || name[0] == '_') return false;
  for (const char* extension : {".yaml", ".yml", ".sql"}) {
    if (name.ends_with(extension) && name.size() > std::string_view(extension).size()) return true;
  }
  return false;
}

// One directory listing with one stat per entry: the file names and stamps of
// the revision files. (std::filesystem would stat each file once per query.)
std::vector<std::pair<std::string, FileStamp>> ListRevisionFiles(
    const std::filesystem::path& versions) {
  DIR* directory = ::opendir(versions.c_str());
  if (directory == nullptr) {
    throw ConfigError("cannot read the versions folder " + versions.string());
  }
  std::vector<std::pair<std::string, FileStamp>> files;
  const int descriptor = ::dirfd(directory);
  while (const dirent* entry = ::readdir(directory)) {
    std::string name = entry->d_name;
    if (!IsRevisionFileName(name)) continue;
    struct stat info;
    if (::fstatat(descriptor, entry->d_name, &info, 0) != 0 || !S_ISREG(info.st_mode)) continue;
    const FileStamp stamp{
        static_cast<std::uint64_t>(info.st_size),
        static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec,
        static_cast<std::int64_t>(info.st_ctim.tv_sec) * 1'000'000'000 + info.st_ctim.tv_nsec,
        static_cast<std::uint64_t>(info.st_ino)};
    files.emplace_back(std::move(name), stamp);
  }
  ::closedir(directory);
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return files;
}

// A value as YAML writes it on one line (quoted when it must be).
std::string YamlScalar(const std::string& value) {
  YAML::Emitter out;
  if (value.find('\n') != std::string::npos || value.empty()) out << YAML::DoubleQuoted;
  out << value;
  return out.c_str();
}

std::string YamlList(const std::vector<std::string>& values) {
  std::string text = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    text += (i == 0 ? "" : ", ") + YamlScalar(values[i]);
  }
  return text + "]";
}

std::string RandomRevisionId() {
  std::random_device device;
  std::uniform_int_distribution<int> digit(0, 15);
  static const char kHex[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 12; ++i) id += kHex[digit(device)];
  return id;
}


void WriteNewFile(const std::filesystem::path& path, const std::string& contents) {
  // O_EXCL: never overwrite a revision that is already there.
  const int descriptor = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (descriptor < 0) {
    throw ConfigError("cannot create " + path.string() +
                      (errno == EEXIST ? ": it already exists" : ""));
  }
  std::size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(descriptor, contents.data() + written, contents.size() - written);
    if (n <= 0) {
      ::close(descriptor);
      ::unlink(path.c_str());  // never leave half a revision behind
      throw ConfigError("cannot write " + path.string());
    }
    written += static_cast<std::size_t>(n);
  }
  ::close(descriptor);
}

}  // namespace

std::string Slugify(const std::string& message) {
  std::string slug;
  for (char c : message) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      slug += static_cast<char>(std::tolower(u));
    } else if (!slug.empty() && slug.back() != '_') {
      slug += '_';
    }
    if (slug.size() >= kSlugLength) break;
  }
  while (!slug.empty() && slug.back() == '_') slug.pop_back();
  return slug;
}

ScriptDirectory::ScriptDirectory(std::filesystem::path location, bool use_index)
    : location_(std::move(location)), use_index_(use_index) {
  if (!std::filesystem::is_directory(location_)) {
    throw ConfigError("script directory " + location_.string() +
                      " does not exist (check script_location, or run 'retort init')");
  }
  if (!std::filesystem::is_directory(versions_path())) {
    throw ConfigError("script directory " + location_.string() + " has no versions/ folder");
  }
}

ScriptDirectory::~ScriptDirectory() = default;

const RevisionGraph& ScriptDirectory::graph() {
  if (graph_) return *graph_;
  const std::filesystem::path versions = versions_path();
  const auto files = ListRevisionFiles(versions);
  RevisionIndex index(location_ / ".retort-index", versions);
  std::vector<RevisionHeader> headers;
  headers.reserve(files.size());
  std::vector<std::string> names;
  names.reserve(files.size());
  for (const auto& [name, stamp] : files) {
    names.push_back(name);
    if (const RevisionHeader* cached = use_index_ ? index.Find(name, stamp) : nullptr) {
      headers.push_back(*cached);
      continue;
    }
    Revision revision = ReadRevisionFile(versions / name);
    if (use_index_) index.Put(name, stamp, revision.header);
    headers.push_back(std::move(revision.header));
  }
  auto graph = std::make_unique<RevisionGraph>(std::move(headers));
  if (use_index_) index.Save(names);
  graph_ = std::move(graph);
  return *graph_;
}

Revision ScriptDirectory::Load(const RevisionHeader& header) const {
  Revision revision = ReadRevisionFile(header.path);
  if (!(revision.header == header)) {
    throw FileError(header.path, 0,
                    "changed while retort was running (revision " + header.id + "); run again");
  }
  return revision;
}

std::filesystem::path ScriptDirectory::Write(const NewRevision& spec) {
  const std::string id = spec.id.empty() ? RandomRevisionId() : spec.id;
  if (const std::string problem = RevisionIdProblem(id); !problem.empty()) {
    throw ConfigError(problem);
  }
  // Revision files are named after their id, so the listing tells whether
  // it is taken, even while another file is broken.
  for (const auto& [name, stamp] : ListRevisionFiles(versions_path())) {
    const std::string stem = std::filesystem::path(name).stem().string();
    if (stem == id || stem.starts_with(id + "_")) {
      throw ConfigError("revision id '" + id + "' already exists: " +
                        (versions_path() / name).string());
    }
  }
  const bool sql = spec.format == RevisionFormat::kSql;
  const std::filesystem::path template_path = location_ / (sql ? "script.sql.tmpl" : "script.yaml.tmpl");
  std::ifstream stream(template_path);
  if (!stream) {
    throw ConfigError("the template " + template_path.string() +
                      " is missing (it comes with 'retort init')");
  }
  std::ostringstream text;
  text << stream.rdbuf();
  const std::map<std::string, std::string> values = {
      {"revision", YamlScalar(id)},
      {"down_revision", spec.down_revisions.empty() ? "null"
                        : spec.down_revisions.size() == 1 ? YamlScalar(spec.down_revisions[0])
                                                          : YamlList(spec.down_revisions)},
      {"branch_labels", YamlList(spec.branch_labels)},
      {"depends_on", YamlList(spec.depends_on)},
      {"message", YamlScalar(spec.message)},
      {"create_date", YamlScalar(UtcTimestamp().substr(0, 19))},
  };
  const std::string contents = ExpandTemplate(template_path.string(), text.str(), values);
  const std::string slug = Slugify(spec.message);
  const std::filesystem::path path =
      versions_path() / (id + (slug.empty() ? "" : "_" + slug) + (sql ? ".sql" : ".yaml"));
  WriteNewFile(path, contents);
  graph_.reset();
  return path;
}

void ScriptDirectory::Create(const std::filesystem::path& location) {
  if (std::filesystem::exists(location) &&
      (!std::filesystem::is_directory(location) || !std::filesystem::is_empty(location))) {
    throw ConfigError(location.string() + " already exists and is not an empty folder");
  }
  std::filesystem::create_directories(location / "versions");
  WriteNewFile(location / "script.yaml.tmpl", kYamlTemplate);
  WriteNewFile(location / "script.sql.tmpl", kSqlTemplate);
  WriteNewFile(location / ".gitignore", ".retort-index*\n");
}

}  // namespace retort
