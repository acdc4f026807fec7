#include "retort/revision.h"

#include "retort/error.h"

namespace retort {

RebuildPolicy ParseRebuildPolicy(const std::string& text) {
  if (text == "auto") return RebuildPolicy::kAuto;
  if (text == "always") return RebuildPolicy::kAlways;
  if (text == "never") return RebuildPolicy::kNever;
  throw OperationError("rebuild must be auto, always or never, not '" + text + "'");
}

std::string DescribeLocation(const RevisionHeader& header, int line) {
  std::string where = "revision " + header.id;
  if (!header.path.empty()) {
    where += " (" + header.path + (line > 0 ? ":" + std::to_string(line) : "") + ")";
  }
  return where;
}

std::vector<RevisionOp> DowngradeOperations(const Revision& revision) {
  if (revision.downgrade) return *revision.downgrade;
  std::vector<RevisionOp> undo;
  undo.reserve(revision.upgrade.size());
  for (auto it = revision.upgrade.rbegin(); it != revision.upgrade.rend(); ++it) {
    std::string why_not;
    std::optional<std::vector<Operation>> reversed = ReverseSteps(it->op, &why_not);
    if (!reversed) {
      throw OperationError("cannot downgrade " + DescribeLocation(revision.header, it->line) +
                           ": " + Describe(it->op) + " cannot be reversed automatically; " +
                           why_not + "; " + revision.how_to_add_downgrade);
    }
    for (Operation& step : *reversed) {
      undo.push_back(RevisionOp{std::move(step), it->line, it->rebuild});
    }
  }
  return undo;
}

}  // namespace retort
