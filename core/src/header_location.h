// Where a revision header says something, for the graph's messages.
#ifndef RETORT_CORE_HEADER_LOCATION_H_
#define RETORT_CORE_HEADER_LOCATION_H_

#include <string>
#include <string_view>

#include "retort/revision.h"

namespace retort {

// The revision's file, or "(built in code)".
std::string FileOf(const RevisionHeader& header);

// "file:line" of the header line that gives `key` (YAML's "key:", a SQL
// revision's "-- key:", a C++ revision's "// key:"); the file alone when it
// cannot be read or the key is not found. Read only to word an error:
// headers keep no line numbers, since the header cache would have to keep
// them too.
std::string WhereKey(const RevisionHeader& header, std::string_view key);

}  // namespace retort

#endif  // RETORT_CORE_HEADER_LOCATION_H_
