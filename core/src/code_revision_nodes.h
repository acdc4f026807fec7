// How registered C++ revisions join the revision files in one graph.
#ifndef RETORT_CORE_CODE_REVISION_NODES_H_
#define RETORT_CORE_CODE_REVISION_NODES_H_

#include <vector>

#include "retort/code_revision.h"
#include "retort/revision.h"

namespace retort {

// `headers` (read from the revision files) with the registered revisions
// added: one whose .cpp file is among the headers must declare what the
// file does and is the file's node; any other becomes a node of its own,
// whose path is where it was registered. Throws RevisionError for an id
// that a registration shares with another registration or with a YAML or
// SQL file, and for a registration whose revision, down_revision,
// branch_labels, depends_on or message differ from its file's (naming the
// file and line, and the registration).
std::vector<RevisionHeader> AddCodeRevisions(std::vector<RevisionHeader> headers,
                                             const std::vector<CodeRevision>& registered);

// The registration of revision `id`; nullptr when there is none.
const CodeRevision* FindCodeRevision(const std::vector<CodeRevision>& registered,
                                     const std::string& id);

// The whole revision for `registration`, whose node in the graph is
// `header`. When that node is a .cpp file, `from_file` is what the file
// reads as (its checksum is recorded; its transaction: must agree, else
// RevisionError naming both).
Revision CodeRevisionOf(const CodeRevision& registration, const RevisionHeader& header,
                        const Revision* from_file);

// Whether `header` is the node of a .cpp file (and not a registration alone).
bool IsCppFileNode(const RevisionHeader& header, const CodeRevision* registration);

}  // namespace retort

#endif  // RETORT_CORE_CODE_REVISION_NODES_H_
