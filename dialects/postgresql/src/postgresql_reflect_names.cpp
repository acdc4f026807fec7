#include "postgresql_reflect_names.h"

#include <cctype>

namespace retort::postgresql {
namespace {

// NAMEDATALEN - 1: the longest identifier PostgreSQL keeps, in bytes.
constexpr std::size_t kMaxNameBytes = 63;

// The first `bytes` bytes of `text`, less any UTF-8 character cut in two.
std::string_view ClipUtf8(std::string_view text, std::size_t bytes) {
  if (bytes >= text.size()) return text;
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
  return text.substr(0, bytes);
}

// PostgreSQL's makeObjectName: "owner_part_label" within 63 bytes, taking
// characters from the longer of owner and part until it fits.
std::string ObjectName(std::string_view owner, std::string_view part, std::string_view label) {
  std::size_t overhead = label.size() + 1;
  if (!part.empty()) overhead += 1;
  const std::size_t available = kMaxNameBytes - overhead;
  std::size_t owner_bytes = owner.size(), part_bytes = part.size();
  while (owner_bytes + part_bytes > available) {
    if (owner_bytes > part_bytes) {
      --owner_bytes;
    } else {
      --part_bytes;
    }
  }
  std::string name(ClipUtf8(owner, owner_bytes));
  if (!part.empty()) name += "_" + std::string(ClipUtf8(part, part_bytes));
  return name + "_" + std::string(label);
}

}  // namespace

bool IsGeneratedConstraintName(std::string_view name, std::string_view owner,
                               const std::vector<std::string>& columns, std::string_view label) {
  std::string part;
  for (const std::string& column : columns) part += (part.empty() ? "" : "_") + column;
  if (name == ObjectName(owner, part, label)) return true;
  // A taken name gets the first free number after the label: "_key1".
  std::size_t digits = name.size();
  while (digits > 0 && std::isdigit(static_cast<unsigned char>(name[digits - 1]))) --digits;
  if (digits == name.size() || name[digits] == '0') return false;
  const std::string numbered = std::string(label) + std::string(name.substr(digits));
  return name == ObjectName(owner, part, numbered);
}

}  // namespace retort::postgresql
