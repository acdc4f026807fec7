// The retort command line: global options, the command table, exit codes.
// Commands parse their own options and call the library (retort/commands.h);
// no migration logic lives here.
#ifndef RETORT_CLI_CLI_H_
#define RETORT_CLI_CLI_H_

#include <boost/program_options.hpp>

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "retort/config.h"
#include "terminal_style.h"

namespace retort::cli {

namespace po = boost::program_options;

// Exit codes (documented in docs/commands.md).
constexpr int kExitSuccess = 0;
constexpr int kExitError = 1;     // the command failed: bad input, database error
constexpr int kExitUsage = 2;     // the command line itself is wrong
constexpr int kExitInternal = 3;  // a bug: please report it

// A command line that does not parse; the message says what to fix.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct GlobalOptions {
  std::string config_file = "retort.ini";
  std::optional<std::string> url;
  std::optional<std::string> dev_url;
  std::optional<std::string> lock;  // --lock
  bool quiet = false;
  std::map<std::string, std::string> x_arguments;  // -x key=value
  Style out;  // standard output's colours (--color, NO_COLOR, whether it is a terminal)
  Style err;  // standard error's

  // The configuration these options select (reads the ini file).
  Config LoadConfig() const;
};

struct CommandSpec {
  const char* name;
  const char* summary;
  const char* synopsis;  // what follows the command name in usage
  // Declares the command's options and positionals.
  std::function<void(po::options_description&, po::positional_options_description&)> declare;
  // Runs it; returns the exit code.
  std::function<int(const po::variables_map&, const GlobalOptions&)> run;
};

// Every command, in the order help lists them.
const std::vector<CommandSpec>& Commands();

// Registers the dialects this executable has linked in (none in a build that
// only loads modules); dialect modules are loaded when a URL needs them.
void RegisterDialects();

// The commands of each group, defined beside their implementations.
std::vector<CommandSpec> ScriptCommands();  // init, list_templates, revision, merge, squash, edit
std::vector<CommandSpec> MigrationCommands();  // upgrade, downgrade, stamp, ensure_version
std::vector<CommandSpec> InspectCommands();    // current, history, heads, branches, show
std::vector<CommandSpec> LogCommands();        // log
std::vector<CommandSpec> GraphCommands();      // graph
std::vector<CommandSpec> ValidateCommands();   // validate
std::vector<CommandSpec> SchemaCommands();     // inspect
std::vector<CommandSpec> CheckCommands();      // check
std::vector<CommandSpec> LintCommands();       // lint
std::vector<CommandSpec> DialectCommands();    // dialects
std::vector<CommandSpec> ConformanceCommands();  // conformance
std::vector<CommandSpec> FleetCommands();        // fleet

}  // namespace retort::cli

#endif  // RETORT_CLI_CLI_H_
