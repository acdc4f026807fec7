// The library API: one function per command. The retort executable is a thin
// layer over these; an application can call them directly with a Config.
// Every function throws retort::Error (or a subclass) for anything the user
// can fix, and leaves the database unchanged when it throws before running a
// revision.
#ifndef RETORT_COMMANDS_H_
#define RETORT_COMMANDS_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "retort/config.h"
#include "retort/events.h"
#include "retort/migrator.h"
#include "retort/revision.h"
#include "retort/script_directory.h"

namespace retort {

// A revision as the graph commands report it.
struct RevisionInfo {
  RevisionHeader header;
  std::vector<std::string> branch_labels;  // own and inherited
  std::vector<std::string> children;
  bool is_head = false;
  bool is_branch_point = false;
  bool is_merge_point = false;
};

struct RevisionOptions {
  std::string message;
  std::string rev_id;                       // empty: random
  std::string head = "head";                // the revision to build on, or "base"
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;      // references, stored as full ids
  bool splice = false;                      // allow a parent that is not a head
  RevisionFormat format = RevisionFormat::kYaml;
};

struct MergeOptions {
  std::vector<std::string> revisions = {"heads"};
  std::string message;
  std::string rev_id;
  std::vector<std::string> branch_labels;
};

// Creates a script directory at `directory` and, unless `config_file`
// exists, a retort.ini there pointing to it. Returns the files written.
std::vector<std::filesystem::path> Init(const std::filesystem::path& directory,
                                        const std::filesystem::path& config_file);

// Writes a new revision file and returns its path.
std::filesystem::path CreateRevision(const Config& config, const RevisionOptions& options);

// Writes a revision that merges `options.revisions` (several heads into one).
std::filesystem::path Merge(const Config& config, const MergeOptions& options);

std::vector<MigrationStep> Upgrade(const Config& config, std::string_view target,
                                   MigrationListener& listener);
std::vector<MigrationStep> Downgrade(const Config& config, std::string_view target,
                                     MigrationListener& listener);

// The database's current revisions (one per head it is at).
// The database's current revisions. Throws RevisionError describing the
// revision and how to recover when one is incomplete (see Migrator).
std::vector<RevisionInfo> Current(const Config& config);

// Revisions in `range` ("a:b", "a:", ":b", "" for all), newest first.
std::vector<RevisionInfo> History(const Config& config, std::string_view range);

std::vector<RevisionInfo> Heads(const Config& config);

// A branch point and the revisions it branches into.
struct BranchPoint {
  RevisionInfo revision;
  std::vector<RevisionInfo> children;
};

// Every revision with more than one child.
std::vector<BranchPoint> Branches(const Config& config);

// The whole revision `reference` names (any form Resolve accepts).
Revision Show(const Config& config, std::string_view reference);

// Sets the version rows without running revisions; returns the new rows.
std::vector<std::string> Stamp(const Config& config, const std::vector<std::string>& targets,
                               bool purge);

// The history table of the database, oldest first.
std::vector<HistoryRow> AppliedHistory(const Config& config);

}  // namespace retort

#endif  // RETORT_COMMANDS_H_
