#include "cli.h"

namespace retort::cli {

Config GlobalOptions::LoadConfig() const {
  ConfigOverrides overrides;
  overrides.url = url;
  overrides.dev_url = dev_url;
  overrides.lock = lock;
  Config config = retort::LoadConfig(config_file, overrides);
  config.x_arguments = x_arguments;
  return config;
}

const std::vector<CommandSpec>& Commands() {
  static const std::vector<CommandSpec> commands = [] {
    std::vector<CommandSpec> all;
    for (auto group : {ScriptCommands, MigrationCommands, InspectCommands, SchemaCommands,
                       LogCommands, GraphCommands, ValidateCommands, CheckCommands,
                       LintCommands, DialectCommands, ConformanceCommands, FleetCommands}) {
      for (CommandSpec& command : group()) all.push_back(std::move(command));
    }
    return all;
  }();
  return commands;
}

}  // namespace retort::cli
