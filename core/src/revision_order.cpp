// The order in which Alembic lists and runs revisions. Where several orders
// put parents before children, Alembic picks one by walking down from the
// heads one branch at a time; a history ported from Alembic runs its data
// migrations in the same order only if retort picks the same one.
//
// Alembic's walk keeps a list of branches, each at its next revision. It
// takes the next revision of the current branch unless that revision is
// also below another branch's next revision; then it moves to the first such
// branch. After taking a revision, the branch continues at its first
// down revision not yet taken nor waiting on another branch; the others
// become new branches at the end of the list. A branch with nowhere to go is
// dropped, and the walk goes back to the branch before it.
//
// Alembic tests "below another branch" against each branch's full ancestry.
// Since revisions are taken children first, a revision is below another
// branch's next revision exactly when something above it is still waiting,
// so a count per revision answers that in constant time, and the ancestry is
// searched only when the walk has to move.
#include <algorithm>
#include <string>
#include <unordered_set>

#include "retort/error.h"
#include "retort/revision_graph.h"

namespace retort {

std::vector<int> RevisionGraph::NewestFirst(const Members& members,
                                            const std::vector<int>& heads) const {
  const int n = static_cast<int>(nodes_.size());
  std::vector<int> waiting_above(n, 0);  // members directly above, not yet taken
  int remaining = 0;
  for (int node = 0; node < n; ++node) {
    if (!members[node]) continue;
    ++remaining;
    for (int above : nodes_[node].above) waiting_above[node] += members[above] ? 1 : 0;
  }
  Members taken(n, 0);
  Members queued(n, 0);
  std::vector<int> branches;
  for (int head : heads) {
    if (members[head] && !queued[head]) {
      queued[head] = 1;
      branches.push_back(head);
    }
  }
  std::sort(branches.begin(), branches.end());  // file order

  // The first branch (other than `current`) whose next revision lies above
  // `node`, searching upwards through the members not yet taken.
  auto blocking_branch = [&](int node, std::size_t current) {
    std::unordered_set<int> seen{node};
    std::vector<int> stack{node};
    while (!stack.empty()) {
      const int at = stack.back();
      stack.pop_back();
      for (int above : nodes_[at].above) {
        if (members[above] && !taken[above] && seen.insert(above).second) stack.push_back(above);
      }
    }
    for (std::size_t i = 0; i < branches.size(); ++i) {
      if (i != current && seen.count(branches[i]) != 0) return i;
    }
    return current;  // not reached: something above is waiting on a branch
  };

  std::vector<int> order;
  order.reserve(remaining);
  std::size_t current = 0;
  while (!branches.empty()) {
    const int candidate = branches[current];
    if (waiting_above[candidate] > 0) {
      const std::size_t next = blocking_branch(candidate, current);
      if (next == current) break;  // cannot happen in a graph without cycles
      current = next;
      continue;
    }
    taken[candidate] = 1;
    order.push_back(candidate);
    for (int below : nodes_[candidate].parents) waiting_above[below] -= members[below] ? 1 : 0;
    for (int below : nodes_[candidate].depends_on) {
      if (std::find(nodes_[candidate].parents.begin(), nodes_[candidate].parents.end(), below) ==
          nodes_[candidate].parents.end()) {
        waiting_above[below] -= members[below] ? 1 : 0;
      }
    }
    std::vector<int> next_revisions;
    for (int below : nodes_[candidate].down) {
      if (members[below] && !taken[below] && !queued[below]) next_revisions.push_back(below);
    }
    queued[candidate] = 0;
    if (next_revisions.empty()) {
      branches.erase(branches.begin() + static_cast<long>(current));
      current = current > 0 ? current - 1 : 0;
      continue;
    }
    branches[current] = next_revisions.front();
    queued[next_revisions.front()] = 1;
    for (std::size_t i = 1; i < next_revisions.size(); ++i) {
      branches.push_back(next_revisions[i]);
      queued[next_revisions[i]] = 1;
    }
  }
  if (static_cast<int>(order.size()) != remaining) {
    std::vector<int> left;
    for (int node = 0; node < n; ++node) {
      if (members[node] && !taken[node]) left.push_back(node);
    }
    if (left.size() > 10) left.resize(10);
    throw RevisionError("cannot order revisions " + JoinIds(left) +
                        ": they lie below none of the revisions the range starts from");
  }
  return order;
}

}  // namespace retort
