// Reachability in the revision graph: ancestry, descent, lineage, and the
// newest revision of each branch of a set.
#include <algorithm>
#include <unordered_set>

#include "retort/revision_graph.h"

namespace retort {

RevisionGraph::Members RevisionGraph::Reach(const std::vector<int>& start,
                                            std::initializer_list<EdgeList> edges) const {
  Members member(nodes_.size(), 0);
  std::vector<int> stack;
  for (int node : start) {
    if (!member[node]) {
      member[node] = 1;
      stack.push_back(node);
    }
  }
  while (!stack.empty()) {
    const int node = stack.back();
    stack.pop_back();
    for (EdgeList list : edges) {
      for (int next : nodes_[node].*list) {
        if (!member[next]) {
          member[next] = 1;
          stack.push_back(next);
        }
      }
    }
  }
  return member;
}

RevisionGraph::Members RevisionGraph::Ancestry(const std::vector<int>& start,
                                               bool with_dependencies) const {
  if (!with_dependencies) return Reach(start, {&Node::parents});
  return Reach(start, {&Node::parents, &Node::depends_on});
}

RevisionGraph::Members RevisionGraph::Descent(const std::vector<int>& start,
                                              bool with_dependencies) const {
  if (!with_dependencies) return Reach(start, {&Node::children});
  return Reach(start, {&Node::above});
}

bool RevisionGraph::IsAncestor(int ancestor, int node, bool with_dependencies) const {
  if (ancestor == node) return true;
  const int floor = nodes_[ancestor].rank;
  if (nodes_[node].rank < floor) return false;
  // Only revisions ranked between the two can lie on a path: the search
  // stays within the stretch of history between them.
  std::unordered_set<int> seen{node};
  std::vector<int> stack{node};
  while (!stack.empty()) {
    const int current = stack.back();
    stack.pop_back();
    for (const std::vector<int>* edges : {&nodes_[current].parents, &nodes_[current].depends_on}) {
      if (edges == &nodes_[current].depends_on && !with_dependencies) break;
      for (int next : *edges) {
        if (next == ancestor) return true;
        if (nodes_[next].rank > floor && seen.insert(next).second) stack.push_back(next);
      }
    }
  }
  return false;
}

std::vector<int> RevisionGraph::NotBelow(const std::vector<int>& candidates,
                                         const std::vector<int>& tops) const {
  if (candidates.empty() || tops.empty()) return candidates;
  int floor = nodes_[candidates.front()].rank;
  for (int candidate : candidates) floor = std::min(floor, nodes_[candidate].rank);
  std::unordered_set<int> remaining(candidates.begin(), candidates.end());
  std::unordered_set<int> seen;
  std::vector<int> stack;
  for (int top : tops) {
    if (nodes_[top].rank >= floor && seen.insert(top).second) stack.push_back(top);
  }
  while (!stack.empty() && !remaining.empty()) {
    const int current = stack.back();
    stack.pop_back();
    remaining.erase(current);
    for (const std::vector<int>* edges : {&nodes_[current].parents, &nodes_[current].depends_on}) {
      for (int next : *edges) {
        if (nodes_[next].rank >= floor && seen.insert(next).second) stack.push_back(next);
      }
    }
  }
  std::vector<int> kept;
  for (int candidate : candidates) {
    if (remaining.count(candidate)) kept.push_back(candidate);
  }
  return kept;
}

bool RevisionGraph::SharesLineage(int node, const std::vector<int>& against,
                                  bool with_dependencies) const {
  if (against.empty()) return true;
  return std::any_of(against.begin(), against.end(), [&](int other) {
    return IsAncestor(other, node, with_dependencies) ||
           IsAncestor(node, other, with_dependencies);
  });
}

std::vector<int> RevisionGraph::FilterForLineage(const std::vector<int>& nodes,
                                                 const std::vector<int>& against,
                                                 bool with_dependencies) const {
  std::vector<int> kept;
  for (int node : nodes) {
    if (SharesLineage(node, against, with_dependencies)) kept.push_back(node);
  }
  return kept;
}

std::vector<int> RevisionGraph::BranchTips(const Members& members) const {
  // From the top down: a member is a tip unless a member lies above it along
  // down_revision edges.
  Members member_above(nodes_.size(), 0);
  for (auto it = ranked_.rbegin(); it != ranked_.rend(); ++it) {
    const int node = *it;
    for (int child : nodes_[node].children) {
      if (members[child] || member_above[child]) member_above[node] = 1;
    }
  }
  std::vector<int> tips;
  for (int node = 0; node < static_cast<int>(nodes_.size()); ++node) {
    if (members[node] && !member_above[node]) tips.push_back(node);
  }
  return tips;
}

}  // namespace retort
