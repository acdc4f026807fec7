// SQLite compares names (of tables, columns, pragmas, constraints) without
// regard to ASCII case; these compare them as it does. Pure, thread-safe.
#ifndef RETORT_SQLITE_SQLITE_NAMES_H_
#define RETORT_SQLITE_SQLITE_NAMES_H_

#include <cctype>
#include <string>
#include <string_view>

namespace retort::sqlite {

// `name` with ASCII letters in lower case, as a key that SQLite's
// comparison of names would not tell from `name`.
inline std::string FoldedName(std::string_view name) {
  std::string folded(name);
  for (char& c : folded) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return folded;
}

inline bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_NAMES_H_
