#include "retort/script_directory.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <ctime>
#include <fstream>
#include <random>
#include <sstream>

#include "text_util.h"

#include "code_revision_nodes.h"
#include "cpp_skeleton.h"
#include "file_template.h"
#include "retort/error.h"
#include "revision_readers.h"
#include "script_directory_caches.h"
#include "script_templates.h"
#include "versions_folder.h"

namespace retort {
namespace {

constexpr std::size_t kSlugLength = 40;
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

// The creation time as revision files record it (UTC, to the second).
std::string CreateDate(std::time_t now) {
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &utc);
  return buffer;
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
    : ScriptDirectory(std::move(location), ScriptDirectoryOptions{{}, "", use_index, {}}) {}

ScriptDirectory::ScriptDirectory(std::filesystem::path location, ScriptDirectoryOptions options)
    : location_(std::move(location)),
      version_locations_(std::move(options.version_locations)),
      file_template_(options.file_template.empty() ? std::string(kDefaultFileTemplate)
                                                   : std::move(options.file_template)),
      use_index_(options.use_index),
      code_revisions_(std::move(options.code_revisions)) {
  if (!std::filesystem::is_directory(location_)) {
    throw ConfigError("script directory " + location_.string() +
                      " does not exist (check script_location, or run 'retort init')");
  }
  if (version_locations_.empty()) {
    if (!std::filesystem::is_directory(versions_path())) {
      throw ConfigError("script directory " + location_.string() + " has no versions/ folder");
    }
    version_locations_.push_back(versions_path());
  }
}

std::filesystem::path ScriptDirectory::UseVersionPath(const std::filesystem::path& requested) {
  const std::filesystem::path wanted = ComparablePath(requested);
  for (const std::filesystem::path& location : version_locations_) {
    if (ComparablePath(location) != wanted) continue;
    if (!std::filesystem::exists(location)) {
      std::filesystem::create_directories(location);
      graph_.reset();
    }
    return location;
  }
  std::vector<std::string> known;
  for (const std::filesystem::path& location : version_locations_) {
    known.push_back(location.string());
  }
  throw ConfigError("version path " + requested.string() +
                    " is not one of the version locations (" + text::Join(known, ", ") +
                    "); add it to version_locations in retort.ini");
}

RevisionFormat ScriptDirectory::DefaultFormat() const {
  if (!std::filesystem::exists(location_ / "script.yaml.tmpl") &&
      std::filesystem::exists(location_ / "script.sql.tmpl")) {
    return RevisionFormat::kSql;
  }
  return RevisionFormat::kYaml;
}

std::filesystem::path ScriptDirectory::ChooseVersionPath(const NewRevision& spec) {
  if (!spec.version_path.empty()) return UseVersionPath(spec.version_path);
  if (version_locations_.size() == 1) return version_locations_.front();
  // As Alembic does: beside the revision it builds on.
  if (!spec.down_revisions.empty()) {
    if (const RevisionHeader* parent = graph().Find(spec.down_revisions.front())) {
      const std::filesystem::path folder = ComparablePath(parent->path).parent_path();
      for (const std::filesystem::path& location : version_locations_) {
        if (ComparablePath(location) == folder) return location;
      }
    }
  }
  throw ConfigError("there are several version locations and the new revision has no parent "
                    "to go beside: choose one with --version-path");
}

std::filesystem::path ScriptDirectory::Write(const NewRevision& spec) {
  const std::string id = spec.id.empty() ? RandomRevisionId() : spec.id;
  if (const std::string problem = RevisionIdProblem(id); !problem.empty()) {
    throw ConfigError(problem);
  }
  // Revision files hold their id in their names, so the listing tells
  // whether it is taken, even while another file is broken.
  for (const std::filesystem::path& versions : version_locations_) {
    if (!std::filesystem::is_directory(versions)) continue;
    for (const auto& [name, stamp] : ListRevisionFiles(versions)) {
      if (FileNameHoldsId(std::filesystem::path(name).stem().string(), id)) {
        throw ConfigError("revision id '" + id + "' already exists: " +
                          (versions / name).string());
      }
    }
  }
  const std::filesystem::path folder = ChooseVersionPath(spec);
  const RevisionFormat format = spec.format.value_or(DefaultFormat());
  const std::time_t now = std::time(nullptr);
  const std::string down_revision =
      spec.down_revisions.empty()        ? "null"
      : spec.down_revisions.size() == 1 ? YamlScalar(spec.down_revisions[0])
                                         : YamlList(spec.down_revisions);
  std::string contents;
  if (!spec.body.empty()) {
    if (format != RevisionFormat::kYaml) {
      throw ConfigError("only a YAML revision can be written with its sections given");
    }
    contents = "revision: " + YamlScalar(id) + "\ndown_revision: " + down_revision +
               "\nreplaces: " + YamlList(spec.replaces) +
               "\nbranch_labels: " + YamlList(spec.branch_labels) +
               "\ndepends_on: " + YamlList(spec.depends_on) +
               "\nmessage: " + YamlScalar(spec.message) +
               "\ncreate_date: " + YamlScalar(CreateDate(now)) + "\n\n" + spec.body;
  } else if (format == RevisionFormat::kCpp) {
    contents = CppRevisionSkeleton(spec, id, YamlScalar(CreateDate(now)), down_revision,
                                   YamlList(spec.branch_labels), YamlList(spec.depends_on),
                                   YamlScalar(spec.message));
  } else {
    const bool sql = format == RevisionFormat::kSql;
    const std::filesystem::path template_path =
        location_ / (sql ? "script.sql.tmpl" : "script.yaml.tmpl");
    std::ifstream stream(template_path);
    if (!stream) {
      throw ConfigError("the template " + template_path.string() +
                        " is missing (it comes with 'retort init'; 'retort init -t sql' writes "
                        "only script.sql.tmpl)");
    }
    std::ostringstream text;
    text << stream.rdbuf();
    const std::map<std::string, std::string> values = {
        {"revision", YamlScalar(id)},
        {"up_revision", YamlScalar(id)},  // Alembic's name for it
        {"down_revision", down_revision},
        {"branch_labels", YamlList(spec.branch_labels)},
        {"depends_on", YamlList(spec.depends_on)},
        {"message", YamlScalar(spec.message)},
        {"create_date", YamlScalar(CreateDate(now))},
    };
    contents = ExpandTemplate(template_path.string(), text.str(), values);
  }
  const std::string name = FormatFileName(file_template_, {id, Slugify(spec.message), now});
  const char* extension = format == RevisionFormat::kCpp ? ".cpp"
                          : format == RevisionFormat::kSql ? ".sql"
                                                           : ".yaml";
  const std::filesystem::path path = folder / (name + extension);
  WriteNewFile(path, contents);
  graph_.reset();
  return path;
}

std::vector<std::filesystem::path> ScriptDirectory::Create(const std::filesystem::path& location,
                                                          std::string_view name) {
  const InitTemplate* chosen = FindInitTemplate(name);
  if (!chosen) {
    std::vector<std::string> known;
    for (const InitTemplate& candidate : InitTemplates()) known.push_back(candidate.name);
    throw ConfigError("no template '" + std::string(name) + "' (known: " +
                      text::Join(known, ", ") + "; see 'retort list_templates')");
  }
  if (std::filesystem::exists(location) &&
      (!std::filesystem::is_directory(location) || !std::filesystem::is_empty(location))) {
    throw ConfigError(location.string() + " already exists and is not an empty folder");
  }
  std::filesystem::create_directories(location / "versions");
  std::vector<std::filesystem::path> written = {location / "versions"};
  for (const auto& [file, contents] : chosen->files) {
    WriteNewFile(location / file, contents);
    written.push_back(location / file);
  }
  return written;
}

std::vector<ScriptTemplateInfo> ScriptDirectory::Templates() {
  std::vector<ScriptTemplateInfo> templates;
  for (const InitTemplate& candidate : InitTemplates()) {
    templates.push_back({candidate.name, candidate.description});
  }
  return templates;
}

}  // namespace retort
