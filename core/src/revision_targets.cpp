// The target grammar of the revision graph (see revision_graph.h): resolving
// references, targets and history ranges to revisions.
#include <algorithm>
#include <charconv>
#include <string>

#include "retort/error.h"
#include "retort/revision_graph.h"

namespace retort {
namespace {

constexpr std::size_t kMinPrefixLength = 4;

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// "+3" / "-2": the signed step count; nullopt for anything else.
std::optional<long> ParseSteps(std::string_view text) {
  if (text.size() < 2 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  long value = 0;
  auto [end, error] = std::from_chars(text.data() + 1, text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return text[0] == '-' ? -value : value;
}

}  // namespace

std::string RevisionGraph::JoinIds(const std::vector<int>& nodes) const {
  std::string text;
  for (int node : nodes) {
    if (!text.empty()) text += ", ";
    text += nodes_[node].header.id;
  }
  return text;
}

int RevisionGraph::ResolveIndex(std::string_view reference) const {
  if (reference.empty()) throw RevisionError("an empty revision reference");
  if (auto it = by_id_.find(reference); it != by_id_.end()) return it->second;
  if (int label = LabelIndex(reference); label >= 0) return labels_[label].declared_by;
  if (auto at = reference.find('@'); at != std::string_view::npos) {
    int label = LabelIndex(reference.substr(0, at));
    if (label < 0) {
      throw RevisionError("no branch label " + Quoted(reference.substr(0, at)) + " (in " +
                          Quoted(reference) + ")");
    }
    std::string_view rest = reference.substr(at + 1);
    if (rest == "head") return SoleHead(HeadsOfLabel(label), reference);
    int node = ResolveIndex(rest);
    if (!HasLabel(node, label)) {
      throw RevisionError("revision " + nodes_[node].header.id + " is not on branch " +
                          Quoted(labels_[label].name));
    }
    return node;
  }
  if (reference.size() < kMinPrefixLength) {
    throw RevisionError("no revision " + Quoted(reference) + " (a prefix needs at least " +
                        std::to_string(kMinPrefixLength) + " characters)");
  }
  auto first = std::lower_bound(sorted_ids_.begin(), sorted_ids_.end(),
                                std::pair<std::string_view, int>(reference, -1));
  std::vector<int> matches;
  for (auto it = first; it != sorted_ids_.end() && it->first.starts_with(reference); ++it) {
    matches.push_back(it->second);
  }
  if (matches.empty()) throw RevisionError("no revision matches " + Quoted(reference));
  if (matches.size() > 1) {
    const std::size_t shown = std::min<std::size_t>(matches.size(), 10);
    std::vector<int> listed(matches.begin(), matches.begin() + static_cast<long>(shown));
    throw RevisionError("revision prefix " + Quoted(reference) + " is ambiguous: it matches " +
                        JoinIds(listed) + (matches.size() > shown ? ", ..." : ""));
  }
  return matches.front();
}

const RevisionHeader& RevisionGraph::Resolve(std::string_view reference) const {
  return nodes_[ResolveIndex(reference)].header;
}

std::vector<int> RevisionGraph::CurrentNodes(const std::vector<std::string>& current) const {
  std::vector<int> nodes;
  for (const std::string& id : current) {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) {
      throw RevisionError("the database is at revision '" + id +
                          "', which is not in the script directory; check script_location, "
                          "or reset the version table with 'stamp --purge'");
    }
    nodes.push_back(it->second);
  }
  return nodes;
}

std::vector<int> RevisionGraph::HeadsOfLabel(int label) const {
  std::vector<int> heads;
  for (int i = static_cast<int>(nodes_.size()) - 1; i >= 0; --i) {
    if (!HasLabel(i, label)) continue;
    bool has_child_on_branch = false;
    for (int child : nodes_[i].children) has_child_on_branch |= HasLabel(child, label);
    if (!has_child_on_branch) heads.push_back(i);
  }
  return heads;
}

std::vector<int> RevisionGraph::BasesOfLabel(int label) const {
  std::vector<int> bases;
  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) {
    if (!HasLabel(i, label)) continue;
    bool has_parent_on_branch = false;
    for (int parent : nodes_[i].parents) has_parent_on_branch |= HasLabel(parent, label);
    if (!has_parent_on_branch) bases.push_back(i);
  }
  return bases;
}

int RevisionGraph::SoleHead(const std::vector<int>& heads, std::string_view target) const {
  if (heads.size() == 1) return heads.front();
  if (heads.empty()) throw RevisionError("no revision for " + Quoted(target));
  throw RevisionError(Quoted(target) + " is ambiguous: there are " +
                      std::to_string(heads.size()) + " heads (" + JoinIds(heads) +
                      "); name one, use 'heads', or <branch label>@head");
}

int RevisionGraph::CurrentHeadFor(const std::vector<int>& current, int label,
                                  std::string_view target) const {
  std::vector<int> candidates;
  for (int node : current) {
    if (label < 0 || HasLabel(node, label)) candidates.push_back(node);
  }
  if (candidates.size() > 1) {
    throw RevisionError(Quoted(target) + " is ambiguous: the database has several current "
                        "revisions (" + JoinIds(candidates) +
                        "); use <branch label>@" + std::string(target) + " or a revision id");
  }
  return candidates.empty() ? -1 : candidates.front();
}

int RevisionGraph::StepUp(int from, long steps, std::string_view target) const {
  int node = from;
  for (long step = 0; step < steps; ++step) {
    const std::vector<int>& children = nodes_[node].children;
    if (children.empty()) {
      throw RevisionError(Quoted(target) + " goes past head " + nodes_[node].header.id + " (" +
                          std::to_string(step) + " of " + std::to_string(steps) + " steps)");
    }
    if (children.size() > 1) {
      throw RevisionError(Quoted(target) + " is ambiguous: " + nodes_[node].header.id +
                          " is a branch point (" + JoinIds(children) + "); name a revision");
    }
    node = children.front();
  }
  return node;
}

int RevisionGraph::StepDown(int from, long steps, std::string_view target,
                            bool* past_base) const {
  int node = from;
  *past_base = false;
  for (long step = 0; step < steps; ++step) {
    const std::vector<int>& parents = nodes_[node].parents;
    if (parents.empty()) {
      if (step + 1 == steps) {
        *past_base = true;  // one step below a base: before the whole branch
        return node;
      }
      throw RevisionError(Quoted(target) + " goes below base " + nodes_[node].header.id + " (" +
                          std::to_string(step + 1) + " of " + std::to_string(steps) + " steps)");
    }
    if (parents.size() > 1) {
      throw RevisionError(Quoted(target) + " is ambiguous: " + nodes_[node].header.id +
                          " is a merge point (" + JoinIds(parents) + "); name a revision");
    }
    node = parents.front();
  }
  return node;
}

RevisionGraph::TargetParts RevisionGraph::SplitTarget(std::string_view target) const {
  if (target.empty()) throw RevisionError("an empty target");
  TargetParts parts;
  std::string_view rest = target;
  // A whole id or label wins over any reading of '@', '+' or '-'.
  auto is_name = [&](std::string_view text) {
    return by_id_.count(text) != 0 || LabelIndex(text) >= 0;
  };
  if (!is_name(target)) {
    if (auto at = target.find('@'); at != std::string_view::npos) {
      parts.label = LabelIndex(target.substr(0, at));
      if (parts.label < 0) {
        throw RevisionError("no branch label " + Quoted(target.substr(0, at)) + " (in target " +
                            Quoted(target) + ")");
      }
      rest = target.substr(at + 1);
    }
    if (is_name(rest)) {
      // "label@<id>": nothing relative to read
    } else if (auto steps = ParseSteps(rest)) {
      parts.steps = *steps;
      rest = "current";
    } else if (auto sign = rest.find_last_of("+-"); sign != std::string_view::npos && sign > 0) {
      if (auto suffix = ParseSteps(rest.substr(sign))) {
        parts.steps = *suffix;
        rest = rest.substr(0, sign);
      }
    }
  }
  parts.anchor = rest;
  return parts;
}

std::vector<int> RevisionGraph::AnchorNodes(const std::vector<int>& current,
                                            const TargetParts& parts,
                                            std::string_view target) const {
  const std::vector<int> heads = parts.label >= 0 ? HeadsOfLabel(parts.label) : AllHeads();
  if (parts.anchor == "heads") return heads;
  if (parts.anchor == "head") return {SoleHead(heads, target)};
  if (parts.anchor == "base") {
    return parts.label >= 0 ? BasesOfLabel(parts.label) : std::vector<int>();
  }
  if (parts.anchor == "current") {
    const int node = CurrentHeadFor(current, parts.label, target);
    return node >= 0 ? std::vector<int>{node} : std::vector<int>();
  }
  const int node = ResolveIndex(parts.anchor);
  if (parts.label >= 0 && !HasLabel(node, parts.label)) {
    throw RevisionError("revision " + nodes_[node].header.id + " is not on branch " +
                        Quoted(labels_[parts.label].name));
  }
  return {node};
}

std::vector<int> RevisionGraph::ResolveTarget(const std::vector<int>& current,
                                              std::string_view target, bool* past_base) const {
  *past_base = false;
  const TargetParts parts = SplitTarget(target);
  const std::vector<int> anchors = AnchorNodes(current, parts, target);
  if (parts.steps == 0) return anchors;

  if (anchors.size() > 1) {
    throw RevisionError(Quoted(target) + " is ambiguous: it starts from several revisions (" +
                        JoinIds(anchors) + ")");
  }
  if (anchors.empty()) {
    // Relative to "nothing applied" (or to base): the first step up is a base.
    if (parts.steps < 0) {
      throw RevisionError(Quoted(target) + " goes below base: nothing is applied" +
                          (parts.label >= 0 ? " on branch " + labels_[parts.label].name : ""));
    }
    const std::vector<int> bases = parts.label >= 0 ? BasesOfLabel(parts.label) : AllBases();
    if (bases.size() != 1) {
      throw RevisionError(Quoted(target) + " is ambiguous: there are " +
                          std::to_string(bases.size()) + " bases (" + JoinIds(bases) +
                          "); use <branch label>@" + std::string(target));
    }
    return {StepUp(bases.front(), parts.steps - 1, target)};
  }
  if (parts.steps > 0) return {StepUp(anchors.front(), parts.steps, target)};
  return {StepDown(anchors.front(), -parts.steps, target, past_base)};
}

std::optional<std::vector<int>> RevisionGraph::ResolveRangeEnd(const std::vector<int>& current,
                                                               std::string_view end,
                                                               bool lower) const {
  if (end.empty() || end == "base") {
    if (lower) return std::nullopt;  // unbounded below
    if (end.empty()) return ResolveRangeEnd(current, "heads", lower);
    return std::vector<int>();
  }
  if (end == "current") {
    // Nothing applied is base: no bound below, nothing above.
    if (lower && current.empty()) return std::nullopt;
    return current;
  }
  bool past_base = false;
  std::vector<int> nodes = ResolveTarget(current, end, &past_base);
  if (past_base) {
    if (lower) return std::nullopt;
    return std::vector<int>();
  }
  return nodes;
}

std::vector<const RevisionHeader*> RevisionGraph::History(std::string_view range,
                                                          const CurrentRows& current) const {
  std::vector<char> members(nodes_.size(), 1);
  if (!range.empty()) {
    const auto colon = range.find(':');
    if (colon == std::string_view::npos) {
      throw RevisionError("history range " + Quoted(range) +
                          " has no ':'; write start:end, start: or :end");
    }
    const std::string_view lower_end = range.substr(0, colon);
    const std::string_view upper_end = range.substr(colon + 1);
    auto needs_current = [&](std::string_view end) {
      return end == "current" || (!end.empty() && end != "base" && end != "heads" &&
                                  SplitTarget(end).anchor == "current");
    };
    const std::vector<int> current_nodes =
        needs_current(lower_end) || needs_current(upper_end) ? CurrentNodes(current())
                                                             : std::vector<int>();
    const auto lower = ResolveRangeEnd(current_nodes, lower_end, true);
    const auto upper = ResolveRangeEnd(current_nodes, upper_end, false);
    members = Ancestry(*upper);
    if (lower) {
      const std::vector<char> below = Descent(*lower);
      for (std::size_t i = 0; i < members.size(); ++i) members[i] &= below[i];
    }
  }
  return Headers(NewestFirst(members));
}

}  // namespace retort
