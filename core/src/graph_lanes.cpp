// The lanes of `history --graph`. Each lane leads down to the revision it
// waits for; a line of text is two characters a lane (the lane, then the
// gap where '/' and '\' run between two lanes).
#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "retort/graph_picture.h"

namespace retort {
namespace {

using Lanes = std::vector<std::string_view>;  // the revision each lane waits for

std::string TrimmedRight(std::string line) {
  line.erase(line.find_last_not_of(' ') + 1);
  return line;
}

// The revision's own line: '*' in its lane, '|' in the others.
std::string RevisionLine(std::size_t lane_count, std::size_t column) {
  std::string line(2 * lane_count, ' ');
  for (std::size_t lane = 0; lane < lane_count; ++lane) line[2 * lane] = lane == column ? '*' : '|';
  return TrimmedRight(line);
}

// Lane `joining` ends in lane `column` (left of it), passing under the lanes
// between; the lanes right of it move one to the left.
std::string JoinLine(std::size_t lane_count, std::size_t column, std::size_t joining) {
  std::string line(2 * lane_count, ' ');
  for (std::size_t lane = 0; lane < joining; ++lane) line[2 * lane] = '|';
  for (std::size_t lane = column; lane + 1 < joining; ++lane) line[2 * lane + 1] = '_';
  for (std::size_t lane = joining; lane < lane_count; ++lane) line[2 * lane - 1] = '/';
  return TrimmedRight(line);
}

// Lane `column` ends (a base); the lanes right of it move one to the left.
std::string EndLine(std::size_t lane_count, std::size_t column) {
  std::string line(2 * lane_count, ' ');
  for (std::size_t lane = 0; lane < column; ++lane) line[2 * lane] = '|';
  for (std::size_t lane = column + 1; lane < lane_count; ++lane) line[2 * lane - 1] = '/';
  return TrimmedRight(line);
}

// A new lane parts to the right at position `opened`; the lanes from there
// on move one to the right.
std::string PartLine(std::size_t lane_count, std::size_t opened) {
  std::string line(2 * lane_count + 2, ' ');
  for (std::size_t lane = 0; lane < opened; ++lane) line[2 * lane] = '|';
  line[2 * opened - 1] = '\\';
  for (std::size_t lane = opened; lane < lane_count; ++lane) line[2 * lane + 1] = '\\';
  return TrimmedRight(line);
}

std::size_t LaneOf(const Lanes& lanes, std::string_view id, std::size_t from = 0) {
  const auto found = std::find(lanes.begin() + static_cast<std::ptrdiff_t>(from), lanes.end(), id);
  return static_cast<std::size_t>(found - lanes.begin());
}

}  // namespace

std::vector<GraphLine> DrawGraphLanes(const std::vector<const RevisionHeader*>& newest_first) {
  std::unordered_set<std::string_view> listed;
  for (const RevisionHeader* revision : newest_first) listed.insert(revision->id);
  Lanes lanes;
  std::vector<GraphLine> lines;
  // Where a lane ended on the line just drawn, with nothing to its right
  // (kNoLane: none): a new lane there would look like the ended revision's
  // parent. (Not an optional: GCC 12 at -O2 wrongly warns that it may be
  // read uninitialized.)
  constexpr std::size_t kNoLane = static_cast<std::size_t>(-1);
  std::size_t just_ended = kNoLane;
  for (std::size_t index = 0; index < newest_first.size(); ++index) {
    const RevisionHeader& revision = *newest_first[index];
    std::size_t column = LaneOf(lanes, revision.id);
    if (column == lanes.size()) {  // a head: a lane of its own
      if (just_ended == column) {  // the open lanes alone, a gap where the new one starts
        lines.push_back({RevisionLine(lanes.size(), lanes.size()), std::nullopt});
      }
      lanes.push_back(revision.id);
    }
    just_ended = kNoLane;
    for (std::size_t joining = LaneOf(lanes, revision.id, column + 1); joining < lanes.size();
         joining = LaneOf(lanes, revision.id, column + 1)) {
      lines.push_back({JoinLine(lanes.size(), column, joining), std::nullopt});
      lanes.erase(lanes.begin() + static_cast<std::ptrdiff_t>(joining));
    }
    lines.push_back({RevisionLine(lanes.size(), column), index});

    std::vector<std::string_view> parents;
    for (const std::string& parent : revision.down_revisions) {
      if (listed.contains(parent)) parents.push_back(parent);
    }
    if (parents.empty()) {
      if (column + 1 < lanes.size()) {
        lines.push_back({EndLine(lanes.size(), column), std::nullopt});
      } else {
        just_ended = column;
      }
      lanes.erase(lanes.begin() + static_cast<std::ptrdiff_t>(column));
      continue;
    }
    lanes[column] = parents.front();
    for (std::size_t extra = 1; extra < parents.size(); ++extra) {
      lines.push_back({PartLine(lanes.size(), column + extra), std::nullopt});
      lanes.insert(lanes.begin() + static_cast<std::ptrdiff_t>(column + extra), parents[extra]);
    }
  }
  return lines;
}

}  // namespace retort
