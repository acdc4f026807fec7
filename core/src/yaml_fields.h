// Reading a YAML mapping field by field, with errors that name the file and
// line and with unknown keys reported (a typo must not be silently ignored).
#ifndef RETORT_CORE_YAML_FIELDS_H_
#define RETORT_CORE_YAML_FIELDS_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "yaml_node.h"

namespace retort {

// Throws FileError at `node`'s line (or `fallback_line` when the node has no
// position, as a missing key's node has none).
[[noreturn]] void FailAt(const std::string& path, const YamlNode& node, int fallback_line,
                         const std::string& message);

int LineOf(const YamlNode& node);  // 1-based; 0 when unknown

// Throws FileError at the second occurrence of a key given twice in the
// mapping `node` (YAML parsers keep one of them silently).
void CheckUniqueKeys(const std::string& path, const YamlNode& node, const std::string& what);

class YamlFields {
 public:
  // `what` names the mapping in messages ("add_column", "column").
  YamlFields(const std::string& path, const YamlNode& node, std::string what);

  bool Has(const char* key) const;
  // The raw node of `key` (undefined when absent); marks the key as read.
  // Every `key` given to a YamlFields must outlive it (they are string
  // literals): unknown-key messages list the keys asked for.
  YamlNode Node(const char* key);
  // The node of `key`; a FileError naming the key when it is absent or null.
  YamlNode RequiredNode(const char* key);

  std::string Text(const char* key);  // required, a scalar
  std::optional<std::string> OptionalText(const char* key);
  // Present and null -> inner nullopt; absent -> outer nullopt.
  std::optional<std::optional<std::string>> NullableText(const char* key);
  bool Bool(const char* key, bool fallback);
  std::optional<bool> OptionalBool(const char* key);
  // null, one scalar, or a list of scalars.
  std::vector<std::string> TextList(const char* key);
  std::vector<std::string> RequiredTextList(const char* key);

  // Throws for any key that was never read, listing those that were known.
  void CheckAllRead(const std::set<std::string>& also_allowed = {}) const;

  [[noreturn]] void Fail(const char* key, const std::string& message) const;
  [[noreturn]] void FailHere(const std::string& message) const;

  const std::string& path() const { return path_; }
  int line() const { return line_; }

 private:
  std::string ScalarAt(const char* key, const YamlNode& value) const;

  // Borrowed: the path of the file being read outlives the reading of it.
  const std::string& path_;
  const YamlNode node_;  // const: operator[] must never insert keys
  std::string what_;
  int line_;
  // There is one of these per operation, column and constraint of a file,
  // and a handful of keys each: which entries were read is a bit per entry
  // (a set of names allocated once per key), and the keys asked for are
  // kept as given, for the message about a key never asked for.
  std::vector<const char*> asked_;
  std::uint64_t read_entries_ = 0;          // entry i read: bit i, for i < 64
  std::vector<bool> read_later_entries_;    // entries from 64 on, when there are any
};

}  // namespace retort

#endif  // RETORT_CORE_YAML_FIELDS_H_
