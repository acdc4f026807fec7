// Construction, validation and structural queries of the revision graph.
// Reachability is in revision_reach.cpp, ordering in revision_order.cpp,
// target resolution in revision_targets.cpp, planning in revision_planner.cpp.
#include "retort/revision_graph.h"

#include <algorithm>
#include <string>

#include "header_location.h"
#include "retort/error.h"

namespace retort {
namespace {

// Ids and labels appear in targets, so they cannot be target keywords or
// hold the target grammar's separators; an id cannot hold '+' or '-' either,
// which would read as a relative step (Alembic refuses them too).
void CheckName(const RevisionHeader& header, const std::string& name, const char* what,
               const char* forbidden) {
  for (const char* keyword : {"head", "heads", "base", "current"}) {
    if (name == keyword) {
      throw RevisionError(FileOf(header) + ": " + what + " '" + name +
                          "' is a target keyword and cannot name a revision");
    }
  }
  if (name.find_first_of(forbidden) != std::string::npos) {
    std::string listed;
    for (const char* c = forbidden; *c != '\0'; ++c) {
      if (*c == ' ' || *c == '\t') continue;
      listed += std::string(listed.empty() ? "" : ", ") + "'" + *c + "'";
    }
    throw RevisionError(FileOf(header) + ": " + what + " '" + name + "' cannot contain " +
                        listed + " or blanks");
  }
}

void AddUnique(std::vector<int>& list, int value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

}  // namespace

void RevisionGraph::Build(std::vector<RevisionHeader> revisions, const std::vector<Alias>& aliases) {
  nodes_.reserve(revisions.size());
  for (RevisionHeader& header : revisions) {
    Node node;
    node.header = std::move(header);
    nodes_.push_back(std::move(node));
  }
  by_id_.reserve(nodes_.size());
  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) {
    const RevisionHeader& header = nodes_[i].header;
    if (header.id.empty()) {
      throw RevisionError(FileOf(header) + ": the revision has no id");
    }
    CheckName(header, header.id, "revision id", "@:+- \t");
    auto [it, inserted] = by_id_.emplace(header.id, i);
    if (!inserted) {
      throw RevisionError("revision id '" + header.id + "' is declared twice: in " +
                          FileOf(nodes_[it->second].header) + " and in " + FileOf(header));
    }
  }
  for (const Alias& alias : aliases) {
    const int node = by_id_.at(alias.stands_for);
    edge_aliases_.emplace(alias.name, node);
    if (alias.row) row_aliases_.emplace(alias.name, node);
  }
  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) {
    for (const std::string& name : nodes_[i].header.branch_labels) {
      CheckName(nodes_[i].header, name, "branch label", "@: \t");
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
  Rank();
  NormalizeDependencies();
  PropagateLabels();

  sorted_names_.reserve(nodes_.size() + labels_.size());
  for (const auto& [id, index] : by_id_) sorted_names_.emplace_back(id, index);
  for (const Label& label : labels_) sorted_names_.emplace_back(label.name, label.declared_by);
  std::sort(sorted_names_.begin(), sorted_names_.end());
}

void RevisionGraph::Link() {
  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) {
    Node& node = nodes_[i];
    for (const std::string& parent_id : node.header.down_revisions) {
      const int parent = EdgeTarget(parent_id);
      if (parent < 0) {
        throw RevisionError(WhereKey(node.header, "down_revision") + ": revision " +
                            node.header.id + " has down_revision '" + parent_id +
                            "', which is not a revision of this script directory");
      }
      // A merge that names one parent twice is a typo for another parent.
      if (std::find(node.parents.begin(), node.parents.end(), parent) != node.parents.end()) {
        throw RevisionError(WhereKey(node.header, "down_revision") + ": revision " +
                            node.header.id + " lists down_revision '" + parent_id +
                            "' twice; a merge names each parent once");
      }
      node.parents.push_back(parent);
      nodes_[parent].children.push_back(i);
    }
    for (const std::string& dependency : node.header.depends_on) {
      int target = ExactName(dependency);
      if (target < 0) target = EdgeTarget(dependency);
      if (target < 0) {
        throw RevisionError(WhereKey(node.header, "depends_on") + ": revision " +
                            node.header.id + " depends_on '" + dependency +
                            "', which is neither a revision nor a branch label");
      }
      AddUnique(node.depends_on, target);
    }
    for (int below : node.parents) AddUnique(nodes_[below].above, i);
    for (int below : node.depends_on) AddUnique(nodes_[below].above, i);
  }
}

void RevisionGraph::Rank() {
  // Kahn's algorithm over parent and dependency edges; whatever it cannot
  // order lies on or above a cycle.
  const int n = static_cast<int>(nodes_.size());
  std::vector<int> pending(n);
  std::vector<int> ready;
  for (int i = n - 1; i >= 0; --i) {
    // Its parents, and its dependencies that are not also parents (each
    // list holds a node once), counted without a copy of either.
    const std::vector<int>& parents = nodes_[i].parents;
    pending[i] = static_cast<int>(parents.size());
    for (int dependency : nodes_[i].depends_on) {
      if (std::find(parents.begin(), parents.end(), dependency) == parents.end()) ++pending[i];
    }
    if (pending[i] == 0) ready.push_back(i);
  }
  int ordered = 0;
  while (!ready.empty()) {
    const int node = ready.back();
    ready.pop_back();
    nodes_[node].rank = ordered++;
    ranked_.push_back(node);
    for (int next : nodes_[node].above) {
      if (--pending[next] == 0) ready.push_back(next);
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

void RevisionGraph::NormalizeDependencies() {
  // A dependency that a down_revision ancestor already declares adds no
  // edge of its own: planning walks it from that ancestor, as Alembic does.
  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) {
    Node& node = nodes_[i];
    node.down = node.parents;
    for (int dependency : node.depends_on) {
      bool declared_below = false;
      for (int other : nodes_[dependency].above) {
        if (other == i) continue;
        const std::vector<int>& others = nodes_[other].depends_on;
        if (std::find(others.begin(), others.end(), dependency) != others.end() &&
            IsAncestor(other, i, /*with_dependencies=*/false)) {
          declared_below = true;
          break;
        }
      }
      if (!declared_below) AddUnique(node.down, dependency);
    }
  }
}

void RevisionGraph::PropagateLabels() {
  // Alembic gives a revision's labels to every down_revision descendant, and
  // then walks down from the newest of them, labelling, until a revision
  // with several children or dependents, or with several parents. So the
  // stretch below a labelled revision is labelled only when nothing between
  // the branch's newest revision and that stretch branches or merges.
  auto splits = [&](int node) {
    return nodes_[node].above.size() > 1 || nodes_[node].parents.size() > 1;
  };
  for (int label = 0; label < static_cast<int>(labels_.size()); ++label) {
    const int declared_by = labels_[label].declared_by;
    const Members below = Reach({declared_by}, {&Node::children});
    for (int node = 0; node < static_cast<int>(nodes_.size()); ++node) {
      if (below[node] && !HasLabel(node, label)) nodes_[node].labels.push_back(label);
    }
    int node = declared_by;
    bool blocked = false;
    while (!blocked && !nodes_[node].children.empty()) {
      blocked = nodes_[node].children.size() > 1 || splits(node);
      node = nodes_[node].children.front();
    }
    if (blocked || splits(node)) continue;
    // The walk passes the whole chain above the labelled revision; carry on
    // below it.
    node = declared_by;
    while (!splits(node) && nodes_[node].parents.size() == 1) {
      node = nodes_[node].parents.front();
      if (splits(node)) break;
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

std::vector<int> RevisionGraph::AllHeads(bool with_dependencies) const {
  std::vector<int> heads;
  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) {
    if (with_dependencies ? nodes_[i].above.empty() : nodes_[i].children.empty()) {
      heads.push_back(i);
    }
  }
  return heads;
}

std::vector<const RevisionHeader*> RevisionGraph::Heads() const {
  return Headers(AllHeads(false));
}

std::vector<const RevisionHeader*> RevisionGraph::RealHeads() const {
  return Headers(AllHeads(true));
}

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
  for (int node : NewestFirst(Members(nodes_.size(), 1), AllHeads(true))) {
    if (nodes_[node].children.size() > 1) points.push_back(node);
  }
  return Headers(points);
}

std::vector<const RevisionHeader*> RevisionGraph::Children(const RevisionHeader& revision) const {
  return Headers(nodes_[IndexOf(revision)].children);
}

bool RevisionGraph::DescendsFrom(const RevisionHeader& revision,
                                 const RevisionHeader& ancestor) const {
  return IsAncestor(IndexOf(ancestor), IndexOf(revision), /*with_dependencies=*/false);
}

bool RevisionGraph::IsHead(const RevisionHeader& revision) const {
  return nodes_[IndexOf(revision)].children.empty();
}

bool RevisionGraph::IsEffectiveHead(const RevisionHeader& revision) const {
  const Node& node = nodes_[IndexOf(revision)];
  return node.children.empty() && !node.above.empty();
}

bool RevisionGraph::IsBranchPoint(const RevisionHeader& revision) const {
  return nodes_[IndexOf(revision)].children.size() > 1;
}

bool RevisionGraph::IsMergePoint(const RevisionHeader& revision) const {
  return nodes_[IndexOf(revision)].parents.size() > 1;
}

std::vector<std::string> RevisionGraph::BranchLabelsOf(const RevisionHeader& revision) const {
  std::vector<std::string> names;
  for (int label : nodes_[IndexOf(revision)].labels) names.push_back(labels_[label].name);
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<const RevisionHeader*> RevisionGraph::Headers(const std::vector<int>& nodes) const {
  std::vector<const RevisionHeader*> headers;
  headers.reserve(nodes.size());
  for (int node : nodes) headers.push_back(&nodes_[node].header);
  return headers;
}

std::string RevisionGraph::JoinIds(const std::vector<int>& nodes) const {
  std::string text;
  for (int node : nodes) {
    if (!text.empty()) text += ", ";
    text += nodes_[node].header.id;
  }
  return text;
}

}  // namespace retort
