#include "revision_index.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <utility>

#include "text_util.h"
#include "whole_file.h"

namespace retort {
namespace {

constexpr std::string_view kMagic = "retort-revision-index 4";
constexpr char kListSeparator = '\x1f';
constexpr std::int64_t kRacyWindowNs = 2'000'000'000;

std::string Escape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\\': escaped += "\\\\"; break;
      case '\t': escaped += "\\t"; break;
      case '\n': escaped += "\\n"; break;
      case '\r': escaped += "\\r"; break;
      case kListSeparator: escaped += "\\u"; break;
      default: escaped += c;
    }
  }
  return escaped;
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

std::string EscapeList(const std::vector<std::string>& items) {
  std::string joined;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) joined += kListSeparator;
    joined += Escape(items[i]);
  }
  return joined;
}

bool UnescapeList(std::string_view text, std::vector<std::string>* out) {
  out->clear();
  if (text.empty()) return true;
  for (std::string_view part : text::Split(text, kListSeparator)) {
    std::string item;
    if (!Unescape(part, &item)) return false;
    out->push_back(std::move(item));
  }
  return true;
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
  const std::optional<std::string> contents = ReadFileWhole(file_);
  if (!contents) return;
  const std::string& text = *contents;
  std::vector<std::string_view> lines = text::Split(text, '\n');
  if (lines.empty() || lines.front() != kMagic) return;
  // Each header's path is the folder's and the name's, joined as text: a
  // std::filesystem::path join splits the whole path, once per revision.
  std::string folder = versions_.string();
  if (!folder.empty() && folder.back() != '/') folder += '/';
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    const std::vector<std::string_view> fields = text::Split(lines[i], '\t');
    std::string name;
    Entry entry;
    RevisionHeader& header = entry.header;
    const bool valid = fields.size() == 13 && Unescape(fields[0], &name) &&
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
                       UnescapeList(fields[12], &header.replaces);
    if (!valid) {
      entries_.clear();  // a damaged index is ignored as a whole
      changed_ = true;
      return;
    }
    header.path = folder + name;
    entries_.emplace(std::move(name), std::move(entry));
  }
}

const RevisionIndex::Entry* RevisionIndex::Find(const std::string& name,
                                                const FileStamp& stamp) const {
  auto it = entries_.find(name);
  if (it == entries_.end() || !(it->second.stamp == stamp)) return nullptr;
  return &it->second;
}

void RevisionIndex::Put(const std::string& name, const FileStamp& stamp,
                        const RevisionHeader& header, const std::string& checksum) {
  entries_[name] = Entry{stamp, header, checksum};
  changed_ = true;
}

RevisionHeader RevisionIndex::TakeHeader(const Entry& entry) {
  headers_taken_ = true;
  // Every entry is this index's own, and not const: Find hands it out
  // read-only only so that other callers do not change it.
  return std::move(const_cast<Entry&>(entry).header);
}

void RevisionIndex::Save(const std::vector<std::string>& live_names) {
  if (headers_taken_ || Unchanged(live_names.size())) return;
  const std::int64_t now_ns = NowNs();
  std::string text(kMagic);
  text += '\n';
  for (const std::string& name : live_names) {
    auto it = entries_.find(name);
    if (it == entries_.end() || TooRecentToCache(it->second.stamp, now_ns)) continue;
    const Entry& entry = it->second;
    text += Escape(name) + '\t' + std::to_string(entry.stamp.size) + '\t' +
            std::to_string(entry.stamp.mtime_ns) + '\t' + std::to_string(entry.stamp.ctime_ns) +
            '\t' + std::to_string(entry.stamp.inode) + '\t' + Escape(entry.header.id) + '\t' +
            EscapeList(entry.header.down_revisions) + '\t' +
            EscapeList(entry.header.branch_labels) + '\t' + EscapeList(entry.header.depends_on) +
            '\t' + Escape(entry.header.message) + '\t' + Escape(entry.header.create_date) +
            '\t' + Escape(entry.checksum) + '\t' + EscapeList(entry.header.replaces) + '\n';
  }
  ReplaceFileWhole(file_, text);
}

}  // namespace retort
