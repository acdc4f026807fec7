#include "retort/script_directory.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <chrono>
#include <ctime>
#include <fstream>
#include <future>
#include <random>
#include <sstream>

#include "text_util.h"

#include "code_revision_nodes.h"
#include "cpp_skeleton.h"
#include "file_template.h"
#include "parallel_for.h"
#include "retort/error.h"
#include "revision_index.h"
#include "revision_readers.h"
#include "revision_tree_cache.h"
#include "script_templates.h"
#include "versions_folder.h"

namespace retort {
namespace {

constexpr std::size_t kSlugLength = 40;
// About 300 revisions' headers: below that, parsing the index takes less
// time than starting a thread for it.
constexpr std::uintmax_t kIndexWorthAThread = 64 * 1024;
// Reading and parsing a revision file takes some 20-30 µs, starting a
// thread some 50 µs: a helper must have a few files to read to pay.
constexpr std::size_t kFilesReadPerThread = 8;

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

// `path` absolute, normalized, without a trailing '/': two spellings of one
// folder compare equal.
std::filesystem::path ComparablePath(const std::filesystem::path& path) {
  std::filesystem::path normal = std::filesystem::absolute(path).lexically_normal();
  if (!normal.has_filename() && normal.has_parent_path()) normal = normal.parent_path();
  return normal;
}

// The header cache of the revision files in `folder`: .retort-index for the
// script directory's own versions/ folder (as always), a file named after
// the folder's path for any other version location.
std::filesystem::path IndexFileOf(const std::filesystem::path& location,
                                  const std::filesystem::path& folder) {
  if (ComparablePath(folder) == ComparablePath(location / "versions")) {
    return location / ".retort-index";
  }
  return location /
         (".retort-index-" + Sha256Hex(ComparablePath(folder).generic_string()).substr(0, 16));
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

struct ScriptDirectory::ParsedCaches {
  // By version location, as the headers' paths begin.
  std::vector<std::pair<std::filesystem::path, std::unique_ptr<RevisionTreeCache>>> folders;
  bool save = false;  // only once the graph was good, as the header caches

  ~ParsedCaches() {
    if (!save) return;
    for (auto& [folder, cache] : folders) cache->Save();
  }

  RevisionTreeCache* For(std::string_view folder) const {
    // As the graph wrote it (the folder's text, '/', the name) first: a
    // std::filesystem::path comparison splits both paths into parts.
    for (const auto& [location, cache] : folders) {
      std::string_view text = location.native();
      while (text.size() > 1 && text.ends_with('/')) text.remove_suffix(1);  // "versions/"
      if (text == folder) return cache.get();
    }
    const std::filesystem::path as_path(folder);
    for (const auto& [location, cache] : folders) {
      if (location == as_path) return cache.get();
    }
    return nullptr;
  }
};

ScriptDirectory::~ScriptDirectory() = default;

std::unique_ptr<RevisionIndex> ScriptDirectory::ReadVersionLocation(
    const std::filesystem::path& versions, ParsedCaches& parsed,
    std::vector<RevisionHeader>& headers) {
  const std::filesystem::path index_file = IndexFileOf(location_, versions);
  // A long history's index is parsed on another core while this one lists
  // the folder (a stat per file): each is a third of reading the graph.
  // A short one's is parsed here, in less time than a thread takes.
  std::error_code no_index;
  const bool long_index = std::filesystem::file_size(index_file, no_index) > kIndexWorthAThread;
  std::future<std::unique_ptr<RevisionIndex>> parsing =
      std::async(long_index && !no_index ? std::launch::async : std::launch::deferred,
                 [&] { return std::make_unique<RevisionIndex>(index_file, versions); });
  // With no index, a run that reads the graph alone reads every file, and
  // stamps each as it opens it: a stat of each in the listing would look
  // every path up twice.
  const bool stamp_in_listing = !(graph_only_ && no_index);
  auto listed = ListRevisionFiles(versions, stamp_in_listing);
  auto index = parsing.get();
  auto& [folder, trees] = parsed.folders.emplace_back(versions, nullptr);
  // To the parsed-revision cache before the files are read through it; a
  // listing without stamps once the reads stamped it.
  auto keep_listing = [&] {
    trees =
        std::make_unique<RevisionTreeCache>(index_file.string() + ".trees", std::move(listed));
    if (loads_expected_ && use_index_) trees->StartLoading();
  };
  if (stamp_in_listing) keep_listing();
  const std::vector<std::pair<std::string, FileStamp>>* files =
      stamp_in_listing ? &trees->live() : &listed;
  std::vector<const RevisionIndex::Entry*> cached(files->size(), nullptr);
  std::size_t found = 0;
  for (std::size_t i = 0; use_index_ && i < files->size(); ++i) {
    const auto& [name, stamp] = (*files)[i];
    cached[i] = index->Find(name, stamp);
    // A file of which only the header was read is read whole before its
    // operations may run.
    if (cached[i] && !cached[i]->operations_checked && !graph_only_) cached[i] = nullptr;
    if (cached[i]) ++found;
  }
  // An index that holds every file as it is will not be written again:
  // its entries are moved to the graph, not copied.
  const bool take = found == files->size() && index->Unchanged(files->size());
  // The files the index lacks are read on every core: in a fresh clone,
  // that is every file. The trees parsed here serve Load too, so such a
  // run parses each file once; a run that reads the graph alone parses
  // only the headers.
  std::vector<std::size_t> unread;
  for (std::size_t i = 0; i < files->size(); ++i) {
    if (!cached[i]) unread.push_back(i);
  }
  std::vector<RevisionIndex::Entry> read(unread.size());
  // Without the listing's stats, a name that is no file is found as it is
  // read: its error still comes before any file's, as with them.
  std::vector<std::exception_ptr> file_errors(stamp_in_listing ? 0 : unread.size());
  ParallelFor(unread.size(), kFilesReadPerThread, [&](std::size_t k) {
    const std::string& name = (*files)[unread[k]].first;
    const std::string path = (versions / name).string();
    Revision revision;
    bool operations_read = true;
    if (!graph_only_) {
      revision =
          ReadThrough(use_index_ ? trees.get() : nullptr, path, (*files)[unread[k]].second);
    } else if (stamp_in_listing) {
      revision = ParseRevisionHeader(path, ReadRevisionText(path), &operations_read);
    } else {
      try {
        const std::string text = ReadRevisionTextAndStamp(path, &listed[unread[k]].second);
        revision = ParseRevisionHeader(path, text, &operations_read);
      } catch (const FileError&) {
        file_errors[k] = std::current_exception();
        return;
      }
    }
    read[k] = {(*files)[unread[k]].second, std::move(revision.header),
               std::move(revision.checksum), operations_read};
  });
  for (const std::exception_ptr& error : file_errors) {
    if (error) std::rethrow_exception(error);
  }
  if (!trees) {
    keep_listing();
    files = &trees->live();
  }
  headers.reserve(headers.size() + files->size());
  checksums_.reserve(checksums_.size() + files->size());
  for (std::size_t i = 0, k = 0; i < files->size(); ++i) {
    RevisionIndex::Entry entry;
    if (cached[i]) {
      entry = take ? index->Take(*cached[i]) : *cached[i];
    } else {
      entry = std::move(read[k++]);
      if (use_index_) index->Put((*files)[i].first, entry);
    }
    checksums_.emplace_back(entry.header.id, std::move(entry.checksum));
    headers.push_back(std::move(entry.header));
  }
  return index;
}

const RevisionGraph& ScriptDirectory::graph() {
  if (graph_) return *graph_;
  checksums_.clear();
  checksums_sorted_ = false;
  parsed_.reset();  // saves what the last graph's loads parsed
  auto parsed = std::make_unique<ParsedCaches>();
  std::vector<RevisionHeader> headers;
  // Each folder's index is saved only once the whole graph is known to be
  // good, as with a single folder.
  std::vector<std::pair<std::unique_ptr<RevisionIndex>, const RevisionTreeCache*>> indexes;
  for (const std::filesystem::path& versions : version_locations_) {
    if (!std::filesystem::is_directory(versions)) {
      throw ConfigError("version location " + versions.string() +
                        " does not exist (create it, 'retort revision --version-path " +
                        versions.string() + "' does, or remove it from version_locations)");
    }
    auto index = ReadVersionLocation(versions, *parsed, headers);
    indexes.emplace_back(std::move(index), parsed->folders.back().second.get());
  }
  auto graph =
      std::make_unique<RevisionGraph>(AddCodeRevisions(std::move(headers), code_revisions_));
  if (use_index_) {
    for (auto& [index, trees] : indexes) index->Save(trees->live());
    parsed->save = true;
    parsed_ = std::move(parsed);
  }
  graph_ = std::move(graph);
  return *graph_;
}

Revision ScriptDirectory::Load(const RevisionHeader& header) const { return Load(header, false); }

Revision ScriptDirectory::LoadAsListed(const RevisionHeader& header) const {
  return Load(header, true);
}

Revision ScriptDirectory::Load(const RevisionHeader& header, bool as_listed) const {
  const CodeRevision* registration = FindCodeRevision(code_revisions_, header.id);
  if (registration && !IsCppFileNode(header, registration)) {
    return CodeRevisionOf(*registration, header, nullptr);
  }
  // The folder as text, as the graph joined it to the name ("/" at the root).
  const std::size_t slash = header.path.find_last_of('/');
  const std::string_view folder =
      slash == std::string::npos
          ? std::string_view()
          : std::string_view(header.path).substr(0, std::max<std::size_t>(slash, 1));
  RevisionTreeCache* const trees = parsed_ ? parsed_->For(folder) : nullptr;
  Revision revision = ReadThrough(trees, header.path, std::nullopt, as_listed);
  if (!(revision.header == header)) {
    throw FileError(header.path, 0,
                    "changed while retort was running (revision " + header.id + "); run again");
  }
  if (registration) return CodeRevisionOf(*registration, header, &revision);
  return revision;
}

std::string ScriptDirectory::Checksum(const RevisionHeader& header) {
  graph();
  // Sorted when first asked: heads and history never ask.
  if (!checksums_sorted_) {
    std::sort(checksums_.begin(), checksums_.end());
    checksums_sorted_ = true;
  }
  const auto it = std::lower_bound(checksums_.begin(), checksums_.end(), header.id,
                                   [](const auto& entry, const std::string& id) {
                                     return entry.first < id;
                                   });
  // A C++ revision registered without a file has no entry: Load knows.
  if (it != checksums_.end() && it->first == header.id) return it->second;
  return Load(header).checksum;
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
