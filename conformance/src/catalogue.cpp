#include "catalogue.h"

#include <algorithm>
#include <set>

#include "retort/error.h"

namespace retort::conformance {
namespace {

std::string GroupOf(const std::string& name) { return name.substr(0, name.find('/')); }

bool Selects(const std::string& filter, const CatalogueCase& entry) {
  return entry.name == filter || GroupOf(entry.name) == filter;
}

}  // namespace

const std::vector<CatalogueCase>& Catalogue() {
  static const std::vector<CatalogueCase> catalogue = [] {
    std::vector<CatalogueCase> all;
    for (auto group : {TableCases, ColumnCases, IndexCases, ConstraintCases, DataCases,
                       ViewTriggerCases}) {
      for (CatalogueCase& entry : group()) all.push_back(std::move(entry));
    }
    // Names select cases and name their revision ids: they must be unique.
    std::set<std::string> names;
    for (const CatalogueCase& entry : all) {
      if (!names.insert(entry.name).second || entry.revisions.empty()) {
        throw Error("conformance catalogue: case " + entry.name +
                    " is given twice or has no revision");
      }
    }
    return all;
  }();
  return catalogue;
}

std::vector<const CatalogueCase*> SelectCases(const std::vector<std::string>& filters) {
  const std::vector<CatalogueCase>& catalogue = Catalogue();
  std::vector<const CatalogueCase*> selected;
  for (const std::string& filter : filters) {
    if (std::none_of(catalogue.begin(), catalogue.end(),
                     [&](const CatalogueCase& entry) { return Selects(filter, entry); })) {
      std::string names;
      for (const CatalogueCase& entry : catalogue) names += "\n  " + entry.name;
      throw ConfigError("no conformance case or group named '" + filter + "'; the cases are:" +
                        names);
    }
  }
  for (const CatalogueCase& entry : catalogue) {
    const auto selects = [&](const std::string& filter) { return Selects(filter, entry); };
    const bool chosen = filters.empty() || std::any_of(filters.begin(), filters.end(), selects);
    if (chosen) selected.push_back(&entry);
  }
  return selected;
}

}  // namespace retort::conformance
