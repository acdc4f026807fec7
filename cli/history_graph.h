// `history --graph`: the revisions as lanes, like `git log --graph`.
#ifndef RETORT_CLI_HISTORY_GRAPH_H_
#define RETORT_CLI_HISTORY_GRAPH_H_

#include <ostream>
#include <string>
#include <vector>

#include "retort/commands.h"

namespace retort::cli {

// Prints `newest_first` (a history listing) one line a revision, behind its
// lanes: "* 9b1f0c2d4e6a [accounts] (head) (current) add accounts", with
// the revision's own branch labels in brackets, and the lines where lanes
// part and join between them. `current`: the ids to mark (current).
void PrintHistoryGraph(std::ostream& out, const std::vector<RevisionInfo>& newest_first,
                       const std::vector<std::string>& current);

}  // namespace retort::cli

#endif  // RETORT_CLI_HISTORY_GRAPH_H_
