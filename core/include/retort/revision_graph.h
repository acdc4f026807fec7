// The revision graph: every revision of a script directory, linked by
// down_revision (parent) and depends_on (dependency) edges. Answers the
// questions Alembic's RevisionMap answers, with the same target grammar, and
// plans upgrades, downgrades and stamps.
//
// Every query is linear in the number of revisions (or n log n); building
// the graph also walks once per branch label. No algorithm recurses: a chain
// of ten thousand revisions is an ordinary case.
//
// Target grammar (a "target" names where the database should end up):
//   head                 the only head (an error when there are several)
//   heads                every head
//   base                 before the first revision
//   <id>                 a full revision id, or a unique prefix of 4+ characters
//   <label>              the revision that declares branch label <label>
//   <label>@head         the head of branch <label>
//   <label>@base         the first revision(s) of branch <label>; as a
//                        downgrade target, "remove branch <label>"
//   <label>@<id>         <id>, checked to be on branch <label>
//   +N, -N               N steps up or down from the current revision
//   <ref>+N, <ref>-N     N steps up or down from <ref> (also <label>@+N)
// A range ("a:b", "a:", ":b") selects history; its ends may also be "current".
#ifndef RETORT_REVISION_GRAPH_H_
#define RETORT_REVISION_GRAPH_H_

#include <cstddef>
#include <functional>
#include <initializer_list>
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
  std::vector<std::string> heads_before;
  std::vector<std::string> heads_after;
};

class RevisionGraph {
 public:
  // Builds the graph. Throws RevisionError when two revisions share an id
  // (naming both files), a down_revision or depends_on names no revision
  // (naming the file), the edges form a cycle (listing it), or a branch label
  // is declared twice or collides with a revision id, or an id or label is a
  // target keyword (head, heads, base, current) or holds '@', ':' or blanks.
  explicit RevisionGraph(std::vector<RevisionHeader> revisions);

  RevisionGraph(const RevisionGraph&) = delete;
  RevisionGraph& operator=(const RevisionGraph&) = delete;
  RevisionGraph(RevisionGraph&&) = default;
  RevisionGraph& operator=(RevisionGraph&&) = default;

  std::size_t size() const { return nodes_.size(); }

  // The revision with exactly this id, or nullptr.
  const RevisionHeader* Find(std::string_view id) const;

  // Resolves a reference to one revision: a full id, a unique prefix of at
  // least 4 characters, a branch label, or <label>@head. Throws RevisionError
  // when it matches nothing or several revisions (listing them).
  const RevisionHeader& Resolve(std::string_view reference) const;

  // The revision that declares branch label `name`, or nullptr.
  const RevisionHeader* FindBranchLabel(std::string_view name) const;

  // Revisions no other revision names as down_revision (in reverse file
  // order: for revisions named by date or sequence, newest first).
  std::vector<const RevisionHeader*> Heads() const;
  // Revisions without down_revision.
  std::vector<const RevisionHeader*> Bases() const;
  // Revisions that more than one revision names as down_revision.
  std::vector<const RevisionHeader*> BranchPoints() const;
  // The revisions that name `revision` as down_revision.
  std::vector<const RevisionHeader*> Children(const RevisionHeader& revision) const;
  bool IsHead(const RevisionHeader& revision) const;
  bool IsBranchPoint(const RevisionHeader& revision) const;
  // The branch labels that apply to `revision`: its own, and those inherited
  // along its branch (Alembic's propagation).
  std::vector<std::string> BranchLabelsOf(const RevisionHeader& revision) const;

  // Reads the database's version rows; called only when a target needs them.
  using CurrentRows = std::function<std::vector<std::string>()>;

  // Revisions in `range` ("a:b", "a:", ":b", or "" for all), newest first:
  // every revision before its parents. `current` supplies the version rows
  // when an end is "current" or relative. Throws RevisionError.
  std::vector<const RevisionHeader*> History(std::string_view range,
                                             const CurrentRows& current) const;

  // The steps that take a database whose version rows are `current` to
  // `target`, parents before children, dependencies first. Revisions already
  // applied are skipped. Throws RevisionError for an unknown current revision
  // or a target that does not resolve.
  std::vector<MigrationStep> PlanUpgrade(const std::vector<std::string>& current,
                                         std::string_view target) const;

  // The steps that take the database back to `target`, children before
  // parents; revisions on branches the target does not descend to stay.
  // Throws RevisionError when the target is not applied.
  std::vector<MigrationStep> PlanDowngrade(const std::vector<std::string>& current,
                                           std::string_view target) const;

  // The version rows after stamping `targets` without running anything.
  // Without `purge`, current rows on branches the targets do not touch stay;
  // with it, the result is exactly the targets, and unknown current rows are
  // no error.
  std::vector<std::string> PlanStamp(const std::vector<std::string>& current,
                                     const std::vector<std::string>& targets, bool purge) const;

 private:
  struct Node {
    RevisionHeader header;
    std::vector<int> parents;     // down_revision edges
    std::vector<int> depends_on;  // dependency edges
    std::vector<int> children;    // reverse of parents
    std::vector<int> dependents;  // reverse of depends_on
    std::vector<int> labels;      // indices into labels_, propagated
  };
  struct Label {
    std::string name;
    int declared_by;
  };

  // A target split into its parts: "<label>@<anchor><+/-steps>".
  struct TargetParts {
    int label = -1;                  // index into labels_, -1 without "label@"
    std::string_view anchor;         // "head", "heads", "base", "current" or a reference
    long steps = 0;                  // +N / -N; 0 when absolute
  };

  void Link();
  void CheckAcyclic() const;
  void PropagateLabels();

  int IndexOf(const RevisionHeader& revision) const;
  int ResolveIndex(std::string_view reference) const;
  int LabelIndex(std::string_view name) const;  // -1 when not a label
  bool HasLabel(int node, int label) const;
  std::vector<int> CurrentNodes(const std::vector<std::string>& current) const;
  std::vector<int> AllHeads() const;
  std::vector<int> AllBases() const;
  std::vector<int> HeadsOfLabel(int label) const;
  std::vector<int> BasesOfLabel(int label) const;
  int SoleHead(const std::vector<int>& heads, std::string_view target) const;
  // The current revision on branch `label` (any branch when -1); -1 when none.
  int CurrentHeadFor(const std::vector<int>& current, int label, std::string_view target) const;
  int StepUp(int from, long steps, std::string_view target) const;
  // Sets *past_base when the last step goes below a base (returning the base).
  int StepDown(int from, long steps, std::string_view target, bool* past_base) const;
  TargetParts SplitTarget(std::string_view target) const;
  // The revisions the target's anchor names, before any +N/-N step.
  std::vector<int> AnchorNodes(const std::vector<int>& current, const TargetParts& parts,
                               std::string_view target) const;
  // The revisions `target` names ("base" and "nothing applied" name none).
  std::vector<int> ResolveTarget(const std::vector<int>& current, std::string_view target,
                                 bool* past_base) const;
  // One end of a history range; nullopt is "unbounded below".
  std::optional<std::vector<int>> ResolveRangeEnd(const std::vector<int>& current,
                                                  std::string_view end, bool lower) const;
  std::string JoinIds(const std::vector<int>& nodes) const;

  using EdgeList = std::vector<int> Node::*;
  // Every node reachable from `start` over the given edge lists, `start`
  // included, as a membership vector.
  std::vector<char> Reach(const std::vector<int>& start,
                          std::initializer_list<EdgeList> edge_lists) const;
  // Every node reachable from `start` over parents (and depends_on, unless
  // told not to), including `start` itself, as a membership vector.
  std::vector<char> Ancestry(const std::vector<int>& start,
                             bool follow_dependencies = true) const;
  // Every node reachable from `start` over children and dependents.
  std::vector<char> Descent(const std::vector<int>& start) const;
  // The nodes in `members` in an order that puts parents and dependencies
  // first, visiting `roots` depth first in order.
  std::vector<int> ParentsFirst(const std::vector<int>& roots,
                                const std::vector<char>& members) const;
  std::vector<int> NewestFirst(const std::vector<char>& members) const;
  std::vector<std::string> Ids(const std::vector<int>& nodes) const;
  std::vector<const RevisionHeader*> Headers(const std::vector<int>& nodes) const;

  std::vector<Node> nodes_;
  std::unordered_map<std::string_view, int> by_id_;
  std::vector<std::pair<std::string_view, int>> sorted_ids_;  // for prefix search
  std::vector<Label> labels_;
  std::unordered_map<std::string, int> label_index_;
};

}  // namespace retort

#endif  // RETORT_REVISION_GRAPH_H_
