// The revision graph as Graphviz DOT, with long linear runs collapsed so that
// a history of thousands of revisions stays a picture one can read.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "command_support.h"
#include "retort/commands.h"
#include "retort/error.h"
#include "retort/graph_picture.h"
#include "text_util.h"

namespace retort {
namespace {

// A DOT double-quoted string. Backslashes are doubled because Graphviz reads
// "\n", "\l", "\N" and others in labels as escapes of its own; a line break
// becomes DOT's centred "\n".
std::string Quoted(std::string_view text) {
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (c == '\n') {
      quoted += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      quoted += ' ';
    } else {
      quoted += c;
    }
  }
  return quoted + "\"";
}

// The revision an edge names: down_revision and depends_on hold full ids,
// but depends_on may also name a branch label.
const RevisionHeader& Named(const RevisionGraph& graph, const std::string& reference) {
  const RevisionHeader* header = graph.Find(reference);
  return header ? *header : graph.Resolve(reference);
}

class DotWriter {
 public:
  DotWriter(const RevisionGraph& graph, const GraphDotOptions& options)
      : graph_(graph), options_(options) {
    const std::vector<const RevisionHeader*> newest_first =
        graph.History("", [] { return std::vector<std::string>(); });
    oldest_first_.assign(newest_first.rbegin(), newest_first.rend());
    for (const std::string& id : options.current) {
      if (!graph.Find(id)) {
        throw RevisionError("cannot mark revision '" + id +
                            "' as current: it is not in the script directory");
      }
      current_.insert(id);
    }
    for (const RevisionHeader* revision : oldest_first_) {
      for (const std::string& dependency : revision->depends_on) {
        depended_on_.insert(Named(graph, dependency).id);
      }
    }
    if (options.collapse > 0) FindRuns();
  }

  std::string Write() const {
    std::string dot =
        "digraph revisions {\n"
        "  rankdir=BT;\n"
        "  node [shape=box, fontname=\"monospace\"];\n";
    for (const RevisionHeader* revision : oldest_first_) {
      if (const auto run = run_of_.find(revision->id); run != run_of_.end()) {
        if (runs_[run->second].first == revision) dot += RunNode(runs_[run->second]);
      } else {
        dot += RevisionNode(*revision);
      }
    }
    for (const RevisionHeader* revision : oldest_first_) {
      const std::string to = NodeName(*revision);
      for (const std::string& parent : revision->down_revisions) {
        const std::string from = NodeName(Named(graph_, parent));
        if (from != to) dot += "  " + from + " -> " + to + ";\n";
      }
      for (const std::string& dependency : revision->depends_on) {
        dot += "  " + NodeName(Named(graph_, dependency)) + " -> " + to + " [style=dashed];\n";
      }
    }
    return dot + "}\n";
  }

 private:
  struct Run {
    const RevisionHeader* first = nullptr;  // the oldest
    const RevisionHeader* last = nullptr;
    std::size_t length = 0;
  };

  // Whether `revision` may disappear into a run: nothing about it but its
  // place in a line is worth showing.
  bool IsPlain(const RevisionHeader& revision) const {
    return revision.down_revisions.size() == 1 && revision.depends_on.empty() &&
           revision.branch_labels.empty() && !depended_on_.contains(revision.id) &&
           !current_.contains(revision.id) && !graph_.IsHead(revision) &&
           graph_.Children(revision).size() == 1;
  }

  void FindRuns() {
    for (const RevisionHeader* revision : oldest_first_) {
      if (!IsPlain(*revision) || IsPlain(Named(graph_, revision->down_revisions.front()))) {
        continue;  // not the start of a run
      }
      Run run{.first = revision, .last = revision, .length = 1};
      for (const RevisionHeader* child = graph_.Children(*revision).front(); IsPlain(*child);
           child = graph_.Children(*child).front()) {
        run.last = child;
        ++run.length;
      }
      if (run.length <= options_.collapse) continue;
      for (const RevisionHeader* member = run.last;;
           member = &Named(graph_, member->down_revisions.front())) {
        run_of_.emplace(member->id, runs_.size());
        if (member == run.first) break;
      }
      runs_.push_back(run);
    }
  }

  std::string NodeName(const RevisionHeader& revision) const {
    const auto run = run_of_.find(revision.id);
    if (run == run_of_.end()) return Quoted(revision.id);
    return Quoted(runs_[run->second].first->id + ".." + runs_[run->second].last->id);
  }

  std::string RevisionNode(const RevisionHeader& revision) const {
    std::string label = revision.id;
    if (!revision.message.empty()) label += "\n" + revision.message;
    if (!revision.branch_labels.empty()) {
      label += "\n[" + text::Join(revision.branch_labels, ", ") + "]";
    }
    std::string node = "  " + Quoted(revision.id) + " [label=" + Quoted(label);
    if (graph_.IsHead(revision)) node += ", peripheries=2";
    if (current_.contains(revision.id)) node += ", style=filled, fillcolor=\"#9ecae1\"";
    return node + "];\n";
  }

  std::string RunNode(const Run& run) const {
    const std::string label = std::to_string(run.length) + " revisions:\n" + run.first->id +
                              " .. " + run.last->id;
    return "  " + NodeName(*run.first) + " [label=" + Quoted(label) +
           ", style=\"rounded,dashed\"];\n";
  }

  const RevisionGraph& graph_;
  const GraphDotOptions& options_;
  std::vector<const RevisionHeader*> oldest_first_;
  std::unordered_set<std::string> current_;
  std::unordered_set<std::string> depended_on_;
  std::vector<Run> runs_;
  std::unordered_map<std::string, std::size_t> run_of_;  // revision id -> index in runs_
};

}  // namespace

std::string RevisionGraphDot(const RevisionGraph& graph, const GraphDotOptions& options) {
  return DotWriter(graph, options).Write();
}

std::string GraphDot(const Config& config, std::size_t collapse, bool mark_current) {
  GraphDotOptions options{.collapse = collapse, .current = {}};
  if (mark_current && !config.url.empty()) {
    for (const RevisionInfo& info : Current(config)) options.current.push_back(info.header.id);
  }
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  scripts.ExpectGraphOnly();
  return RevisionGraphDot(scripts.graph(), options);
}

}  // namespace retort
