// The revision graph: every revision of a script directory, linked by
// down_revision (parent) and depends_on (dependency) edges. It answers the
// questions Alembic's revision map answers, with the same target grammar, and
// plans upgrades, downgrades and stamps the way Alembic does: the same
// revisions, in the same order, leaving the same version rows. Where retort
// deliberately differs (docs/commands.md, "Differences from Alembic"), the
// comment at the function says so.
//
// Graph queries are linear in the number of revisions for the histories
// people write; none recurses, so a chain of ten thousand revisions is an
// ordinary case. Ordering several interleaved branches costs a walk over the
// unvisited part of the graph each time one branch has to wait for another.
//
// Target grammar (a "target" names where the database should end up):
//   head                 the only head (an error when there are several)
//   heads                every head
//   base                 before the first revision
//   <id>                 a full revision id, or a unique prefix of 4+ characters
//   <label>              the revision that declares branch label <label>
//   <label>@head         the head of branch <label>
//   <label>@base         the start of branch <label>; as a downgrade target,
//                        "remove branch <label>"
//   <branch>@<id>        <id>, checked to share a lineage (be an ancestor or a
//                        descendant) with <branch>, a label or a revision id
//   +N, -N               N steps up or down from the current revision
//   <ref>+N, <ref>-N     N steps up or down from <ref> (also <label>@+N,
//                        counted from the branch's current revision, and
//                        <label>@base+N, counted from base along the branch)
// A range ("a:b", "a:", ":b") selects history; its ends may also be "current".
//
// Squashes: a revision whose header `replaces` a linear range of revisions
// stands for the whole range. While the range's files are still there the
// graph holds two views. The main one has the squash and not the revisions
// it replaces: an edge or a version row naming the newest of them means the
// squash, so the range's children (which name it as down_revision) continue
// from the squash, and a database at it is at the squash. The other view, of
// the originals, has the range and not the squash (whose version row then
// means the range's newest, and which the range's newest writes as its
// version row); the planning functions and Resolve use it when the version
// rows or the target name a revision inside the range. Without the range's
// files, a database at the range's newest still works and one inside it gets
// an error naming the squash and the missing file.
//
// Thread-safety: a RevisionGraph is immutable once built; any number of
// threads may query it at once.
#ifndef RETORT_REVISION_GRAPH_H_
#define RETORT_REVISION_GRAPH_H_

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "retort/revision.h"

namespace retort {

enum class Direction { kUpgrade, kDowngrade };

// One revision to apply or unapply, with the version rows before and after.
struct MigrationStep {
  RevisionHeader revision;  // a copy: a step outlives the graph that planned it
  Direction direction = Direction::kUpgrade;
  std::vector<std::string> heads_before;  // sorted
  std::vector<std::string> heads_after;   // sorted
};

// The pointers and references its members return point into the graph and
// are valid as long as it is.
class RevisionGraph {
 public:
  // Builds the graph. Throws RevisionError when two revisions share an id
  // (naming both files), a down_revision or depends_on names no revision
  // (naming the file), a `replaces` names revisions that are not a linear
  // range below the squash, or names some revisions of this directory and
  // not others, or a revision two squashes replace (naming the file and
  // line), the edges form a cycle (listing it), or a branch label
  // is declared twice or collides with a revision id, or an id or label is a
  // target keyword (head, heads, base, current) or holds '@', ':', '+', '-'
  // or blanks.
  explicit RevisionGraph(std::vector<RevisionHeader> revisions);

  RevisionGraph(const RevisionGraph&) = delete;
  RevisionGraph& operator=(const RevisionGraph&) = delete;
  RevisionGraph(RevisionGraph&&) = default;
  RevisionGraph& operator=(RevisionGraph&&) = default;

  std::size_t size() const { return nodes_.size(); }

  // The revision with exactly this id, or nullptr.
  const RevisionHeader* Find(std::string_view id) const;

  // The squash whose `replaces` names `id`, or nullptr.
  const RevisionHeader* ReplacedBy(std::string_view id) const;

  // The view (this graph or that of a squash's originals) whose revision
  // `revision` is: queries about a revision go to the view that holds it.
  const RevisionGraph& ViewOf(const RevisionHeader& revision) const;

  // Resolves a reference to one revision: a full id, a unique prefix of at
  // least 4 characters, a branch label, <branch>@<ref>, head or
  // <label>@head. Throws RevisionError when it matches nothing or several
  // revisions (listing them).
  const RevisionHeader& Resolve(std::string_view reference) const;

  // The revision that declares branch label `name`, or nullptr.
  const RevisionHeader* FindBranchLabel(std::string_view name) const;

  // Revisions no other revision names as down_revision, in file order
  // (Alembic's `heads`). A head that another revision depends on is an
  // "effective head".
  std::vector<const RevisionHeader*> Heads() const;
  // Heads that no revision depends on either (`heads --resolve-dependencies`).
  std::vector<const RevisionHeader*> RealHeads() const;
  // Revisions without down_revision, in file order.
  std::vector<const RevisionHeader*> Bases() const;
  // Revisions that more than one revision names as down_revision, in the
  // order of a full history listing (newest first).
  std::vector<const RevisionHeader*> BranchPoints() const;
  // The revisions that name `revision` as down_revision, in file order.
  std::vector<const RevisionHeader*> Children(const RevisionHeader& revision) const;
  // Whether `revision` is `ancestor` or above it along down_revision edges
  // (a dependency does not make a descendant).
  bool DescendsFrom(const RevisionHeader& revision, const RevisionHeader& ancestor) const;
  bool IsHead(const RevisionHeader& revision) const;
  // A head that another revision depends on.
  bool IsEffectiveHead(const RevisionHeader& revision) const;
  bool IsBranchPoint(const RevisionHeader& revision) const;
  bool IsMergePoint(const RevisionHeader& revision) const;
  // The branch labels that apply to `revision`, sorted: its own, and those
  // Alembic propagates to it (every down_revision descendant of a labelled
  // revision, and the unbranched stretch below it when nothing above it
  // branches).
  std::vector<std::string> BranchLabelsOf(const RevisionHeader& revision) const;

  // Reads the database's version rows; called only when a target needs them.
  using CurrentRows = std::function<std::vector<std::string>()>;

  // The revisions a database with version rows `current` is at: the newest
  // applied revision of each branch, also those implied by a dependency
  // (Alembic's `current`). Throws RevisionError for an unknown row.
  std::vector<const RevisionHeader*> CurrentRevisions(
      const std::vector<std::string>& current) const;

  // Revisions in `range` ("a:b", "a:", ":b", or "" for all), newest first in
  // Alembic's order. `current` supplies the version rows when an end is
  // "current" or relative. Throws RevisionError for a range without ':', an
  // end that does not resolve, or a start that is not an ancestor of the end.
  std::vector<const RevisionHeader*> History(std::string_view range,
                                             const CurrentRows& current) const;

  // The steps that take a database whose version rows are `current` to
  // `target`, parents and dependencies first, in Alembic's order. Revisions
  // already applied are skipped. Throws RevisionError for an unknown current
  // revision or a target that does not resolve or is ambiguous.
  std::vector<MigrationStep> PlanUpgrade(const std::vector<std::string>& current,
                                         std::string_view target) const;

  // The steps that take the database back to `target`, children before
  // parents: the revisions above the target on its line and what depends on
  // them. Throws RevisionError when the target is not applied. Unlike
  // Alembic, "-N" counts down through a merge point (it unmerges), refuses to
  // pick a branch when several are current, and "<label>@base" removes only
  // the revisions of branch <label>.
  std::vector<MigrationStep> PlanDowngrade(const std::vector<std::string>& current,
                                           std::string_view target) const;

  // The version rows after stamping `targets` without running anything, as
  // Alembic's stamp leaves them. With `purge`, the current rows are ignored
  // (they may name revisions the script directory does not know).
  std::vector<std::string> PlanStamp(const std::vector<std::string>& current,
                                     const std::vector<std::string>& targets, bool purge) const;

 private:
  struct Node {
    RevisionHeader header;
    std::vector<int> parents;     // down_revision edges, as declared
    std::vector<int> depends_on;  // dependency edges, as declared
    // parents, then the dependencies no down_revision ancestor already
    // declares: the edges the planner walks (Alembic's normalized down
    // revisions).
    std::vector<int> down;
    std::vector<int> children;    // reverse of parents, in file order
    std::vector<int> above;       // reverse of parents and depends_on
    std::vector<int> labels;      // indices into labels_, propagated
    int rank = 0;                 // a topological position: parents lower
  };
  struct Label {
    std::string name;
    int declared_by;
  };
  // A name that is no revision of this view but stands for one (see the
  // comment at the top): for edges, and with `row` also for version rows and
  // targets.
  struct Alias {
    std::string name;
    std::string stands_for;
    bool row = false;
  };

  using EdgeList = std::vector<int> Node::*;
  using Members = std::vector<char>;  // membership by node index

  // Positions that are not revisions: base (nothing applied, or the start of
  // an upward walk), and below every base (where a downward walk ends).
  static constexpr int kBase = -1;
  static constexpr int kWalkedPastBase = -3;

  struct Views;
  // A view of a graph with squashes (revision_replacements.cpp).
  RevisionGraph(std::vector<RevisionHeader> revisions, const std::vector<Alias>& aliases) {
    Build(std::move(revisions), aliases);
  }

  // --- building (revision_graph.cpp)
  void Build(std::vector<RevisionHeader> revisions, const std::vector<Alias>& aliases);
  void Link();
  void Rank();  // also rejects cycles
  void NormalizeDependencies();
  void PropagateLabels();

  // --- reachability (revision_reach.cpp)
  // Every node reachable from `start` over the given edge lists, `start`
  // included.
  Members Reach(const std::vector<int>& start, std::initializer_list<EdgeList> edges) const;
  Members Ancestry(const std::vector<int>& start, bool with_dependencies = true) const;
  Members Descent(const std::vector<int>& start, bool with_dependencies = true) const;
  // Whether `ancestor` is `node` or below it.
  bool IsAncestor(int ancestor, int node, bool with_dependencies) const;
  bool SharesLineage(int node, const std::vector<int>& against, bool with_dependencies) const;
  // The `candidates` that are neither among `tops` nor below one of them
  // (over parents and dependencies). Searches only the revisions ranked
  // above the lowest candidate, so it costs the stretch between, not the graph.
  std::vector<int> NotBelow(const std::vector<int>& candidates, const std::vector<int>& tops) const;
  std::vector<int> FilterForLineage(const std::vector<int>& nodes, const std::vector<int>& against,
                                    bool with_dependencies) const;
  // The newest revision of each branch among `members`.
  std::vector<int> BranchTips(const Members& members) const;

  // --- ordering (revision_order.cpp)
  // `members` newest first: Alembic's order, which walks down from `heads`
  // one branch at a time, switching to another branch only when the next
  // revision is also below it. Throws RevisionError when a member is not
  // below any head.
  std::vector<int> NewestFirst(const Members& members, const std::vector<int>& heads) const;

  // --- targets (revision_targets.cpp)
  int IndexOf(const RevisionHeader& revision) const;
  int LabelIndex(std::string_view name) const;  // -1 when not a label
  bool HasLabel(int node, int label) const;
  std::vector<int> CurrentNodes(const std::vector<std::string>& current) const;
  std::vector<int> AllHeads(bool with_dependencies) const;
  std::vector<int> AllBases() const;
  // Whether `name` is exactly a revision id or a branch label.
  bool IsName(std::string_view name) const;
  // The revision with id `name`, or declaring label `name`; -1 when neither
  // (no prefix matching).
  int ExactName(std::string_view name) const;
  // A revision id or a branch label, exactly, or a unique 4+ character prefix.
  int ResolveName(std::string_view name) const;
  // The ids and labels starting with `prefix`, sorted.
  std::vector<std::pair<std::string_view, int>> PrefixMatches(std::string_view prefix) const;
  // The revision a branch name ("<branch>@...") stands for: a label, an id or
  // a prefix.
  int ResolveBranch(std::string_view branch) const;
  // Resolves one symbol ("<branch>@<name>", "head", an id...); -1 for base.
  int ResolveOne(std::string_view reference) const;
  // The revisions a symbol names: heads, head, base, ids, "<branch>@-N".
  std::vector<int> ResolveMany(std::string_view reference) const;
  // Alembic's walk: `steps` up (> 0, along branch `branch` unless kBase) or
  // down from `start` (kBase: from before the bases). Returns the revision,
  // or kWalkedPastBase one step below a base. Throws RevisionError naming
  // `target` when a step is ambiguous, or when the walk runs off the graph
  // (unless `stop_at_end`: then it stays at the end).
  int Walk(int start, long steps, int branch, std::string_view target, bool stop_at_end) const;
  // The revisions an upgrade to `target` ends at; relative targets count
  // from `current` (version rows, or a history range's start).
  std::vector<int> ParseUpgradeTarget(const std::vector<std::string>& current,
                                      std::string_view target, bool stop_at_end) const;
  struct DowngradeTarget {
    int node = kBase;
    std::string branch;  // "<branch>@" of the target, if any
  };
  DowngradeTarget ParseDowngradeTarget(std::string_view target) const;
  std::vector<int> BasesOfLabel(int label) const;
  std::string JoinIds(const std::vector<int>& nodes) const;

  // --- squashes (revision_replacements.cpp)
  // The revision an edge naming `id` leads to; -1 when none.
  int EdgeTarget(std::string_view id) const;
  // The version rows `nodes` are written as: a row read from the database
  // keeps its text (`as_read`, by node), others are ids (the range's newest,
  // in the originals' view, writes its squash).
  std::vector<std::string> RowIds(const std::vector<int>& nodes,
                                  const std::unordered_map<int, std::string>& as_read = {}) const;
  // Runs `query` on the view that serves a database at `current`: the
  // originals' when a row is inside a squashed range, else this one, and the
  // originals' when this one refuses the query (a target inside a range).
  void InView(const std::vector<std::string>& current,
              const std::function<void(const RevisionGraph&)>& query) const;
  // The error for a version row `id` that is no revision of this view.
  [[noreturn]] void UnknownRow(const std::string& id) const;
  std::vector<const RevisionHeader*> Headers(const std::vector<int>& nodes) const;

  // --- planning (revision_planner.cpp)
  // The nodes `range` selects, newest first.
  std::vector<int> HistoryNodes(std::string_view lower, std::string_view upper,
                                const std::vector<std::string>& current) const;
  std::vector<int> DowngradeRemovals(const std::vector<int>& current,
                                     std::string_view target) const;
  std::vector<MigrationStep> Steps(const std::vector<int>& order, Direction direction,
                                   const std::vector<int>& current,
                                   const std::vector<std::string>& current_rows) const;
  // The public planning functions and queries, in one view.
  std::vector<MigrationStep> UpgradeIn(const std::vector<std::string>& current,
                                       std::string_view target) const;
  std::vector<MigrationStep> DowngradeIn(const std::vector<std::string>& current,
                                         std::string_view target) const;
  std::vector<std::string> StampIn(const std::vector<std::string>& current,
                                   const std::vector<std::string>& targets, bool purge) const;

  std::vector<Node> nodes_;
  std::unordered_map<std::string_view, int> by_id_;
  std::vector<int> ranked_;  // nodes by rank
  // Ids and labels, sorted, for prefix search.
  std::vector<std::pair<std::string_view, int>> sorted_names_;
  std::vector<Label> labels_;
  std::unordered_map<std::string, int> label_index_;
  std::unordered_map<std::string, int> edge_aliases_;
  std::unordered_map<std::string, int> row_aliases_;
  std::unordered_map<int, std::string> row_ids_;  // originals' view: the range's newest
  std::unique_ptr<RevisionGraph> originals_;      // main view with a squash's files present
};

}  // namespace retort

#endif  // RETORT_REVISION_GRAPH_H_
