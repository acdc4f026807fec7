#include "retort/revision.h"

#include "retort/error.h"

namespace retort {

std::vector<RevisionOp> DowngradeOperations(const Revision& revision) {
  if (revision.downgrade) return *revision.downgrade;
  std::vector<RevisionOp> undo;
  undo.reserve(revision.upgrade.size());
  for (auto it = revision.upgrade.rbegin(); it != revision.upgrade.rend(); ++it) {
    std::string why_not;
    std::optional<Operation> reversed = Reverse(it->op, &why_not);
    if (!reversed) {
      const std::string& path = revision.header.path;
      const std::string where =
          path.empty() ? std::string()
                       : " (" + path + (it->line > 0 ? ":" + std::to_string(it->line) : "") + ")";
      throw OperationError("cannot downgrade revision " + revision.header.id + ": " +
                           Describe(it->op) + where + " cannot be reversed automatically; " +
                           why_not + ", or write a downgrade section");
    }
    undo.push_back(RevisionOp{std::move(*reversed), it->line});
  }
  return undo;
}

}  // namespace retort
