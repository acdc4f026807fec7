// Small string helpers shared by the core's sources.
#ifndef RETORT_CORE_TEXT_UTIL_H_
#define RETORT_CORE_TEXT_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

namespace retort::text {

std::string_view Trim(std::string_view text);
std::string Lower(std::string_view text);
// Joins with `separator`.
std::string Join(const std::vector<std::string>& parts, std::string_view separator);
// Splits on `separator`, keeping empty parts.
std::vector<std::string_view> Split(std::string_view text, char separator);
// Single-quotes `text` as an SQL string literal ('' for each ').
std::string SqlStringLiteral(std::string_view text);

}  // namespace retort::text

#endif  // RETORT_CORE_TEXT_UTIL_H_
