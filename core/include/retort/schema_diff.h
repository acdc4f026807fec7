// Comparing two schemas: the diff that the conformance suite, and the
// commands that check a database against its history, show to people.
#ifndef RETORT_SCHEMA_DIFF_H_
#define RETORT_SCHEMA_DIFF_H_

#include <string>

#include "retort/schema.h"

namespace retort {

// A readable line diff of two schemas, empty when they are equal: one line
// per difference, "- <path>: <what expected has>" then "+ <path>: <what
// actual has>", where a path names the table and the column, constraint or
// index ("table widgets, column price: type"), or the view, trigger,
// sequence, enum or domain ("view v", "trigger t on widgets", "domain year,
// check positive"); SQL text that spans lines (a view's definition) is shown
// on one. Something only one side has shows on one line. Compares the
// schemas as given, so both should be in the same canonical form. Throws
// nothing but std::bad_alloc; thread-safe.
std::string DiffSchemas(const Schema& expected, const Schema& actual);

}  // namespace retort

#endif  // RETORT_SCHEMA_DIFF_H_
