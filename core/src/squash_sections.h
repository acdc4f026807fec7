// The upgrade and downgrade sections of a squash, written from the revisions
// it replaces.
#ifndef RETORT_CORE_SQUASH_SECTIONS_H_
#define RETORT_CORE_SQUASH_SECTIONS_H_

#include <string>
#include <vector>

#include "retort/revision.h"

namespace retort {

struct SquashSections {
  std::string body;  // YAML: upgrade, then downgrade (or why there is none)
  // Why the squash has no downgrade section and cannot be downgraded; empty
  // when it can.
  std::string no_downgrade;
};

// `range` (oldest first; YAML and plain-SQL revisions) as one revision's
// sections: the upgrade operations in order, then, when some revision of the
// range has a downgrade section, each revision's downgrade (its section, or
// its upgrade reversed) newest first. When every revision is reversed
// automatically the squash is too, and needs no section. A YAML revision's
// operations are copied from its file, so that nothing the reader knows is
// lost, with the revision's `rebuild:` moved onto each operation; a SQL
// revision's SQL becomes an `execute`. Throws FileError when a file no
// longer reads.
SquashSections WriteSquashSections(const std::vector<Revision>& range);

}  // namespace retort

#endif  // RETORT_CORE_SQUASH_SECTIONS_H_
