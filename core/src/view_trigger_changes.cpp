#include "view_trigger_changes.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace retort {
namespace {

// A name as standard SQL writes it: bare when it is a plain identifier,
// else in double quotes.
std::string SqlName(const std::string& name) {
  const bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
                     std::all_of(name.begin(), name.end(), [](char c) {
                       return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                     });
  if (plain) return name;
  std::string quoted = "\"";
  for (const char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string SqlName(const QualifiedName& name) {
  return (name.schema.empty() ? "" : SqlName(name.schema) + ".") + SqlName(name.name);
}

const char* ViewKind(const View& view) {
  return view.materialized ? "MATERIALIZED VIEW " : "VIEW ";
}

Execute CreateViewSql(const View& view) {
  return Execute{std::string("CREATE ") + ViewKind(view) + SqlName(view.name) + " AS " +
                     view.definition,
                 {}};
}

Execute DropViewSql(const View& view) {
  return Execute{std::string("DROP ") + ViewKind(view) + SqlName(view.name), {}};
}

Execute DropTriggerSql(const Trigger& trigger) {
  return Execute{"DROP TRIGGER " + SqlName(trigger.name), {}};
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

// `views` ordered so that each comes after the views its definition
// mentions (a cycle, which no database allows, keeps the given order).
std::vector<const View*> ReadFirst(const std::vector<View>& views) {
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

void AppendViewTriggerDrops(const Schema& from, const Schema& to,
                            std::vector<PlannedChange>& changes) {
  for (const Trigger& trigger : from.triggers) {
    const Trigger* kept = FindTrigger(to, trigger);
    if (kept != nullptr && *kept == trigger) continue;
    changes.push_back({DropTriggerSql(trigger), "", Execute{trigger.definition, {}}});
  }
  const std::vector<const View*> order = ReadFirst(from.views);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const View* kept = FindView(to, (*it)->name);
    if (kept != nullptr && *kept == **it) continue;
    changes.push_back({DropViewSql(**it), "", CreateViewSql(**it)});
  }
}

void AppendViewTriggerCreates(const Schema& from, const Schema& to,
                              std::vector<PlannedChange>& changes) {
  for (const View* view : ReadFirst(to.views)) {
    const View* existing = FindView(from, view->name);
    if (existing != nullptr && *existing == *view) continue;
    changes.push_back({CreateViewSql(*view), "", DropViewSql(*view)});
  }
  for (const Trigger& trigger : to.triggers) {
    const Trigger* existing = FindTrigger(from, trigger);
    if (existing != nullptr && *existing == trigger) continue;
    changes.push_back({Execute{trigger.definition, {}}, "", DropTriggerSql(trigger)});
  }
}

}  // namespace retort
