// DiffSchemas: two schemas as "path: description" lines, and the lines that
// only one of them has. Describing each element whole (a column with its type,
// nullability, default...) keeps the diff short: a changed attribute shows
// as one "-" and one "+" line under the same path.
#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "retort/schema_diff.h"
#include "retort/sql_expression.h"
#include "retort/type.h"
#include "text_util.h"

namespace retort {
namespace {

std::string List(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

std::string Quoted(const std::string& text) { return "'" + text + "'"; }

// Whether `token` quotes a name that means the same unquoted: lower case
// letters, digits and '_' (an unquoted name reads as lower case).
bool QuotesPlainName(const SqlToken& token) {
  if (token.kind != SqlTokenKind::kQuoted || token.text.size() < 3) return false;
  const std::string_view name = std::string_view(token.text).substr(1, token.text.size() - 2);
  if (std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool IsName(const SqlToken& token) {
  return token.kind == SqlTokenKind::kWord || token.kind == SqlTokenKind::kQuoted;
}

// Whether tokens [first, end) are one name, qualified or not ("t . c"),
// ending in `last`.
bool IsNameEndingIn(const std::vector<SqlToken>& tokens, std::size_t first, std::size_t end,
                    const SqlToken& last) {
  if (first >= end || (end - first) % 2 == 0) return false;
  for (std::size_t i = first; i < end; ++i) {
    if ((i - first) % 2 == 0 ? !IsName(tokens[i]) : !tokens[i].Is(".")) return false;
  }
  return tokens[end - 1].kind == last.kind && tokens[end - 1].text == last.text;
}

// A view's query in the canonical form, as compared: each database prints
// it back its own way (keywords' case, blanks, brackets, quotes around
// every name, an "AS c" after every column c of the select list). Without
// a closing ";", with names that need no quotes unquoted, and without an
// "AS c" that follows a select item that is only the name c (qualified or
// not), which names the column as it is named anyway.
std::string ViewQuery(const std::string& definition) {
  std::vector<SqlToken> tokens = TokenizeSqlExpression(definition);
  while (!tokens.empty() && tokens.back().Is(";")) tokens.pop_back();
  for (SqlToken& token : tokens) {
    if (QuotesPlainName(token)) {
      token = {SqlTokenKind::kWord, token.text.substr(1, token.text.size() - 2)};
    }
  }
  std::vector<SqlToken> kept;
  std::size_t item = 0;  // where the select item being read starts in `kept`
  int depth = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const SqlToken& token = tokens[i];
    if (token.Is("(")) ++depth;
    if (token.Is(")")) --depth;
    if (depth == 0 && token.Is("as") && i + 1 < tokens.size() &&
        IsNameEndingIn(kept, item, kept.size(), tokens[i + 1])) {
      ++i;  // and the name
      continue;
    }
    kept.push_back(token);
    if (depth == 0 && (token.Is(",") || token.Is("select") || token.Is("distinct"))) {
      item = kept.size();
    }
  }
  return CanonicalSqlExpression(std::move(kept));
}

std::string Describe(const Column& column) {
  std::string text = FormatType(column.type);
  text += column.nullable ? " null" : " not null";
  if (column.server_default) text += " default " + *column.server_default;
  if (column.autoincrement) text += " autoincrement";
  // serial and a by-default identity behave alike: one description for both
  // (CompareSchemas lists the difference as tolerated).
  if (column.numbering == Numbering::kAlways) {
    text += " (" + FormatNumbering(column.numbering) + ")";
  }
  if (column.primary_key) text += " primary_key";
  if (column.unique) text += " unique";
  if (column.comment) text += " comment " + Quoted(*column.comment);
  if (column.generated) {
    text += " generated as (" + column.generated->expression + ")" +
            (column.generated->stored ? " stored" : " virtual");
  }
  return text;
}

std::string NameOrUnnamed(const std::string& name) {
  return name.empty() ? "unnamed" : "name " + name;
}

std::string Describe(const ForeignKey& key) {
  std::string text = NameOrUnnamed(key.name) + ", references " + ToString(key.referent) + " (" +
                     List(key.referent_columns) + ")";
  if (key.on_delete) text += " on delete " + FormatReferentialAction(*key.on_delete);
  if (key.on_update) text += " on update " + FormatReferentialAction(*key.on_update);
  if (key.deferrable) text += " deferrable";
  if (!key.initially.empty()) text += " initially " + key.initially;
  return text;
}

// Expressions in parentheses, as SQL writes them among column names.
std::string Items(const Index& index) {
  std::vector<std::string> items = index.columns;
  for (int position : index.expressions) {
    const auto at = static_cast<std::size_t>(position);
    if (position >= 0 && at < items.size()) items[at] = "(" + items[at] + ")";
  }
  return List(items);
}

std::string Describe(const Index& index) {
  std::string text = std::string(index.unique ? "unique " : "") + "on " +
                     ToString(index.table) + " (" + Items(index) + ")";
  if (!index.where.empty()) text += " where " + index.where;
  return text;
}

// One schema as (path, description) pairs, in schema order.
using Lines = std::vector<std::pair<std::string, std::string>>;

void AddTable(const Table& table, Lines& lines) {
  const std::string path = "table " + ToString(table.name);
  for (const Column& column : table.columns) {
    lines.emplace_back(path + ", column " + column.name, Describe(column));
  }
  if (table.primary_key) {
    lines.emplace_back(path + ", primary key",
                       NameOrUnnamed(table.primary_key->name) + " (" +
                           List(table.primary_key->columns) + ")");
  }
  for (const ForeignKey& key : table.foreign_keys) {
    lines.emplace_back(path + ", foreign key (" + List(key.columns) + ")", Describe(key));
  }
  for (const UniqueConstraint& unique : table.unique_constraints) {
    lines.emplace_back(path + ", unique (" + List(unique.columns) + ")",
                       NameOrUnnamed(unique.name));
  }
  for (const CheckConstraint& check : table.check_constraints) {
    lines.emplace_back(path + ", check " + (check.name.empty() ? "(unnamed)" : check.name),
                       check.condition);
  }
  for (const ExclusionConstraint& exclusion : table.exclusion_constraints) {
    lines.emplace_back(path + ", exclusion " + NameOrUnnamed(exclusion.name),
                       text::OneLine(exclusion.definition));
  }
  if (table.comment) lines.emplace_back(path + ", comment", Quoted(*table.comment));
}

std::string Describe(const Sequence& sequence) {
  std::string text = FormatType(sequence.type) + " start " + std::to_string(sequence.start) +
                     " increment " + std::to_string(sequence.increment) + " min " +
                     std::to_string(sequence.min_value) + " max " +
                     std::to_string(sequence.max_value);
  if (sequence.cycle) text += " cycle";
  if (!sequence.owned_by.empty()) text += " owned by " + sequence.owned_by;
  return text;
}

std::string Describe(const Domain& domain) {
  std::string text = FormatType(domain.type) + (domain.nullable ? " null" : " not null");
  if (domain.server_default) text += " default " + *domain.server_default;
  return text;
}

// What a schema holds besides tables and indexes, one line each (a
// domain's checks one line apiece).
void AddObjects(const Schema& schema, Lines& lines) {
  for (const View& view : schema.views) {
    lines.emplace_back(std::string(view.materialized ? "materialized view " : "view ") +
                           ToString(view.name),
                       "as " + ViewQuery(view.definition));
  }
  for (const Trigger& trigger : schema.triggers) {
    lines.emplace_back("trigger " + trigger.name + " on " + ToString(trigger.table),
                       text::OneLine(trigger.definition));
  }
  for (const Sequence& sequence : schema.sequences) {
    lines.emplace_back("sequence " + ToString(sequence.name), Describe(sequence));
  }
  for (const EnumType& type : schema.enums) {
    std::vector<std::string> labels;
    for (const std::string& label : type.labels) labels.push_back(Quoted(label));
    lines.emplace_back("enum " + ToString(type.name), "labels " + List(labels));
  }
  for (const Domain& domain : schema.domains) {
    const std::string path = "domain " + ToString(domain.name);
    lines.emplace_back(path, Describe(domain));
    for (const CheckConstraint& check : domain.check_constraints) {
      lines.emplace_back(path + ", check " + (check.name.empty() ? "(unnamed)" : check.name),
                         check.condition);
    }
  }
}

std::vector<std::string> ColumnNames(const Table& table) {
  std::vector<std::string> names;
  for (const Column& column : table.columns) names.push_back(column.name);
  return names;
}

// A table only one side has is one line; the others are compared element by
// element, plus their column order when only the order differs.
void Collect(const Schema& schema, const Schema& other, Lines& lines) {
  for (const Table& table : schema.tables) {
    const Table* counterpart = FindTable(other, table.name);
    if (counterpart == nullptr) {
      lines.emplace_back("table " + ToString(table.name), "columns " + List(ColumnNames(table)));
      continue;
    }
    AddTable(table, lines);
    std::vector<std::string> mine = ColumnNames(table), theirs = ColumnNames(*counterpart);
    if (mine != theirs && std::is_permutation(mine.begin(), mine.end(), theirs.begin(),
                                              theirs.end())) {
      lines.emplace_back("table " + ToString(table.name) + ", column order", List(mine));
    }
  }
  for (const Index& index : schema.indexes) {
    lines.emplace_back("index " + index.name, Describe(index));
  }
  AddObjects(schema, lines);
}

}  // namespace

std::string DiffSchemas(const Schema& expected, const Schema& actual) {
  Lines expected_lines, actual_lines;
  Collect(expected, actual, expected_lines);
  Collect(actual, expected, actual_lines);

  // Paths in order of first appearance, expected's first.
  std::vector<std::string> paths;
  std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> by_path;
  for (const auto& [path, text] : expected_lines) {
    if (!by_path.count(path)) paths.push_back(path);
    by_path[path].first.push_back(text);
  }
  for (const auto& [path, text] : actual_lines) {
    if (!by_path.count(path)) paths.push_back(path);
    by_path[path].second.push_back(text);
  }

  std::string diff;
  for (const std::string& path : paths) {
    auto [wanted, got] = by_path[path];
    // Descriptions both sides have cancel out, one for one.
    for (auto it = wanted.begin(); it != wanted.end();) {
      const auto match = std::find(got.begin(), got.end(), *it);
      if (match == got.end()) {
        ++it;
      } else {
        got.erase(match);
        it = wanted.erase(it);
      }
    }
    for (const std::string& text : wanted) diff += "- " + path + ": " + text + "\n";
    for (const std::string& text : got) diff += "+ " + path + ": " + text + "\n";
  }
  return diff;
}

}  // namespace retort
