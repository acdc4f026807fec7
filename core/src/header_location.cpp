#include "header_location.h"

#include <fstream>

namespace retort {

std::string FileOf(const RevisionHeader& header) {
  return header.path.empty() ? std::string("(built in code)") : header.path;
}

std::string WhereKey(const RevisionHeader& header, std::string_view key) {
  std::ifstream in(header.path);
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    std::string_view text = line;
    if (text.starts_with("--") || text.starts_with("//")) {
      const std::size_t start = text.find_first_not_of(text[0] == '-' ? "- " : "/ ");
      if (start == std::string_view::npos) continue;
      text.remove_prefix(start);
    }
    if (text.starts_with(key) && text.substr(key.size()).starts_with(":")) {
      return header.path + ":" + std::to_string(number);
    }
  }
  return FileOf(header);
}

}  // namespace retort
