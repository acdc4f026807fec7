#include "retort/commands.h"

#include <algorithm>
#include <fstream>

#include "retort/dialect_loader.h"
#include "retort/dialect_registry.h"
#include "retort/error.h"
#include "retort/url.h"
#include "revision_readers.h"

namespace retort {
namespace {

struct Database {
  const Dialect* dialect = nullptr;
  std::unique_ptr<Connection> connection;
};

// version_table_schema must name a schema the database can have: looking
// the version table up there fails on a database without it (an SQLite
// file has only "main", unless other files are attached). Said before
// anything runs, naming the option, rather than by the first CREATE TABLE.
void CheckVersionTableSchema(const Config& config, Database& database) {
  if (config.tables.schema.empty()) return;
  try {
    database.connection->TableExists({config.tables.schema, config.tables.version});
  } catch (const DatabaseError& error) {
    throw ConfigError(config.tables_origin + ": [retort] version_table_schema '" +
                      config.tables.schema + "' cannot apply to this " +
                      database.dialect->name() + " database (" + error.what() +
                      "); name a schema it has, or remove the option");
  }
}

Database Open(const Config& config) {
  if (config.url.empty()) {
    throw ConfigError("no database URL: set url in " +
                      (config.config_file.empty() ? std::string("retort.ini")
                                                  : config.config_file.string()) +
                      ", RETORT_URL, or --url");
  }
  DatabaseUrl url;
  try {
    url = ParseDatabaseUrl(config.url);
  } catch (const ConfigError& error) {
    if (config.url_origin.empty()) throw;
    throw ConfigError(std::string(error.what()) + " (the URL comes from " + config.url_origin +
                      ")");
  }
  Database database;
  database.dialect = &FindDialectForScheme(url.scheme);
  database.connection = database.dialect->Connect(url);
  CheckVersionTableSchema(config, database);
  return database;
}

MigrateOptions OptionsOf(const Config& config) {
  MigrateOptions options;
  options.transaction_per_revision = config.transaction_per_revision;
  options.lock_timeout = config.lock_timeout;
  options.x_arguments = config.x_arguments;
  options.tag = config.tag;
  return options;
}

ScriptDirectoryOptions ScriptOptionsOf(const Config& config) {
  ScriptDirectoryOptions options;
  options.version_locations = config.version_locations;
  options.file_template = config.file_template;
  return options;
}

Migrator MigratorOf(const Config& config, Database& database, ScriptDirectory& scripts,
                    MigrationListener& listener) {
  return Migrator(*database.dialect, *database.connection, scripts, listener, config.tables);
}

RevisionInfo Info(const RevisionGraph& graph, const RevisionHeader& header) {
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
        << "# retort's tables: the version table, and <its name less _version>_history.\n"
        << "# version_table = retort_version\n"
        << "# version_table_schema = retort\n"
        << "# Folders of revision files forming one graph (default: <script_location>/versions).\n"
        << "# version_locations = " << location.generic_string() << "/versions shared/versions\n"
        << "# How new revision files are named (as in alembic.ini).\n"
        << "# file_template = %%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-"
           "%%(rev)s_%%(slug)s\n";
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
  Database database = Open(config);
  return MigratorOf(config, database, scripts, listener)
      .Upgrade(target, OptionsOf(config));
}

std::vector<MigrationStep> Downgrade(const Config& config, std::string_view target,
                                     MigrationListener& listener) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  Database database = Open(config);
  return MigratorOf(config, database, scripts, listener)
      .Downgrade(target, OptionsOf(config));
}

std::vector<RevisionInfo> Current(const Config& config) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  const RevisionGraph& graph = scripts.graph();
  Database database = Open(config);
  MigrationListener quiet;
  Migrator migrator = MigratorOf(config, database, scripts, quiet);
  if (const std::vector<IncompleteRevision> marks = migrator.Incomplete(); !marks.empty()) {
    throw RevisionError(DescribeIncomplete(marks.front()));
  }
  const std::vector<std::string> rows = migrator.CurrentHeads();
  for (const std::string& id : rows) {
    if (!graph.Find(id)) {
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
  Database database = Open(config);
  MigrationListener quiet;
  return MigratorOf(config, database, scripts, quiet).CurrentHeads();
}

std::vector<RevisionInfo> History(const Config& config, std::string_view range) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  const RevisionGraph& graph = scripts.graph();
  auto current = [&] {
    Database database = Open(config);
    MigrationListener quiet;
    return MigratorOf(config, database, scripts, quiet).CurrentHeads();
  };
  return Infos(graph, graph.History(range, current));
}

std::vector<RevisionInfo> Heads(const Config& config, bool resolve_dependencies) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  const RevisionGraph& graph = scripts.graph();
  return Infos(graph, resolve_dependencies ? graph.RealHeads() : graph.Heads());
}

std::vector<BranchPoint> Branches(const Config& config) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
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
                               bool purge) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  Database database = Open(config);
  MigrationListener quiet;
  Migrator migrator = MigratorOf(config, database, scripts, quiet);
  return migrator.Stamp(targets, purge, OptionsOf(config));
}

bool EnsureVersion(const Config& config) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
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
  Database database = Open(config);
  MigrationListener quiet;
  return MigratorOf(config, database, scripts, quiet).History();
}

}  // namespace retort
