// Comparing two schemas: the diff that the conformance suite, and the
// commands that check a database against its history, show to people.
//
// Thread-safety: the functions are pure (see each).
#ifndef RETORT_SCHEMA_DIFF_H_
#define RETORT_SCHEMA_DIFF_H_

#include <string>
#include <vector>

#include "retort/schema.h"

namespace retort {

// A readable line diff of two schemas, empty when they are equal: one line
// per difference, "- <path>: <what expected has>" then "+ <path>: <what
// actual has>", where a path names the table and the column, constraint or
// index ("table widgets, column price: type"), or the view, trigger,
// sequence, enum or domain ("view v", "trigger t on widgets", "domain year,
// check positive"); SQL text that spans lines (a view's definition) is shown
// on one. Something only one side has shows on one line. Compares the
// schemas as given, so both should be in the same canonical form, with one
// exception: an autoincrement column numbered by serial and one numbered by
// a by-default identity are one behaviour spelled two ways, and do not
// differ here (a schema file cannot say which; CompareSchemas lists it). An
// ALWAYS identity is a difference. Throws nothing but std::bad_alloc;
// thread-safe.
std::string DiffSchemas(const Schema& expected, const Schema& actual);

// Two schemas compared as commands that check a database need it: what
// changes how the database behaves, and what does not.
struct SchemaComparison {
  // DiffSchemas of what changes behaviour; empty when nothing does.
  std::string diff;
  // The differences that do not change behaviour, one readable line each.
  std::vector<std::string> tolerated;

  bool matches() const { return diff.empty(); }
};

// What CompareSchemas may tolerate besides serial against identity.
struct Tolerance {
  // Table and column comments. A desired schema that differs in one still
  // needs a revision (autogenerate writes comments), so `check --to` says no.
  bool comments = true;
};

// Compares `expected`, the schema revisions make, with `actual`, a
// database's (or a schema source's): the one notion of a tolerated
// difference that adoption, check and stamp's check share. Tolerated, and so
// left out of `diff` and listed instead, for tables and columns both sides
// have (what only one side has is in `diff`):
// - unless `tolerance` says otherwise, table and column comments: "table
//   users, comment: 'people' here, none
//   in the revision", "table users, column name, comment: none here, 'full
//   name' in the revision";
// - an autoincrement column numbered by serial on one side and by a
//   by-default identity on the other: "table users, column id: serial here,
//   identity in the revision". An ALWAYS identity refuses the explicit
//   values the other two accept, so it is in `diff`, not tolerated.
// "here" is `actual`'s side. Lines come in `expected`'s table and column
// order. Throws nothing but std::bad_alloc; thread-safe.
SchemaComparison CompareSchemas(const Schema& expected, const Schema& actual,
                                Tolerance tolerance = {});

}  // namespace retort

#endif  // RETORT_SCHEMA_DIFF_H_
