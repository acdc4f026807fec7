#include "retort/commands.h"

#include <algorithm>
#include <fstream>

#include "adoption.h"
#include "command_support.h"
#include "retort/dialect_loader.h"
#include "retort/dialect_registry.h"
#include "retort/error.h"
#include "retort/url.h"
#include "retort/schema_diff.h"
#include "revision_readers.h"
#include "scratch_history.h"
#include "text_util.h"

namespace retort {
namespace {

RevisionInfo Info(const RevisionGraph& main, const RevisionHeader& header) {
  const RevisionGraph& graph = main.ViewOf(header);  // a revision a squash replaces
  RevisionInfo info;
  info.header = header;
  info.branch_labels = graph.BranchLabelsOf(header);
  for (const RevisionHeader* child : graph.Children(header)) info.children.push_back(child->id);
  info.is_head = graph.IsHead(header);
  info.is_effective_head = graph.IsEffectiveHead(header);
  info.is_branch_point = graph.IsBranchPoint(header);
  info.is_merge_point = graph.IsMergePoint(header);
  return info;
}

std::vector<RevisionInfo> Infos(const RevisionGraph& graph,
                                const std::vector<const RevisionHeader*>& headers) {
  std::vector<RevisionInfo> infos;
  infos.reserve(headers.size());
  for (const RevisionHeader* header : headers) infos.push_back(Info(graph, *header));
  return infos;
}

// A bad --rev-id is reported before anything about the graph: it is what
// the user typed, and fixing the graph first would not help.
void CheckNewRevisionId(const std::string& rev_id) {
  if (rev_id.empty()) return;  // a random one
  if (const std::string problem = RevisionIdProblem(rev_id); !problem.empty()) {
    throw ConfigError(problem);
  }
}

// New branch labels must be free; ScriptDirectory::Write checks the id.
void CheckNewLabels(const RevisionGraph& graph, const std::vector<std::string>& branch_labels) {
  for (const std::string& label : branch_labels) {
    if (const RevisionHeader* owner = graph.FindBranchLabel(label)) {
      throw ConfigError("branch label '" + label + "' is already declared by revision " +
                        owner->id);
    }
    if (graph.Find(label)) throw ConfigError("branch label '" + label + "' is a revision id");
  }
}

// A stamp states that the database has the schema the stamped revisions
// make: refuse it when that is not so. Taking every version row away
// states nothing.
void RequireStampedSchema(const Config& config, ScriptDirectory& scripts, Database& database,
                          Migrator& migrator, const std::vector<std::string>& targets,
                          bool purge) {
  const std::vector<std::string> rows =
      scripts.graph().PlanStamp(migrator.CurrentHeads(), targets, purge);
  if (rows.empty()) return;
  const std::string revisions = text::Join(rows, " ");
  MigrationListener quiet;
  ScratchHistory scratch(config, scripts, quiet);
  try {
    scratch.UpgradeTo(rows);
  } catch (const Error& error) {
    throw RevisionError("cannot learn the schema revision " + revisions +
                        " makes, to check the database against it: running the history on " +
                        scratch.description() + " failed: " + error.what() +
                        "\nGive --force to stamp without the check");
  }
  // Tolerated differences (CompareSchemas) do not make the stamp untrue:
  // adoption stamps with them too.
  const std::string diff =
      CompareSchemas(scratch.Reflect(), ReflectUserSchema(*database.connection, config.tables))
          .diff;
  if (diff.empty()) return;
  throw RevisionError("the database's schema is not the one revision " + revisions +
                      " makes, so stamping would record something untrue. The differences "
                      "(- the revision's schema, + the database's):\n" + diff +
                      "Bring the database to that schema, stamp the revision it matches "
                      "(retort check, or upgrade --adopt on an unversioned database, find "
                      "it), or give --force to stamp anyway");
}

}  // namespace

std::vector<std::filesystem::path> Init(const std::filesystem::path& directory,
                                        const std::filesystem::path& config_file,
                                        std::string_view template_name) {
  std::vector<std::filesystem::path> written = ScriptDirectory::Create(directory, template_name);
  if (!std::filesystem::exists(config_file)) {
    const std::filesystem::path ini_folder =
        std::filesystem::absolute(config_file).parent_path();
    const std::filesystem::path location =
        std::filesystem::absolute(directory).lexically_relative(ini_folder);
    std::ofstream out(config_file);
    out << "[retort]\n"
        << "# The script directory, relative to this file.\n"
        << "script_location = " << location.generic_string() << "\n"
        << "# ${VAR} and ${VAR:-default} read the environment; RETORT_URL and --url override.\n"
        << "url = sqlite:///${APP_DATABASE:-app.db}\n"
        << "# false: a whole upgrade runs in one transaction (all or nothing).\n"
        << "transaction_per_revision = true\n"
        << "# Seconds to wait for another migrator to finish.\n"
        << "lock_timeout = 60\n"
        << "# How migrators keep apart: auto (the database's own lock, or a lease where that\n"
        << "# cannot work: a Galera cluster, a connection pooler), session or lease.\n"
        << "# lock = auto\n"
        << "# A pooler between retort and the database (none, session, transaction).\n"
        << "# pooler = transaction\n"
        << "# Seconds a lease lasts unless renewed; waiters take over a lapsed one.\n"
        << "# lease_duration = 30\n"
        << "# Seconds each statement may wait for a lock on the table it changes (PostgreSQL),\n"
        << "# and how often a revision that timed out is tried again after a pause.\n"
        << "# ddl_lock_timeout = 5\n"
        << "# ddl_lock_retries = 3\n"
        << "# retort's tables: the version table, and <its name less _version>_history.\n"
        << "# version_table = retort_version\n"
        << "# version_table_schema = retort\n"
        << "# Folders of revision files forming one graph (default: <script_location>/versions).\n"
        << "# version_locations = " << location.generic_string() << "/versions shared/versions\n"
        << "# How new revision files are named (as in alembic.ini).\n"
        << "# file_template = %%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-"
           "%%(rev)s_%%(slug)s\n"
        << "# Where check, autogenerate and adoption run the history (default: in memory\n"
        << "# for SQLite, a temporary database on the same server otherwise).\n"
        << "# dev_url = postgresql://localhost/app_dev\n"
        << "# true: upgrade adopts a database made before retort (tables, no version table).\n"
        << "# adopt_unversioned = false\n";
    if (!out.flush()) throw ConfigError("cannot write " + config_file.string());
    written.push_back(config_file);
  }
  return written;
}

std::vector<ScriptTemplateInfo> ListTemplates() { return ScriptDirectory::Templates(); }

std::filesystem::path CreateRevision(const Config& config, const RevisionOptions& options) {
  CheckNewRevisionId(options.rev_id);
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  // First: a version location named here may not exist yet.
  NewRevision spec;
  if (!options.version_path.empty()) {
    spec.version_path = scripts.UseVersionPath(options.version_path);
  }
  const RevisionGraph& graph = scripts.graph();
  CheckNewLabels(graph, options.branch_labels);

  spec.id = options.rev_id;
  spec.message = options.message;
  spec.branch_labels = options.branch_labels;
  spec.format = options.format;
  if (options.head != "base" && graph.size() > 0) {
    const RevisionHeader* parent = nullptr;
    if (options.head == "head") {
      const std::vector<const RevisionHeader*> heads = graph.Heads();
      if (heads.size() > 1) {
        std::string ids;
        for (const RevisionHeader* head : heads) ids += (ids.empty() ? "" : ", ") + head->id;
        throw RevisionError("there are several heads (" + ids +
                            "): build on one with --head, or join them with 'retort merge heads'");
      }
      parent = heads.front();
    } else {
      parent = &graph.Resolve(options.head);
    }
    if (!graph.IsHead(*parent) && !options.splice) {
      throw RevisionError("revision " + parent->id +
                          " is not a head; give --splice to start a branch from it");
    }
    spec.down_revisions = {parent->id};
  } else if (options.head != "head" && options.head != "base") {
    throw RevisionError("no revision '" + options.head + "': the script directory is empty");
  }
  for (const std::string& reference : options.depends_on) {
    spec.depends_on.push_back(graph.Resolve(reference).id);
  }
  return scripts.Write(spec);
}

std::filesystem::path Merge(const Config& config, const MergeOptions& options) {
  CheckNewRevisionId(options.rev_id);
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  const RevisionGraph& graph = scripts.graph();
  CheckNewLabels(graph, options.branch_labels);
  std::vector<std::string> parents;
  for (const std::string& reference : options.revisions) {
    std::vector<const RevisionHeader*> resolved;
    if (reference == "heads") {
      resolved = graph.Heads();
    } else {
      resolved = {&graph.Resolve(reference)};
    }
    for (const RevisionHeader* header : resolved) {
      if (std::find(parents.begin(), parents.end(), header->id) == parents.end()) {
        parents.push_back(header->id);
      }
    }
  }
  if (parents.size() < 2) {
    throw RevisionError("merge needs at least two revisions; " +
                        (parents.empty() ? std::string("none were given")
                                         : "only " + parents.front() + " was given or found"));
  }
  // A revision that descends from another one being merged has nothing to
  // join; one that only depends on another does (both stay heads until
  // merged).
  for (const std::string& id : parents) {
    for (const std::string& other : parents) {
      if (other != id && graph.DescendsFrom(*graph.Find(id), *graph.Find(other))) {
        throw RevisionError("cannot merge " + other + " with its descendant " + id);
      }
    }
  }
  NewRevision spec;
  spec.id = options.rev_id;
  spec.down_revisions = parents;
  spec.branch_labels = options.branch_labels;
  spec.message = options.message.empty() ? "merge " + std::to_string(parents.size()) + " heads"
                                         : options.message;
  return scripts.Write(spec);
}

std::vector<MigrationStep> Upgrade(const Config& config, std::string_view target,
                                   MigrationListener& listener) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  scripts.ExpectLoads();
  Database database = Open(config);
  AdoptIfUnversioned(config, scripts, database, listener);
  return MigratorOf(config, database, scripts, listener)
      .Upgrade(target, OptionsOf(config));
}

std::vector<MigrationStep> Downgrade(const Config& config, std::string_view target,
                                     MigrationListener& listener) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  scripts.ExpectLoads();
  Database database = Open(config);
  return MigratorOf(config, database, scripts, listener)
      .Downgrade(target, OptionsOf(config));
}

std::vector<RevisionInfo> Current(const Config& config) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  scripts.ExpectGraphOnly();
  const RevisionGraph& graph = scripts.graph();
  Database database = Open(config);
  MigrationListener quiet;
  Migrator migrator = MigratorOf(config, database, scripts, quiet);
  if (const std::vector<IncompleteRevision> marks = migrator.Incomplete(); !marks.empty()) {
    throw RevisionError(DescribeIncomplete(marks.front()));
  }
  const std::vector<std::string> rows = migrator.CurrentHeads();
  for (const std::string& id : rows) {
    if (!graph.Find(id) && !graph.ReplacedBy(id)) {
      throw RevisionError("the database is at revision '" + id +
                          "', which is not in the script directory " +
                          scripts.location().string() +
                          "; check script_location, or reset with 'stamp --purge'");
    }
  }
  return Infos(graph, graph.CurrentRevisions(rows));
}

std::vector<std::string> VersionRows(const Config& config) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  scripts.ExpectGraphOnly();
  Database database = Open(config);
  MigrationListener quiet;
  return MigratorOf(config, database, scripts, quiet).CurrentHeads();
}

std::vector<RevisionInfo> History(const Config& config, std::string_view range) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  scripts.ExpectGraphOnly();
  return Infos(scripts.graph(), RevisionsInRange(config, scripts, range));
}

std::vector<RevisionInfo> Heads(const Config& config, bool resolve_dependencies) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  scripts.ExpectGraphOnly();
  const RevisionGraph& graph = scripts.graph();
  return Infos(graph, resolve_dependencies ? graph.RealHeads() : graph.Heads());
}

std::vector<BranchPoint> Branches(const Config& config) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  scripts.ExpectGraphOnly();
  const RevisionGraph& graph = scripts.graph();
  std::vector<BranchPoint> points;
  for (const RevisionHeader* point : graph.BranchPoints()) {
    points.push_back(BranchPoint{Info(graph, *point), Infos(graph, graph.Children(*point))});
  }
  return points;
}

Revision Show(const Config& config, std::string_view reference) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  return scripts.Load(scripts.graph().Resolve(reference));
}

std::vector<std::string> Stamp(const Config& config, const std::vector<std::string>& targets,
                               bool purge, bool force) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  Database database = Open(config);
  MigrationListener quiet;
  Migrator migrator = MigratorOf(config, database, scripts, quiet);
  if (!force) RequireStampedSchema(config, scripts, database, migrator, targets, purge);
  return migrator.Stamp(targets, purge, OptionsOf(config));
}

bool EnsureVersion(const Config& config) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  scripts.ExpectGraphOnly();
  Database database = Open(config);
  MigrationListener quiet;
  return MigratorOf(config, database, scripts, quiet).EnsureVersionTables(OptionsOf(config));
}

std::vector<std::filesystem::path> RevisionFiles(const Config& config,
                                                 std::string_view reference) {
  std::vector<std::filesystem::path> files;
  if (reference == "current") {
    for (const RevisionInfo& info : Current(config)) files.push_back(info.header.path);
    if (files.empty()) throw RevisionError("the database has no current revision");
    return files;
  }
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  scripts.ExpectGraphOnly();
  const RevisionGraph& graph = scripts.graph();
  if (reference == "heads" || reference == "head") {
    const std::vector<const RevisionHeader*> heads = graph.Heads();
    if (reference == "head" && heads.size() > 1) {
      std::string ids;
      for (const RevisionHeader* head : heads) ids += (ids.empty() ? "" : ", ") + head->id;
      throw RevisionError("there are several heads (" + ids + "): name one, or give heads");
    }
    for (const RevisionHeader* head : heads) files.push_back(head->path);
  } else if (reference != "base") {
    files.push_back(graph.Resolve(reference).path);
  }
  if (files.empty()) {
    throw RevisionError("no revision files indicated by '" + std::string(reference) + "'");
  }
  return files;
}

std::vector<HistoryRow> AppliedHistory(const Config& config) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  scripts.ExpectGraphOnly();
  Database database = Open(config);
  MigrationListener quiet;
  return MigratorOf(config, database, scripts, quiet).History();
}

}  // namespace retort
