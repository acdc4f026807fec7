#include "mysql_stored_form.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "retort/sql_expression.h"

namespace retort::mysql {
namespace {

bool IsColumnOf(const Index& index, const SqlToken& token) {
  if (token.kind != SqlTokenKind::kWord) return false;
  for (std::size_t i = 0; i < index.columns.size(); ++i) {
    const bool expression = std::find(index.expressions.begin(), index.expressions.end(),
                                      static_cast<int>(i)) != index.expressions.end();
    if (!expression && CanonicalSqlExpression(index.columns[i]) == token.text) return true;
  }
  return false;
}

// A full unique index on columns only: what the server keeps a unique
// constraint as.
bool IsUniqueConstraint(const Index& index) {
  return index.unique && index.where.empty() && index.expressions.empty();
}

}  // namespace

bool OnlyLeavesOutNulls(const Index& index) {
  if (index.where.empty()) return false;
  // "<column> is not null", joined by "and": four tokens and a separator
  // (brackets that only group removed).
  const std::vector<SqlToken> tokens = TokenizeSqlExpression(CanonicalSqlExpression(index.where));
  for (std::size_t i = 0; i < tokens.size(); i += 5) {
    if (i + 4 > tokens.size() || !IsColumnOf(index, tokens[i]) || !tokens[i + 1].Is("is") ||
        !tokens[i + 2].Is("not") || !tokens[i + 3].Is("null")) {
      return false;
    }
    if (i + 4 < tokens.size() && !tokens[i + 4].Is("and")) return false;
  }
  return !tokens.empty() && tokens.size() % 5 == 4;
}

Schema StoredForm(Schema schema) {
  for (Table& table : schema.tables) {
    if (table.primary_key) table.primary_key->name.clear();
    for (ForeignKey& key : table.foreign_keys) {
      if (key.on_delete == ReferentialAction::kRestrict) key.on_delete.reset();
      if (key.on_update == ReferentialAction::kRestrict) key.on_update.reset();
    }
  }
  std::vector<Index> indexes;
  for (Index& index : schema.indexes) {
    if (OnlyLeavesOutNulls(index)) index.where.clear();
    const auto table =
        std::find_if(schema.tables.begin(), schema.tables.end(),
                     [&](const Table& candidate) { return candidate.name == index.table; });
    if (!IsUniqueConstraint(index) || table == schema.tables.end()) {
      indexes.push_back(std::move(index));
    } else {
      table->unique_constraints.push_back(UniqueConstraint{index.name, index.columns});
    }
  }
  schema.indexes = std::move(indexes);
  SortCanonically(schema);
  return schema;
}

}  // namespace retort::mysql
