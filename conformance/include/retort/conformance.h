// The conformance suite: a catalogue of neutral operations that every dialect
// must carry out alike, and a runner that checks one database against it,
// comparing schemas with the core's DiffSchemas. See docs/conformance.md.
//
// The runner needs the dialect of the URL to be registered (or loadable as a
// module): call RegisterBuiltinDialects() first, as the retort executable does.
#ifndef RETORT_CONFORMANCE_H_
#define RETORT_CONFORMANCE_H_

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "retort/schema.h"
#include "retort/schema_diff.h"
#include "retort/sql_expression.h"

namespace retort {

class Dialect;

// What became of one catalogue case.
struct CaseResult {
  std::string name;     // "alter_column/type_using"
  bool passed = false;
  std::string failure;  // empty when passed; else why, possibly several lines
  // The live schema after the case's first upgrade to head (for a case whose
  // last revision must fail: where the failed upgrade left it, or where DDL
  // commits as it runs, where the documented way out, undo and stamp,
  // left it), as the
  // dialect reflects it, comments as the database keeps them;
  // nullopt when the case failed before it was read. Lets two dialects'
  // runs be compared case by case.
  std::optional<Schema> schema_at_head;
  // When the dialect lacks a feature the case needs: the features, in words
  // ("deferrable constraints"), and the case passed by being refused before
  // anything ran (schema_at_head is then nullopt). Empty otherwise.
  std::string lacking;
};

struct ConformanceReport {
  std::string dialect;  // the name of the dialect the URL selected
  std::vector<CaseResult> cases;  // in catalogue order

  int passed() const;
  int failed() const;
};

struct ConformanceOptions {
  // Run only these cases: each entry is a case's full name
  // ("alter_column/type_using") or the part before its '/' ("alter_column"),
  // which selects every case of that group. Empty: every case. An entry that
  // selects nothing is a ConfigError listing the case names.
  std::vector<std::string> cases;
  // Whether the database keeps table and column comments. nullopt: when the
  // SQL the dialect renders for a commented table carries the comment
  // (SQLite's does not: it accepts comments and keeps none). When false, the
  // expected schemas lose their comments before the comparison.
  std::optional<bool> keeps_comments;
};

// The names of the catalogue's cases, in the order they run.
std::vector<std::string> ConformanceCaseNames();

// Runs the catalogue against the database at `url`, writing one line per case
// to `out` as it finishes ("ok   <case>" or "FAIL <case>: <why>", the why's
// further lines indented by four blanks). Each case writes its revisions as
// YAML files into a fresh temporary script directory, so that the real file
// reader, planner and migrator carry them out.
//
// The database must hold no tables but retort's own (retort_*) and no version
// rows: anything else is a ConfigError before anything is written, so the
// suite never touches user data. Every case ends at base, also when it fails
// (should downgrading fail, the tables the case made are dropped and the
// version rows stamped away, which is safe since the database held none);
// retort's own tables are left behind. A case that fails does not stop the
// run; a database the runner cannot bring back to empty does, and the cases
// not run are reported failed.
//
// Throws ConfigError for an unusable URL or database as above, DatabaseError
// when it cannot connect; a failing case is never an exception.
ConformanceReport RunConformance(const std::string& url, std::ostream& out,
                                 const ConformanceOptions& options = {});

// The live schema at `url` (Connection::Reflect over a new connection).
Schema ReflectDatabase(const std::string& url);

// `schema`, written by hand as revision files describe tables (the
// catalogue's expected schemas), in the canonical form every dialect's
// reflection gives (retort/schema.h), so that the two compare with ==:
//  1. One spelling per fact. Column::primary_key columns become the table's
//     unnamed primary key and are NOT NULL (what the flag means in revision
//     files), Column::unique columns unnamed one-column unique constraints.
//     The nullability of a column in a table-level key is compared as it
//     is: SQLite lets a column that is not declared NOT NULL into a key.
//  2. Defaults spelled out equal omitted ones: ON DELETE / ON UPDATE NO
//     ACTION is no action given, INITIALLY IMMEDIATE is no INITIALLY, and
//     INITIALLY is upper case. numeric(p) is numeric(p,0), as SQL defines it.
//  3. SQL expressions (server defaults, generated columns, check conditions,
//     index predicates and expressions, domains' defaults and checks) in
//     CanonicalSqlExpression's neutral form (retort/sql_expression.h).
// The result is in SortCanonically's order. Reflected schemas are compared
// as they are: what a database shows differently (generated constraint
// names, schema names, casts) each dialect's reflection undoes itself
// (casts and the like through Dialect::CanonicalExpression).
// Throws std::out_of_range for an index expression position past its items.
Schema NormalizeForComparison(Schema schema);
// The same, with rule 3's expressions in `dialect`'s form
// (Dialect::CanonicalExpression), and
//  4. what `dialect`'s database does not tell apart spelled as it reports
//     it (Dialect::StoredForm: MySQL names no primary key, and its unique
//     constraints are unique indexes),
// a hand-written schema as that dialect's reflection gives it. What the
// conformance cases compare.
Schema NormalizeForComparison(Schema schema, const Dialect& dialect);

// `schema` without table and column comments: for comparing with a database
// that keeps none.
Schema WithoutComments(Schema schema);

}  // namespace retort

#endif  // RETORT_CONFORMANCE_H_
