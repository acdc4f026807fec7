#include "retort/version.h"

namespace retort {

const char* LibraryVersion() noexcept { return RETORT_VERSION_STRING; }

}  // namespace retort
