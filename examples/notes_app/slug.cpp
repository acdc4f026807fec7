#include "slug.h"

#include <cctype>

namespace notes {

std::string Slug(const std::string& title) {
  std::string slug;
  bool gap = false;
  for (const unsigned char c : title) {
    if (std::isalnum(c)) {
      if (gap && !slug.empty()) slug += '-';
      slug += static_cast<char>(std::tolower(c));
      gap = false;
    } else {
      gap = true;
    }
  }
  return slug;
}

}  // namespace notes
