// Upgrade and Downgrade for tests that do not watch the migration: the
// library commands with a listener that ignores every event.
#ifndef RETORT_TESTS_QUIET_COMMANDS_H_
#define RETORT_TESTS_QUIET_COMMANDS_H_

#include <string_view>
#include <vector>

#include "retort/commands.h"

namespace retort::testing {

inline std::vector<MigrationStep> Up(const Config& config, std::string_view target) {
  MigrationListener quiet;
  return Upgrade(config, target, quiet);
}

inline std::vector<MigrationStep> Down(const Config& config, std::string_view target) {
  MigrationListener quiet;
  return Downgrade(config, target, quiet);
}

}  // namespace retort::testing

#endif  // RETORT_TESTS_QUIET_COMMANDS_H_
