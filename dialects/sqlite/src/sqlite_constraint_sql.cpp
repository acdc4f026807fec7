#include "sqlite_constraint_sql.h"

namespace retort::sqlite {

std::string TextOf(std::string_view sql, const std::vector<Token>& tokens, std::size_t first,
                   std::size_t last) {
  if (first >= last) return "";
  return std::string(sql.substr(tokens[first].begin, tokens[last - 1].end - tokens[first].begin));
}

std::size_t Closing(const std::vector<Token>& tokens, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < tokens.size(); ++i) {
    if (tokens[i].text == "(") ++depth;
    if (tokens[i].text == ")" && --depth == 0) return i;
  }
  return tokens.size();
}

std::string CheckCondition(std::string_view text) {
  const std::vector<Token> tokens = Tokenize(text);
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!tokens[i].Is("CHECK") || tokens[i + 1].text != "(") continue;
    return TextOf(text, tokens, i + 2, Closing(tokens, i + 1));
  }
  return std::string(text);
}

Referent ReferentOf(std::string_view text) {
  Referent referent;
  const std::vector<Token> tokens = Tokenize(text);
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!tokens[i].Is("REFERENCES")) continue;
    referent.table = tokens[i + 1].Identifier();
    if (i + 2 < tokens.size() && tokens[i + 2].text == "(") {
      const std::size_t close = Closing(tokens, i + 2);
      bool expect_name = true;
      for (std::size_t j = i + 3; j < close; ++j) {
        if (tokens[j].text == ",") {
          expect_name = true;
        } else if (expect_name) {
          referent.columns.push_back(tokens[j].Identifier());
          expect_name = false;
        }
      }
    }
    break;
  }
  return referent;
}

namespace {

std::optional<ConstraintKind> KindOf(ClauseKind kind) {
  switch (kind) {
    case ClauseKind::kPrimaryKey: return ConstraintKind::kPrimaryKey;
    case ClauseKind::kUnique: return ConstraintKind::kUnique;
    case ClauseKind::kCheck: return ConstraintKind::kCheck;
    case ClauseKind::kReferences: return ConstraintKind::kForeignKey;
    default: return std::nullopt;  // NOT NULL, DEFAULT, COLLATE...: no constraint to drop
  }
}

ConstraintKind KindOf(TableConstraintKind kind) {
  switch (kind) {
    case TableConstraintKind::kPrimaryKey: return ConstraintKind::kPrimaryKey;
    case TableConstraintKind::kUnique: return ConstraintKind::kUnique;
    case TableConstraintKind::kCheck: return ConstraintKind::kCheck;
    case TableConstraintKind::kForeignKey: break;
  }
  return ConstraintKind::kForeignKey;
}

// The neutral constraint of `kind` that the clause `text` declares over
// `columns`.
Constraint Declared(ConstraintKind kind, const std::string& name,
                    const std::vector<std::string>& columns, std::string_view text) {
  switch (kind) {
    case ConstraintKind::kPrimaryKey: return PrimaryKey{name, columns};
    case ConstraintKind::kUnique: return UniqueConstraint{name, columns};
    case ConstraintKind::kCheck: return CheckConstraint{name, CheckCondition(text)};
    case ConstraintKind::kForeignKey: break;
  }
  Referent referent = ReferentOf(text);
  ForeignKey key;
  key.name = name;
  key.columns = columns;
  key.referent = QualifiedName{"", std::move(referent.table)};
  key.referent_columns = std::move(referent.columns);
  return key;
}

}  // namespace

std::vector<DeclaredConstraint> DeclaredConstraints(const TableSql& table) {
  std::vector<DeclaredConstraint> declared;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const ColumnSql& column = table.columns[c];
    for (std::size_t k = 0; k < column.clauses.size(); ++k) {
      const ColumnClause& clause = column.clauses[k];
      if (const std::optional<ConstraintKind> kind = KindOf(clause.kind)) {
        declared.push_back({Declared(*kind, clause.name, {column.name}, clause.text), c, k});
      }
    }
  }
  for (std::size_t k = 0; k < table.constraints.size(); ++k) {
    const TableConstraintSql& sql = table.constraints[k];
    declared.push_back(
        {Declared(KindOf(sql.kind), sql.name, sql.columns, sql.text), std::nullopt, k});
  }
  return declared;
}

}  // namespace retort::sqlite
