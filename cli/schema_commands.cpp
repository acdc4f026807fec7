// inspect: the live schema as neutral YAML, JSON or the dialect's SQL.
#include <iostream>

#include "cli.h"
#include "retort/commands.h"
#include "retort/dialect_loader.h"
#include "retort/schema_format.h"
#include "retort/url.h"

namespace retort::cli {
namespace {

int RunInspect(const po::variables_map& values, const GlobalOptions& globals) {
  const std::string format = values.count("format") ? values["format"].as<std::string>() : "yaml";
  if (format != "yaml" && format != "json" && format != "sql") {
    throw UsageError("inspect: --format must be yaml, json or sql, not '" + format + "'");
  }
  const std::vector<std::string> tables =
      values.count("table") ? values["table"].as<std::vector<std::string>>()
                            : std::vector<std::string>();
  const Config config = globals.LoadConfig();
  const Schema schema = Inspect(config, tables);
  if (format == "yaml") {
    std::cout << SchemaToYaml(schema);
  } else if (format == "json") {
    std::cout << SchemaToJson(schema);
  } else {
    const Dialect& dialect = FindDialectForScheme(ParseDatabaseUrl(config.url).scheme);
    for (const std::string& statement : SchemaToSql(schema, dialect)) {
      std::cout << statement << ";\n";
    }
  }
  return kExitSuccess;
}

}  // namespace

std::vector<CommandSpec> SchemaCommands() {
  return {
      {"inspect", "print the database's schema (neutral YAML, JSON, or SQL)",
       "[--format yaml|json|sql] [--table TABLE...]",
       [](po::options_description& options, po::positional_options_description&) {
         options.add_options()
             ("format", po::value<std::string>()->value_name("FORMAT"),
              "yaml (default: the keys of revision files, readable by check --to), json (the "
              "same document), or sql (the statements that create the schema on this "
              "database's dialect)")
             ("table", po::value<std::vector<std::string>>()->composing()->value_name("TABLE"),
              "only this table and its indexes (repeatable; default: every table)");
       },
       RunInspect},
  };
}

}  // namespace retort::cli
