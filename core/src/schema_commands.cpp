// The library's schema commands: inspect, the implied schema, its sources,
// and the drift checks built on them.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "command_support.h"
#include "retort/commands.h"
#include "retort/dialect_loader.h"
#include "retort/error.h"
#include "retort/schema_diff.h"
#include "retort/schema_format.h"
#include "scratch_history.h"

namespace retort {
namespace {

bool EndsWith(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileError(path, 0, "cannot read the schema source");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// `name` as "table" or "schema.table".
bool Names(const std::string& name, const QualifiedName& table) {
  return name == table.name || name == ToString(table);
}

// Only `tables` of `schema`, with their indexes; ConfigError naming the
// first that is missing, with what there is.
Schema OnlyTables(const Schema& schema, const std::vector<std::string>& tables) {
  Schema only;
  for (const std::string& name : tables) {
    const auto found = std::find_if(schema.tables.begin(), schema.tables.end(),
                                    [&](const Table& table) { return Names(name, table.name); });
    if (found == schema.tables.end()) {
      std::string known;
      for (const Table& table : schema.tables) {
        known += (known.empty() ? "" : ", ") + ToString(table.name);
      }
      throw ConfigError("no table '" + name + "' in the database (it has: " +
                        (known.empty() ? std::string("no tables") : known) + ")");
    }
    only.tables.push_back(*found);
    for (const Index& index : schema.indexes) {
      if (index.table.name == found->name.name) only.indexes.push_back(index);
    }
    for (const Trigger& trigger : schema.triggers) {
      if (trigger.table.name == found->name.name) only.triggers.push_back(trigger);
    }
  }
  SortCanonically(only);
  return only;
}

// Runs a SQL file on a scratch database and reflects what it made.
Schema SchemaOfSqlFile(const Config& config, const std::string& path) {
  const std::string sql = ReadFile(path);
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  MigrationListener quiet;
  ScratchHistory scratch(config, scripts, quiet);
  try {
    scratch.connection().Execute(sql);
  } catch (const DatabaseError& error) {
    throw FileError(path, 0, "cannot run on " + scratch.description() + ": " + error.what());
  }
  return scratch.Reflect();
}

Schema SchemaOfUrl(const Config& config, const std::string& text) {
  const DatabaseUrl url = ParseDatabaseUrl(text);
  const std::unique_ptr<Connection> connection = FindDialectForScheme(url.scheme).Connect(url);
  return ReflectUserSchema(*connection, config.tables);
}

// The version rows of the live database; RevisionError for an incomplete
// revision, whose schema no history state describes.
std::vector<std::string> CurrentRows(const Config& config, Database& database,
                                     ScriptDirectory& scripts) {
  MigrationListener quiet;
  Migrator migrator = MigratorOf(config, database, scripts, quiet);
  if (const std::vector<IncompleteRevision> marks = migrator.Incomplete(); !marks.empty()) {
    throw RevisionError(DescribeIncomplete(marks.front()));
  }
  return migrator.CurrentHeads();
}

// What differs, and what differs without changing behaviour, which alone
// does not fail a check (a database adopted with serial keys would
// otherwise show drift for ever).
void Compare(SchemaCheck& check, Tolerance tolerance = {}) {
  SchemaComparison comparison = CompareSchemas(check.expected, check.actual, tolerance);
  check.diff = std::move(comparison.diff);
  check.tolerated = std::move(comparison.tolerated);
}

}  // namespace

Schema Inspect(const Config& config, const std::vector<std::string>& tables) {
  Database database = Open(config);
  const Schema schema = ReflectUserSchema(*database.connection, config.tables);
  return tables.empty() ? schema : OnlyTables(schema, tables);
}

Schema ImpliedSchema(const Config& config, const std::vector<std::string>& revisions) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  MigrationListener quiet;
  ScratchHistory scratch(config, scripts, quiet);
  scratch.UpgradeTo(revisions);
  return scratch.Reflect();
}

Schema LoadSchemaSource(const Config& config, const std::string& source) {
  if (EndsWith(source, ".sql")) return SchemaOfSqlFile(config, source);
  if (EndsWith(source, ".yaml") || EndsWith(source, ".yml") || EndsWith(source, ".json")) {
    // Written by a person, compared with what this dialect reflects: in the
    // dialect's own canonical form.
    Schema schema = SchemaFromYaml(ReadFile(source), source);
    const Dialect& dialect = FindDialectForScheme(ConfiguredUrl(config).scheme);
    CanonicalizeExpressions(
        schema, [&](std::string_view text) { return dialect.CanonicalExpression(text); });
    return dialect.StoredForm(std::move(schema));
  }
  if (source.find("://") != std::string::npos) return SchemaOfUrl(config, source);
  throw ConfigError("schema source '" + source +
                    "' is neither a file ending in .sql, .yaml, .yml or .json nor a database "
                    "URL");
}

SchemaCheck Check(const Config& config) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  Database database = Open(config);
  SchemaCheck check;
  check.revisions = CurrentRows(config, database, scripts);
  check.actual = ReflectUserSchema(*database.connection, config.tables);
  check.expected = ImpliedSchema(config, check.revisions);
  Compare(check);
  return check;
}

SchemaCheck CheckAgainst(const Config& config, const std::string& source) {
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  SchemaCheck check;
  for (const RevisionHeader* head : scripts.graph().Heads()) check.revisions.push_back(head->id);
  check.expected = ImpliedSchema(config, check.revisions);
  check.actual = LoadSchemaSource(config, source);
  // A comment SOURCE has and the heads do not is a change a revision makes.
  Compare(check, Tolerance{.comments = false});
  return check;
}

}  // namespace retort
