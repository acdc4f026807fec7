// --format json: the documents scripts read (docs/json.md). Each command
// prints one object whose first member is "format_version"; the fields of
// each report are built here, once, so that the same thing has the same
// shape in every command.
#ifndef RETORT_CLI_JSON_OUTPUT_H_
#define RETORT_CLI_JSON_OUTPUT_H_

#include <string>

#include "cli.h"
#include "retort/commands.h"
#include "retort/document_tree.h"
#include "retort/migration_log.h"

namespace retort::cli {

// Raised when a field changes meaning or disappears; new fields do not
// raise it (docs/json.md says what scripts may rely on).
constexpr int kJsonFormatVersion = 1;

// Declares --format text|json.
void DeclareFormat(po::options_description& options);
// Whether --format asked for JSON. Throws UsageError for another format.
bool WantsJson(const po::variables_map& values);

// {"format_version": 1}, for a command to add its fields to.
DocNode JsonReport();
// Writes `report` to standard output.
void PrintJson(const DocNode& report);

// "2024-06-17 09:12:44.123456+00:00" as ISO 8601 UTC,
// "2024-06-17T09:12:44.123456Z"; text in another shape is kept as it is.
std::string IsoUtc(const std::string& timestamp);

// Text, or null when empty: a value that is not there reads as null.
DocNode TextOrNull(const std::string& text);

// A revision of the graph: id, message, parents, dependencies, labels,
// children, path, create date and the head and tree flags.
DocNode RevisionJson(const RevisionInfo& info);
// A history table row.
DocNode HistoryRowJson(const HistoryRow& row);
// A revision upgrade heads would apply.
DocNode PendingJson(const PendingRevision& pending);

}  // namespace retort::cli

#endif  // RETORT_CLI_JSON_OUTPUT_H_
