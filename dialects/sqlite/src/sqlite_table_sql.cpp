#include "sqlite_table_sql.h"

#include <algorithm>

#include "retort/error.h"
#include "sqlite_lexer.h"
#include "sqlite_names.h"

namespace retort::sqlite {
namespace {

bool IsName(const Token& token) {
  return token.kind == TokenKind::kWord || token.kind == TokenKind::kQuotedIdentifier ||
         token.kind == TokenKind::kString;
}

// The words that begin a column constraint.
bool StartsClause(const Token& token) {
  for (const char* keyword : {"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK",
                              "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS"}) {
    if (token.Is(keyword)) return true;
  }
  return false;
}

// A run of tokens [first, last) of one source text.
struct Span {
  const std::vector<Token>* tokens;
  std::string_view source;
  std::size_t first;
  std::size_t last;

  const Token& operator[](std::size_t i) const { return (*tokens)[i]; }
  std::string Text(std::size_t from, std::size_t to) const {
    if (from >= to) return "";
    return std::string(source.substr((*tokens)[from].begin,
                                     (*tokens)[to - 1].end - (*tokens)[from].begin));
  }
};

// The index just past the parenthesised group opening at `open`.
std::size_t SkipGroup(const Span& span, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < span.last; ++i) {
    if (span[i].text == "(") ++depth;
    if (span[i].text == ")" && --depth == 0) return i + 1;
  }
  throw OperationError("unbalanced parentheses in: " + span.Text(span.first, span.last));
}

std::vector<std::string> Identifiers(const Span& span, std::size_t from, std::size_t to) {
  std::vector<std::string> names;
  for (std::size_t i = from; i < to; ++i) {
    if (span[i].kind == TokenKind::kWord || span[i].kind == TokenKind::kQuotedIdentifier) {
      names.push_back(span[i].Identifier());
    }
  }
  return names;
}

// The first name of each comma-separated item of the group at `open`:
// "(a COLLATE nocase, b DESC)" gives a, b.
std::vector<std::string> ColumnList(const Span& span, std::size_t open) {
  std::vector<std::string> columns;
  const std::size_t close = SkipGroup(span, open) - 1;
  bool expect_name = true;
  int depth = 0;
  for (std::size_t i = open + 1; i < close; ++i) {
    if (span[i].text == "(") ++depth;
    if (span[i].text == ")") --depth;
    if (depth == 0 && span[i].text == ",") {
      expect_name = true;
    } else if (expect_name && depth == 0 && IsName(span[i])) {
      columns.push_back(span[i].Identifier());
      expect_name = false;
    }
  }
  return columns;
}

// Where the column constraint starting at `i` ends.
std::size_t ClauseEnd(const Span& span, std::size_t i, ClauseKind kind) {
  std::size_t next = i + 1;
  switch (kind) {
    case ClauseKind::kNotNull:
      next = i + 2;  // NOT NULL
      break;
    case ClauseKind::kPrimaryKey:
      next = i + 2;  // PRIMARY KEY
      break;
    case ClauseKind::kCheck:
      if (next < span.last && span[next].text == "(") next = SkipGroup(span, next);
      break;
    case ClauseKind::kDefault:
      if (next < span.last && span[next].text == "(") {
        next = SkipGroup(span, next);
      } else if (next < span.last && (span[next].text == "-" || span[next].text == "+")) {
        next += 2;
      } else {
        next += 1;
      }
      break;
    case ClauseKind::kGenerated:
      while (next < span.last && span[next].text != "(") ++next;
      if (next < span.last) next = SkipGroup(span, next);
      break;
    default:
      break;
  }
  // What follows and starts no new constraint belongs to this one: ON
  // CONFLICT, AUTOINCREMENT, STORED, a foreign key's actions.
  while (next < span.last) {
    const Token& token = span[next];
    if (token.text == "(") {
      next = SkipGroup(span, next);
      continue;
    }
    if (StartsClause(token)) {
      const bool in_references = kind == ClauseKind::kReferences;
      const bool after_set = next > 0 && span[next - 1].Is("SET");
      const bool before_deferrable = next + 1 < span.last && span[next + 1].Is("DEFERRABLE");
      if (!(in_references && ((token.Is("NULL") || token.Is("DEFAULT")) && after_set)) &&
          !(in_references && token.Is("NOT") && before_deferrable)) {
        break;
      }
    }
    ++next;
  }
  return std::min(next, span.last);
}

ClauseKind KindOf(const Token& token) {
  if (token.Is("PRIMARY")) return ClauseKind::kPrimaryKey;
  if (token.Is("NOT")) return ClauseKind::kNotNull;
  if (token.Is("NULL")) return ClauseKind::kNull;
  if (token.Is("UNIQUE")) return ClauseKind::kUnique;
  if (token.Is("CHECK")) return ClauseKind::kCheck;
  if (token.Is("DEFAULT")) return ClauseKind::kDefault;
  if (token.Is("COLLATE")) return ClauseKind::kCollate;
  if (token.Is("REFERENCES")) return ClauseKind::kReferences;
  return ClauseKind::kGenerated;  // GENERATED ALWAYS AS / AS
}

ColumnSql ParseColumn(const Span& span) {
  ColumnSql column;
  if (!IsName(span[span.first])) {
    throw OperationError("cannot read the column definition: " + span.Text(span.first, span.last));
  }
  column.name = span[span.first].Identifier();
  column.name_text = std::string(span[span.first].text);
  column.original = span.Text(span.first, span.last);
  std::size_t i = span.first + 1;
  while (i < span.last && !StartsClause(span[i])) {
    i = span[i].text == "(" ? SkipGroup(span, i) : i + 1;
  }
  column.type = span.Text(span.first + 1, i);
  column.identifiers = Identifiers(span, i, span.last);
  while (i < span.last) {
    const std::size_t start = i;
    std::string name;
    if (span[i].Is("CONSTRAINT")) {
      if (i + 2 >= span.last) throw OperationError("CONSTRAINT without a constraint: " + column.original);
      name = span[i + 1].Identifier();
      i += 2;
    }
    if (!StartsClause(span[i]) || span[i].Is("CONSTRAINT")) {
      throw OperationError("cannot read the constraints of column " + column.name + ": " +
                           column.original);
    }
    const ClauseKind kind = KindOf(span[i]);
    i = ClauseEnd(span, i, kind);
    column.clauses.push_back(ColumnClause{kind, name, span.Text(start, i)});
  }
  return column;
}

TableConstraintSql ParseConstraint(const Span& span) {
  TableConstraintSql constraint;
  constraint.text = span.Text(span.first, span.last);
  constraint.identifiers = Identifiers(span, span.first, span.last);
  std::size_t i = span.first;
  if (span[i].Is("CONSTRAINT")) {
    constraint.name = span[i + 1].Identifier();
    i += 2;
  }
  auto group_after = [&](std::size_t from) {
    while (from < span.last && span[from].text != "(") ++from;
    if (from >= span.last) throw OperationError("cannot read the constraint: " + constraint.text);
    return from;
  };
  if (span[i].Is("PRIMARY")) {
    constraint.kind = TableConstraintKind::kPrimaryKey;
    constraint.columns = ColumnList(span, group_after(i));
  } else if (span[i].Is("UNIQUE")) {
    constraint.kind = TableConstraintKind::kUnique;
    constraint.columns = ColumnList(span, group_after(i));
  } else if (span[i].Is("CHECK")) {
    constraint.kind = TableConstraintKind::kCheck;
  } else if (span[i].Is("FOREIGN")) {
    constraint.kind = TableConstraintKind::kForeignKey;
    constraint.columns = ColumnList(span, group_after(i));
  } else {
    throw OperationError("cannot read the table constraint: " + constraint.text);
  }
  return constraint;
}

bool StartsTableConstraint(const Token& token) {
  for (const char* keyword : {"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"}) {
    if (token.Is(keyword)) return true;
  }
  return false;
}

}  // namespace

bool ColumnSql::Has(ClauseKind kind) const {
  return std::any_of(clauses.begin(), clauses.end(),
                     [&](const ColumnClause& clause) { return clause.kind == kind; });
}

void ColumnSql::SetType(const std::string& type_text) {
  type = type_text;
  original.clear();
}

// Puts `replacement` where the first clause `matches` was, so that the
// definition keeps its order, and removes the other matches. Without a match
// the replacement goes last; without a replacement the matches just go.
template <typename Matches>
static void ReplaceClause(std::vector<ColumnClause>& clauses, Matches matches,
                          std::optional<ColumnClause> replacement) {
  auto first = std::find_if(clauses.begin(), clauses.end(), matches);
  const auto position = first - clauses.begin();
  std::erase_if(clauses, matches);
  if (replacement) clauses.insert(clauses.begin() + position, std::move(*replacement));
}

void ColumnSql::SetNotNull(bool not_null) {
  ReplaceClause(
      clauses,
      [](const ColumnClause& clause) {
        return clause.kind == ClauseKind::kNotNull || clause.kind == ClauseKind::kNull;
      },
      not_null ? std::optional(ColumnClause{ClauseKind::kNotNull, "", "NOT NULL"}) : std::nullopt);
  original.clear();
}

void ColumnSql::SetDefault(const std::optional<std::string>& default_text) {
  ReplaceClause(
      clauses, [](const ColumnClause& clause) { return clause.kind == ClauseKind::kDefault; },
      default_text ? std::optional(ColumnClause{ClauseKind::kDefault, "", "DEFAULT " + *default_text})
                   : std::nullopt);
  original.clear();
}

int ColumnSql::DropNamedClauses(const std::string& constraint) {
  const auto before = clauses.size();
  std::erase_if(clauses, [&](const ColumnClause& clause) {
    return !clause.name.empty() && SameName(clause.name, constraint);
  });
  const int dropped = static_cast<int>(before - clauses.size());
  if (dropped > 0) original.clear();
  return dropped;
}

std::string ColumnSql::Text() const {
  if (!original.empty()) return original;
  std::string text = name_text;
  if (!type.empty()) text += " " + type;
  for (const ColumnClause& clause : clauses) text += " " + clause.text;
  return text;
}

ColumnSql* TableSql::FindColumn(std::string_view column_name) {
  for (ColumnSql& column : columns) {
    if (SameName(column.name, column_name)) return &column;
  }
  return nullptr;
}

std::string TableSql::Render(const std::string& quoted_name) const {
  std::string sql = "CREATE TABLE " + quoted_name + name_spacing + "(";
  bool first = true;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    sql += (first ? "" : ",") + column_spacing[i] + columns[i].Text();
    first = false;
  }
  for (std::size_t i = 0; i < constraints.size(); ++i) {
    sql += (first ? "" : ",") + constraint_spacing[i] + constraints[i].text;
    first = false;
  }
  return sql + closing_spacing + ")" + options;
}

void TableSql::AddColumn(ColumnSql column) {
  column_spacing.push_back(column_spacing.empty() ? std::string(" ") : column_spacing.back());
  columns.push_back(std::move(column));
}

void TableSql::AddConstraint(TableConstraintSql constraint) {
  const std::string spacing = !constraint_spacing.empty() ? constraint_spacing.back()
                              : !column_spacing.empty()   ? column_spacing.back()
                                                          : std::string(" ");
  constraint_spacing.push_back(spacing);
  constraints.push_back(std::move(constraint));
}

TableSql ParseCreateTable(std::string_view sql) {
  const std::vector<Token> tokens = Tokenize(sql);
  std::size_t open = 0;
  while (open < tokens.size() && tokens[open].text != "(") ++open;
  if (open == 0 || open >= tokens.size() || !tokens[0].Is("CREATE")) {
    throw OperationError("not a CREATE TABLE statement with columns: " +
                         std::string(sql.substr(0, 80)));
  }
  TableSql table;
  table.name = tokens[open - 1].Identifier();
  table.name_spacing = std::string(sql.substr(tokens[open - 1].end, tokens[open].begin - tokens[open - 1].end));

  const Span all{&tokens, sql, 0, tokens.size()};
  const std::size_t close = SkipGroup(all, open) - 1;
  std::size_t element_start = open + 1;
  std::size_t separator_end = tokens[open].end;
  int depth = 0;
  for (std::size_t i = open + 1; i <= close; ++i) {
    if (i < close && tokens[i].text == "(") ++depth;
    if (i < close && tokens[i].text == ")") --depth;
    if (i < close && !(depth == 0 && tokens[i].text == ",")) continue;
    if (element_start == i) throw OperationError("an empty element in: " + std::string(sql));
    const Span element{&tokens, sql, element_start, i};
    const std::string spacing(
        sql.substr(separator_end, tokens[element_start].begin - separator_end));
    if (StartsTableConstraint(tokens[element_start])) {
      table.constraints.push_back(ParseConstraint(element));
      table.constraint_spacing.push_back(spacing);
    } else {
      if (!table.constraints.empty()) {
        throw OperationError("a column definition after a table constraint in: " +
                             std::string(sql));
      }
      table.columns.push_back(ParseColumn(element));
      table.column_spacing.push_back(spacing);
    }
    separator_end = tokens[i].end;
    if (i < close) {
      element_start = i + 1;
    } else {
      table.closing_spacing = std::string(
          sql.substr(tokens[i - 1].end, tokens[close].begin - tokens[i - 1].end));
    }
  }
  table.options = std::string(sql.substr(tokens[close].end));
  for (std::size_t i = close + 1; i < tokens.size(); ++i) {
    if (tokens[i].Is("WITHOUT") && i + 1 < tokens.size() && tokens[i + 1].Is("ROWID")) {
      table.without_rowid = true;
    }
    if (tokens[i].Is("STRICT")) table.strict = true;
  }
  return table;
}

ColumnSql ParseColumnDefinition(std::string_view text) {
  const std::vector<Token> tokens = Tokenize(text);
  if (tokens.empty()) throw OperationError("an empty column definition");
  return ParseColumn(Span{&tokens, text, 0, tokens.size()});
}

TableConstraintSql ParseTableConstraint(std::string_view text) {
  const std::vector<Token> tokens = Tokenize(text);
  if (tokens.empty()) throw OperationError("an empty table constraint");
  return ParseConstraint(Span{&tokens, text, 0, tokens.size()});
}

bool MentionsIdentifier(const std::vector<std::string>& identifiers, std::string_view name) {
  return std::any_of(identifiers.begin(), identifiers.end(),
                     [&](const std::string& identifier) { return SameName(identifier, name); });
}

std::vector<std::string> IdentifiersIn(std::string_view sql) {
  const std::vector<Token> tokens = Tokenize(sql);
  return Identifiers(Span{&tokens, sql, 0, tokens.size()}, 0, tokens.size());
}

}  // namespace retort::sqlite
