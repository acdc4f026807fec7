// The revision graph as a picture: a Graphviz DOT document, and the lanes
// of a terminal drawing in the manner of `git log --graph`. Both are text
// computed from the graph alone, so the same graph always gives the same
// bytes; rendering DOT to SVG or PNG is left to the caller (the retort
// executable does it with Graphviz's library), so the core needs no Graphviz.
//
// Thread-safety: pure functions over an immutable graph; callable from
// several threads at once.
#ifndef RETORT_GRAPH_PICTURE_H_
#define RETORT_GRAPH_PICTURE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "retort/config.h"
#include "retort/revision.h"
#include "retort/revision_graph.h"

namespace retort {

struct GraphDotOptions {
  // A linear run of more than `collapse` revisions (each with one parent and
  // one child, no branch label, no depends_on either way, neither a head nor
  // current) is drawn as one node "N revisions: first .. last"; 0 draws
  // every revision.
  std::size_t collapse = 5;
  // Revision ids drawn filled, as the database's current revisions.
  std::vector<std::string> current;
};

// The DOT document of `graph`: one node per revision (its id, message and
// declared branch labels; heads with a double border, current revisions
// filled), an edge from each down_revision to its revision, and a dashed
// edge from each dependency to the revision that depends on it. Revisions
// appear oldest first, in the order of a full history listing reversed.
// Throws RevisionError for a `current` id the graph lacks.
std::string RevisionGraphDot(const RevisionGraph& graph, const GraphDotOptions& options = {});

// RevisionGraphDot over config's script directory. With `mark_current` and
// a configured URL, the database's current revisions (as Current reports
// them) are marked: the database is read, without the migration lock. Throws
// the script directory's errors (see commands.h), and with `mark_current`
// what opening and reading the database throws.
std::string GraphDot(const Config& config, std::size_t collapse, bool mark_current);

// One line of a terminal drawing, newest revision first: the lanes ('|' a
// line of descent, '*' the revision, '/' and '\' lines that join or part,
// '_' a line passing along the bottom), without trailing blanks.
struct GraphLine {
  std::string lanes;
  // The index (in the list drawn) of the revision on this line; nullopt for
  // a line that only connects.
  std::optional<std::size_t> revision;
};

// Lays out `newest_first` (a history listing: every revision before its
// down_revisions) as lanes: a revision continues the lane of its first
// child, a merge opens a lane per further parent, and lanes that lead to the
// same revision join just above it. A down_revision outside the list ends
// its lane, as a base does. depends_on edges are not drawn. Pure; throws
// nothing but std::bad_alloc.
std::vector<GraphLine> DrawGraphLanes(const std::vector<const RevisionHeader*>& newest_first);

}  // namespace retort

#endif  // RETORT_GRAPH_PICTURE_H_
