// The conformance catalogue: neutral revisions, and what a database must look
// like after them. Cases are grouped by what they exercise, one file per
// group; Catalogue() lists them all in the order they run.
#ifndef RETORT_CONFORMANCE_CATALOGUE_H_
#define RETORT_CONFORMANCE_CATALOGUE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/dialect.h"
#include "retort/schema.h"
#include "retort/type.h"

namespace retort::conformance {

using TextRows = std::vector<std::vector<std::string>>;

// Rows written and read back after an upgrade, in SQL every dialect runs.
struct RowCheck {
  // Run after the upgrade to head (each may hold several statements).
  std::vector<std::string> statements;
  // Every column cast to text (booleans through CASE, since databases spell
  // them differently), in a fixed ORDER BY.
  std::string query;
  // The query's rows once `statements` ran; SQL NULL is "NULL".
  TextRows expected;
  // Run once the rows were read: takes away what the downgrade could not
  // take back (a value too long for the narrower type it restores).
  std::vector<std::string> cleanup;
};

struct CatalogueCase {
  std::string name;  // "<group>/<aspect>", the group usually the operation
  // The bodies of a linear chain of YAML revisions, oldest first: everything
  // after the header (upgrade:, downgrade:, transaction:, rebuild:). The
  // runner adds revision, down_revision and message, and replaces
  // "${dialect}" with the dialect's name.
  std::vector<std::string> revisions;
  // The schema at head, in neutral terms (the column-level primary_key and
  // unique of revision files may be used). A view or trigger with an empty
  // definition matches the one of that name whatever its text. For a failing case: where the
  // failure leaves the database, i.e. after the revisions before the last.
  Schema expected;
  std::optional<RowCheck> rows;
  // The last revision must fail with a DatabaseError that carries the
  // dialect's code, leaving the version rows at the revision before it. A
  // failing case's RowCheck has no statements: its query shows what the
  // failed revision must not have left.
  bool fails = false;
  // A failing case on a database whose DDL commits as it runs
  // (DialectTraits::transactional_ddl false), where the failed revision
  // stays marked incomplete: what its operations before the failure left
  // (nullopt: `expected`), and the statements that take that back, after
  // which the case stamps the revision before, the documented way out.
  std::optional<Schema> left_when_ddl_commits = std::nullopt;
  std::vector<std::string> undo_when_ddl_commits = {};
  // Features the case asks for that a dialect may lack (DialectTraits::lacks).
  // On a dialect that lacks one, some revision must be refused before any of
  // it runs (see RunCase).
  std::vector<Feature> needs = {};
};

const std::vector<CatalogueCase>& Catalogue();

// The cases `filters` select, in catalogue order: each filter is a case's
// name or its group (the part before '/'); no filters select every case.
// Throws ConfigError, listing the names, for a filter that selects nothing.
std::vector<const CatalogueCase*> SelectCases(const std::vector<std::string>& filters);

// The groups, each in its own file.
std::vector<CatalogueCase> TableCases();       // create_table, drop_table, rename_table
std::vector<CatalogueCase> ColumnCases();      // add_column, drop_column, alter_column
std::vector<CatalogueCase> IndexCases();       // create_index, drop_index
std::vector<CatalogueCase> ConstraintCases();  // keys, checks, drop_constraint, comments
std::vector<CatalogueCase> DataCases();        // execute, bulk_insert, rebuild, errors
std::vector<CatalogueCase> ViewTriggerCases();  // create_view, drop_view, *_trigger

// Terse spellings for expected schemas.
inline Type T(std::string_view neutral) { return ParseType(neutral); }
inline QualifiedName N(std::string name) { return QualifiedName{"", std::move(name)}; }

}  // namespace retort::conformance

#endif  // RETORT_CONFORMANCE_CATALOGUE_H_
