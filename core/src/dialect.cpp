// What the Dialect interface does for a dialect that does not say otherwise.
#include "retort/dialect.h"
#include "text_util.h"

namespace retort {

std::string Dialect::TimestampLiteral(std::string_view utc) const {
  return text::SqlStringLiteral(utc);
}

}  // namespace retort
