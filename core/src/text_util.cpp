#include "text_util.h"

#include <algorithm>
#include <cctype>

namespace retort::text {

std::string_view Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string Lower(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lowered;
}

std::string Upper(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

bool IsNearMiss(std::string_view word, std::string_view intended) {
  if (word == intended) return false;
  const std::size_t n = word.size(), m = intended.size();
  if ((n > m ? n - m : m - n) > 2) return false;
  // Levenshtein distance, one row at a time.
  std::vector<std::size_t> row(m + 1);
  for (std::size_t j = 0; j <= m; ++j) row[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (word[i - 1] == intended[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[m] <= 2;
}

std::string OneLine(std::string_view text) {
  std::string line;
  for (const char c : text) {
    const bool blank = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!blank) {
      line += c;
    } else if (!line.empty() && line.back() != ' ') {
      line += ' ';
    }
  }
  if (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string joined;
  for (const std::string& part : parts) {
    if (!joined.empty()) joined += separator;
    joined += part;
  }
  return joined;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::string SqlStringLiteral(std::string_view text) {
  std::string quoted;
  quoted.reserve(text.size() + 2);
  AppendSqlStringLiteral(quoted, text);
  return quoted;
}

void AppendSqlStringLiteral(std::string& out, std::string_view text) {
  out += '\'';
  // Copies the runs between quotes whole: most values (ids, checksums,
  // times) have no quote at all.
  for (std::size_t quote = text.find('\''); quote != std::string_view::npos;
       quote = text.find('\'')) {
    out.append(text.substr(0, quote + 1));
    out += '\'';
    text.remove_prefix(quote + 1);
  }
  out.append(text);
  out += '\'';
}

std::string_view FileNameOf(std::string_view path) {
  return path.substr(path.find_last_of('/') + 1);  // npos + 1 is 0
}

}  // namespace retort::text
