// Upgrades a database to the newest revision through the library, as an
// application does at start-up, then prints where the database is. One call
// serves every database the app may meet: a fresh one (every revision runs),
// one an older version of the app made before it used migrations (adopted:
// stamped with the revision its schema matches, then upgraded), and one
// already at head (nothing runs).
//
//   upgrade_to_head SCRIPT_DIRECTORY DATABASE_URL
//   upgrade_to_head migrations sqlite:///app.db
#include <iostream>
#include <string_view>

#include "retort/builtin_dialects.h"
#include "retort/commands.h"
#include "retort/error.h"

namespace {

// Logs each revision as it runs.
class Log : public retort::MigrationListener {
 public:
  void OnStepBegin(const retort::MigrationStep& step) override {
    std::cout << "applying " << step.revision.id << ": " << step.revision.message << "\n";
  }
  void OnNotice(std::string_view message) override { std::cout << message << "\n"; }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: upgrade_to_head SCRIPT_DIRECTORY DATABASE_URL\n";
    return 2;
  }
  try {
    retort::RegisterBuiltinDialects();
    retort::Config config;
    config.script_location = argv[1];
    config.url = argv[2];
    config.adopt_unversioned = true;
    Log log;
    const auto steps = retort::Upgrade(config, "head", log);
    std::cout << steps.size() << " revision(s) applied\n";
    for (const retort::RevisionInfo& current : retort::Current(config)) {
      std::cout << "now at " << current.header.id << (current.is_head ? " (head)" : "") << "\n";
    }
    return 0;
  } catch (const retort::Error& error) {
    std::cerr << "upgrade failed: " << error.what() << "\n";
    return 1;
  }
}
