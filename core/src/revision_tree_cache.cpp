#include "revision_tree_cache.h"

#include <cstdint>
#include <cstring>
#include <functional>
#include <system_error>

#include "retort/version.h"
#include "whole_file.h"

namespace retort {
namespace {

// The format, and the retort that wrote it: a tree is what that retort's
// YAML reader built (its checks passed, its rules for null and tags
// applied), which another retort might build differently. Numbers are in
// this machine's byte order: entries are keyed by inode and change time, so
// the file is never valid on another machine.
const std::string kMagic =
    std::string("retort-revision-trees 2 ") + RETORT_VERSION_STRING + "\n";
// The fewest bytes a node takes (see Encode), which bounds how many
// children the rest of an entry can hold.
constexpr std::size_t kSmallestNode = 1 + 4 + 4 + 4 + 4;
constexpr int kDeepest = 1'000;
// Below this size the file is read in less time than a thread takes to
// start (some 50 µs).
constexpr std::uintmax_t kWorthAThread = 256 * 1024;

// Catches a damaged byte inside an entry, which would otherwise be read as
// other text: other SQL, or another name.
std::uint64_t TreeHash(std::string_view tree) { return std::hash<std::string_view>{}(tree); }

template <class Number>
void PutNumber(std::string& out, Number value) {
  char bytes[sizeof value];
  std::memcpy(bytes, &value, sizeof value);
  out.append(bytes, sizeof value);
}

void PutText(std::string& out, std::string_view text) {
  PutNumber(out, static_cast<std::uint32_t>(text.size()));
  out.append(text);
}

// A node, then its children: kind, line, text, tag, child count.
void Encode(const YamlNode::Data& node, std::string& out) {
  out += static_cast<char>(node.kind);
  PutNumber(out, static_cast<std::int32_t>(node.line));
  PutText(out, node.text);
  PutText(out, node.tag);
  PutNumber(out, static_cast<std::uint32_t>(node.children.size()));
  for (const YamlNode::Data& child : node.children) Encode(child, out);
}

// Reads what PutNumber and PutText wrote, failing (not throwing) past the end.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  template <class Number>
  bool Get(Number* value) {
    if (bytes_.size() < sizeof *value) return false;
    std::memcpy(value, bytes_.data(), sizeof *value);
    bytes_.remove_prefix(sizeof *value);
    return true;
  }
  bool GetText(std::string_view* text) {
    std::uint32_t size = 0;
    if (!Get(&size) || bytes_.size() < size) return false;
    *text = bytes_.substr(0, size);
    bytes_.remove_prefix(size);
    return true;
  }
  bool empty() const { return bytes_.empty(); }
  std::size_t size() const { return bytes_.size(); }

 private:
  std::string_view bytes_;
};

// Reads a node Encode wrote; false, with nothing read past the end, for
// anything Encode cannot have written.
bool Decode(Reader& in, YamlNode::Data* node, int depth) {
  char kind = 0;
  std::int32_t line = 0;
  std::string_view text, tag;
  std::uint32_t children = 0;
  if (depth > kDeepest || !in.Get(&kind) || !in.Get(&line) || !in.GetText(&text) ||
      !in.GetText(&tag) || !in.Get(&children) || children > in.size() / kSmallestNode) {
    return false;
  }
  switch (static_cast<YamlNode::Kind>(kind)) {
    case YamlNode::Kind::kNull:
    case YamlNode::Kind::kScalar:
      if (children != 0) return false;
      break;
    case YamlNode::Kind::kMap:
      if (children % 2 != 0) return false;  // keys and values alternate
      break;
    case YamlNode::Kind::kSequence:
      break;
    default:
      return false;
  }
  node->kind = static_cast<YamlNode::Kind>(kind);
  node->line = line;
  node->text = text;
  node->tag = tag;
  node->children.resize(children);
  for (YamlNode::Data& child : node->children) {
    if (!Decode(in, &child, depth + 1)) return false;
  }
  return true;
}

}  // namespace

RevisionTreeCache::RevisionTreeCache(std::filesystem::path file,
                                     std::vector<std::pair<std::string, FileStamp>> live)
    : file_(std::move(file)), live_(std::move(live)) {}

std::size_t RevisionTreeCache::Position(std::string_view name) const {
  // Hashed, once: a binary search of thousands of names, scattered in
  // memory, missed the cache at every step, twice per revision loaded.
  std::call_once(indexed_, [&] {
    positions_.reserve(live_.size());
    for (std::size_t i = 0; i < live_.size(); ++i) positions_.emplace(live_[i].first, i);
  });
  const auto found = positions_.find(name);
  return found == positions_.end() ? kNotListed : found->second;
}

void RevisionTreeCache::LoadOnce() const {
  std::call_once(loaded_, [&] {
    // Entries point into the file as read: a long history's cache is
    // loaded without an allocation per revision.
    entries_.resize(live_.size());
    std::optional<FileContents> contents = MapFileWhole(file_);
    if (!contents) return;
    contents_ = std::move(*contents);
    if (!contents_.view().starts_with(kMagic)) {
      changed_ = true;
      return;
    }
    Reader in(contents_.view().substr(kMagic.size()));
    while (!in.empty()) {
      std::string_view name;
      Entry entry;
      if (!in.GetText(&name) || !in.Get(&entry.stamp.size) || !in.Get(&entry.stamp.mtime_ns) ||
          !in.Get(&entry.stamp.ctime_ns) || !in.Get(&entry.stamp.inode) ||
          !in.GetText(&entry.checksum) || !in.Get(&entry.hash) || !in.GetText(&entry.tree)) {
        entries_.assign(live_.size(), std::nullopt);  // a damaged cache is ignored as a whole
        changed_ = true;
        return;
      }
      // A file gone or changed since: its entry is dropped at Save.
      const std::size_t index = Position(name);
      if (index == kNotListed || !(live_[index].second == entry.stamp)) {
        changed_ = true;
        continue;
      }
      if (!entries_[index]) entries_[index] = entry;
    }
  });
}

std::optional<RevisionTreeCache::Hit> RevisionTreeCache::FindAt(std::size_t index,
                                                               const FileStamp& stamp) const {
  LoadOnce();
  if (index == kNotListed) return std::nullopt;
  std::string_view tree;
  Hit hit;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::optional<Entry>& entry = entries_[index];
    if (!entry || !(entry->stamp == stamp)) return std::nullopt;
    tree = entry->tree;
    hit.checksum = entry->checksum;
    if (TreeHash(tree) != entry->hash) return std::nullopt;
  }
  YamlNode::Data root;
  Reader in(tree);
  if (!Decode(in, &root, 0) || !in.empty()) return std::nullopt;
  hit.root = YamlNode(std::move(root));
  return hit;
}

void RevisionTreeCache::Put(const std::string& name, const FileStamp& stamp,
                            const std::string& checksum, const YamlNode& root) {
  const std::size_t index = Position(name);
  if (root.data() == nullptr || index == kNotListed) return;
  std::string encoded;
  Encode(*root.data(), encoded);
  LoadOnce();
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string_view tree = put_texts_.emplace_back(std::move(encoded));
  entries_[index] = Entry{stamp, put_texts_.emplace_back(checksum), TreeHash(tree), tree};
  changed_ = true;
}

void RevisionTreeCache::StartLoading() {
  std::error_code no_file;
  if (std::filesystem::file_size(file_, no_file) < kWorthAThread || no_file) return;
  try {
    loading_ = std::async(std::launch::async, [this] { LoadOnce(); });
  } catch (const std::system_error&) {
    // No thread to be had: the first Find reads the file.
  }
}

void RevisionTreeCache::Save() {
  if (loading_.valid()) loading_.wait();
  std::lock_guard<std::mutex> lock(mutex_);
  if (!changed_) return;
  const std::int64_t now_ns = NowNs();
  auto kept = [&](std::size_t index) {
    const std::optional<Entry>& entry = entries_[index];
    return entry && !TooRecentToCache(entry->stamp, now_ns);
  };
  // Sized first: grown by doubling, a long history's cache (megabytes) was
  // copied about twice over, and the copies were a fifth of a cold `heads`.
  std::size_t size = kMagic.size();
  for (std::size_t index = 0; index < entries_.size(); ++index) {
    if (!kept(index)) continue;
    size += 3 * sizeof(std::uint32_t) + 5 * sizeof(std::uint64_t) + live_[index].first.size() +
            entries_[index]->checksum.size() + entries_[index]->tree.size();
  }
  std::string out;
  out.reserve(size);
  out += kMagic;
  for (std::size_t index = 0; index < entries_.size(); ++index) {
    if (!kept(index)) continue;
    const std::optional<Entry>& entry = entries_[index];
    PutText(out, live_[index].first);
    PutNumber(out, entry->stamp.size);
    PutNumber(out, entry->stamp.mtime_ns);
    PutNumber(out, entry->stamp.ctime_ns);
    PutNumber(out, entry->stamp.inode);
    PutText(out, entry->checksum);
    PutNumber(out, entry->hash);
    PutText(out, entry->tree);
  }
  ReplaceFileWhole(file_, out);
  changed_ = false;
}

}  // namespace retort
