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

namespace retort {

// What became of one catalogue case.
struct CaseResult {
  std::string name;     // "alter_column/type_using"
  bool passed = false;
  std::string failure;  // empty when passed; else why, possibly several lines
  // The live schema after the case's first upgrade to head (for a case whose
  // last revision must fail: where the failed upgrade left it), normalized
  // with NormalizeForComparison, comments as the database keeps them;
  // nullopt when the case failed before it was read. Lets two dialects'
  // runs be compared case by case.
  std::optional<Schema> schema_at_head;
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

// `schema` with the differences that do not matter removed, so that what a
// revision describes and what any database reflects compare with ==. The
// rules, each undoing one documented way a database shows the same thing
// differently (and nothing else):
//  1. One spelling per fact. Column::primary_key columns become the table's
//     unnamed primary key and are NOT NULL (what the flag means in revision
//     files), Column::unique columns unnamed one-column unique constraints.
//     The nullability of a column in a table-level key is compared as it
//     is: SQLite lets a column that is not declared NOT NULL into a key.
//  2. Generated constraint names are unnamed. A name is cleared when it ends
//     as PostgreSQL names unnamed constraints: a primary key's "_pkey", a
//     unique constraint's "_key", a foreign key's "_fkey", a check's
//     "_check", each optionally followed by digits. The table and column
//     parts before the suffix are not checked, since PostgreSQL keeps a
//     generated name when the table or column is renamed; SQLite leaves such
//     constraints unnamed.
//  3. Schema names are dropped from tables and indexes: reflection reads the
//     connection's default schema only, whose name differs per database.
//  4. Defaults spelled out equal omitted ones: ON DELETE / ON UPDATE NO
//     ACTION is no action given, INITIALLY IMMEDIATE is no INITIALLY, and
//     INITIALLY is upper case. numeric(p) is numeric(p,0), as SQL defines it
//     and PostgreSQL shows it.
//  5. SQL expressions (server defaults, check conditions, partial index
//     predicates) are compared in the canonical form CanonicalSqlExpression
//     gives, which undoes PostgreSQL's rewriting of stored expressions.
// The result is in SortCanonically's order. Everything else compares exactly.
Schema NormalizeForComparison(Schema schema);

// `schema` without table and column comments: for comparing with a database
// that keeps none.
Schema WithoutComments(Schema schema);

// The canonical form of SQL expression text (rule 5 above): PostgreSQL's casts
// ("::character varying", "::text[]", "::timestamp without time zone")
// removed; "x = ANY (ARRAY[a, b])", PostgreSQL's form of an IN list, turned
// back into "x IN (a, b)"; grouping parentheses (those not right after a word,
// i.e. not a function call's or an IN list's) removed, since PostgreSQL
// parenthesises every operation; words outside quotes in lower case (SQL
// keywords and unquoted names are case-insensitive); tokens joined by single
// blanks. String literals and quoted names are kept as written. Since
// grouping is dropped, "(a OR b) AND c" and "a OR b AND c" compare equal; and
// rewrites other than these (BETWEEN, negative constants shown as '-1') are
// not undone, so they compare different.
std::string CanonicalSqlExpression(const std::string& expression);

}  // namespace retort

#endif  // RETORT_CONFORMANCE_H_
