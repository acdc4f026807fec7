// Adoption of a database made before retort, as Upgrade uses it.
#ifndef RETORT_CORE_ADOPTION_H_
#define RETORT_CORE_ADOPTION_H_

#include <string>

#include "command_support.h"
#include "retort/commands.h"

namespace retort {

// What to tell a user when no revision matches: the closest and the diff.
std::string DescribeNoAdoption(const Adoption& adoption);

// Before an upgrade: when the database holds tables but no version table,
// adopts it (config.adopt_unversioned) or throws RevisionError naming the
// revision it matches and the command that adopts it. Tells `listener` what
// was adopted and what differences were tolerated. Nothing to do for a
// database with a version table or without tables.
void AdoptIfUnversioned(const Config& config, ScriptDirectory& scripts, Database& database,
                        MigrationListener& listener);

}  // namespace retort

#endif  // RETORT_CORE_ADOPTION_H_
