// A script directory: the folder of revision files and the templates new
// revisions are written from.
//
//   <location>/script.yaml.tmpl    template for YAML revisions
//   <location>/script.sql.tmpl     template for plain-SQL revisions
//   <location>/versions/           {revision}_{slug}.yaml and .sql files
//   <location>/.retort-index       cache of revision headers (safe to delete)
#ifndef RETORT_SCRIPT_DIRECTORY_H_
#define RETORT_SCRIPT_DIRECTORY_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "retort/revision.h"
#include "retort/revision_graph.h"

namespace retort {

enum class RevisionFormat { kYaml, kSql };

// What a new revision file says about itself.
struct NewRevision {
  std::string id;  // empty: a fresh random 12-hex-digit id
  std::vector<std::string> down_revisions;
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::string message;
  RevisionFormat format = RevisionFormat::kYaml;
};

class ScriptDirectory {
 public:
  // Opens the script directory at `location`. Throws ConfigError when it or
  // its versions/ folder does not exist. With `use_index`, revision headers
  // are cached in .retort-index, keyed by file name, size and modification
  // time, so that graph commands do not parse every file.
  explicit ScriptDirectory(std::filesystem::path location, bool use_index = true);
  ~ScriptDirectory();

  ScriptDirectory(const ScriptDirectory&) = delete;
  ScriptDirectory& operator=(const ScriptDirectory&) = delete;

  const std::filesystem::path& location() const { return location_; }
  std::filesystem::path versions_path() const { return location_ / "versions"; }

  // The graph of every revision file, read on first use. Throws FileError
  // for a file that does not parse and RevisionError for a broken graph.
  const RevisionGraph& graph();

  // The whole revision behind `header` (a header of graph()), operations
  // included. Throws FileError, also when the file changed and no longer
  // declares the same header.
  Revision Load(const RevisionHeader& header) const;

  // Writes a new revision file from the template and returns its path; the
  // graph is read again on next use. Throws ConfigError when the id is taken
  // or not usable in a file name, FileError for a broken template.
  std::filesystem::path Write(const NewRevision& revision);

  // Creates a script directory at `location`: versions/ and both templates.
  // Throws ConfigError when `location` exists and is not an empty folder.
  static void Create(const std::filesystem::path& location);

 private:
  std::filesystem::path location_;
  bool use_index_;
  std::unique_ptr<RevisionGraph> graph_;
};

// Reads one revision file (YAML or plain SQL, by extension). Throws FileError
// naming the file and line of the first problem.
Revision ReadRevisionFile(const std::filesystem::path& path);

// A file-name slug of `message`: lower case, words joined by '_', at most 40
// characters.
std::string Slugify(const std::string& message);

}  // namespace retort

#endif  // RETORT_SCRIPT_DIRECTORY_H_
