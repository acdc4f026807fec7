// Upgrade, downgrade and stamp plans over the revision graph. Each step also
// carries the version rows before and after it, so that the migrator can check
// and update them without knowing the graph.
#include <algorithm>
#include <string>

#include "retort/error.h"
#include "retort/revision_graph.h"

namespace retort {
namespace {

void Remove(std::vector<std::string>& rows, const std::string& id) {
  rows.erase(std::remove(rows.begin(), rows.end(), id), rows.end());
}

void Add(std::vector<std::string>& rows, const std::string& id) {
  if (std::find(rows.begin(), rows.end(), id) == rows.end()) rows.push_back(id);
}

}  // namespace

std::vector<MigrationStep> RevisionGraph::PlanUpgrade(const std::vector<std::string>& current,
                                                      std::string_view target) const {
  const std::vector<int> current_nodes = CurrentNodes(current);
  const std::vector<char> applied = Ancestry(current_nodes);
  bool past_base = false;
  const std::vector<int> targets = ResolveTarget(current_nodes, target, &past_base);
  if (past_base) return {};  // below a base: nothing to add

  std::vector<char> needed = Ancestry(targets);
  for (std::size_t i = 0; i < needed.size(); ++i) needed[i] &= !applied[i];

  std::vector<MigrationStep> steps;
  std::vector<std::string> rows = current;
  for (int node : ParentsFirst(targets, needed)) {
    MigrationStep step;
    step.revision = nodes_[node].header;
    step.direction = Direction::kUpgrade;
    step.heads_before = rows;
    for (int parent : nodes_[node].parents) Remove(rows, nodes_[parent].header.id);
    Add(rows, nodes_[node].header.id);
    step.heads_after = rows;
    steps.push_back(std::move(step));
  }
  return steps;
}

std::vector<MigrationStep> RevisionGraph::PlanDowngrade(const std::vector<std::string>& current,
                                                        std::string_view target) const {
  const std::vector<int> current_nodes = CurrentNodes(current);
  std::vector<char> applied = Ancestry(current_nodes);

  // The revisions whose removal (with everything applied above them) the
  // target asks for.
  std::vector<int> removal_roots;
  const TargetParts parts = SplitTarget(target);
  if (parts.anchor == "base" && parts.steps == 0) {
    removal_roots = parts.label >= 0 ? BasesOfLabel(parts.label) : AllBases();
  } else if (parts.steps < 0) {
    // "-N" removes the last N revisions: the N-th one down and everything
    // above it. Only the N-1 steps between need a single parent, so "-1"
    // from a merge point unmerges.
    const std::vector<int> anchors = AnchorNodes(current_nodes, parts, target);
    if (anchors.size() != 1) {
      throw RevisionError("'" + std::string(target) + "' needs one current revision to count " +
                          "from, and there " +
                          (anchors.empty() ? std::string("is none")
                                           : "are several (" + JoinIds(anchors) + ")"));
    }
    bool past_base = false;
    const int node = StepDown(anchors.front(), -parts.steps - 1, target, &past_base);
    if (past_base) {
      throw RevisionError("'" + std::string(target) + "' goes below base " +
                          nodes_[node].header.id);
    }
    // The revisions below `node` are where the database ends up.
    for (int parent : nodes_[node].parents) {
      if (!applied[parent]) {
        throw RevisionError("cannot downgrade to " + nodes_[parent].header.id + " ('" +
                            std::string(target) + "'): it is not applied (current: " +
                            (current.empty() ? std::string("base") : JoinIds(current_nodes)) +
                            ")");
      }
    }
    removal_roots = {node};
  } else {
    bool past_base = false;  // only "-N" goes down, and it is handled above
    for (int node : ResolveTarget(current_nodes, target, &past_base)) {
      if (!applied[node]) {
        throw RevisionError("cannot downgrade to " + nodes_[node].header.id +
                            ": it is not applied (current: " +
                            (current.empty() ? std::string("base") : JoinIds(current_nodes)) +
                            "); use upgrade to move forward");
      }
      for (const auto* edges : {&nodes_[node].children, &nodes_[node].dependents}) {
        removal_roots.insert(removal_roots.end(), edges->begin(), edges->end());
      }
    }
  }

  std::vector<char> removed = Descent(removal_roots);
  for (std::size_t i = 0; i < removed.size(); ++i) removed[i] &= applied[i];
  std::vector<int> order = ParentsFirst(current_nodes, removed);
  std::reverse(order.begin(), order.end());

  std::vector<MigrationStep> steps;
  std::vector<std::string> rows = current;
  for (int node : order) {
    MigrationStep step;
    step.revision = nodes_[node].header;
    step.direction = Direction::kDowngrade;
    step.heads_before = rows;
    applied[node] = 0;
    Remove(rows, nodes_[node].header.id);
    for (int parent : nodes_[node].parents) {
      bool parent_still_covered = false;
      for (int child : nodes_[parent].children) parent_still_covered |= applied[child] != 0;
      if (!parent_still_covered) Add(rows, nodes_[parent].header.id);
    }
    step.heads_after = rows;
    steps.push_back(std::move(step));
  }
  return steps;
}

std::vector<std::string> RevisionGraph::PlanStamp(const std::vector<std::string>& current,
                                                  const std::vector<std::string>& targets,
                                                  bool purge) const {
  const std::vector<int> current_nodes = purge ? std::vector<int>() : CurrentNodes(current);
  std::vector<int> stamped;
  std::vector<int> cleared_bases;  // "base", or one step below a base: nothing on that branch
  bool to_base = false;            // "base" clears every branch
  for (const std::string& target : targets) {
    to_base |= target == "base";
    bool past_base = false;
    std::vector<int> nodes = ResolveTarget(current_nodes, target, &past_base);
    std::vector<int>& into = past_base ? cleared_bases : stamped;
    into.insert(into.end(), nodes.begin(), nodes.end());
  }
  if (!purge && !to_base) {
    // Keep the current rows of branches the targets do not touch.
    const std::vector<char> above = Descent(stamped);
    const std::vector<char> below = Ancestry(stamped);
    const std::vector<char> cleared = Descent(cleared_bases);
    for (int node : current_nodes) {
      if (!above[node] && !below[node] && !cleared[node]) stamped.push_back(node);
    }
  }
  // Only heads of the stamped set become rows: a down_revision ancestor of
  // another stamped revision is implied by it.
  std::vector<int> parents;
  for (int node : stamped) {
    parents.insert(parents.end(), nodes_[node].parents.begin(), nodes_[node].parents.end());
  }
  const std::vector<char> implied = Ancestry(parents, /*follow_dependencies=*/false);
  std::vector<std::string> rows;
  for (int node : stamped) {
    if (!implied[node]) Add(rows, nodes_[node].header.id);
  }
  return rows;
}

}  // namespace retort
