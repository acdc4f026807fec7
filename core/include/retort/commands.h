// The library API: one function per command. The retort executable is a thin
// layer over these; an application can call them directly with a Config.
// Every function throws retort::Error (or a subclass) for anything the user
// can fix, and leaves the database unchanged when it throws before running a
// revision.
#ifndef RETORT_COMMANDS_H_
#define RETORT_COMMANDS_H_

#include <filesystem>
#include <optional>
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
  bool is_effective_head = false;  // a head another revision depends on
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
  // Empty: the script directory's default (see ScriptDirectory::DefaultFormat).
  std::optional<RevisionFormat> format;
  // With several version_locations: the one to write to (created if
  // missing); empty: the folder of the revision it builds on.
  std::filesystem::path version_path;
};

struct MergeOptions {
  std::vector<std::string> revisions = {"heads"};
  std::string message;
  std::string rev_id;
  std::vector<std::string> branch_labels;
};

// Creates a script directory at `directory` from the template
// `template_name` (see ListTemplates) and, unless `config_file` exists, a
// retort.ini there pointing to it. Returns the files written. Throws
// ConfigError for an unknown template (naming the known ones) or a
// `directory` that exists and is not empty, before writing anything.
std::vector<std::filesystem::path> Init(const std::filesystem::path& directory,
                                        const std::filesystem::path& config_file,
                                        std::string_view template_name = "yaml");

// The templates Init can lay down, each with a one-line description. "yaml"
// (the default) writes both revision templates and makes YAML the default
// format of `revision`; "sql" writes only the plain-SQL one, which makes it
// the default.
std::vector<ScriptTemplateInfo> ListTemplates();

// Writes a new revision file and returns its path (named by the config's
// file_template, in the version location options.version_path names). Throws
// RevisionError for a parent that does not resolve or is not a head without
// splice, ConfigError for a taken id or label, a version path that is not
// configured, or several version locations and nothing to choose one by.
std::filesystem::path CreateRevision(const Config& config, const RevisionOptions& options);

// Writes a revision that merges `options.revisions` (several heads into one).
std::filesystem::path Merge(const Config& config, const MergeOptions& options);

// Applies revisions up to `target`. config.x_arguments fill ${x.key} in the
// revisions' SQL (a key the plan uses without a value is a FileError naming
// the file, line and key, before anything runs); config.tag is recorded in
// each history row.
std::vector<MigrationStep> Upgrade(const Config& config, std::string_view target,
                                   MigrationListener& listener);
// Unapplies revisions down to `target`; -x and the tag as for Upgrade.
std::vector<MigrationStep> Downgrade(const Config& config, std::string_view target,
                                     MigrationListener& listener);

// The database's current revisions (one per head it is at).
// The database's current revisions. Throws RevisionError describing the
// revision and how to recover when one is incomplete (see Migrator).
std::vector<RevisionInfo> Current(const Config& config);

// The version rows as stored: one per branch, where a row does not already
// imply the branch through depends_on. Throws like Current.
std::vector<std::string> VersionRows(const Config& config);

// Revisions in `range` ("a:b", "a:", ":b", "" for all), newest first.
std::vector<RevisionInfo> History(const Config& config, std::string_view range);

// The heads, in file order; with `resolve_dependencies`, only those no
// revision depends on either.
std::vector<RevisionInfo> Heads(const Config& config, bool resolve_dependencies = false);

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
// config.tag is recorded in the stamp and unstamp history rows.
std::vector<std::string> Stamp(const Config& config, const std::vector<std::string>& targets,
                               bool purge);

// Creates the version and history tables if they do not exist, and nothing
// else (Alembic's ensure_version); also adds the tag column to a history
// table an older retort made. Takes the migration lock. Returns whether it
// changed anything: running it again is harmless and returns false. Throws
// ConfigError (no URL, a version_table_schema the database cannot have) or
// DatabaseError.
bool EnsureVersion(const Config& config);

// The history table of the database, oldest first; empty when there is
// none. Rows from before the tag column existed have an empty tag.
std::vector<HistoryRow> AppliedHistory(const Config& config);

// The files of the revisions `reference` names: anything Resolve accepts
// (an id, a prefix of 4+ characters, a branch label, head, label@head),
// "heads" (every head) or "current" (the database's current revisions).
// Throws RevisionError when it names no revision (base, or current on an
// unmigrated database) or does not resolve.
std::vector<std::filesystem::path> RevisionFiles(const Config& config,
                                                 std::string_view reference);

// Opens the files of `reference` (see RevisionFiles) in the user's editor,
// one after another, and returns them: the command in $EDITOR, else in
// $VISUAL, run by /bin/sh with the file as its argument (so "code --wait"
// works). Throws ConfigError, before starting anything, when neither is
// set; Error when the editor cannot start or exits with a failure.
std::vector<std::filesystem::path> Edit(const Config& config, std::string_view reference,
                                        const EnvironmentLookup& environment = ProcessEnvironment);

}  // namespace retort

#endif  // RETORT_COMMANDS_H_
