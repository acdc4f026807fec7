#include "view_trigger_changes.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace retort {
namespace {

CreateView CreateOf(const View& view) {
  return CreateView{view.name, Execute{view.definition, {}}, view.materialized};
}

DropView DropOf(const View& view) {
  return DropView{view.name, view.materialized, Execute{view.definition, {}}};
}

CreateTrigger CreateOf(const Trigger& trigger) {
  return CreateTrigger{trigger.name, trigger.table, Execute{trigger.definition, {}}};
}

DropTrigger DropOf(const Trigger& trigger) {
  return DropTrigger{trigger.name, trigger.table, Execute{trigger.definition, {}}};
}

// Whether `text` mentions `name` as a word of its own (case ignored, as
// SQL compares unquoted names).
bool Mentions(const std::string& text, const std::string& name) {
  auto lower = [](std::string value) {
    for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return value;
  };
  const std::string haystack = lower(text), needle = lower(name);
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (std::size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    const bool starts = at == 0 || !is_word(haystack[at - 1]);
    const std::size_t end = at + needle.size();
    if (starts && (end == haystack.size() || !is_word(haystack[end]))) return true;
  }
  return false;
}

const View* FindView(const Schema& schema, const QualifiedName& name) {
  for (const View& view : schema.views) {
    if (view.name == name) return &view;
  }
  return nullptr;
}

const Trigger* FindTrigger(const Schema& schema, const Trigger& like) {
  for (const Trigger& trigger : schema.triggers) {
    if (trigger.name == like.name && trigger.table.schema == like.table.schema) return &trigger;
  }
  return nullptr;
}

}  // namespace

std::vector<const View*> ViewsReadFirst(const std::vector<View>& views) {
  std::vector<const View*> order;
  std::map<const View*, int> state;  // 1: being placed, 2: placed
  std::vector<std::pair<const View*, std::size_t>> stack;
  for (const View& root : views) {
    if (state[&root] != 0) continue;
    stack.emplace_back(&root, 0);
    state[&root] = 1;
    while (!stack.empty()) {
      auto& [view, next] = stack.back();
      if (next == views.size()) {
        state[view] = 2;
        order.push_back(view);
        stack.pop_back();
        continue;
      }
      const View& other = views[next++];
      if (&other != view && state[&other] == 0 && Mentions(view->definition, other.name.name)) {
        state[&other] = 1;
        stack.emplace_back(&other, 0);
      }
    }
  }
  return order;
}

void AppendViewTriggerDrops(const Schema& from, const Schema& to,
                            std::vector<PlannedChange>& changes) {
  for (const Trigger& trigger : from.triggers) {
    const Trigger* kept = FindTrigger(to, trigger);
    if (kept != nullptr && *kept == trigger) continue;
    changes.push_back({DropOf(trigger), ""});
  }
  const std::vector<const View*> order = ViewsReadFirst(from.views);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const View* kept = FindView(to, (*it)->name);
    if (kept != nullptr && *kept == **it) continue;
    changes.push_back({DropOf(**it), ""});
  }
}

void AppendViewTriggerCreates(const Schema& from, const Schema& to,
                              std::vector<PlannedChange>& changes) {
  for (const View* view : ViewsReadFirst(to.views)) {
    const View* existing = FindView(from, view->name);
    if (existing != nullptr && *existing == *view) continue;
    changes.push_back({CreateOf(*view), ""});
  }
  for (const Trigger& trigger : to.triggers) {
    const Trigger* existing = FindTrigger(from, trigger);
    if (existing != nullptr && *existing == trigger) continue;
    changes.push_back({CreateOf(trigger), ""});
  }
}

}  // namespace retort
