// Commands that change the database: upgrade, downgrade, stamp,
// ensure_version.
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <sstream>

#include "cli.h"
#include "report.h"
#include "retort/commands.h"
#include "retort/error.h"
#include "retort/offline_sql.h"
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
      ("sql", po::bool_switch(),
       "write the SQL to standard output instead of running it, connecting to no database; "
       "TARGET may be START:END (downgrade needs it), where START is where the database is")
      ("single-transaction", po::bool_switch(),
       "run everything in one transaction: all or nothing")
      ("lock-timeout", po::value<std::string>()->value_name("SECONDS"),
       "how long to wait for another migrator")
      ("ddl-lock-timeout", po::value<std::string>()->value_name("SECONDS"),
       "how long each statement may wait for a lock on what it changes")
      ("ddl-lock-retries", po::value<std::string>()->value_name("N"),
       "how often a revision whose statement timed out is tried again")
      ("on-checksum-mismatch", po::value<std::string>()->value_name("error|warn"),
       "over an applied revision edited since it ran: refuse (error) or warn and go on");
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

// --sql: the script on standard output, anything else on standard error.
int WriteMigrationSql(const Config& config, const po::variables_map& values,
                      const GlobalOptions& globals, bool up) {
  // Writing a script takes moments, not a database's time: off a terminal,
  // its "Running upgrade" lines reach standard error together at the end
  // (or before the error), not in a system call each.
  const bool terminal = ::isatty(STDERR_FILENO) == 1;
  std::ostringstream lines;
  TerminalListener listener(terminal ? static_cast<std::ostream&>(std::cerr) : lines, std::cerr,
                            terminal, globals.quiet, false, globals.err);
  const std::string range = values["target"].as<std::string>();
  OfflineScript script;
  try {
    script = up ? UpgradeSql(config, range, listener) : DowngradeSql(config, range, listener);
  } catch (...) {
    std::cerr << lines.view();
    throw;
  }
  std::cerr << lines.view();
  std::cout << script.sql << std::flush;
  if (script.steps.empty() && !globals.quiet) {
    std::cerr << "Nothing to do: a database at the start of " << range << " is already there\n";
  }
  return kExitSuccess;
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
    if (values.count("on-checksum-mismatch")) {
      config.on_checksum_mismatch = ParseChecksumMismatch(
          values["on-checksum-mismatch"].as<std::string>(), "--on-checksum-mismatch");
    }
  } catch (const ConfigError& error) {
    throw UsageError(error.what());
  }
  if (values["sql"].as<bool>()) {
    if (up && values["adopt"].as<bool>()) {
      throw UsageError("upgrade: --adopt reads the database, so it cannot go with --sql");
    }
    return WriteMigrationSql(config, values, globals, up);
  }
  TerminalListener listener(std::cout, globals.quiet, values["verbose"].as<bool>(), globals.out);
  const std::string target = values["target"].as<std::string>();
  const auto started = std::chrono::steady_clock::now();
  const std::vector<MigrationStep> steps =
      up ? Upgrade(config, target, listener) : Downgrade(config, target, listener);
  if (globals.quiet) return kExitSuccess;
  if (steps.empty()) {
    // An upgrade to a revision the database is past runs nothing too, as
    // Alembic's does.
    const bool may_be_past =
        up && target != "head" && target != "heads" && !target.ends_with("@head");
    std::cout << "Nothing to do: the database is already at " << (may_be_past ? "or past " : "")
              << target << "\n";
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

// stamp --sql [START:]REVISION...: the statements on standard output.
int WriteStampSql(const Config& config, std::vector<std::string> revisions, bool purge) {
  std::string start = "base";
  if (const std::size_t colon = revisions.front().find(':'); colon != std::string::npos) {
    start = revisions.front().substr(0, colon);
    revisions.front().erase(0, colon + 1);
  }
  std::cout << StampSql(config, start, revisions, purge).sql << std::flush;
  return kExitSuccess;
}

int RunStamp(const po::variables_map& values, const GlobalOptions& globals) {
  const auto revisions = values["revisions"].as<std::vector<std::string>>();
  if (values["sql"].as<bool>()) {
    if (values["force"].as<bool>()) {
      throw UsageError("stamp: --force is about the database's schema, which --sql does not read");
    }
    return WriteStampSql(LoadTagged(values, globals), revisions, values["purge"].as<bool>());
  }
  const std::vector<std::string> rows =
      Stamp(LoadTagged(values, globals), revisions, values["purge"].as<bool>(),
            values["force"].as<bool>());
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
       "[START:]REVISION... [--purge] [--force] [--sql] [--tag TEXT]",
       [](po::options_description& options, po::positional_options_description& positionals) {
         options.add_options()
             ("revisions", po::value<std::vector<std::string>>()->required(),
              "the revisions to mark as current (base: none)")
             ("purge", po::bool_switch(),
              "empty the version table first, even of revisions retort does not know")
             ("force", po::bool_switch(),
              "stamp even when the database's schema is not the one the revisions make")
             ("sql", po::bool_switch(),
              "write the SQL to standard output instead of running it; the first REVISION "
              "may be START:REVISION, where START is where the database is (default base)");
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
