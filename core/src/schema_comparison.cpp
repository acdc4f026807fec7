// CompareSchemas: the differences that change how a database behaves, and
// those that do not (tolerated). Adoption, check and stamp's check all ask
// this one question, so that a database adopted with a tolerated difference
// is not then reported as drifted, nor refused by stamp.
#include <optional>
#include <string>

#include "retort/schema_diff.h"

namespace retort {
namespace {

const char kRevisionSide[] = " in the revision";

// Comments do not change behaviour; clearing them leaves what does (the
// numbering's two by-default spellings DiffSchemas already takes as one).
Schema Behaviour(Schema schema) {
  for (Table& table : schema.tables) {
    table.comment.reset();
    for (Column& column : table.columns) column.comment.reset();
  }
  return schema;
}

std::string CommentText(const std::optional<std::string>& comment) {
  return comment ? "'" + *comment + "'" : "none";
}

std::string CommentLine(const std::string& path, const std::optional<std::string>& actual,
                        const std::optional<std::string>& expected) {
  return path + ", comment: " + CommentText(actual) + " here, " + CommentText(expected) +
         kRevisionSide;
}

// serial against a by-default identity: numbered alike, explicit values
// accepted alike. An ALWAYS identity refuses them, which is no spelling.
bool SameBehaviourOtherSpelling(const Column& expected, const Column& actual) {
  return expected.autoincrement && actual.autoincrement &&
         expected.numbering != actual.numbering && expected.numbering != Numbering::kAlways &&
         actual.numbering != Numbering::kAlways;
}

void AddTolerated(const Table& expected, const Table& actual, Tolerance tolerance,
                  std::vector<std::string>& lines) {
  const std::string path = "table " + ToString(expected.name);
  if (tolerance.comments && expected.comment != actual.comment) {
    lines.push_back(CommentLine(path, actual.comment, expected.comment));
  }
  for (const Column& wanted : expected.columns) {
    const Column* column = FindColumn(actual, wanted.name);
    if (column == nullptr) continue;
    const std::string at = path + ", column " + wanted.name;
    if (SameBehaviourOtherSpelling(wanted, *column)) {
      lines.push_back(at + ": " + FormatNumbering(column->numbering) + " here, " +
                      FormatNumbering(wanted.numbering) + kRevisionSide);
    }
    if (tolerance.comments && wanted.comment != column->comment) {
      lines.push_back(CommentLine(at, column->comment, wanted.comment));
    }
  }
}

}  // namespace

SchemaComparison CompareSchemas(const Schema& expected, const Schema& actual,
                                Tolerance tolerance) {
  SchemaComparison comparison;
  comparison.diff = tolerance.comments ? DiffSchemas(Behaviour(expected), Behaviour(actual))
                                       : DiffSchemas(expected, actual);
  for (const Table& table : expected.tables) {
    if (const Table* counterpart = FindTable(actual, table.name)) {
      AddTolerated(table, *counterpart, tolerance, comparison.tolerated);
    }
  }
  return comparison;
}

}  // namespace retort
