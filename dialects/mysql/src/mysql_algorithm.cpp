#include "mysql_algorithm.h"

namespace retort::mysql {
namespace {

constexpr std::string_view kInstant = ", ALGORITHM=INSTANT";
constexpr std::string_view kInplaceOnline = ", ALGORITHM=INPLACE, LOCK=NONE";
constexpr std::string_view kInplace = ", ALGORITHM=INPLACE";

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

std::string AlgorithmClause(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kInstant:
      return std::string(kInstant);
    case Algorithm::kInplace:
      return std::string(kInplaceOnline);
    case Algorithm::kCopy:
      return "";
  }
  return "";
}

Algorithm AlgorithmOf(std::string_view statement) {
  if (EndsWith(statement, kInstant)) return Algorithm::kInstant;
  if (EndsWith(statement, kInplaceOnline) || EndsWith(statement, kInplace)) {
    return Algorithm::kInplace;
  }
  return Algorithm::kCopy;
}

std::optional<std::string> WithWeakerAlgorithm(const std::string& statement) {
  for (const auto& [from, to] :
       {std::pair{kInstant, kInplaceOnline}, std::pair{kInplaceOnline, kInplace},
        std::pair{kInplace, std::string_view()}}) {
    if (EndsWith(statement, from)) {
      return statement.substr(0, statement.size() - from.size()) + std::string(to);
    }
  }
  return std::nullopt;
}

std::string DescribeAlgorithm(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kInstant:
      return "INSTANT (metadata only)";
    case Algorithm::kInplace:
      return "INPLACE (the table stays writable)";
    case Algorithm::kCopy:
      return "COPY (the table is copied; writes wait)";
  }
  return "";
}

}  // namespace retort::mysql
