#include "sqlite_column_use.h"

#include <algorithm>

#include "sqlite_connection.h"
#include "sqlite_constraint_sql.h"
#include "sqlite_lexer.h"
#include "sqlite_renderer.h"

namespace retort::sqlite {
namespace {

bool IsName(const Token& token) {
  return token.kind == TokenKind::kWord || token.kind == TokenKind::kQuotedIdentifier;
}

}  // namespace

bool ReferencesColumn(std::string_view text, std::string_view table, std::string_view column,
                      bool column_is_key) {
  const Referent referent = ReferentOf(text);
  if (referent.table.empty() || !MentionsIdentifier({referent.table}, table)) return false;
  return referent.columns.empty() ? column_is_key : MentionsIdentifier(referent.columns, column);
}

bool IsKeyColumn(const TableSql& table, std::string_view column) {
  for (const ColumnSql& own : table.columns) {
    if (MentionsIdentifier({own.name}, column) && own.Has(ClauseKind::kPrimaryKey)) return true;
  }
  return std::any_of(table.constraints.begin(), table.constraints.end(),
                     [&](const TableConstraintSql& constraint) {
                       return constraint.kind == TableConstraintKind::kPrimaryKey &&
                              MentionsIdentifier(constraint.columns, column);
                     });
}

bool IndexUses(std::string_view sql, std::string_view column) {
  const std::vector<Token> tokens = Tokenize(sql);
  auto token = std::find_if(tokens.begin(), tokens.end(), [](const Token& t) { return t.text == "("; });
  std::vector<std::string> names;
  for (; token != tokens.end(); ++token) {
    if (IsName(*token)) names.push_back(token->Identifier());
  }
  return MentionsIdentifier(names, column);
}

std::vector<ReferencingKey> ForeignKeysReferencing(SqliteConnection& connection,
                                                   const SqliteRenderer& renderer,
                                                   const QualifiedName& table,
                                                   const std::string& column, bool column_is_key) {
  const std::string schema = table.schema.empty() ? "main" : table.schema;
  const std::string quoted_schema = renderer.QuoteIdentifier(schema);
  // A key without columns ("REFERENCES parent") means the parent's primary key.
  std::vector<ReferencingKey> keys;
  for (const auto& row : connection.QueryText(
           "SELECT m.name, group_concat(f.\"from\", ', ') FROM " + quoted_schema +
               ".sqlite_schema AS m, pragma_foreign_key_list(m.name, ?4) AS f "
               "WHERE m.type = 'table' AND m.name <> ?1 COLLATE NOCASE AND "
               "f.\"table\" = ?1 COLLATE NOCASE AND "
               "(f.\"to\" = ?2 COLLATE NOCASE OR (f.\"to\" IS NULL AND ?3)) "
               "GROUP BY m.name, f.id ORDER BY m.name, f.id",
           {table.name, column, column_is_key ? "1" : "0", schema})) {
    keys.push_back(ReferencingKey{*row[0], "the foreign key of table " + *row[0] + " (" +
                                               row[1].value_or("") + ")"});
  }
  return keys;
}

}  // namespace retort::sqlite
