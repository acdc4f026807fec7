#include "yaml_fields.h"

#include <set>
#include <string_view>
#include <unordered_map>

#include "retort/error.h"
#include "text_util.h"

namespace retort {

int LineOf(const YamlNode& node) { return node.line(); }

void FailAt(const std::string& path, const YamlNode& node, int fallback_line,
            const std::string& message) {
  const int line = LineOf(node);
  throw FileError(path, line > 0 ? line : fallback_line, message);
}

void CheckUniqueKeys(const std::string& path, const YamlNode& node, const std::string& what) {
  const YamlNode::Data* map = node.data();
  if (map == nullptr || map->kind != YamlNode::Kind::kMap) return;
  // Keys at even places, values at odd ones; a key that is not text
  // compares as "", as Scalar() gives it.
  const std::vector<YamlNode::Data>& children = map->children;
  const auto fail = [&](const YamlNode::Data& key, int first_line) {
    throw FileError(path, key.line,
                    "'" + key.text + "' is given twice in " + what + " (first on line " +
                        std::to_string(first_line) + ")");
  };
  // Most mappings have a handful of keys: comparing each with those before
  // it allocates nothing, where a set allocates once per key.
  constexpr std::size_t kFewKeys = 32;
  if (children.size() <= 2 * kFewKeys) {
    for (std::size_t key = 2; key < children.size(); key += 2) {
      for (std::size_t before = 0; before < key; before += 2) {
        if (children[before].text == children[key].text) fail(children[key], children[before].line);
      }
    }
    return;
  }
  std::unordered_map<std::string_view, int> first_line;
  for (std::size_t key = 0; key < children.size(); key += 2) {
    const auto [it, inserted] = first_line.emplace(children[key].text, children[key].line);
    if (!inserted) fail(children[key], it->second);
  }
}

YamlFields::YamlFields(const std::string& path, const YamlNode& node, std::string what)
    : path_(path), node_(node), what_(std::move(what)), line_(LineOf(node)) {
  if (!node.IsDefined() || !node.IsMap()) {
    throw FileError(path, line_, what_ + " must be a mapping of key: value");
  }
  CheckUniqueKeys(path, node, what_);
  asked_.reserve(16);
  if (node.size() > 64) read_later_entries_.resize(node.size() - 64);
}

bool YamlFields::Has(const char* key) const { return node_[key].IsDefined(); }

YamlNode YamlFields::Node(const char* key) {
  asked_.push_back(key);
  YamlNode value = node_[key];
  if (value.IsDefined()) {
    // Values sit after their keys in the mapping's children: entry i's value
    // is child 2i + 1.
    const auto entry = static_cast<std::size_t>(value.data() - node_.data()->children.data()) / 2;
    if (entry < 64) {
      read_entries_ |= std::uint64_t{1} << entry;
    } else {
      read_later_entries_[entry - 64] = true;
    }
  }
  return value;
}

YamlNode YamlFields::RequiredNode(const char* key) {
  YamlNode value = Node(key);
  if (!value.IsDefined() || value.IsNull()) FailHere(what_ + " needs '" + key + "'");
  return value;
}

std::string YamlFields::ScalarAt(const char* key, const YamlNode& value) const {
  if (!value.IsScalar()) Fail(key, "must be a single value");
  return value.Scalar();
}

std::string YamlFields::Text(const char* key) {
  const YamlNode value = Node(key);
  if (!value.IsDefined() || value.IsNull()) FailHere(what_ + " needs '" + key + "'");
  std::string text = ScalarAt(key, value);
  if (text.empty()) Fail(key, "is empty");
  return text;
}

std::optional<std::string> YamlFields::OptionalText(const char* key) {
  const YamlNode value = Node(key);
  if (!value.IsDefined() || value.IsNull()) return std::nullopt;
  return ScalarAt(key, value);
}

std::optional<std::optional<std::string>> YamlFields::NullableText(const char* key) {
  const YamlNode value = Node(key);
  if (!value.IsDefined()) return std::nullopt;
  if (value.IsNull()) return std::optional<std::string>();
  return std::optional<std::string>(ScalarAt(key, value));
}

std::optional<bool> YamlFields::OptionalBool(const char* key) {
  const YamlNode value = Node(key);
  if (!value.IsDefined() || value.IsNull()) return std::nullopt;
  const std::string text = text::Lower(ScalarAt(key, value));
  if (text == "true" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "no" || text == "off") return false;
  Fail(key, "must be true or false, not '" + value.Scalar() + "'");
}

bool YamlFields::Bool(const char* key, bool fallback) {
  return OptionalBool(key).value_or(fallback);
}

std::vector<std::string> YamlFields::TextList(const char* key) {
  const YamlNode value = Node(key);
  std::vector<std::string> list;
  if (!value.IsDefined() || value.IsNull()) return list;
  if (value.IsScalar()) {
    list.push_back(value.Scalar());
    return list;
  }
  if (!value.IsSequence()) Fail(key, "must be a value or a list of values");
  for (const YamlNode& item : value) {
    if (!item.IsScalar()) FailAt(path_, item, LineOf(value), std::string("'") + key +
                                 "' must hold single values");
    list.push_back(item.Scalar());
  }
  return list;
}

std::vector<std::string> YamlFields::RequiredTextList(const char* key) {
  if (!Has(key)) FailHere(what_ + " needs '" + key + "'");
  std::vector<std::string> list = TextList(key);
  if (list.empty()) Fail(key, "is empty");
  return list;
}

void YamlFields::CheckAllRead(const std::set<std::string>& also_allowed) const {
  std::size_t index = 0;
  for (const auto& entry : node_) {
    const std::size_t at = index++;
    if (at < 64 ? (read_entries_ >> at & 1) != 0 : read_later_entries_[at - 64]) continue;
    const std::string& key = entry.first.Scalar();
    if (also_allowed.count(key) != 0) continue;
    const std::set<std::string> asked(asked_.begin(), asked_.end());
    std::string known;
    for (const std::string& name : asked) known += (known.empty() ? "" : ", ") + name;
    for (const std::string& name : also_allowed) known += (known.empty() ? "" : ", ") + name;
    FailAt(path_, entry.first, line_,
           "unknown key '" + key + "' in " + what_ + " (known: " + known + ")");
  }
}

void YamlFields::Fail(const char* key, const std::string& message) const {
  FailAt(path_, node_[key], line_, what_ + " '" + key + "' " + message);
}

void YamlFields::FailHere(const std::string& message) const {
  throw FileError(path_, line_, message);
}

}  // namespace retort
