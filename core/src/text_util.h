// Small string helpers shared by the core's sources.
#ifndef RETORT_CORE_TEXT_UTIL_H_
#define RETORT_CORE_TEXT_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

namespace retort::text {

std::string_view Trim(std::string_view text);
std::string Lower(std::string_view text);
// `text` on one line: each run of blanks (spaces, tabs, line breaks) one
// space, none at either end.
std::string OneLine(std::string_view text);
// Joins with `separator`.
std::string Join(const std::vector<std::string>& parts, std::string_view separator);
// Splits on `separator`, keeping empty parts.
std::vector<std::string_view> Split(std::string_view text, char separator);
std::string Upper(std::string_view text);
// Whether `word` is probably a typo of `intended`: different, but within two
// single-character edits of it.
bool IsNearMiss(std::string_view word, std::string_view intended);
// Single-quotes `text` as an SQL string literal ('' for each ').
std::string SqlStringLiteral(std::string_view text);
// Appends SqlStringLiteral(text) to `out`.
void AppendSqlStringLiteral(std::string& out, std::string_view text);
// The part of a path after its last '/', its file name, taken as text: a
// std::filesystem::path splits the whole path into parts.
std::string_view FileNameOf(std::string_view path);

}  // namespace retort::text

#endif  // RETORT_CORE_TEXT_UTIL_H_
