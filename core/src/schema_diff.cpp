// DiffSchemas: two schemas as "path: description" lines, and the lines that
// only one of them has. Describing each element whole (a column with its type,
// nullability, default...) keeps the diff short: a changed attribute shows
// as one "-" and one "+" line under the same path.
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "retort/schema_diff.h"
#include "retort/type.h"

namespace retort {
namespace {

std::string List(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

std::string Quoted(const std::string& text) { return "'" + text + "'"; }

std::string Describe(const Column& column) {
  std::string text = FormatType(column.type);
  text += column.nullable ? " null" : " not null";
  if (column.server_default) text += " default " + *column.server_default;
  if (column.autoincrement) text += " autoincrement";
  if (column.primary_key) text += " primary_key";
  if (column.unique) text += " unique";
  if (column.comment) text += " comment " + Quoted(*column.comment);
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

std::string Describe(const Index& index) {
  std::string text = std::string(index.unique ? "unique " : "") + "on " +
                     ToString(index.table) + " (" + List(index.columns) + ")";
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
  if (table.comment) lines.emplace_back(path + ", comment", Quoted(*table.comment));
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
