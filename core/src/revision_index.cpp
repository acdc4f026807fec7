#include "revision_index.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <utility>

#include "whole_file.h"

namespace retort {
namespace {

constexpr std::string_view kMagic = "retort-revision-index 5";
constexpr char kListSeparator = '\x1f';
constexpr std::int64_t kRacyWindowNs = 2'000'000'000;

void AppendEscaped(std::string& out, std::string_view text) {
  std::size_t plain = 0;  // the start of the text not yet appended
  for (std::size_t i = 0; i < text.size(); ++i) {
    // One compare for most characters (find_first_of of the five was a
    // memchr per character, most of the time of writing the index).
    const char c = text[i];
    if (static_cast<unsigned char>(c) > 0x1f && c != '\\') continue;
    const char* escape = c == '\\'             ? "\\\\"
                         : c == '\t'            ? "\\t"
                         : c == '\n'            ? "\\n"
                         : c == '\r'            ? "\\r"
                         : c == kListSeparator ? "\\u"
                                               : nullptr;
    if (escape == nullptr) continue;  // another control character, kept as it is
    out.append(text.substr(plain, i - plain)).append(escape);
    plain = i + 1;
  }
  out.append(text.substr(plain));
}

bool Unescape(std::string_view text, std::string* out) {
  out->clear();
  out->reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    // The text up to the next escape, whole: most fields have none.
    const std::size_t escape = std::min(text.find('\\', i), text.size());
    out->append(text.substr(i, escape - i));
    i = escape;
    if (i == text.size()) break;
    if (++i >= text.size()) return false;
    switch (text[i]) {
      case '\\': *out += '\\'; break;
      case 't': *out += '\t'; break;
      case 'n': *out += '\n'; break;
      case 'r': *out += '\r'; break;
      case 'u': *out += kListSeparator; break;
      default: return false;
    }
  }
  return true;
}

void AppendEscapedList(std::string& out, const std::vector<std::string>& items) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += kListSeparator;
    AppendEscaped(out, items[i]);
  }
}

// A tab, then `value`.
template <class Number>
void AppendNumber(std::string& out, Number value) {
  out += '\t';
  char digits[24];
  const auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

bool UnescapeList(std::string_view text, std::vector<std::string>* out) {
  out->clear();
  if (text.empty()) return true;
  for (std::size_t start = 0;;) {
    const std::size_t end = std::min(text.find(kListSeparator, start), text.size());
    if (!Unescape(text.substr(start, end - start), &out->emplace_back())) return false;
    if (end == text.size()) return true;
    start = end + 1;
  }
}

// The tab-separated fields of one line, when it has exactly kFieldCount.
constexpr std::size_t kFieldCount = 14;
bool SplitFields(std::string_view line, std::array<std::string_view, kFieldCount>* fields) {
  std::size_t count = 0;
  for (std::size_t start = 0;; ++count) {
    const std::size_t tab = std::min(line.find('\t', start), line.size());
    if (count == kFieldCount) return false;
    (*fields)[count] = line.substr(start, tab - start);
    if (tab == line.size()) return count + 1 == kFieldCount;
    start = tab + 1;
  }
}

template <class Number>
bool ParseNumber(std::string_view text, Number* value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

bool TooRecentToCache(const FileStamp& stamp, std::int64_t now_ns) {
  return stamp.mtime_ns > now_ns - kRacyWindowNs;
}

std::int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

RevisionIndex::RevisionIndex(std::filesystem::path file, std::filesystem::path versions)
    : file_(std::move(file)), versions_(std::move(versions)) {
  // Read, not mapped (MapFileWhole): it is text a person may copy over by
  // hand, and it is parsed into copies at once.
  const std::optional<std::string> contents = ReadFileWhole(file_);
  if (!contents) return;
  const std::string_view text = *contents;
  const std::size_t first_end = std::min(text.find('\n'), text.size());
  if (text.substr(0, first_end) != kMagic) return;
  // Each header's path is the folder's and the name's, joined as text: a
  // std::filesystem::path join splits the whole path, once per revision.
  std::string folder = versions_.string();
  if (!folder.empty() && folder.back() != '/') folder += '/';
  // An entry is about 230 bytes of text: the list is sized once, not grown.
  loaded_.reserve(text.size() / 200);
  std::array<std::string_view, kFieldCount> fields;
  for (std::size_t start = first_end + 1; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    Named& named = loaded_.emplace_back();
    Entry& entry = named.entry;
    RevisionHeader& header = entry.header;
    const bool valid = SplitFields(line, &fields) && Unescape(fields[0], &named.name) &&
                       ParseNumber(fields[1], &entry.stamp.size) &&
                       ParseNumber(fields[2], &entry.stamp.mtime_ns) &&
                       ParseNumber(fields[3], &entry.stamp.ctime_ns) &&
                       ParseNumber(fields[4], &entry.stamp.inode) &&
                       Unescape(fields[5], &header.id) &&
                       UnescapeList(fields[6], &header.down_revisions) &&
                       UnescapeList(fields[7], &header.branch_labels) &&
                       UnescapeList(fields[8], &header.depends_on) &&
                       Unescape(fields[9], &header.message) &&
                       Unescape(fields[10], &header.create_date) &&
                       Unescape(fields[11], &entry.checksum) &&
                       UnescapeList(fields[12], &header.replaces) &&
                       (fields[13] == "1" || fields[13] == "0");
    if (!valid) {
      loaded_.clear();  // a damaged index is ignored as a whole
      changed_ = true;
      return;
    }
    entry.operations_checked = fields[13] == "1";
    header.path.reserve(folder.size() + named.name.size());
    header.path.append(folder).append(named.name);
  }
  // Saved in the listing's order; an index sorted otherwise (another
  // locale's tools, an older retort) is sorted here once.
  const auto by_name = [](const Named& a, const Named& b) { return a.name < b.name; };
  if (!std::is_sorted(loaded_.begin(), loaded_.end(), by_name)) {
    std::sort(loaded_.begin(), loaded_.end(), by_name);
  }
  const auto same_name = [](const Named& a, const Named& b) { return a.name == b.name; };
  if (std::adjacent_find(loaded_.begin(), loaded_.end(), same_name) != loaded_.end()) {
    loaded_.clear();  // a name twice: not an index retort wrote
    changed_ = true;
  }
}

const RevisionIndex::Entry* RevisionIndex::Find(const std::string& name,
                                                const FileStamp& stamp) const {
  const Entry* entry = nullptr;
  if (const auto put = put_.find(name); put != put_.end()) {
    entry = &put->second;
  } else if (const std::size_t at = Position(name); at < loaded_.size()) {
    entry = &loaded_[at].entry;
  }
  return entry != nullptr && entry->stamp == stamp ? entry : nullptr;
}

std::size_t RevisionIndex::Position(const std::string& name) const {
  // Callers ask in the listing's order, which is the file's: the entry
  // after the last one found is nearly always the one asked for.
  std::size_t at = next_;
  if (at >= loaded_.size() || loaded_[at].name != name) {
    const auto it = std::lower_bound(
        loaded_.begin(), loaded_.end(), name,
        [](const Named& entry, const std::string& key) { return entry.name < key; });
    at = static_cast<std::size_t>(it - loaded_.begin());
    if (at == loaded_.size() || loaded_[at].name != name) return loaded_.size();
  }
  next_ = at + 1;
  return at;
}

void RevisionIndex::Put(const std::string& name, Entry entry) {
  put_[name] = std::move(entry);
  changed_ = true;
}

RevisionIndex::Entry RevisionIndex::Take(const Entry& entry) {
  taken_ = true;
  // Every entry is this index's own, and not const: Find hands it out
  // read-only only so that other callers do not change it.
  return std::move(const_cast<Entry&>(entry));
}

void RevisionIndex::Save(const std::vector<std::pair<std::string, FileStamp>>& listing) {
  if (taken_ || Unchanged(listing.size())) return;
  const std::int64_t now_ns = NowNs();
  std::string text(kMagic);
  text += '\n';
  text.reserve(listing.size() * 256);  // an entry is about 230 bytes
  for (const auto& [name, stamp] : listing) {
    const Entry* found = Find(name, stamp);
    if (found == nullptr || TooRecentToCache(found->stamp, now_ns)) continue;
    const Entry& entry = *found;
    const RevisionHeader& header = entry.header;
    // Appended field by field: joining temporaries was most of the time of
    // writing a fresh clone's index.
    AppendEscaped(text, name);
    AppendNumber(text, entry.stamp.size);
    AppendNumber(text, entry.stamp.mtime_ns);
    AppendNumber(text, entry.stamp.ctime_ns);
    AppendNumber(text, entry.stamp.inode);
    text += '\t';
    AppendEscaped(text, header.id);
    for (const auto* list : {&header.down_revisions, &header.branch_labels, &header.depends_on}) {
      text += '\t';
      AppendEscapedList(text, *list);
    }
    for (const std::string* field : {&header.message, &header.create_date, &entry.checksum}) {
      text += '\t';
      AppendEscaped(text, *field);
    }
    text += '\t';
    AppendEscapedList(text, header.replaces);
    text += entry.operations_checked ? "\t1\n" : "\t0\n";
  }
  ReplaceFileWhole(file_, text);
}

}  // namespace retort
