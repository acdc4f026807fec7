// A YAML document as revision and schema files are read: a read-only tree of
// mappings, lists and text, each node with the line it begins on. It is
// built straight from libyaml's events (see yaml_document.h), so every file
// is parsed once, by the parser that also checks it strictly, and a node is
// plain data rather than yaml-cpp's reference-counted graph, which made
// parsing most of the time of reading a history.
//
// Scalars keep what the readers need to tell text from other values: a
// plain (unquoted) "~", "null" or nothing at all is null, as YAML's core
// schema says; Tag() tells a quoted or !!str-tagged scalar from a plain one.
//
// A YamlNode is a cheap handle: copies share one immutable tree, which lives
// as long as any handle to it. Nothing throws but std::bad_alloc. Handles may
// be read from several threads at once.
#ifndef RETORT_CORE_YAML_NODE_H_
#define RETORT_CORE_YAML_NODE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace retort {

class YamlNode {
 public:
  enum class Kind { kUndefined, kNull, kScalar, kSequence, kMap };

  // The tree a parser builds: node values, each owning its children.
  struct Data {
    Kind kind = Kind::kNull;
    std::string text;  // a scalar's value
    // The explicit tag, or "!" for a quoted scalar and "?" for a plain one.
    std::string tag;
    int line = 0;  // 1-based
    // A sequence's items; a mapping's keys and values, alternately.
    std::vector<Data> children;
  };

  // An undefined node: what a missing key or index gives.
  YamlNode() = default;
  // The root of a whole tree.
  explicit YamlNode(Data root);
  // A mapping of one `key: value` (text) at `line`, for shorthands that
  // stand for a mapping ("drop_table: users").
  static YamlNode SingleEntryMap(std::string key, std::string value, int line);

  Kind kind() const { return data_ ? data_->kind : Kind::kUndefined; }
  bool IsDefined() const { return data_ != nullptr; }
  bool IsNull() const { return kind() == Kind::kNull; }
  bool IsScalar() const { return kind() == Kind::kScalar; }
  bool IsSequence() const { return kind() == Kind::kSequence; }
  bool IsMap() const { return kind() == Kind::kMap; }
  explicit operator bool() const { return IsDefined(); }

  // A scalar's text; "" for any other node.
  const std::string& Scalar() const;
  // "?" for a plain scalar, "!" for a quoted one, else the explicit tag
  // ("tag:yaml.org,2002:str" for !!str); "" for an undefined node.
  const std::string& Tag() const;
  // The 1-based line the node begins on; 0 for an undefined node.
  int line() const { return data_ ? data_->line : 0; }
  // The node's tree, for storing it; null for an undefined node. Valid as
  // long as a handle to the tree is.
  const Data* data() const { return data_; }

  // Items of a sequence, entries of a mapping; 0 for anything else.
  std::size_t size() const;
  // The value of the first entry whose key is the scalar `key`; undefined
  // when there is none or this is not a mapping.
  YamlNode operator[](std::string_view key) const;
  YamlNode operator[](const char* key) const { return (*this)[std::string_view(key)]; }
  YamlNode operator[](const std::string& key) const { return (*this)[std::string_view(key)]; }
  // The item at `index` of a sequence; undefined past its end or for
  // anything else.
  YamlNode operator[](std::size_t index) const;
  YamlNode operator[](int index) const { return (*this)[static_cast<std::size_t>(index)]; }

  // What iterating yields: for a sequence, the item itself; for a mapping,
  // an entry whose `first` is the key and `second` the value.
  struct Element;
  class Iterator;
  Iterator begin() const;
  Iterator end() const;

 private:
  YamlNode(std::shared_ptr<const Data> root, const Data* data)
      : root_(std::move(root)), data_(data) {}

  std::shared_ptr<const Data> root_;
  const Data* data_ = nullptr;
};

struct YamlNode::Element : YamlNode {
  YamlNode first;
  YamlNode second;
};

class YamlNode::Iterator {
 public:
  Iterator(const YamlNode* owner, std::size_t position) : owner_(owner), position_(position) {}
  Element operator*() const;
  // For `node.begin()->first`: the element, held while the expression runs.
  struct Arrow {
    Element element;
    const Element* operator->() const { return &element; }
  };
  Arrow operator->() const { return Arrow{**this}; }
  Iterator& operator++();
  bool operator==(const Iterator& other) const { return position_ == other.position_; }
  bool operator!=(const Iterator& other) const { return position_ != other.position_; }

 private:
  const YamlNode* owner_;
  std::size_t position_;  // an index into the children
};

}  // namespace retort

#endif  // RETORT_CORE_YAML_NODE_H_
