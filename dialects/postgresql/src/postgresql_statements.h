// Splitting PostgreSQL SQL text into its statements. PostgreSQL runs a
// string of several statements sent at once as one implicit transaction,
// which CREATE INDEX CONCURRENTLY and other statements refuse; a revision
// outside a transaction therefore sends them one by one.
#ifndef RETORT_POSTGRESQL_POSTGRESQL_STATEMENTS_H_
#define RETORT_POSTGRESQL_POSTGRESQL_STATEMENTS_H_

#include <string>
#include <string_view>
#include <vector>

namespace retort::postgresql {

// The statements of `sql`, split at semicolons that are outside string
// constants ('...', E'...' with backslash escapes), quoted identifiers,
// dollar-quoted bodies ($$...$$, $tag$...$tag$), comments (-- and nested
// /* */) and parentheses (a CREATE RULE's action list). Each keeps its text
// as written, without the semicolon; statements that are only blanks and
// comments are left out.
std::vector<std::string> SplitStatements(std::string_view sql);

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_STATEMENTS_H_
