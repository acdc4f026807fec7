#include "retort/dialect_registry.h"

#include <algorithm>

#include "retort/error.h"

namespace retort {

DialectRegistry& DialectRegistry::Global() {
  static DialectRegistry registry;
  return registry;
}

void DialectRegistry::Register(std::shared_ptr<const Dialect> dialect, std::string origin) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const Entry& entry : entries_) {
    if (entry.dialect->name() == dialect->name()) {
      if (entry.origin == origin) return;
      throw ConfigError("dialect '" + dialect->name() + "' from " + origin +
                        " is already registered from " + entry.origin);
    }
    for (const std::string& scheme : dialect->url_schemes()) {
      const std::vector<std::string> taken = entry.dialect->url_schemes();
      if (std::find(taken.begin(), taken.end(), scheme) != taken.end()) {
        throw ConfigError("URL scheme '" + scheme + "' of dialect '" + dialect->name() +
                          "' is already handled by dialect '" + entry.dialect->name() + "'");
      }
    }
  }
  entries_.push_back(Entry{std::move(dialect), std::move(origin)});
}

const Dialect* DialectRegistry::Find(std::string_view name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const Entry& entry : entries_) {
    if (entry.dialect->name() == name) return entry.dialect.get();
  }
  return nullptr;
}

const Dialect& DialectRegistry::ForScheme(std::string_view scheme) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string known;
  for (const Entry& entry : entries_) {
    for (const std::string& candidate : entry.dialect->url_schemes()) {
      if (candidate == scheme) return *entry.dialect;
      known += (known.empty() ? "" : ", ") + candidate + "://";
    }
  }
  throw ConfigError("no dialect handles URLs starting '" + std::string(scheme) + "://' (known: " +
                    (known.empty() ? std::string("none registered") : known) + ")");
}

std::vector<DialectRegistry::Entry> DialectRegistry::Entries() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_;
}

}  // namespace retort
