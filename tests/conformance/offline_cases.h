// What the offline SQL tests share: catalogue cases and the sample as
// script directories, and a Config for them.
#ifndef RETORT_TESTS_CONFORMANCE_OFFLINE_CASES_H_
#define RETORT_TESTS_CONFORMANCE_OFFLINE_CASES_H_

#include <filesystem>
#include <string>
#include <vector>

#include "catalogue.h"
#include "retort/config.h"
#include "test_support.h"

namespace retort::testing {

// The case's revisions as files r0, r1, ... in `folder`, each on the one
// before.
inline std::vector<std::string> WriteCase(const conformance::CatalogueCase& entry,
                                   const std::string& dialect,
                                   const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < entry.revisions.size(); ++i) {
    const std::string id = "r" + std::to_string(i);
    std::string body = entry.revisions[i];
    for (std::size_t at; (at = body.find("${dialect}")) != std::string::npos;) {
      body.replace(at, 10, dialect);
    }
    WriteFile(folder / (id + ".yaml"),
              "revision: " + id + "\ndown_revision: " + (ids.empty() ? "null" : ids.back()) +
                  "\nmessage: step " + std::to_string(i) + "\n" + body);
    ids.push_back(id);
  }
  return ids;
}

inline Config ConfigFor(const std::filesystem::path& scripts, const std::string& url) {
  Config config;
  config.script_location = scripts;
  config.url = url;
  config.url_origin = "test";
  return config;
}

inline std::filesystem::path CopySample(const std::filesystem::path& folder) {
  const std::filesystem::path copy = folder / "migrations";
  std::filesystem::copy(std::filesystem::path(RETORT_SOURCE_DIR) / "migrations", copy,
                        std::filesystem::copy_options::recursive);
  std::filesystem::remove(copy / ".retort-index");
  return copy;
}

}  // namespace retort::testing

#endif  // RETORT_TESTS_CONFORMANCE_OFFLINE_CASES_H_
