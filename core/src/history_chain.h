// The hash chain of the history table. Each row carries row_hash, the
// SHA-256 of its canonical text, which includes previous_hash, the row_hash
// of the row before it; so editing, inserting or deleting a row (other than
// the newest) breaks the chain at that point.
//
// Covered: previous_hash, revision, direction, checksum, executed_by, tag
// and note. Not covered: id, started_at, finished_at and duration_ms, which
// an offline SQL script leaves for the database to fill in when it runs, so
// they cannot be known when the script's hashes are computed.
#ifndef RETORT_CORE_HISTORY_CHAIN_H_
#define RETORT_CORE_HISTORY_CHAIN_H_

#include <string>
#include <string_view>
#include <vector>

#include "retort/migrator.h"
#include "retort/validate.h"

namespace retort {

// The previous_hash of the first row an offline SQL script writes on a
// database that already has history: the hash of the row before was not
// known when the script was written. It links to whatever row precedes it;
// the row's own hash still covers it, so an edit of the row still shows.
inline constexpr const char* kOfflineChainStart = "offline";

// The hex SHA-256 of `row`'s canonical text (previous_hash included, its own
// row_hash ignored): each field as "<name> <byte length>:<bytes>\n" after a
// versioned first line, so that no two rows share a text.
std::string HistoryRowHash(const HistoryRow& row);
// The same with `previous_hash` in place of row.previous_hash.
std::string HistoryRowHash(const HistoryRow& row, std::string_view previous_hash);

// What the chain of `rows` (oldest first, as VersionTable::ReadHistory
// returns them) says. Rows before the first chained one were written by a
// retort without the chain and are only counted; after it, a row without a
// hash is a problem.
struct ChainCheck {
  std::vector<ChainProblem> problems;
  std::size_t unchained_rows = 0;
};
ChainCheck CheckHistoryChain(const std::vector<HistoryRow>& rows);

}  // namespace retort

#endif  // RETORT_CORE_HISTORY_CHAIN_H_
