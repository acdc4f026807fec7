// The library API: one function per command. The retort executable is a thin
// layer over these; an application can call them directly with a Config.
// Every function throws retort::Error (or a subclass) for anything the user
// can fix, and leaves the database unchanged when it throws before running a
// revision.
//
// Errors common to every function that reads the script directory: ConfigError
// when config.script_location (or a version location) does not exist,
// FileError (file and line) for a revision file that cannot be read, and
// RevisionError for an inconsistent graph (cycle, duplicate id, missing
// parent). Every function that opens the database also throws ConfigError for
// a missing or bad URL, an unknown URL scheme or an unusable
// version_table_schema, and DatabaseError when the database refuses the
// connection or a query.
//
// Thread-safety: every function may be called from several threads at once.
// Each opens its own connection from config.url and closes it before it
// returns; the functions that change a database (Upgrade, Downgrade, Stamp,
// EnsureVersion, Adopt) take its migration lock, so that callers in any
// thread, process or machine take turns. Listeners are borrowed for the call
// only, and called on the calling thread.
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
#include "retort/offline_sql.h"
#include "retort/revision.h"
#include "retort/schema.h"
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

struct SquashOptions {
  std::string from{};  // references to the range's oldest and newest revisions
  std::string to{};
  std::string message{};
  std::string rev_id{};  // empty: random
};

struct SquashResult {
  std::filesystem::path path{};  // the new revision's file
  std::string id{};
  std::vector<std::string> replaces{};  // full ids, oldest first
  // Why the squash cannot be downgraded (a revision of the range cannot be);
  // empty when it can.
  std::string no_downgrade{};
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

// Writes a revision that merges `options.revisions` (several heads into one)
// and returns its path. Throws RevisionError for fewer than two revisions or
// one that descends from another of them, and otherwise as CreateRevision.
std::filesystem::path Merge(const Config& config, const MergeOptions& options);

// Writes one YAML revision that replaces the linear range options.from ..
// options.to (RevisionGraph explains what `replaces` means to a graph):
// down_revision is options.from's, the upgrade is the range's operations in
// order, and the downgrade each revision's downgrade newest first (none when
// every revision is reversed automatically; none, and `no_downgrade` saying
// why, when one cannot be downgraded). The files of the range stay. Before
// writing, it replays the history on scratch databases of the configured
// database's dialect (config.dev_url when set) and checks that the squash
// makes the schema the range makes, that its downgrade returns to the schema
// before the range, and that the graph's heads stay the same (the range's
// children continue from the squash). Throws, writing nothing,
// RevisionError naming the revision when the range is not linear (a branch
// or merge point inside it, options.from not an ancestor of options.to),
// when a revision outside it depends on one inside it other than the
// newest, when a revision of it is written in C++, runs outside a
// transaction, sets its own DDL lock settings, is itself a squash or is
// already squashed, and with the schema differences when a check fails;
// ConfigError for an empty message or a taken or unusable rev_id, and
// otherwise as CreateRevision and ImpliedSchema.
SquashResult Squash(const Config& config, const SquashOptions& options);

// Applies the revisions the database lacks to reach `target` (anything
// RevisionGraph::PlanUpgrade accepts: "head", "heads", an id or prefix, a
// label, "label@head", "+N") and returns the steps it applied, in order;
// empty when the database is already there.
//
// A database that holds tables but no version table is adopted first when
// config.adopt_unversioned is set (see Adopt): stamped, under the migration
// lock, with the revision its schema matches. config.x_arguments fill
// ${x.key} in the revisions' SQL; config.tag is recorded in each history row.
//
// The migration lock: taken before the version rows are read and held until
// the last step has committed or failed, then released (also when it
// throws); the plan is made from the rows read under the lock, so a caller
// that waited finds the work of the one before it done. An adoption is a
// hold of its own, just before. Each revision runs in a transaction together
// with its version-row change and history row (config.transaction_per_revision);
// with transaction_per_revision false, the whole run is one transaction.
//
// Throws, besides the errors common to every function:
// - DatabaseError (the dialect's code) when the migration lock is not had
//   within config.lock_timeout; nothing has changed.
// - RevisionError for a target that does not resolve or is ambiguous ("head"
//   with several heads), for version rows naming revisions the script
//   directory lacks, for a revision left incomplete by an earlier run (see
//   Migrator::Incomplete), and for an unversioned database without
//   adopt_unversioned or matching no revision; nothing has changed.
// - FileError naming the file, line and key of a ${x.key} without a value
//   (or a malformed one), and OperationError for an operation the dialect
//   cannot carry out or a transaction: false revision in a single-transaction
//   run: found while every revision of the plan is read and checked, before
//   the first runs; nothing has changed.
// - DatabaseError, LockTimeoutError (after config.ddl_lock_retries) or
//   OperationError from a revision that fails while running, naming the
//   revision, file, line and operation and what the database is left at:
//   the failing revision is rolled back with its version-row change, the
//   ones before it stay applied (none with transaction_per_revision false).
//   A transaction: false revision cannot be rolled back: it is recorded as
//   incomplete, and every later Upgrade and Downgrade refuses to run until a
//   person resolves it.
std::vector<MigrationStep> Upgrade(const Config& config, std::string_view target,
                                   MigrationListener& listener);
// Unapplies revisions, newest first, until the database is at `target`
// (anything PlanDowngrade accepts: an id or prefix, "base", "-N",
// "label@base") and returns the steps it took, in order; empty when the
// database is already there. Runs each revision's downgrade operations (or
// the automatic reverse of its upgrade); -x and the tag as for Upgrade. Never
// adopts. The migration lock, transactions and errors are Upgrade's, with
// RevisionError also for a target that is not applied (a downgrade cannot
// go up), and OperationError, before anything runs, for a revision whose
// upgrade cannot be reversed and has no downgrade section.
std::vector<MigrationStep> Downgrade(const Config& config, std::string_view target,
                                     MigrationListener& listener);

// The database's current revisions (one per head it is at); empty for a
// database retort has not touched. Reads only, without the migration lock.
// Throws RevisionError describing the revision and how to recover when one
// is incomplete (see Migrator), and for a version row the script directory
// lacks.
std::vector<RevisionInfo> Current(const Config& config);

// The version rows as stored: one per branch, where a row does not already
// imply the branch through depends_on. Reads them as they are: unlike
// Current, neither an incomplete revision nor a row the script directory
// lacks is an error; throws only what opening the database throws.
std::vector<std::string> VersionRows(const Config& config);

// Revisions in `range` ("a:b", "a:", ":b", "" for all), newest first. Opens
// the database only when the range names "current". Throws RevisionError
// for a range that does not resolve.
std::vector<RevisionInfo> History(const Config& config, std::string_view range);

// The heads of the revision graph: the revisions no other revision names as
// its down_revision, in file order; with `resolve_dependencies`, only those no
// revision names in depends_on either (Alembic's "heads --resolve-dependencies").
// Reads the script directory alone: the database is never opened, config.url
// may be empty, and no lock is taken. Returns an empty list for an empty
// history. Throws only the script directory's errors (ConfigError, FileError,
// RevisionError, see the top of this file); nothing is written but the
// header cache (.retort-index) beside the revisions.
std::vector<RevisionInfo> Heads(const Config& config, bool resolve_dependencies = false);

// A branch point and the revisions it branches into.
struct BranchPoint {
  RevisionInfo revision;
  std::vector<RevisionInfo> children;
};

// Every revision with more than one child.
std::vector<BranchPoint> Branches(const Config& config);

// The whole revision `reference` names (any form Resolve accepts). Throws
// RevisionError when it does not resolve, FileError when the file cannot be
// read.
Revision Show(const Config& config, std::string_view reference);

// Sets the version rows without running revisions; returns the new rows.
// config.tag is recorded in the stamp and unstamp history rows. Unless
// `force`, the live schema must match the schema `targets` imply (see
// ImpliedSchema), tolerated differences allowed (CompareSchemas): otherwise
// a RevisionError carries the diff and nothing is written.
std::vector<std::string> Stamp(const Config& config, const std::vector<std::string>& targets,
                               bool purge, bool force = false);

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

// --- Schemas -------------------------------------------------------------
// The functions below compute "implied" schemas: the schema a history makes,
// learned by running it on a scratch database of the live database's dialect
// (Dialect::OpenScratch, config.dev_url) and reflecting that. The live
// database is never written by them. They throw ConfigError when no scratch
// database can be had, and what running the history throws (naming the
// revision) when a revision fails on it.

// The live schema (Connection::Reflect); with `tables`, only those tables
// with their indexes and triggers. Throws ConfigError naming a table the database lacks.
Schema Inspect(const Config& config, const std::vector<std::string>& tables = {});

// The schema the history makes at `revisions` (each anything Resolve
// accepts; empty: base, the empty schema).
Schema ImpliedSchema(const Config& config, const std::vector<std::string>& revisions);

// The schema `source` describes: a file ending in .sql (run on a scratch
// database), .yaml, .yml or .json (a schema as SchemaToYaml / SchemaToJson
// write it), or a database URL (reflected). Throws FileError naming the file
// and line of what cannot be read or run.
Schema LoadSchemaSource(const Config& config, const std::string& source);

// What a comparison found: `expected` is the history's side, `actual` the
// database's (or the source's).
struct SchemaCheck {
  std::vector<std::string> revisions;  // where the history's side is
  Schema expected;
  Schema actual;
  // CompareSchemas(expected, actual): what changes behaviour (empty when
  // nothing does), and the tolerated differences, which alone still match.
  std::string diff;
  std::vector<std::string> tolerated = {};

  bool matches() const { return diff.empty(); }
};

// Compares the live database with the schema its current revisions imply
// (drift); tolerated differences alone are no drift. Throws RevisionError
// for an incomplete revision (as Current).
SchemaCheck Check(const Config& config);

// Compares the heads' implied schema with `source` (see LoadSchemaSource):
// a difference in `diff` means a new revision is needed; tolerated ones
// (serial against identity) alone do not, and comments are differences.
SchemaCheck CheckAgainst(const Config& config, const std::string& source);

// Writes a YAML revision on top of the head that takes its implied schema to
// `source`'s, and returns its path; nullopt (writing nothing) when they are
// equal. The operations come in dependency order and carry what their
// automatic downgrade needs. Throws as CreateRevision, and RevisionError when
// the history has several heads and options.head does not choose one.
std::optional<std::filesystem::path> Autogenerate(const Config& config,
                                                  const RevisionOptions& options,
                                                  const std::string& source);

// The revision a database made before retort matches.
struct Adoption {
  // The revision whose implied schema equals the live one (as a version row
  // set: several for a merge of branches); empty when none does.
  std::vector<std::string> revisions;
  // When nothing matches: the closest revision and the diff to it.
  std::vector<std::string> closest;
  std::string diff;
  // Differences that do not change behaviour and did not block the match
  // (a serial column where the revision makes an identity column).
  std::vector<std::string> tolerated;
};

// Finds the revision the live database's schema matches, replaying the
// history once, revision by revision, on a scratch database. Reads only.
Adoption FindAdoption(const Config& config);

// Stamps the live database, which holds tables but no version rows, with
// the revision FindAdoption finds (history rows say "adopted") and returns
// it. Throws RevisionError with the closest revision and the diff when
// nothing matches, and ConfigError when the database already has version
// rows.
Adoption Adopt(const Config& config);

}  // namespace retort

#endif  // RETORT_COMMANDS_H_
