// Tables in an order where each comes after the tables its foreign keys
// reference, for creating them (and the reverse, for dropping them).
#ifndef RETORT_CORE_TABLE_ORDER_H_
#define RETORT_CORE_TABLE_ORDER_H_

#include <cstddef>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "retort/schema.h"

namespace retort {

struct TableOrder {
  // Positions in the list given to OrderByForeignKeys, referenced first.
  std::vector<std::size_t> tables;
  // The foreign keys that close a cycle of references (table, position in
  // its foreign_keys): no order puts their referenced table first, so they
  // must be added once both tables exist, and dropped before either goes.
  std::set<std::pair<std::string, std::size_t>> deferred;

  bool IsDeferred(const Table& table, std::size_t key_position) const {
    return deferred.count({ToString(table.name), key_position}) != 0;
  }
};

// Orders `tables` depth first in their own order, each after the tables it
// references among them; references to tables not in the list and to the
// table itself impose nothing. Linear in tables and keys.
TableOrder OrderByForeignKeys(const std::vector<Table>& tables);

}  // namespace retort

#endif  // RETORT_CORE_TABLE_ORDER_H_
