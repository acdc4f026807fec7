#include "table_order.h"

#include <map>

namespace retort {

TableOrder OrderByForeignKeys(const std::vector<Table>& tables) {
  std::map<std::string, std::size_t> position_of;
  for (std::size_t i = 0; i < tables.size(); ++i) position_of[ToString(tables[i].name)] = i;
  // The referent as the tables name it: a key's referent without a schema
  // is in the referencing table's schema.
  auto referent = [&](const Table& table, const ForeignKey& key) -> std::ptrdiff_t {
    QualifiedName name = key.referent;
    if (name.schema.empty()) name.schema = table.name.schema;
    auto found = position_of.find(ToString(name));
    if (found == position_of.end()) found = position_of.find(ToString(key.referent));
    return found == position_of.end() ? -1 : static_cast<std::ptrdiff_t>(found->second);
  };

  enum class State { kNew, kOnStack, kDone };
  std::vector<State> state(tables.size(), State::kNew);
  TableOrder order;
  // An explicit stack of (table, next key to look at): a long chain of
  // references must not exhaust the call stack.
  std::vector<std::pair<std::size_t, std::size_t>> stack;
  for (std::size_t root = 0; root < tables.size(); ++root) {
    if (state[root] != State::kNew) continue;
    stack.emplace_back(root, 0);
    state[root] = State::kOnStack;
    while (!stack.empty()) {
      auto& [current, next_key] = stack.back();
      const Table& table = tables[current];
      if (next_key == table.foreign_keys.size()) {
        state[current] = State::kDone;
        order.tables.push_back(current);
        stack.pop_back();
        continue;
      }
      const std::size_t key_position = next_key++;
      const std::ptrdiff_t target = referent(table, table.foreign_keys[key_position]);
      if (target < 0 || static_cast<std::size_t>(target) == current) continue;
      const auto index = static_cast<std::size_t>(target);
      if (state[index] == State::kOnStack) {
        order.deferred.emplace(ToString(table.name), key_position);
      } else if (state[index] == State::kNew) {
        state[index] = State::kOnStack;
        stack.emplace_back(index, 0);
      }
    }
  }
  return order;
}

}  // namespace retort
