// UnplannedDifferences: the objects of a schema that revisions can only make
// with raw SQL, compared by name and then whole.
#include <functional>

#include "retort/schema_changes.h"

namespace retort {
namespace {

// One line for each object of `what` only one side has, or that differs.
template <class T>
void Compare(const std::vector<T>& from, const std::vector<T>& to, const std::string& what,
             const std::function<std::string(const T&)>& name_of,
             std::vector<std::string>& lines) {
  auto find = [&](const std::vector<T>& items, const std::string& name) -> const T* {
    for (const T& item : items) {
      if (name_of(item) == name) return &item;
    }
    return nullptr;
  };
  for (const T& item : from) {
    const T* target = find(to, name_of(item));
    if (target == nullptr) {
      lines.push_back(what + " " + name_of(item) + " is gone");
    } else if (!(*target == item)) {
      lines.push_back(what + " " + name_of(item) + " differs");
    }
  }
  for (const T& item : to) {
    if (find(from, name_of(item)) == nullptr) {
      lines.push_back(what + " " + name_of(item) + " is new");
    }
  }
}

template <class T>
std::string QualifiedNameOf(const T& item) {
  return ToString(item.name);
}

}  // namespace

std::vector<std::string> UnplannedDifferences(const Schema& from, const Schema& to) {
  std::vector<std::string> lines;
  Compare<Sequence>(from.sequences, to.sequences, "sequence", QualifiedNameOf<Sequence>, lines);
  Compare<EnumType>(from.enums, to.enums, "enum", QualifiedNameOf<EnumType>, lines);
  Compare<Domain>(from.domains, to.domains, "domain", QualifiedNameOf<Domain>, lines);
  for (const Table& table : to.tables) {
    const Table* source = FindTable(from, table.name);
    const std::vector<ExclusionConstraint> none;
    Compare<ExclusionConstraint>(
        source != nullptr ? source->exclusion_constraints : none, table.exclusion_constraints,
        "table " + ToString(table.name) + ", exclusion constraint",
        [](const ExclusionConstraint& exclusion) { return exclusion.name; }, lines);
  }
  return lines;
}

}  // namespace retort
