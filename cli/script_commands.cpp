// Commands that write files: init, list_templates, revision, merge, squash, edit.
#include <algorithm>
#include <iostream>

#include "cli.h"
#include "retort/commands.h"

namespace retort::cli {
namespace {

std::vector<std::string> Strings(const po::variables_map& values, const char* key) {
  return values.count(key) ? values[key].as<std::vector<std::string>>() : std::vector<std::string>();
}

std::string Text(const po::variables_map& values, const char* key, std::string fallback = "") {
  return values.count(key) ? values[key].as<std::string>() : fallback;
}

int RunInit(const po::variables_map& values, const GlobalOptions& globals) {
  const std::string template_name = Text(values, "template", "yaml");
  const std::vector<ScriptTemplateInfo> templates = ListTemplates();
  if (std::none_of(templates.begin(), templates.end(),
                   [&](const ScriptTemplateInfo& known) { return known.name == template_name; })) {
    std::string names;
    for (const ScriptTemplateInfo& known : templates) {
      names += (names.empty() ? "" : ", ") + known.name;
    }
    throw UsageError("init: no template '" + template_name + "' (known: " + names +
                     "; see retort list_templates)");
  }
  const std::vector<std::filesystem::path> written =
      Init(values["directory"].as<std::string>(), globals.config_file, template_name);
  if (!globals.quiet) {
    for (const auto& path : written) std::cout << "Created " << path.string() << "\n";
  }
  return kExitSuccess;
}

int RunListTemplates(const po::variables_map&, const GlobalOptions&) {
  const std::vector<ScriptTemplateInfo> templates = ListTemplates();
  std::size_t width = 0;
  for (const ScriptTemplateInfo& known : templates) width = std::max(width, known.name.size());
  std::cout << "Available templates:\n\n";
  for (const ScriptTemplateInfo& known : templates) {
    std::cout << "  " << known.name << std::string(width - known.name.size(), ' ') << " - "
              << known.description << "\n";
  }
  std::cout << "\nTemplates are used by init: retort init -t " << templates.back().name
            << " DIRECTORY\n";
  return kExitSuccess;
}

int RunEdit(const po::variables_map& values, const GlobalOptions& globals) {
  const std::vector<std::filesystem::path> files =
      Edit(globals.LoadConfig(), values["revision"].as<std::string>());
  if (!globals.quiet) {
    for (const auto& path : files) std::cout << "Edited " << path.string() << "\n";
  }
  return kExitSuccess;
}

int RunRevision(const po::variables_map& values, const GlobalOptions& globals) {
  RevisionOptions options;
  options.message = Text(values, "message");
  options.rev_id = Text(values, "rev-id");
  options.head = Text(values, "head", "head");
  options.branch_labels = Strings(values, "branch-label");
  options.depends_on = Strings(values, "depends-on");
  options.splice = values["splice"].as<bool>();
  options.version_path = Text(values, "version-path");
  if (values.count("format")) {
    const std::string format = Text(values, "format");
    if (format != "yaml" && format != "sql") {
      throw UsageError("revision: --format must be yaml or sql, not '" + format + "'");
    }
    options.format = format == "sql" ? RevisionFormat::kSql : RevisionFormat::kYaml;
  }
  if (values["code"].as<bool>()) {
    if (options.format) throw UsageError("revision: --code and --format exclude each other");
    options.format = RevisionFormat::kCpp;
  }
  const bool autogenerate = values["autogenerate"].as<bool>();
  if (autogenerate != (values.count("to") > 0)) {
    throw UsageError(autogenerate ? "revision: --autogenerate needs --to SOURCE"
                                  : "revision: --to goes with --autogenerate");
  }
  if (autogenerate) {
    const std::string source = Text(values, "to");
    const std::optional<std::filesystem::path> path =
        Autogenerate(globals.LoadConfig(), options, source);
    if (globals.quiet) return kExitSuccess;
    if (path) {
      std::cout << "Generated " << path->string() << "\n";
    } else {
      std::cout << "No changes: the head's schema is already that of " << source << "\n";
    }
    return kExitSuccess;
  }
  const std::filesystem::path path = CreateRevision(globals.LoadConfig(), options);
  if (!globals.quiet) std::cout << "Generated " << path.string() << "\n";
  return kExitSuccess;
}

int RunMerge(const po::variables_map& values, const GlobalOptions& globals) {
  MergeOptions options;
  if (values.count("revisions")) options.revisions = Strings(values, "revisions");
  options.message = Text(values, "message");
  options.rev_id = Text(values, "rev-id");
  options.branch_labels = Strings(values, "branch-label");
  const std::filesystem::path path = Merge(globals.LoadConfig(), options);
  if (!globals.quiet) std::cout << "Generated " << path.string() << "\n";
  return kExitSuccess;
}

int RunSquash(const po::variables_map& values, const GlobalOptions& globals) {
  SquashOptions options;
  options.from = Text(values, "from");
  options.to = Text(values, "to");
  options.message = Text(values, "message");
  options.rev_id = Text(values, "rev-id");
  const SquashResult result = Squash(globals.LoadConfig(), options);
  if (!result.no_downgrade.empty()) {
    std::cerr << "warning: revision " << result.id << " cannot be downgraded, since a revision "
              << "it replaces cannot be: " << result.no_downgrade << "\n";
  }
  if (!globals.quiet) {
    std::cout << "Generated " << result.path.string() << "\n"
              << "It replaces " << result.replaces.size() << " revisions ("
              << result.replaces.front() << " to " << result.replaces.back()
              << "), whose files must stay while a database may be between them\n";
  }
  return kExitSuccess;
}

}  // namespace

std::vector<CommandSpec> ScriptCommands() {
  return {
      {"init", "create a script directory (and retort.ini if missing)", "DIRECTORY",
       [](po::options_description& options, po::positional_options_description& positionals) {
         options.add_options()
             ("directory", po::value<std::string>()->required(), "the folder to create")
             ("template,t", po::value<std::string>()->value_name("NAME"),
              "the template: yaml (default) or sql; see list_templates");
         positionals.add("directory", 1);
       },
       RunInit},
      {"list_templates", "list the templates init can use", "",
       [](po::options_description&, po::positional_options_description&) {}, RunListTemplates},
      {"revision", "write a new revision file",
       "[-m MESSAGE] [--autogenerate --to SOURCE] [options]",
       [](po::options_description& options, po::positional_options_description&) {
         options.add_options()
             ("message,m", po::value<std::string>(), "what the revision does")
             ("rev-id", po::value<std::string>(), "the revision id (default: random)")
             ("head", po::value<std::string>(),
              "the revision to build on (default: head; 'base' starts a new base)")
             ("branch-label", po::value<std::vector<std::string>>()->composing(),
              "a branch label for the new revision (repeatable)")
             ("depends-on", po::value<std::vector<std::string>>()->composing(),
              "a revision this one depends on (repeatable)")
             ("splice", po::bool_switch(), "allow --head to name a revision that is not a head")
             ("format", po::value<std::string>(),
              "yaml or sql (default: the one the script directory has a template for; yaml "
              "when both)")
             ("version-path", po::value<std::string>()->value_name("DIR"),
              "the version location to write to, when retort.ini has several")
             ("code", po::bool_switch(),
              "write the skeleton of a C++ revision (a .cpp file the application compiles "
              "and registers)")
             ("autogenerate", po::bool_switch(),
              "write the operations that take the head's schema to --to's (a YAML revision "
              "whose downgrade reverses them); nothing is written when they are equal")
             ("to", po::value<std::string>()->value_name("SOURCE"),
              "with --autogenerate: the desired schema, a .sql file (run on a scratch "
              "database), a .yaml/.json schema as inspect writes it, or a database URL");
       },
       RunRevision},
      {"merge", "write a revision that joins several heads", "[REVISION...] [-m MESSAGE]",
       [](po::options_description& options, po::positional_options_description& positionals) {
         options.add_options()
             ("revisions", po::value<std::vector<std::string>>(),
              "the revisions to merge (default: heads)")
             ("message,m", po::value<std::string>(), "what the merge is for")
             ("rev-id", po::value<std::string>(), "the revision id (default: random)")
             ("branch-label", po::value<std::vector<std::string>>()->composing(),
              "a branch label for the merge revision (repeatable)");
         positionals.add("revisions", -1);
       },
       RunMerge},
      {"squash", "write one revision that replaces a linear range of revisions",
       "FROM TO -m MESSAGE [--rev-id ID]",
       [](po::options_description& options, po::positional_options_description& positionals) {
         options.add_options()
             ("from", po::value<std::string>()->required(), "the range's oldest revision")
             ("to", po::value<std::string>()->required(), "the range's newest revision")
             ("message,m", po::value<std::string>()->required(), "what the squash stands for")
             ("rev-id", po::value<std::string>(), "the revision id (default: random)");
         positionals.add("from", 1).add("to", 1);
       },
       RunSquash},
      {"edit", "open a revision file in $EDITOR", "REVISION",
       [](po::options_description& options, po::positional_options_description& positionals) {
         options.add_options()("revision", po::value<std::string>()->required(),
                               "a revision id, prefix or label, head, heads or current");
         positionals.add("revision", 1);
       },
       RunEdit},
  };
}

}  // namespace retort::cli
