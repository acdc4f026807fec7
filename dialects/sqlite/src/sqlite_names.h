// SQLite compares names (of tables, columns, pragmas, constraints) without
// regard to ASCII case; these compare them as it does. Pure, thread-safe.
#ifndef RETORT_SQLITE_SQLITE_NAMES_H_
#define RETORT_SQLITE_SQLITE_NAMES_H_

#include <string>
#include <string_view>

namespace retort::sqlite {

// `c` in lower case if it is an ASCII letter. Not std::tolower: a host
// program's locale would fold bytes of other letters that SQLite keeps.
inline char FoldedChar(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// Appends `name` with ASCII letters in lower case, as a key that SQLite's
// comparison of names would not tell from `name`.
inline void AppendFolded(std::string& key, std::string_view name) {
  for (char c : name) key += FoldedChar(c);
}

inline std::string FoldedName(std::string_view name) {
  std::string folded;
  folded.reserve(name.size());
  AppendFolded(folded, name);
  return folded;
}

inline bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (FoldedChar(a[i]) != FoldedChar(b[i])) return false;
  }
  return true;
}

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_NAMES_H_
