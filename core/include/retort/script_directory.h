// A script directory: the folder of revision files and the templates new
// revisions are written from.
//
//   <location>/script.yaml.tmpl    template for YAML revisions
//   <location>/script.sql.tmpl     template for plain-SQL revisions
//   <location>/versions/           {revision}_{slug}.yaml and .sql files, and
//                                  the .cpp files of C++ revisions
//   <location>/.retort-index       cache of revision headers (safe to delete)
//   <location>/.retort-index.trees cache of parsed YAML revisions (likewise)
//
// Revision files may also live in several folders that form one graph
// (retort.ini's version_locations); then each folder's headers are cached in
// <location>/.retort-index-<hash of the folder's path> (and .trees).
#ifndef RETORT_SCRIPT_DIRECTORY_H_
#define RETORT_SCRIPT_DIRECTORY_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retort/code_revision.h"
#include "retort/revision.h"
#include "retort/revision_graph.h"

namespace retort {

class RevisionIndex;  // the header cache, the core's own

// kCpp: the skeleton of a C++ revision (code_revision.h), for the
// application to compile; written without a template.
enum class RevisionFormat { kYaml, kSql, kCpp };

// What a new revision file says about itself.
struct NewRevision {
  std::string id;  // empty: a fresh random 12-hex-digit id
  std::vector<std::string> down_revisions;
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::vector<std::string> replaces{};  // a squash's range (RevisionHeader); only with a body
  std::string message;
  // YAML only: the text after the header (the upgrade and downgrade
  // sections), written in place of the template's. Empty: the template.
  std::string body{};
  // Empty: the format whose template the script directory has (YAML when it
  // has both).
  std::optional<RevisionFormat> format;
  // The folder to write to, one of the version locations. Empty: the only
  // one, or else the folder of the first down revision.
  std::filesystem::path version_path;
};

// How a script directory is laid out beyond its location (retort.ini).
struct ScriptDirectoryOptions {
  // Folders of revision files forming one graph; empty: <location>/versions.
  std::vector<std::filesystem::path> version_locations;
  // How new files are named (Alembic's grammar: "%(rev)s_%(slug)s", with
  // epoch, year, month, day, hour, minute, second in UTC); empty: that one.
  std::string file_template;
  // Cache revision headers (see the constructor).
  bool use_index = true;
  // Revisions written in C++ (Config::code_revisions): nodes of the graph
  // beside the files; see graph().
  std::vector<CodeRevision> code_revisions;
};

// A template `retort init -t` can lay down.
struct ScriptTemplateInfo {
  std::string name;
  std::string description;  // one line
};

// Not thread-safe: graph() reads the files on first use and keeps the graph,
// and Write and UseVersionPath drop it; use one per thread. Any number of
// ScriptDirectory objects, in threads or processes, may read one folder at
// once: each header cache is replaced whole, never written in place. The
// graph() reference, and the pointers into it, are valid until the next
// Write, UseVersionPath or the destruction.
class ScriptDirectory {
 public:
  // Opens the script directory at `location`. Throws ConfigError when it or
  // its versions/ folder does not exist. With `use_index`, revision headers
  // are cached in .retort-index, keyed by file name, size and modification
  // time, so that graph commands do not parse every file.
  explicit ScriptDirectory(std::filesystem::path location, bool use_index = true);
  // Opens it with version folders and a file name template. Throws
  // ConfigError as above, and when a version location does not exist.
  ScriptDirectory(std::filesystem::path location, ScriptDirectoryOptions options);
  ~ScriptDirectory();

  ScriptDirectory(const ScriptDirectory&) = delete;
  ScriptDirectory& operator=(const ScriptDirectory&) = delete;

  const std::filesystem::path& location() const { return location_; }
  // The default versions folder, <location>/versions.
  std::filesystem::path versions_path() const { return location_ / "versions"; }
  // Every folder revisions are read from, in the configured order.
  const std::vector<std::filesystem::path>& version_locations() const {
    return version_locations_;
  }

  // The version location `requested` names (compared as absolute paths),
  // created if it does not exist yet. Throws ConfigError when it is not one
  // of version_locations().
  std::filesystem::path UseVersionPath(const std::filesystem::path& requested);

  // The format `retort revision` writes without --format: the one whose
  // template this directory has, YAML when it has both (or neither).
  RevisionFormat DefaultFormat() const;

  // The graph of every revision file and C++ revision, read on first use.
  // A C++ revision whose .cpp file is in a version location is that file's
  // node. Throws FileError for a file that does not parse and RevisionError
  // for a broken graph, also for a C++ revision whose id another revision
  // has or whose registration disagrees with its .cpp file's header.
  const RevisionGraph& graph();

  // The whole revision behind `header` (a header of graph()), operations
  // included; for a C++ revision, its functions when it is registered (see
  // Revision::code). Throws FileError, also when the file changed and no
  // longer declares the same header. May be called from several threads at
  // once once graph() has been read. A YAML file's tree comes from the
  // parsed-revision cache while the file keeps its stamp; one parsed here
  // is added to it, and the cache is written when the graph is read again
  // or the ScriptDirectory is destroyed.
  Revision Load(const RevisionHeader& header) const;
  // As Load, but a YAML file is taken to have the stamp it had when graph()
  // listed its folder: no second stat, and while the parsed-revision cache
  // holds the tree of the listed file, that is what is returned (as Alembic
  // keeps a revision it loaded), even if the file was edited since in a way
  // that keeps its header; without one, the file as it is now, as Load
  // reads it. Either way the checksum is of the revision returned. For a
  // run that reads its plan right after the graph (offline SQL).
  Revision LoadAsListed(const RevisionHeader& header) const;
  // Says that whole revisions will be loaded once the graph is read (an
  // upgrade, a downgrade, their SQL): graph() then also reads the
  // parsed-revision cache, on another core while it builds the graph,
  // instead of the first Load. Commands that only read the graph (heads,
  // history) leave it unsaid and never read that cache. Call before graph().
  void ExpectLoads() {
    loads_expected_ = true;
    graph_only_ = false;
  }
  // Says the opposite: only the graph will be read, and the checksums
  // (heads, history, current, branches, log, validate, ...). graph() then
  // parses of a YAML file it has not cached only what precedes the
  // operations, as far as the file's layout allows (see
  // ParseRevisionHeader), and a later graph() of a ScriptDirectory that was
  // not told so reads such a file whole again. Load still reads whole
  // files. Ignored once ExpectLoads was called. Call before graph().
  void ExpectGraphOnly() { graph_only_ = !loads_expected_; }

  // The checksum Load(header).checksum gives (a header of graph()), taken
  // from the header cache while the file keeps its name, size and times, so
  // that checking every applied revision reads no file. Throws FileError as
  // Load does when it reads the file.
  std::string Checksum(const RevisionHeader& header);

  // Writes a new revision file from the template and returns its path; the
  // graph is read again on next use. Throws ConfigError when the id is taken
  // or not usable in a file name, when the version path is not one of the
  // version locations, or when there are several and none can be chosen, or
  // for a body in a format other than YAML; FileError for a broken template.
  std::filesystem::path Write(const NewRevision& revision);

  // Creates a script directory at `location` from the template `name`
  // (see Templates()): versions/, the revision templates, and a .gitignore
  // for the index. Throws ConfigError when `location` exists and is not an
  // empty folder, or for an unknown template (naming the known ones).
  // Returns what it wrote: versions/ first, then the files.
  static std::vector<std::filesystem::path> Create(const std::filesystem::path& location,
                                                   std::string_view name = "yaml");

  // The templates Create() knows, in the order `retort list_templates`
  // shows them.
  static std::vector<ScriptTemplateInfo> Templates();

 private:
  // The version location a new revision goes to (see NewRevision).
  std::filesystem::path ChooseVersionPath(const NewRevision& spec);
  Revision Load(const RevisionHeader& header, bool as_listed) const;
  struct ParsedCaches;  // the parsed-revision caches of the folders read
  // Reads the headers of the folder `versions` into `headers`, and their
  // checksums into checksums_, through its header cache, which it returns
  // unsaved; adds the folder's parsed-revision cache to `parsed`.
  std::unique_ptr<RevisionIndex> ReadVersionLocation(const std::filesystem::path& versions,
                                                     ParsedCaches& parsed,
                                                     std::vector<RevisionHeader>& headers);

  std::filesystem::path location_;
  std::vector<std::filesystem::path> version_locations_;
  std::string file_template_;
  bool use_index_;
  bool loads_expected_ = false;  // see ExpectLoads
  bool graph_only_ = false;       // see ExpectGraphOnly
  std::vector<CodeRevision> code_revisions_;
  std::unique_ptr<RevisionGraph> graph_;
  // Revision::checksum of each file graph() read, by revision id; sorted
  // by Checksum() when first asked.
  std::vector<std::pair<std::string, std::string>> checksums_;
  bool checksums_sorted_ = false;
  // The caches of parsed revisions of the folders graph() read, which Load
  // reads through (use_index only); saved when they are dropped.
  std::unique_ptr<ParsedCaches> parsed_;
};

// Reads one revision file (YAML, plain SQL or C++, by extension). Throws FileError
// naming the file and line of the first problem. Thread-safe.
Revision ReadRevisionFile(const std::filesystem::path& path);

// A file-name slug of `message`: lower case, words joined by '_', at most 40
// characters.
std::string Slugify(const std::string& message);

}  // namespace retort

#endif  // RETORT_SCRIPT_DIRECTORY_H_
