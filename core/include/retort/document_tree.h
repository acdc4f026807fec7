// A small typed document (mappings in key order, lists, text, numbers,
// booleans, null) that is built once and written either as YAML, through
// yaml-cpp's emitter, or as JSON. YAML alone would lose whether "0" is text
// or a number, which JSON must know. The core writes its schema and lint
// documents with it, and the retort program the JSON of every report
// (docs/json.md), so that there is one JSON encoder.
//
// A DocNode is a value: copying copies the whole tree. Nothing here throws
// but std::bad_alloc; text is written as given (UTF-8 passes through, JSON
// escapes what it must). A node is not synchronized: share it between
// threads only to read it.
#ifndef RETORT_DOCUMENT_TREE_H_
#define RETORT_DOCUMENT_TREE_H_

#include <string>
#include <utility>
#include <vector>

namespace retort {

class DocNode {
 public:
  enum class Kind { kNull, kBool, kInteger, kReal, kText, kList, kMap };

  DocNode() = default;  // null
  static DocNode Bool(bool value);
  static DocNode Integer(long long value);
  static DocNode Text(std::string value);
  // Text that YAML must read as text even where it looks like a number.
  static DocNode QuotedText(std::string value);
  static DocNode Real(double value);  // finite: JSON has no NaN or infinity
  static DocNode List();
  // A list of text values.
  static DocNode TextList(const std::vector<std::string>& values);
  static DocNode Map();

  // Adds `key: value` to a mapping (keys keep the order they are added in;
  // a key added twice is written twice, so callers add each once).
  DocNode& Set(std::string key, DocNode value);
  // Appends to a list.
  DocNode& Append(DocNode value);
  // Written on one line in YAML ({a: 1} / [a, b]); JSON ignores it.
  DocNode& Flow();

  Kind kind() const { return kind_; }
  // A mapping's entries, in order.
  const std::vector<std::pair<std::string, DocNode>>& entries() const { return entries_; }
  bool empty() const { return entries_.empty() && items_.empty(); }

  // The YAML text, ending in a newline.
  std::string ToYaml() const;
  // The JSON text (two-space indentation), ending in a newline.
  std::string ToJson() const;

 private:
  friend struct DocWriter;

  Kind kind_ = Kind::kNull;
  bool flag_ = false;
  long long integer_ = 0;
  double real_ = 0;
  bool quoted_ = false;
  std::string text_;
  bool flow_ = false;
  std::vector<std::pair<std::string, DocNode>> entries_;
  std::vector<DocNode> items_;
};

// A block list of to_doc(item) for each of `items`; "[]" when empty.
template <class T, class ToDoc>
DocNode ListOf(const std::vector<T>& items, ToDoc to_doc) {
  DocNode list = DocNode::List();
  for (const T& item : items) list.Append(to_doc(item));
  if (items.empty()) list.Flow();
  return list;
}

}  // namespace retort

#endif  // RETORT_DOCUMENT_TREE_H_
