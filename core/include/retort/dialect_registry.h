// Where the core finds dialects: by name, or by the scheme of a URL.
//
// Thread-safety: every member may be called from several threads at once (a
// mutex guards the entries). Dialects are never removed: a pointer or
// reference to one that the registry returns stays valid as long as the
// registry (the global one: until the program exits).
#ifndef RETORT_DIALECT_REGISTRY_H_
#define RETORT_DIALECT_REGISTRY_H_

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "retort/dialect.h"

namespace retort {

class DialectRegistry {
 public:
  struct Entry {
    std::shared_ptr<const Dialect> dialect;
    std::string origin;  // "built in", or the module file it was loaded from
  };

  // The registry the commands use.
  static DialectRegistry& Global();

  // Adds `dialect`. Registering a dialect whose name is already registered
  // is a no-op when it comes from the same origin, else a ConfigError; so is
  // a URL scheme that another dialect already claims.
  void Register(std::shared_ptr<const Dialect> dialect, std::string origin = "built in");

  // The dialect named `name`, or nullptr.
  const Dialect* Find(std::string_view name) const;

  // The dialect that handles URLs with `scheme`. Throws ConfigError listing
  // the schemes that are known.
  const Dialect& ForScheme(std::string_view scheme) const;

  std::vector<Entry> Entries() const;

 private:
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
};

}  // namespace retort

#endif  // RETORT_DIALECT_REGISTRY_H_
