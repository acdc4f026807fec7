// The process-wide list of C++ revisions that static registrars fill before
// main() runs and LoadConfig reads afterwards.
#include <mutex>

#include "retort/code_revision.h"
#include "retort/error.h"
#include "revision_readers.h"

namespace retort {
namespace {

struct Registry {
  std::mutex mutex;
  std::vector<CodeRevision> revisions;
};

// Built on first use: registrars in other files' static initializers may
// run before this file's.
Registry& TheRegistry() {
  static Registry registry;
  return registry;
}

}  // namespace

bool RegisterCodeRevision(CodeRevision revision, std::source_location where) {
  if (revision.source.empty()) {
    revision.source = std::string(where.file_name()) + ":" + std::to_string(where.line());
  }
  const std::string described = "the C++ revision registered at " + revision.source;
  if (const std::string problem = RevisionIdProblem(revision.revision); !problem.empty()) {
    throw ConfigError(described + ": " + problem);
  }
  if (!revision.upgrade) {
    throw ConfigError(described + " (" + revision.revision + ") has no upgrade function");
  }
  Registry& registry = TheRegistry();
  std::lock_guard lock(registry.mutex);
  for (const CodeRevision& known : registry.revisions) {
    if (known.revision == revision.revision) {
      throw ConfigError("revision " + revision.revision + " is registered twice: at " +
                        known.source + " and at " + revision.source);
    }
  }
  registry.revisions.push_back(std::move(revision));
  return true;
}

std::vector<CodeRevision> RegisteredCodeRevisions() {
  Registry& registry = TheRegistry();
  std::lock_guard lock(registry.mutex);
  return registry.revisions;
}

}  // namespace retort
