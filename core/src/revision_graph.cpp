// Construction, validation and structural queries of the revision graph.
// Target resolution is in revision_targets.cpp, planning in
// revision_planner.cpp.
#include "retort/revision_graph.h"

#include <algorithm>
#include <string>

#include "retort/error.h"

namespace retort {
namespace {

std::string FileOf(const RevisionHeader& header) {
  return header.path.empty() ? std::string("(built in code)") : header.path;
}

// Ids and labels appear in targets, so they cannot be target keywords or
// hold the target grammar's separators.
void CheckName(const RevisionHeader& header, const std::string& name, const char* what) {
  for (const char* keyword : {"head", "heads", "base", "current"}) {
    if (name == keyword) {
      throw RevisionError(FileOf(header) + ": " + what + " '" + name +
                          "' is a target keyword and cannot name a revision");
    }
  }
  if (name.find_first_of("@: \t") != std::string::npos) {
    throw RevisionError(FileOf(header) + ": " + what + " '" + name +
                        "' cannot contain '@', ':' or blanks");
  }
}

}  // namespace

RevisionGraph::RevisionGraph(std::vector<RevisionHeader> revisions) {
  nodes_.reserve(revisions.size());
  for (RevisionHeader& header : revisions) {
    nodes_.push_back(Node{std::move(header), {}, {}, {}, {}, {}});
  }
  by_id_.reserve(nodes_.size());
  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) {
    const RevisionHeader& header = nodes_[i].header;
    if (header.id.empty()) {
      throw RevisionError(FileOf(header) + ": the revision has no id");
    }
    CheckName(header, header.id, "revision id");
    auto [it, inserted] = by_id_.emplace(header.id, i);
    if (!inserted) {
      throw RevisionError("revision id '" + header.id + "' is declared twice: in " +
                          FileOf(nodes_[it->second].header) + " and in " + FileOf(header));
    }
  }
  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) {
    for (const std::string& name : nodes_[i].header.branch_labels) {
      CheckName(nodes_[i].header, name, "branch label");
      if (by_id_.count(name) != 0) {
        throw RevisionError(FileOf(nodes_[i].header) + ": branch label '" + name +
                            "' is also a revision id");
      }
      const int existing = LabelIndex(name);
      if (existing >= 0 && labels_[existing].declared_by == i) continue;  // listed twice
      if (existing >= 0) {
        throw RevisionError("branch label '" + name + "' is declared twice: by revision " +
                            nodes_[labels_[existing].declared_by].header.id + " and by " +
                            nodes_[i].header.id);
      }
      label_index_.emplace(name, static_cast<int>(labels_.size()));
      labels_.push_back(Label{name, i});
    }
  }
  Link();
  CheckAcyclic();
  PropagateLabels();

  sorted_ids_.reserve(nodes_.size());
  for (const auto& [id, index] : by_id_) sorted_ids_.emplace_back(id, index);
  std::sort(sorted_ids_.begin(), sorted_ids_.end());
}

void RevisionGraph::Link() {
  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) {
    Node& node = nodes_[i];
    for (const std::string& parent_id : node.header.down_revisions) {
      auto it = by_id_.find(parent_id);
      if (it == by_id_.end()) {
        throw RevisionError(FileOf(node.header) + ": revision " + node.header.id +
                            " has down_revision '" + parent_id +
                            "', which is not a revision of this script directory");
      }
      if (std::find(node.parents.begin(), node.parents.end(), it->second) == node.parents.end()) {
        node.parents.push_back(it->second);
        nodes_[it->second].children.push_back(i);
      }
    }
    for (const std::string& dependency : node.header.depends_on) {
      int target = -1;
      if (auto it = by_id_.find(dependency); it != by_id_.end()) {
        target = it->second;
      } else if (int label = LabelIndex(dependency); label >= 0) {
        target = labels_[label].declared_by;
      } else {
        throw RevisionError(FileOf(node.header) + ": revision " + node.header.id +
                            " depends_on '" + dependency +
                            "', which is neither a revision nor a branch label");
      }
      if (std::find(node.depends_on.begin(), node.depends_on.end(), target) ==
          node.depends_on.end()) {
        node.depends_on.push_back(target);
        nodes_[target].dependents.push_back(i);
      }
    }
  }
}

void RevisionGraph::CheckAcyclic() const {
  // Kahn's algorithm over parent and dependency edges; whatever it cannot
  // order lies on or above a cycle.
  const int n = static_cast<int>(nodes_.size());
  std::vector<int> pending(n);
  std::vector<int> ready;
  for (int i = 0; i < n; ++i) {
    pending[i] = static_cast<int>(nodes_[i].parents.size() + nodes_[i].depends_on.size());
    if (pending[i] == 0) ready.push_back(i);
  }
  int ordered = 0;
  while (!ready.empty()) {
    int node = ready.back();
    ready.pop_back();
    ++ordered;
    for (const auto* edges : {&nodes_[node].children, &nodes_[node].dependents}) {
      for (int next : *edges) {
        if (--pending[next] == 0) ready.push_back(next);
      }
    }
  }
  if (ordered == n) return;

  // Walk parent/dependency edges among the unordered nodes until one repeats.
  int start = 0;
  while (pending[start] == 0) ++start;
  std::vector<int> seen_at(n, -1);
  std::vector<int> path;
  int node = start;
  while (seen_at[node] < 0) {
    seen_at[node] = static_cast<int>(path.size());
    path.push_back(node);
    int next = -1;
    for (const auto* edges : {&nodes_[node].parents, &nodes_[node].depends_on}) {
      for (int candidate : *edges) {
        if (pending[candidate] > 0) {
          next = candidate;
          break;
        }
      }
      if (next >= 0) break;
    }
    node = next;
  }
  std::string cycle;
  for (std::size_t i = seen_at[node]; i < path.size(); ++i) {
    cycle += nodes_[path[i]].header.id + " -> ";
  }
  cycle += nodes_[node].header.id;
  throw RevisionError("the revisions form a cycle (each names the next as down_revision or "
                      "depends_on): " + cycle + "; first file: " + FileOf(nodes_[node].header));
}

void RevisionGraph::PropagateLabels() {
  for (int label = 0; label < static_cast<int>(labels_.size()); ++label) {
    const int declared_by = labels_[label].declared_by;
    // Every descendant along parent edges carries the label...
    const std::vector<char> below = Reach({declared_by}, {&Node::children});
    for (int node = 0; node < static_cast<int>(nodes_.size()); ++node) {
      if (below[node]) nodes_[node].labels.push_back(label);
    }
    // ...and so does the unbranched stretch below it, down to a branch or
    // merge point.
    int node = declared_by;
    while (nodes_[node].parents.size() == 1) {
      node = nodes_[node].parents[0];
      if (nodes_[node].children.size() > 1 || nodes_[node].parents.size() > 1) break;
      if (!HasLabel(node, label)) nodes_[node].labels.push_back(label);
    }
  }
}

int RevisionGraph::IndexOf(const RevisionHeader& revision) const {
  auto it = by_id_.find(revision.id);
  if (it == by_id_.end() || &nodes_[it->second].header != &revision) {
    throw RevisionError("revision " + revision.id + " is not part of this graph");
  }
  return it->second;
}

int RevisionGraph::LabelIndex(std::string_view name) const {
  auto it = label_index_.find(std::string(name));
  return it == label_index_.end() ? -1 : it->second;
}

bool RevisionGraph::HasLabel(int node, int label) const {
  const std::vector<int>& labels = nodes_[node].labels;
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

const RevisionHeader* RevisionGraph::Find(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &nodes_[it->second].header;
}

const RevisionHeader* RevisionGraph::FindBranchLabel(std::string_view name) const {
  const int label = LabelIndex(name);
  return label < 0 ? nullptr : &nodes_[labels_[label].declared_by].header;
}

std::vector<int> RevisionGraph::AllHeads() const {
  std::vector<int> heads;
  for (int i = static_cast<int>(nodes_.size()) - 1; i >= 0; --i) {
    if (nodes_[i].children.empty()) heads.push_back(i);
  }
  return heads;
}

std::vector<const RevisionHeader*> RevisionGraph::Heads() const { return Headers(AllHeads()); }

std::vector<int> RevisionGraph::AllBases() const {
  std::vector<int> bases;
  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) {
    if (nodes_[i].parents.empty()) bases.push_back(i);
  }
  return bases;
}

std::vector<const RevisionHeader*> RevisionGraph::Bases() const { return Headers(AllBases()); }

std::vector<const RevisionHeader*> RevisionGraph::BranchPoints() const {
  std::vector<int> points;
  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) {
    if (nodes_[i].children.size() > 1) points.push_back(i);
  }
  return Headers(points);
}

std::vector<const RevisionHeader*> RevisionGraph::Children(const RevisionHeader& revision) const {
  return Headers(nodes_[IndexOf(revision)].children);
}

bool RevisionGraph::IsHead(const RevisionHeader& revision) const {
  return nodes_[IndexOf(revision)].children.empty();
}

bool RevisionGraph::IsBranchPoint(const RevisionHeader& revision) const {
  return nodes_[IndexOf(revision)].children.size() > 1;
}

std::vector<std::string> RevisionGraph::BranchLabelsOf(const RevisionHeader& revision) const {
  std::vector<std::string> names;
  for (int label : nodes_[IndexOf(revision)].labels) names.push_back(labels_[label].name);
  return names;
}

std::vector<char> RevisionGraph::Reach(const std::vector<int>& start,
                                       std::initializer_list<EdgeList> edge_lists) const {
  std::vector<char> member(nodes_.size(), 0);
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
    for (EdgeList edges : edge_lists) {
      for (int next : nodes_[node].*edges) {
        if (!member[next]) {
          member[next] = 1;
          stack.push_back(next);
        }
      }
    }
  }
  return member;
}

std::vector<char> RevisionGraph::Ancestry(const std::vector<int>& start,
                                          bool follow_dependencies) const {
  if (!follow_dependencies) return Reach(start, {&Node::parents});
  return Reach(start, {&Node::parents, &Node::depends_on});
}

std::vector<char> RevisionGraph::Descent(const std::vector<int>& start) const {
  return Reach(start, {&Node::children, &Node::dependents});
}

std::vector<int> RevisionGraph::ParentsFirst(const std::vector<int>& roots,
                                             const std::vector<char>& members) const {
  // Iterative depth-first post-order: a node is emitted once all its parents
  // and dependencies (within `members`) are.
  std::vector<int> order;
  std::vector<char> state(nodes_.size(), 0);  // 0 new, 1 on stack, 2 emitted
  std::vector<std::pair<int, std::size_t>> stack;  // node, next edge to look at
  auto visit = [&](int root) {
    if (!members[root] || state[root] != 0) return;
    state[root] = 1;
    stack.emplace_back(root, 0);
    while (!stack.empty()) {
      auto& [node, edge] = stack.back();
      const Node& current = nodes_[node];
      const std::size_t edge_count = current.parents.size() + current.depends_on.size();
      bool descended = false;
      while (edge < edge_count) {
        int next = edge < current.parents.size() ? current.parents[edge]
                                                 : current.depends_on[edge - current.parents.size()];
        ++edge;
        if (members[next] && state[next] == 0) {
          state[next] = 1;
          stack.emplace_back(next, 0);
          descended = true;
          break;
        }
      }
      if (descended) continue;
      state[node] = 2;
      order.push_back(node);
      stack.pop_back();
    }
  };
  for (int root : roots) visit(root);
  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) visit(i);
  return order;
}

std::vector<int> RevisionGraph::NewestFirst(const std::vector<char>& members) const {
  // Kahn's algorithm from the top: a node is emitted once every member child
  // and dependent is. A stack keeps each branch together.
  std::vector<int> waiting(nodes_.size(), 0);
  std::vector<int> ready;
  for (int i = static_cast<int>(nodes_.size()) - 1; i >= 0; --i) {
    if (!members[i]) continue;
    for (const auto* edges : {&nodes_[i].children, &nodes_[i].dependents}) {
      for (int next : *edges) waiting[i] += members[next] ? 1 : 0;
    }
    if (waiting[i] == 0) ready.push_back(i);
  }
  std::vector<int> order;
  while (!ready.empty()) {
    int node = ready.back();
    ready.pop_back();
    order.push_back(node);
    for (const auto* edges : {&nodes_[node].parents, &nodes_[node].depends_on}) {
      for (auto it = edges->rbegin(); it != edges->rend(); ++it) {
        if (members[*it] && --waiting[*it] == 0) ready.push_back(*it);
      }
    }
  }
  return order;
}

std::vector<std::string> RevisionGraph::Ids(const std::vector<int>& nodes) const {
  std::vector<std::string> ids;
  ids.reserve(nodes.size());
  for (int node : nodes) ids.push_back(nodes_[node].header.id);
  return ids;
}

std::vector<const RevisionHeader*> RevisionGraph::Headers(const std::vector<int>& nodes) const {
  std::vector<const RevisionHeader*> headers;
  headers.reserve(nodes.size());
  for (int node : nodes) headers.push_back(&nodes_[node].header);
  return headers;
}

}  // namespace retort
