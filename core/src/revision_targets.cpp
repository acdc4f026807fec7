// The target grammar of the revision graph (see revision_graph.h): resolving
// references and targets to revisions, and walking N steps, as Alembic does.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

#include "retort/error.h"
#include "retort/revision_graph.h"

namespace retort {
namespace {

constexpr std::size_t kMinPrefixLength = 4;

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

bool IsWord(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '_';
  });
}

// "-3" or "+2" (an integer with a sign); nullopt for anything else.
std::optional<long> ParseSignedInteger(std::string_view text) {
  if (text.size() < 2 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  long value = 0;
  auto [end, error] = std::from_chars(text.data() + 1, text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return text[0] == '-' ? -value : value;
}

// A relative target, "[<branch>@][<symbol>]<+N|-N>".
struct Relative {
  std::string_view branch;  // empty when none
  std::string_view symbol;  // empty: relative to the current revisions
  long steps = 0;
};

// A target that is a whole revision id or branch label (after any
// "<branch>@") is never read as relative: "v-1" may be a label.
template <class IsName>
std::optional<Relative> ParseRelative(std::string_view target, const IsName& is_name) {
  const auto first_at = target.find('@');
  if (is_name(target) ||
      (first_at != std::string_view::npos && is_name(target.substr(first_at + 1)))) {
    return std::nullopt;
  }
  const auto sign = target.find_last_of("+-");
  if (sign == std::string_view::npos) return std::nullopt;
  const auto steps = ParseSignedInteger(target.substr(sign));
  if (!steps) return std::nullopt;
  Relative relative;
  relative.steps = *steps;
  std::string_view prefix = target.substr(0, sign);
  if (const auto at = prefix.rfind('@'); at != std::string_view::npos) {
    relative.branch = prefix.substr(0, at);
    if (relative.branch.empty()) return std::nullopt;
    prefix = prefix.substr(at + 1);
  }
  if (!IsWord(prefix) && !is_name(prefix)) return std::nullopt;
  relative.symbol = prefix;
  return relative;
}

// "<branch>@<rest>" split at the first '@'; no branch when there is none.
std::pair<std::string_view, std::string_view> SplitBranch(std::string_view reference) {
  const auto at = reference.find('@');
  if (at == std::string_view::npos) return {{}, reference};
  return {reference.substr(0, at), reference.substr(at + 1)};
}

}  // namespace

bool RevisionGraph::IsName(std::string_view name) const { return ExactName(name) >= 0; }

int RevisionGraph::ExactName(std::string_view name) const {
  if (auto it = by_id_.find(name); it != by_id_.end()) return it->second;
  if (!row_aliases_.empty()) {
    if (auto it = row_aliases_.find(std::string(name)); it != row_aliases_.end()) return it->second;
  }
  if (int label = LabelIndex(name); label >= 0) return labels_[label].declared_by;
  return -1;
}

int RevisionGraph::ResolveName(std::string_view name) const {
  if (name.empty()) throw RevisionError("an empty revision reference");
  if (int node = ExactName(name); node >= 0) return node;
  if (name.size() < kMinPrefixLength) {
    throw RevisionError("no revision or branch label " + Quoted(name) +
                        " (a prefix needs at least " + std::to_string(kMinPrefixLength) +
                        " characters)");
  }
  const auto matches = PrefixMatches(name);
  std::string names;
  for (std::size_t i = 0; i < matches.size() && i < 10; ++i) {
    names += (names.empty() ? "" : ", ") + std::string(matches[i].first);
  }
  if (matches.empty()) throw RevisionError("no revision or branch label matches " + Quoted(name));
  if (matches.size() > 1) {
    throw RevisionError("revision prefix " + Quoted(name) + " is ambiguous: it matches " + names +
                        (matches.size() > 10 ? ", ..." : ""));
  }
  return matches.front().second;
}

std::vector<std::pair<std::string_view, int>> RevisionGraph::PrefixMatches(
    std::string_view prefix) const {
  // Alembic matches ids and branch labels alike.
  std::vector<std::pair<std::string_view, int>> matches;
  auto it = std::lower_bound(sorted_names_.begin(), sorted_names_.end(),
                             std::pair<std::string_view, int>(prefix, -1));
  for (; it != sorted_names_.end() && it->first.starts_with(prefix); ++it) matches.push_back(*it);
  return matches;
}

int RevisionGraph::ResolveBranch(std::string_view branch) const {
  try {
    return ResolveName(branch);
  } catch (const RevisionError& error) {
    throw RevisionError("no branch " + Quoted(branch) + ": " + error.what());
  }
}

int RevisionGraph::ResolveOne(std::string_view reference) const {
  const std::vector<int> nodes = ResolveMany(reference);
  if (nodes.size() > 1) {
    throw RevisionError(Quoted(reference) + " is ambiguous: it names " +
                        std::to_string(nodes.size()) + " revisions (" + JoinIds(nodes) +
                        "); name one, or use <branch label>@head");
  }
  return nodes.empty() ? kBase : nodes.front();
}

std::vector<int> RevisionGraph::ResolveMany(std::string_view reference) const {
  if (reference.empty()) throw RevisionError("an empty revision reference");
  const auto [branch_name, rest] = SplitBranch(reference);
  const int branch = branch_name.empty() ? kBase : ResolveBranch(branch_name);
  const std::vector<int> against = branch == kBase ? std::vector<int>() : std::vector<int>{branch};
  if (rest == "heads") {
    return branch == kBase ? AllHeads(true) : FilterForLineage(AllHeads(false), against, false);
  }
  if (rest == "head") {
    const std::vector<int> heads = FilterForLineage(AllHeads(false), against, false);
    if (heads.size() > 1) {
      throw RevisionError(Quoted(reference) + " is ambiguous: there are " +
                          std::to_string(heads.size()) + " heads (" + JoinIds(heads) +
                          "); name one, use 'heads', or <branch label>@head");
    }
    return heads;
  }
  if (rest == "base") return {};
  if (const auto steps = ParseSignedInteger(rest); steps && *steps < 0) {
    // "<label>@-N": N steps down from the heads carrying that label.
    std::vector<int> walked;
    for (int head : AllHeads(true)) {
      if (branch != kBase) {
        const int label = LabelIndex(branch_name);
        if (label < 0 || !HasLabel(head, label)) continue;
      }
      walked.push_back(Walk(head, *steps, kBase, reference, false));
    }
    return walked;
  }
  if (branch == kBase) return {ResolveName(rest)};
  int node = ExactName(rest);
  if (node < 0) {
    // A prefix is looked for among the branch's revisions only.
    try {
      node = ResolveName(rest);
    } catch (const RevisionError&) {
      if (rest.size() < kMinPrefixLength) throw;
      std::vector<int> matches;
      for (const auto& [name, match] : PrefixMatches(rest)) {
        if (SharesLineage(match, against, false)) matches.push_back(match);
      }
      if (matches.size() != 1) throw;
      node = matches.front();
    }
  }
  if (!SharesLineage(node, against, false)) {
    throw RevisionError("revision " + nodes_[node].header.id + " is not on branch " +
                        Quoted(branch_name) + " (" + Quoted(reference) + ")");
  }
  return {node};
}

const RevisionHeader& RevisionGraph::Resolve(std::string_view reference) const {
  const RevisionHeader* resolved = nullptr;
  InView({}, [&](const RevisionGraph& view) {
    const int node = view.ResolveOne(reference);
    if (node == kBase) throw RevisionError(Quoted(reference) + " names no revision");
    resolved = &view.nodes_[node].header;
  });
  return *resolved;
}

std::vector<int> RevisionGraph::CurrentNodes(const std::vector<std::string>& current) const {
  std::vector<int> nodes;
  for (const std::string& id : current) {
    int node = -1;
    if (auto it = by_id_.find(id); it != by_id_.end()) {
      node = it->second;
    } else if (auto alias = row_aliases_.find(id); alias != row_aliases_.end()) {
      node = alias->second;
    } else {
      UnknownRow(id);
    }
    if (std::find(nodes.begin(), nodes.end(), node) == nodes.end()) nodes.push_back(node);
  }
  return nodes;
}

std::vector<const RevisionHeader*> RevisionGraph::CurrentRevisions(
    const std::vector<std::string>& current) const {
  std::vector<const RevisionHeader*> tips;
  InView(current, [&](const RevisionGraph& view) {
    tips = view.Headers(view.BranchTips(view.Ancestry(view.CurrentNodes(current))));
  });
  return tips;
}

int RevisionGraph::Walk(int start, long steps, int branch, std::string_view target,
                        bool stop_at_end) const {
  // kWalkedPastBase stands for Alembic's "base" position: below every base.
  int at = start;
  const std::vector<int> against = branch == kBase ? std::vector<int>() : std::vector<int>{branch};
  for (long step = 0; step < (steps < 0 ? -steps : steps); ++step) {
    std::vector<int> next;
    if (steps > 0) {
      if (at == kWalkedPastBase) throw RevisionError(Quoted(target) + " walks up from below base");
      next = FilterForLineage(at == kBase ? AllBases() : nodes_[at].children, against, false);
    } else if (at != kWalkedPastBase) {
      next = at == kBase ? AllHeads(false) : nodes_[at].parents;
      if (next.empty()) next = {kWalkedPastBase};
    }
    if (next.empty()) {
      if (stop_at_end) return at;
      throw RevisionError(Quoted(target) + " goes " + (steps > 0 ? "past head " : "below base ") +
                          (at >= 0 ? nodes_[at].header.id + " " : std::string()) + "(" +
                          std::to_string(step) + " of " +
                          std::to_string(steps < 0 ? -steps : steps) + " steps)");
    }
    if (next.size() > 1) {
      throw RevisionError(Quoted(target) + " is ambiguous: " +
                          (at >= 0 ? nodes_[at].header.id : std::string("base")) +
                          (steps > 0 ? " has several next revisions (" : " has several parents (") +
                          JoinIds(next) + "); name a revision or a <branch label>@");
    }
    at = next.front();
  }
  return at;
}

std::vector<int> RevisionGraph::ParseUpgradeTarget(const std::vector<std::string>& current,
                                                   std::string_view target,
                                                   bool stop_at_end) const {
  const std::optional<Relative> relative =
      ParseRelative(target, [this](std::string_view name) { return IsName(name); });
  if (!relative) {
    std::vector<int> nodes = ResolveMany(target);
    if (std::find(nodes.begin(), nodes.end(), kWalkedPastBase) != nodes.end()) {
      throw RevisionError(Quoted(target) + " names no revision");
    }
    return nodes;
  }
  const int branch = relative->branch.empty() ? kBase : ResolveBranch(relative->branch);
  const std::vector<int> against = branch == kBase ? std::vector<int>() : std::vector<int>{branch};
  if (relative->steps <= 0 && relative->symbol.empty()) {
    throw RevisionError(Quoted(target) + ": an upgrade cannot go down; use downgrade");
  }
  int start = kBase;
  if (!relative->symbol.empty()) {
    start = relative->steps < 0 && branch != kBase
                ? ResolveOne(std::string(relative->branch) + "@" + std::string(relative->symbol))
                : ResolveOne(relative->symbol);
  } else {
    // From the current revision: the one on the branch, else the newest
    // applied revision that shares the branch's lineage.
    std::vector<int> starts;
    if (branch != kBase) {
      for (const std::string& symbol : current) {
        for (int node : ResolveMany(symbol)) {
          if (node >= 0) starts.push_back(node);
        }
      }
      std::vector<int> on_branch = FilterForLineage(starts, against, false);
      if (on_branch.empty()) {
        // The newest applied revisions in the branch's lineage.
        const Members applied = Ancestry(starts);
        const Members below = Ancestry({branch}, false);
        const Members above = Descent({branch}, false);
        Members active(nodes_.size(), 0);
        for (std::size_t node = 0; node < nodes_.size(); ++node) {
          active[node] = applied[node] && (below[node] || above[node]);
        }
        on_branch.clear();
        for (int node = 0; node < static_cast<int>(nodes_.size()); ++node) {
          if (!active[node]) continue;
          bool below_another = false;
          for (int next : nodes_[node].above) {
            if (!active[next]) continue;
            const std::vector<int>& down = nodes_[next].down;
            below_another |= std::find(down.begin(), down.end(), node) != down.end();
          }
          if (!below_another) on_branch.push_back(node);
        }
      }
      starts = on_branch;
    } else if (current.size() > 1) {
      starts.assign(current.size(), kBase);  // reported as ambiguous just below
    } else {
      starts = current.empty() ? std::vector<int>() : std::vector<int>{ResolveOne(current[0])};
    }
    if (starts.size() > 1) {
      throw RevisionError(Quoted(target) + " is ambiguous: the database has several current "
                          "revisions; use <branch label>@" + std::string(target) +
                          " or a revision id");
    }
    start = starts.empty() ? kBase : starts.front();
  }
  if (start == kWalkedPastBase) throw RevisionError(Quoted(target) + " starts below base");
  const int end = Walk(start, relative->steps, relative->steps > 0 ? branch : kBase, target,
                       stop_at_end);
  if (end < 0) throw RevisionError(Quoted(target) + " names no revision: it is below base");
  return {end};
}

RevisionGraph::DowngradeTarget RevisionGraph::ParseDowngradeTarget(
    std::string_view target) const {
  const std::optional<Relative> relative =
      ParseRelative(target, [this](std::string_view name) { return IsName(name); });
  DowngradeTarget parsed;
  if (!relative) {
    const auto at = target.rfind('@');
    if (at != std::string_view::npos) parsed.branch = std::string(target.substr(0, at));
    const std::string_view symbol = at == std::string_view::npos ? target : target.substr(at + 1);
    parsed.node = ResolveOne(symbol);
    return parsed;
  }
  parsed.branch = std::string(relative->branch);
  if (relative->steps >= 0) {
    if (relative->symbol.empty()) {
      throw RevisionError(Quoted(target) + ": a downgrade cannot go up; use upgrade");
    }
    const int branch = parsed.branch.empty() ? kBase : ResolveBranch(parsed.branch);
    parsed.node = Walk(ResolveOne(relative->symbol), relative->steps, branch, target, false);
    if (parsed.node == kWalkedPastBase) parsed.node = kBase;
    return parsed;
  }
  const std::string symbol =
      parsed.branch.empty() ? std::string(relative->symbol)
                            : parsed.branch + "@" + std::string(relative->symbol);
  parsed.node = Walk(ResolveOne(symbol), relative->steps, kBase, target, false);
  if (parsed.node == kWalkedPastBase) parsed.node = kBase;
  return parsed;
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

}  // namespace retort
