// Commands that change the database: upgrade, downgrade, stamp,
// ensure_version.
#include <chrono>
#include <iostream>

#include "cli.h"
#include "report.h"
#include "retort/commands.h"
#include "retort/error.h"
#include "terminal_listener.h"

namespace retort::cli {
namespace {

void DeclareTag(po::options_description& options) {
  options.add_options()("tag", po::value<std::string>()->value_name("TEXT"),
                        "recorded in the history rows this run writes (see retort log)");
}

void DeclareRun(po::options_description& options, po::positional_options_description& positionals) {
  options.add_options()
      ("target", po::value<std::string>()->required(),
       "where to go: head, heads, base, a revision, +N/-N, label@head, ...")
      ("verbose,v", po::bool_switch(), "print each SQL statement")
      ("single-transaction", po::bool_switch(),
       "run everything in one transaction: all or nothing")
      ("lock-timeout", po::value<std::string>()->value_name("SECONDS"),
       "how long to wait for another migrator")
      ("ddl-lock-timeout", po::value<std::string>()->value_name("SECONDS"),
       "how long each statement may wait for a lock on what it changes")
      ("ddl-lock-retries", po::value<std::string>()->value_name("N"),
       "how often a revision whose statement timed out is tried again");
  DeclareTag(options);
  positionals.add("target", 1);
}

void DeclareUpgrade(po::options_description& options,
                    po::positional_options_description& positionals) {
  DeclareRun(options, positionals);
  options.add_options()("adopt", po::bool_switch(),
                        "a database made before retort (tables, no version table): stamp the "
                        "revision its schema matches, then upgrade");
}

// The configuration, with the run's --tag.
Config LoadTagged(const po::variables_map& values, const GlobalOptions& globals) {
  Config config = globals.LoadConfig();
  if (values.count("tag")) config.tag = values["tag"].as<std::string>();
  return config;
}

int RunMigration(const po::variables_map& values, const GlobalOptions& globals, bool up) {
  Config config = LoadTagged(values, globals);
  if (values["single-transaction"].as<bool>()) config.transaction_per_revision = false;
  if (up && values["adopt"].as<bool>()) config.adopt_unversioned = true;
  try {
    if (values.count("lock-timeout")) {
      config.lock_timeout = ParseLockTimeout(values["lock-timeout"].as<std::string>(),
                                             "--lock-timeout");
    }
    if (values.count("ddl-lock-timeout")) {
      config.ddl_lock_timeout = ParseDdlLockTimeout(values["ddl-lock-timeout"].as<std::string>(),
                                                    "--ddl-lock-timeout");
    }
    if (values.count("ddl-lock-retries")) {
      config.ddl_lock_retries = ParseDdlLockRetries(values["ddl-lock-retries"].as<std::string>(),
                                                    "--ddl-lock-retries");
    }
  } catch (const ConfigError& error) {
    throw UsageError(error.what());
  }
  TerminalListener listener(std::cout, globals.quiet, values["verbose"].as<bool>());
  const std::string target = values["target"].as<std::string>();
  const auto started = std::chrono::steady_clock::now();
  const std::vector<MigrationStep> steps =
      up ? Upgrade(config, target, listener) : Downgrade(config, target, listener);
  if (globals.quiet) return kExitSuccess;
  if (steps.empty()) {
    std::cout << "Nothing to do: the database is already at " << target << "\n";
  } else {
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    std::cout << (up ? "Upgraded" : "Downgraded") << " to " << RevisionList(steps.back().heads_after)
              << ": " << steps.size() << (steps.size() == 1 ? " revision" : " revisions")
              << " in " << static_cast<long long>(ms) << " ms\n";
  }
  return kExitSuccess;
}

int RunStamp(const po::variables_map& values, const GlobalOptions& globals) {
  const std::vector<std::string> rows =
      Stamp(LoadTagged(values, globals), values["revisions"].as<std::vector<std::string>>(),
            values["purge"].as<bool>(), values["force"].as<bool>());
  if (!globals.quiet) std::cout << "Stamped: " << RevisionList(rows) << "\n";
  return kExitSuccess;
}

int RunEnsureVersion(const po::variables_map&, const GlobalOptions& globals) {
  const Config config = globals.LoadConfig();
  const bool created = EnsureVersion(config);
  if (!globals.quiet) {
    const std::string schema =
        config.tables.schema.empty() ? std::string() : config.tables.schema + ".";
    const std::string tables = schema + config.tables.version + " and " + schema +
                               config.tables.history;
    std::cout << (created ? "Created " + tables : tables + " are up to date") << "\n";
  }
  return kExitSuccess;
}

}  // namespace

std::vector<CommandSpec> MigrationCommands() {
  return {
      {"upgrade", "apply revisions up to a target", "TARGET [--adopt] [options]", DeclareUpgrade,
       [](const po::variables_map& values, const GlobalOptions& globals) {
         return RunMigration(values, globals, true);
       }},
      {"downgrade", "revert revisions down to a target", "TARGET [options]", DeclareRun,
       [](const po::variables_map& values, const GlobalOptions& globals) {
         return RunMigration(values, globals, false);
       }},
      {"stamp", "set the version table without running revisions",
       "REVISION... [--purge] [--force] [--tag TEXT]",
       [](po::options_description& options, po::positional_options_description& positionals) {
         options.add_options()
             ("revisions", po::value<std::vector<std::string>>()->required(),
              "the revisions to mark as current (base: none)")
             ("purge", po::bool_switch(),
              "empty the version table first, even of revisions retort does not know")
             ("force", po::bool_switch(),
              "stamp even when the database's schema is not the one the revisions make");
         DeclareTag(options);
         positionals.add("revisions", -1);
       },
       RunStamp},
      {"ensure_version", "create the version tables, and nothing else", "",
       [](po::options_description&, po::positional_options_description&) {},
       RunEnsureVersion},
  };
}

}  // namespace retort::cli
