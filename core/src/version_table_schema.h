// The shape of retort's own tables: the version table, the history table
// (with the columns later releases added), the incomplete-revision table and
// the lease lock's table,
// as neutral Tables a dialect renders. VersionTable creates, reads and
// writes them; the names come from the configuration (VersionTableNames).
#ifndef RETORT_CORE_VERSION_TABLE_SCHEMA_H_
#define RETORT_CORE_VERSION_TABLE_SCHEMA_H_

#include <vector>

#include "retort/config.h"
#include "retort/schema.h"

namespace retort {

Table VersionTableDefinition(const VersionTableNames& names);

// Added to the history table after its first release, oldest first: a
// history table may lack any of them (see VersionTable::Create). All
// nullable, so that adding one keeps the rows.
std::vector<Column> LaterHistoryColumns();

Table HistoryTableDefinition(const VersionTableNames& names);

// Added to the incomplete-revision table later, as LaterHistoryColumns.
std::vector<Column> LaterIncompleteColumns();

Table IncompleteTableDefinition(const VersionTableNames& names);

// The lease lock's table (see lease.h): one row per lock, which stays; a
// free lease has no token.
Table LockTableDefinition(const VersionTableNames& names);

}  // namespace retort

#endif  // RETORT_CORE_VERSION_TABLE_SCHEMA_H_
