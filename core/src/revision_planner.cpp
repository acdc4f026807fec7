// Upgrade, downgrade, stamp and history plans over the revision graph, and
// the version rows each step leaves, as Alembic computes them. Each step
// carries the rows before and after it, so that the migrator can check and
// update them without knowing the graph.
#include <algorithm>
#include <string>
#include <unordered_map>

#include "retort/error.h"
#include "retort/revision_graph.h"

namespace retort {
namespace {

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

bool Contains(const std::vector<int>& list, int value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// The version rows as a set of revisions, changed the way Alembic changes
// its version table: one row per branch, with a dependency's branch kept
// only while nothing else implies it.
class VersionRows {
 public:
  explicit VersionRows(std::vector<int> rows) : rows_(std::move(rows)) {}
  const std::vector<int>& rows() const { return rows_; }
  bool Has(int node) const { return Contains(rows_, node); }

  void Insert(int node, const std::string& ids_for_errors) {
    if (Has(node)) Fail("add", ids_for_errors);
    rows_.push_back(node);
  }
  void Remove(int node, const std::string& ids_for_errors) {
    auto it = std::find(rows_.begin(), rows_.end(), node);
    if (it == rows_.end()) Fail("remove", ids_for_errors);
    rows_.erase(it);
  }
  void Replace(int from, int to, const std::string& ids_for_errors) {
    if (Has(to)) Fail("add", ids_for_errors);
    Remove(from, ids_for_errors);
    rows_.push_back(to);
  }

 private:
  [[noreturn]] static void Fail(const char* what, const std::string& ids) {
    throw RevisionError("cannot " + std::string(what) + " the version row of " + ids +
                        ": the version table does not match the revision graph here; "
                        "check the rows, or set them with 'stamp'");
  }
  std::vector<int> rows_;
};

}  // namespace

std::vector<MigrationStep> RevisionGraph::Steps(const std::vector<int>& order, Direction direction,
                                                const std::vector<int>& current,
                                                const std::vector<std::string>& current_rows) const {
  VersionRows rows(current);
  // A row that is an alias (a squashed range's newest) stays as the database
  // has it until a step replaces it, so that the migrator's check of the rows
  // before each step sees what is there.
  std::unordered_map<int, std::string> as_read;
  if (!row_aliases_.empty()) {
    for (const std::string& row : current_rows) {
      if (auto alias = row_aliases_.find(row); alias != row_aliases_.end()) {
        as_read.emplace(alias->second, row);
      }
    }
  }
  // The applied revisions are the ancestry of the rows before and after each
  // step; kept up to date, they answer most "implied?" questions at once.
  Members applied = Ancestry(current);
  // The part of `revisions` the rows other than `exclude` do not already
  // imply. A revision that is no row and has nothing applied above it (but
  // `exclude`) is below no row, so only the others need the search.
  auto not_implied_by_others = [&](const std::vector<int>& revisions,
                                   const std::vector<int>& exclude) {
    std::vector<int> to_search;
    for (int node : revisions) {
      const std::vector<int>& above = nodes_[node].above;
      if (rows.Has(node) || std::any_of(above.begin(), above.end(), [&](int other) {
            return applied[other] && !Contains(exclude, other);
          })) {
        to_search.push_back(node);
      }
    }
    if (to_search.empty()) return revisions;
    std::vector<int> others;
    for (int row : rows.rows()) {
      if (!Contains(exclude, row)) others.push_back(row);
    }
    const std::vector<int> not_below = NotBelow(to_search, others);
    std::vector<int> kept;  // in the order given: it decides the rows' order
    for (int node : revisions) {
      if (!Contains(to_search, node) || Contains(not_below, node)) kept.push_back(node);
    }
    return kept;
  };

  std::vector<MigrationStep> steps;
  steps.reserve(order.size());
  for (int node : order) {
    const std::string& id = nodes_[node].header.id;
    const std::vector<int>& down = nodes_[node].down;
    MigrationStep step;
    step.revision = nodes_[node].header;
    step.direction = direction;
    step.heads_before = RowIds(rows.rows(), as_read);
    if (direction == Direction::kUpgrade) {
      std::vector<int> present;
      for (int below : down) {
        if (rows.Has(below)) present.push_back(below);
      }
      if (present.empty()) {
        rows.Insert(node, id);  // a new branch, or one whose rows another implies
      } else if (present.size() > 1) {
        for (int merged : not_implied_by_others(down, down)) rows.Remove(merged, id);
        rows.Insert(node, id);
      } else {
        rows.Replace(present.front(), node, id);
      }
      applied[node] = 1;
    } else {
      if (!rows.Has(node)) {
        throw RevisionError("cannot downgrade " + id + ": it is applied only as a dependency "
                            "of another revision; downgrade that one first");
      }
      const std::vector<int> restored = not_implied_by_others(down, {node});
      applied[node] = 0;
      rows.Remove(node, id);
      for (int below : restored) rows.Insert(below, id);
    }
    step.heads_after = RowIds(rows.rows(), as_read);
    std::sort(step.heads_before.begin(), step.heads_before.end());
    std::sort(step.heads_after.begin(), step.heads_after.end());
    steps.push_back(std::move(step));
  }
  return steps;
}

std::vector<MigrationStep> RevisionGraph::PlanUpgrade(const std::vector<std::string>& current,
                                                      std::string_view target) const {
  std::vector<MigrationStep> steps;
  InView(current, [&](const RevisionGraph& view) { steps = view.UpgradeIn(current, target); });
  return steps;
}

std::vector<MigrationStep> RevisionGraph::UpgradeIn(const std::vector<std::string>& current,
                                                    std::string_view target) const {
  const std::vector<int> current_nodes = CurrentNodes(current);
  const std::vector<int> targets = ParseUpgradeTarget(current, target, false);
  Members needed = Ancestry(targets);
  const Members applied = Ancestry(current_nodes);
  for (std::size_t i = 0; i < needed.size(); ++i) needed[i] &= !applied[i];
  std::vector<int> order = NewestFirst(needed, targets);
  std::reverse(order.begin(), order.end());
  return Steps(order, Direction::kUpgrade, current_nodes, current);
}

std::vector<int> RevisionGraph::DowngradeRemovals(const std::vector<int>& current,
                                                  std::string_view target) const {
  const Members applied = Ancestry(current);
  std::vector<int> roots;
  int named_target = kBase;  // the revision named, when the target names one
  const auto at = target.find('@');
  const std::string_view branch = at == std::string_view::npos ? "" : target.substr(0, at);
  const std::string_view rest = at == std::string_view::npos ? target : target.substr(at + 1);
  const bool relative_to_current =
      !IsName(rest) && rest.size() > 1 && rest[0] == '-' &&
      rest.find_first_not_of("0123456789", 1) == std::string_view::npos;

  if (relative_to_current) {
    // "-N" removes the last N revisions of the current branch: the N-th one
    // down and everything applied above it. Only the N-1 steps between need
    // a single parent, so "-1" at a merge point unmerges. Unlike Alembic,
    // several current revisions are refused rather than one picked.
    std::vector<int> anchors = current;
    if (!branch.empty()) {
      const std::vector<int> against{ResolveBranch(branch)};
      anchors = FilterForLineage(current, against, false);
      if (anchors.empty()) anchors = FilterForLineage(BranchTips(applied), against, false);
    }
    if (anchors.size() != 1) {
      throw RevisionError(Quoted(target) + " needs one current revision to count from, and " +
                          (anchors.empty() ? std::string("there is none")
                                           : "there are several (" + JoinIds(anchors) +
                                                 "); use <branch label>@" + std::string(rest)));
    }
    const long steps = std::stol(std::string(rest.substr(1)));
    int node = anchors.front();
    for (long step = 1; step < steps; ++step) {
      const std::vector<int>& parents = nodes_[node].parents;
      if (parents.empty()) {
        throw RevisionError(Quoted(target) + " goes below base " + nodes_[node].header.id +
                            " (" + std::to_string(step + 1) + " of " + std::to_string(steps) +
                            " steps)");
      }
      if (parents.size() > 1) {
        throw RevisionError(Quoted(target) + " is ambiguous: " + nodes_[node].header.id +
                            " is a merge point (" + JoinIds(parents) + "); name a revision");
      }
      node = parents.front();
    }
    // As Alembic: going down to a branch point on a named branch must leave
    // the branch somewhere to be; a label declared below it has none there.
    if (!branch.empty() && nodes_[node].parents.size() == 1 &&
        nodes_[nodes_[node].parents.front()].children.size() > 1 &&
        !Ancestry({ResolveBranch(branch)}, false)[node]) {
      throw RevisionError(Quoted(target) + " is not a valid downgrade target: it goes down to " +
                          "branch point " + nodes_[nodes_[node].parents.front()].header.id +
                          ", above which branch " + Quoted(branch) +
                          " does not go; name the revision to go to");
    }
    roots = {node};
  } else if (const int label = LabelIndex(branch); label >= 0 && rest == "base") {
    // Only the branch's own revisions (and what depends on them) go; Alembic
    // would go down to the base its branch grew from.
    roots = BasesOfLabel(label);
  } else {
    const DowngradeTarget parsed = ParseDowngradeTarget(target);
    named_target = parsed.node;
    if (parsed.node == kBase) {
      roots = AllBases();
    } else {
      roots = nodes_[parsed.node].children;
    }
    if (!parsed.branch.empty() && roots.size() > 1) {
      const Members lineage = Ancestry({ResolveBranch(parsed.branch)}, false);
      std::erase_if(roots, [&](int root) { return !lineage[root]; });
      if (roots.empty()) {
        throw RevisionError(Quoted(target) + " is not a valid downgrade target from the "
                            "current revisions (" + JoinIds(current) + ")");
      }
    }
    if (parsed.node != kBase && !applied[parsed.node]) {
      throw RevisionError("cannot downgrade to " + nodes_[parsed.node].header.id +
                          ": it is not applied (current: " +
                          (current.empty() ? std::string("base") : JoinIds(current)) +
                          "); use upgrade to move forward");
    }
  }
  Members removed = Descent(roots);
  bool any_removed = false;
  for (std::size_t i = 0; i < removed.size(); ++i) {
    removed[i] &= applied[i];
    any_removed |= removed[i];
  }
  if (!any_removed && named_target >= 0 && !Contains(current, named_target)) {
    // Nothing applied above the target while it is not a current row itself:
    // it lies off the current revisions' lines (Alembic refuses this too).
    throw RevisionError(Quoted(target) + " is not a valid downgrade target from the current " +
                        "revisions (" + JoinIds(current) + "): nothing applied lies above " +
                        nodes_[named_target].header.id);
  }
  return NewestFirst(removed, current);
}

std::vector<MigrationStep> RevisionGraph::PlanDowngrade(const std::vector<std::string>& current,
                                                        std::string_view target) const {
  std::vector<MigrationStep> steps;
  InView(current, [&](const RevisionGraph& view) { steps = view.DowngradeIn(current, target); });
  return steps;
}

std::vector<MigrationStep> RevisionGraph::DowngradeIn(const std::vector<std::string>& current,
                                                      std::string_view target) const {
  const std::vector<int> current_nodes = CurrentNodes(current);
  return Steps(DowngradeRemovals(current_nodes, target), Direction::kDowngrade, current_nodes,
               current);
}

std::vector<std::string> RevisionGraph::PlanStamp(const std::vector<std::string>& current,
                                                  const std::vector<std::string>& targets,
                                                  bool purge) const {
  std::vector<std::string> rows;
  InView(purge ? std::vector<std::string>() : current,
         [&](const RevisionGraph& view) { rows = view.StampIn(current, targets, purge); });
  return rows;
}

std::vector<std::string> RevisionGraph::StampIn(const std::vector<std::string>& current,
                                                const std::vector<std::string>& targets,
                                                bool purge) const {
  const std::vector<int> current_nodes = purge ? std::vector<int>() : CurrentNodes(current);
  const std::vector<std::string> destinations =
      targets.empty() ? std::vector<std::string>{"base"} : targets;

  // The current rows each target concerns: those sharing its lineage.
  std::vector<int> concerned;
  for (const std::string& target : destinations) {
    const auto [branch, rest] = [&]() -> std::pair<std::string_view, std::string_view> {
      const auto at = target.find('@');
      if (at == std::string::npos) return {{}, target};
      return {std::string_view(target).substr(0, at), std::string_view(target).substr(at + 1)};
    }();
    std::vector<int> anchors;
    if (!branch.empty()) anchors.push_back(ResolveBranch(branch));
    if (rest == "heads" || rest == "head") {
      for (int node : ResolveMany(target)) anchors.push_back(node);
    } else if (rest != "base") {
      anchors.push_back(ResolveName(rest));
    }
    for (int node : FilterForLineage(current_nodes, anchors, true)) {
      if (!Contains(concerned, node)) concerned.push_back(node);
    }
  }

  std::vector<int> stamped;
  for (const std::string& target : destinations) {
    for (int node : ResolveMany(target)) {
      if (node < 0) throw RevisionError(Quoted(target) + " names no revision to stamp");
      stamped.push_back(node);
    }
  }
  if (stamped.empty()) stamped.push_back(kBase);

  VersionRows rows(current_nodes);
  for (int destination : stamped) {
    const std::string name =
        destination == kBase ? std::string("base") : nodes_[destination].header.id;
    if (destination == kBase) {
      for (int row : concerned) rows.Remove(row, name);
      continue;
    }
    if (Contains(concerned, destination)) continue;
    const Members above = Descent({destination});
    const Members below = Ancestry({destination});
    auto any_concerned = [&](const Members& set) {
      return std::any_of(concerned.begin(), concerned.end(), [&](int row) { return set[row]; });
    };
    const bool downward = any_concerned(above);
    if (!downward && !any_concerned(below)) {
      // A branch none of the current rows is on: a row of its own.
      if (!rows.Has(destination)) rows.Insert(destination, name);
      continue;
    }
    // Moving up onto rows of which some are already gone starts a new row.
    const bool some_gone = std::any_of(concerned.begin(), concerned.end(),
                                       [&](int row) { return !rows.Has(row); });
    if (!downward && some_gone && !rows.Has(destination)) {
      rows.Insert(destination, name);
      continue;
    }
    // Otherwise the concerned rows become the destination.
    for (std::size_t i = 0; i + 1 < concerned.size(); ++i) rows.Remove(concerned[i], name);
    rows.Replace(concerned.back(), destination, name);
  }
  return RowIds(rows.rows());
}

std::vector<int> RevisionGraph::HistoryNodes(std::string_view lower, std::string_view upper,
                                             const std::vector<std::string>& current) const {
  const std::vector<std::string> lower_symbols =
      lower == "current" ? current : std::vector<std::string>{std::string(lower)};
  std::vector<int> targets;
  if (upper == "current") {
    targets = CurrentNodes(current);
  } else {
    targets = ParseUpgradeTarget(lower_symbols, upper, /*stop_at_end=*/true);
  }
  if (lower != "current" && lower.find('@') != std::string_view::npos) {
    // "<branch>@...:" lists only that branch's revisions.
    const std::string_view branch = lower.substr(0, lower.find('@'));
    int label = LabelIndex(branch);
    if (label < 0) {
      const int node = ResolveName(branch);
      if (nodes_[node].labels.size() != 1) {
        throw RevisionError("history range start " + Quoted(lower) + ": revision " +
                            nodes_[node].header.id + " must carry exactly one branch label "
                            "to name a branch");
      }
      label = nodes_[node].labels.front();
    }
    std::erase_if(targets, [&](int node) { return node < 0 || !HasLabel(node, label); });
  }
  for (int node : targets) {
    if (node < 0) throw RevisionError("history range end " + Quoted(upper) + " names no revision");
  }
  Members selected = Ancestry(targets);

  std::vector<int> starts;
  for (const std::string& symbol : lower_symbols) {
    for (int node : ResolveMany(symbol)) {
      if (node < 0 || !selected[node]) {
        throw RevisionError("history range " + std::string(lower) + ":" + std::string(upper) +
                            ": " + (node < 0 ? std::string("base") : nodes_[node].header.id) +
                            " is not an ancestor of " + std::string(upper));
      }
      starts.push_back(node);
    }
  }
  if (!starts.empty()) {
    const Members below_start = Ancestry(starts);
    const Members above_start = Descent(starts, /*with_dependencies=*/false);
    for (std::size_t i = 0; i < selected.size(); ++i) {
      selected[i] &= !below_start[i] && above_start[i];
    }
    for (int start : starts) selected[start] = 1;
  }
  return NewestFirst(selected, targets);
}

std::vector<const RevisionHeader*> RevisionGraph::History(std::string_view range,
                                                          const CurrentRows& current) const {
  std::string_view lower = "base";
  std::string_view upper = "heads";
  if (!range.empty()) {
    const auto colon = range.find(':');
    if (colon == std::string_view::npos || range.find(':', colon + 1) != std::string_view::npos) {
      throw RevisionError("history range " + Quoted(range) +
                          " needs one ':' (start:end, start: or :end)");
    }
    if (colon > 0) lower = range.substr(0, colon);
    if (colon + 1 < range.size()) upper = range.substr(colon + 1);
  }
  std::vector<std::string> rows;
  if (lower == "current" || upper == "current") rows = current();
  if (lower == "current" && upper == "current") {
    throw RevisionError("history range current:current: use current: or :current");
  }
  std::vector<const RevisionHeader*> selected;
  InView(rows, [&](const RevisionGraph& view) {
    selected = view.Headers(view.HistoryNodes(lower, upper, rows));
  });
  return selected;
}

}  // namespace retort
