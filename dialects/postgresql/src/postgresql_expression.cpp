#include "postgresql_expression.h"

#include <array>
#include <cstddef>
#include <vector>

#include "retort/sql_expression.h"

namespace retort::postgresql {
namespace {

using Tokens = std::vector<SqlToken>;

bool Is(const Tokens& tokens, std::size_t i, std::string_view text) {
  return i < tokens.size() && tokens[i].Is(text);
}

// Type names of more than one word, as format_type() writes them.
constexpr std::array<std::array<std::string_view, 4>, 7> kMultiWordTypes = {{
    {"timestamp", "without", "time", "zone"},
    {"timestamp", "with", "time", "zone"},
    {"time", "without", "time", "zone"},
    {"time", "with", "time", "zone"},
    {"character", "varying", "", ""},
    {"double", "precision", "", ""},
    {"bit", "varying", "", ""},
}};

// The index past the type name that starts at `i` (after "::"): one or more
// words, a quoted name, then any "(modifiers)" and "[]".
std::size_t PastTypeName(const Tokens& tokens, std::size_t i) {
  if (i >= tokens.size()) return i;
  std::size_t end = i + 1;
  if (tokens[i].kind == SqlTokenKind::kWord) {
    for (const auto& words : kMultiWordTypes) {
      std::size_t n = 0;
      while (n < words.size() && !words[n].empty() && tokens.size() > i + n &&
             tokens[i + n].kind == SqlTokenKind::kWord && tokens[i + n].text == words[n]) {
        ++n;
      }
      if (n == words.size() || words[n].empty()) {
        end = i + n;
        break;
      }
    }
  }
  if (Is(tokens, end, "(")) end = PastClosingBracket(tokens, end);
  while (Is(tokens, end, "[") && Is(tokens, end + 1, "]")) end += 2;
  return end;
}

Tokens WithoutCasts(const Tokens& tokens) {
  Tokens kept;
  for (std::size_t i = 0; i < tokens.size();) {
    if (Is(tokens, i, "::")) {
      i = PastTypeName(tokens, i + 1);
    } else {
      kept.push_back(tokens[i++]);
    }
  }
  return kept;
}

// "= any ( array [ a , b ] )" becomes "in ( a , b )". The ARRAY may stand in
// parentheses of its own ("= ANY ((ARRAY[...])::text[])" once its cast is
// gone).
Tokens InListsBack(const Tokens& tokens) {
  Tokens result;
  for (std::size_t i = 0; i < tokens.size();) {
    if (Is(tokens, i, "=") && Is(tokens, i + 1, "any") && Is(tokens, i + 2, "(")) {
      std::size_t array = i + 3;
      std::size_t groups = 0;
      while (Is(tokens, array, "(")) ++array, ++groups;
      const std::size_t past_call = PastClosingBracket(tokens, i + 2);
      if (Is(tokens, array, "array") && Is(tokens, array + 1, "[")) {
        const std::size_t past_list = PastClosingBracket(tokens, array + 1);
        // Only the groups' closing brackets, then the call's, after the list.
        bool only_groups = past_call == past_list + groups + 1;
        for (std::size_t k = 0; only_groups && k <= groups; ++k) {
          only_groups = Is(tokens, past_list + k, ")");
        }
        if (only_groups) {
          result.push_back({SqlTokenKind::kWord, "in"});
          result.push_back({SqlTokenKind::kSymbol, "("});
          for (std::size_t k = array + 2; k + 1 < past_list; ++k) result.push_back(tokens[k]);
          result.push_back({SqlTokenKind::kSymbol, ")"});
          i = past_call;
          continue;
        }
      }
    }
    result.push_back(tokens[i++]);
  }
  return result;
}

}  // namespace

std::string CanonicalExpression(std::string_view expression) {
  return CanonicalSqlExpression(InListsBack(WithoutCasts(TokenizeSqlExpression(expression))));
}

}  // namespace retort::postgresql
