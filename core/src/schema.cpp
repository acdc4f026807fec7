#include "retort/schema.h"

#include <algorithm>
#include <tuple>

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

bool ByName(const QualifiedName& a, const QualifiedName& b) {
  return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
}

template <typename T>
void SortByName(std::vector<T>& values) {
  std::sort(values.begin(), values.end(),
            [](const T& a, const T& b) { return ByName(a.name, b.name); });
}

void SortChecks(std::vector<CheckConstraint>& checks) {
  std::sort(checks.begin(), checks.end(), [](const CheckConstraint& a, const CheckConstraint& b) {
    return std::tie(a.name, a.condition) < std::tie(b.name, b.condition);
  });
}

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

std::string FormatNumbering(Numbering numbering) {
  switch (numbering) {
    case Numbering::kSerial: return "serial";
    case Numbering::kAlways: return "identity always";
    case Numbering::kByDefault: break;
  }
  return "identity";
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


void SortCanonically(Schema& schema) {
  for (Table& table : schema.tables) {
    std::sort(table.foreign_keys.begin(), table.foreign_keys.end(),
              [](const ForeignKey& a, const ForeignKey& b) {
                return std::tie(a.name, a.columns, a.referent.schema, a.referent.name,
                                a.referent_columns) < std::tie(b.name, b.columns, b.referent.schema,
                                                               b.referent.name, b.referent_columns);
              });
    std::sort(table.unique_constraints.begin(), table.unique_constraints.end(),
              [](const UniqueConstraint& a, const UniqueConstraint& b) {
                return std::tie(a.name, a.columns) < std::tie(b.name, b.columns);
              });
    SortChecks(table.check_constraints);
    std::sort(table.exclusion_constraints.begin(), table.exclusion_constraints.end(),
              [](const ExclusionConstraint& a, const ExclusionConstraint& b) {
                return std::tie(a.name, a.definition) < std::tie(b.name, b.definition);
              });
  }
  for (Domain& domain : schema.domains) SortChecks(domain.check_constraints);
  SortByName(schema.tables);
  SortByName(schema.views);
  SortByName(schema.sequences);
  SortByName(schema.enums);
  SortByName(schema.domains);
  std::sort(schema.indexes.begin(), schema.indexes.end(), [](const Index& a, const Index& b) {
    return std::tie(a.name, a.table.schema, a.table.name) <
           std::tie(b.name, b.table.schema, b.table.name);
  });
  std::sort(schema.triggers.begin(), schema.triggers.end(), [](const Trigger& a, const Trigger& b) {
    return std::tie(a.name, a.table.schema, a.table.name) <
           std::tie(b.name, b.table.schema, b.table.name);
  });
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
