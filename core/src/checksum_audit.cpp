#include "checksum_audit.h"

#include <algorithm>
#include <map>
#include <set>

namespace retort {
namespace {

// What the history says of one revision.
struct Recorded {
  std::string checksum;        // of the latest upgrade or accept row; empty: none
  bool undone = false;         // its latest upgrade, downgrade or accept row is a downgrade
  std::size_t first_row = 0;   // for ordering revisions the graph does not know
};

std::map<std::string, Recorded> ReadRecords(const std::vector<HistoryRow>& history) {
  std::map<std::string, Recorded> records;
  for (std::size_t position = 0; position < history.size(); ++position) {
    const HistoryRow& row = history[position];
    const bool applies = row.direction == "upgrade" || row.direction == "accept";
    if (!applies && row.direction != "downgrade") continue;
    auto [it, inserted] = records.try_emplace(row.revision);
    if (inserted) it->second.first_row = position;
    it->second.undone = !applies;
    if (applies && !row.checksum.empty()) it->second.checksum = row.checksum;
  }
  return records;
}

}  // namespace

std::vector<RevisionCheck> AuditChecksums(const std::vector<HistoryRow>& history,
                                          const std::vector<std::string>& version_rows,
                                          ScriptDirectory& scripts, std::size_t* checked) {
  const RevisionGraph& graph = scripts.graph();
  const std::map<std::string, Recorded> records = ReadRecords(history);
  std::vector<std::string> known_rows;
  std::set<std::string> absent_rows;
  for (const std::string& row : version_rows) {
    if (graph.Find(row)) {
      known_rows.push_back(row);
    } else {
      absent_rows.insert(row);
    }
  }
  std::vector<const RevisionHeader*> applied;
  if (!known_rows.empty()) {
    applied = graph.History(":current", [&] { return known_rows; });
    std::reverse(applied.begin(), applied.end());  // oldest first
  }

  std::vector<RevisionCheck> found;
  std::size_t compared = 0;
  for (const RevisionHeader* header : applied) {
    const std::string file_checksum = scripts.Checksum(*header);
    const auto record = records.find(header->id);
    const std::string recorded = record == records.end() ? "" : record->second.checksum;
    // A C++ revision registered without a file has nothing to compare.
    if (file_checksum.empty()) continue;
    ++compared;
    if (recorded == file_checksum) continue;
    found.push_back(RevisionCheck{
        recorded.empty() ? RevisionCheck::Status::kUnknown : RevisionCheck::Status::kEdited,
        header->id, header->path, recorded, file_checksum});
  }
  // Revisions without a file, in the order the history first names them.
  std::vector<std::pair<std::size_t, RevisionCheck>> missing;
  for (const auto& [id, record] : records) {
    if (graph.Find(id) || (record.undone && !absent_rows.contains(id))) continue;
    missing.emplace_back(record.first_row, RevisionCheck{RevisionCheck::Status::kMissing, id,
                                                         "", record.checksum, ""});
  }
  for (const std::string& id : absent_rows) {
    if (!records.contains(id)) {
      missing.emplace_back(0, RevisionCheck{RevisionCheck::Status::kMissing, id, "", "", ""});
    }
  }
  std::stable_sort(missing.begin(), missing.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [row, check] : missing) found.push_back(std::move(check));
  if (checked) *checked = compared + missing.size();
  return found;
}

}  // namespace retort
