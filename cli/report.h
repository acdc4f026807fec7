// How revisions are printed, in the shapes Alembic users know:
//   58ce9da45577 -> 9b1f0c2d4e6a (head), add accounts
#ifndef RETORT_CLI_REPORT_H_
#define RETORT_CLI_REPORT_H_

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "retort/commands.h"
#include "terminal_style.h"

namespace retort::cli {

// Which markers a listing shows, as Alembic's listings do: `heads` shows no
// tree markers, `current` no branch labels.
struct Markers {
  bool labels = true;
  bool tree = true;  // (branchpoint), (mergepoint)
  bool current = false;
};

// "9b1f0c2d4e6a (accounts) (head) (branchpoint)": the id and its markers,
// "(effective head)" for a head that another revision depends on; the id
// and the head marker in `style`'s colours.
std::string Marked(const RevisionInfo& info, Markers markers = {}, const Style& style = Style());

// One history line: "<parents> (<dependencies>) -> <id> (markers), <message>".
std::string HistoryLine(const RevisionInfo& info, bool current = false,
                        const Style& style = Style());

// The multi-line form of -v: id, parents, children, path, message.
void PrintVerbose(std::ostream& out, const RevisionInfo& info, bool current = false,
                  const Style& style = Style());

// Rows of cells as lines, each column padded to its widest cell and two
// spaces apart; a column empty in every row is left out, and no line ends
// in spaces.
// `paint`, when given, colours each non-empty cell (widths count the text alone).
std::string AlignedColumns(
    const std::vector<std::vector<std::string>>& rows,
    const std::function<std::string(std::size_t column, const std::string& cell)>& paint = nullptr);

// "a, b" or "base" for no revisions.
std::string RevisionList(const std::vector<std::string>& ids);

}  // namespace retort::cli

#endif  // RETORT_CLI_REPORT_H_
