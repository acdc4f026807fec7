#include "yaml_node.h"

#include <utility>

namespace retort {
namespace {

const std::string kEmpty;

}  // namespace

YamlNode::YamlNode(Data root) {
  auto shared = std::make_shared<const Data>(std::move(root));
  data_ = shared.get();
  root_ = std::move(shared);
}

YamlNode YamlNode::SingleEntryMap(std::string key, std::string value, int line) {
  Data map{Kind::kMap, {}, {}, line, {}};
  map.children.push_back(Data{Kind::kScalar, std::move(key), "?", line, {}});
  map.children.push_back(Data{Kind::kScalar, std::move(value), "?", line, {}});
  return YamlNode(std::move(map));
}

const std::string& YamlNode::Scalar() const { return IsScalar() ? data_->text : kEmpty; }

const std::string& YamlNode::Tag() const { return data_ ? data_->tag : kEmpty; }

std::size_t YamlNode::size() const {
  if (IsSequence()) return data_->children.size();
  if (IsMap()) return data_->children.size() / 2;
  return 0;
}

YamlNode YamlNode::operator[](std::string_view key) const {
  if (!IsMap()) return YamlNode();
  const std::vector<Data>& children = data_->children;
  for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
    if (children[i].kind == Kind::kScalar && children[i].text == key) {
      return YamlNode(root_, &children[i + 1]);
    }
  }
  return YamlNode();
}

YamlNode YamlNode::operator[](std::size_t index) const {
  if (!IsSequence() || index >= data_->children.size()) return YamlNode();
  return YamlNode(root_, &data_->children[index]);
}

YamlNode::Iterator YamlNode::begin() const { return Iterator(this, 0); }

YamlNode::Iterator YamlNode::end() const {
  return Iterator(this, IsSequence() || IsMap() ? data_->children.size() : 0);
}

YamlNode::Element YamlNode::Iterator::operator*() const {
  const std::vector<Data>& children = owner_->data_->children;
  Element element;
  if (owner_->IsMap()) {
    element.first = YamlNode(owner_->root_, &children[position_]);
    element.second = YamlNode(owner_->root_, &children[position_ + 1]);
  } else {
    static_cast<YamlNode&>(element) = YamlNode(owner_->root_, &children[position_]);
  }
  return element;
}

YamlNode::Iterator& YamlNode::Iterator::operator++() {
  position_ += owner_->IsMap() ? 2 : 1;
  return *this;
}

}  // namespace retort
