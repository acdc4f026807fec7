#include "retort/schema.h"

#include "retort/error.h"
#include "text_util.h"

namespace retort {
namespace {

struct ActionSpelling {
  ReferentialAction action;
  const char* text;
};

constexpr ActionSpelling kActions[] = {
    {ReferentialAction::kNoAction, "no action"}, {ReferentialAction::kRestrict, "restrict"},
    {ReferentialAction::kCascade, "cascade"},    {ReferentialAction::kSetNull, "set null"},
    {ReferentialAction::kSetDefault, "set default"},
};

}  // namespace

std::string ToString(const QualifiedName& name) {
  return name.schema.empty() ? name.name : name.schema + "." + name.name;
}

ReferentialAction ParseReferentialAction(const std::string& text) {
  std::string lowered = text::Lower(text::Trim(text));
  for (char& c : lowered) {
    if (c == '_') c = ' ';
  }
  for (const ActionSpelling& spelling : kActions) {
    if (lowered == spelling.text) return spelling.action;
  }
  throw OperationError("unknown referential action '" + text +
                       "' (use cascade, restrict, set null, set default or no action)");
}

std::string FormatReferentialAction(ReferentialAction action) {
  for (const ActionSpelling& spelling : kActions) {
    if (spelling.action == action) return spelling.text;
  }
  return "no action";
}

std::vector<std::string> PrimaryKeyColumns(const Table& table) {
  if (table.primary_key) return table.primary_key->columns;
  std::vector<std::string> columns;
  for (const Column& column : table.columns) {
    if (column.primary_key) columns.push_back(column.name);
  }
  return columns;
}

const Column* FindColumn(const Table& table, const std::string& name) {
  for (const Column& column : table.columns) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

const Table* FindTable(const Schema& schema, const QualifiedName& name) {
  for (const Table& table : schema.tables) {
    if (table.name.name == name.name && (name.schema.empty() || table.name.schema == name.schema)) {
      return &table;
    }
  }
  return nullptr;
}

}  // namespace retort
