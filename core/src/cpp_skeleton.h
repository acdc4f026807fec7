// The skeleton `retort revision --code` writes: a C++ revision the
// application compiles, whose comment header the retort program reads.
#ifndef RETORT_CORE_CPP_SKELETON_H_
#define RETORT_CORE_CPP_SKELETON_H_

#include <string>

#include "retort/script_directory.h"

namespace retort {

// The text of the .cpp file for `spec` with id `id`, created at
// `create_date`: the header, the include, an upgrade and a downgrade
// function to fill in, and the registration with the same id, edges and
// message. The *_value arguments are the header's values, written as the
// YAML flow values the header reader takes.
std::string CppRevisionSkeleton(const NewRevision& spec, const std::string& id,
                                const std::string& create_date,
                                const std::string& down_revision_value,
                                const std::string& branch_labels_value,
                                const std::string& depends_on_value,
                                const std::string& message_value);

}  // namespace retort

#endif  // RETORT_CORE_CPP_SKELETON_H_
