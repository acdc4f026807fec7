// Opening the client library a dialect keeps apart from its own: the part
// that links a database's driver (libpq, the MariaDB client), which the
// dialect opens the first time it connects, so that rendering, checking
// and offline SQL never map the driver and what it needs. See
// docs/plugins.md.
//
// Thread-safety: may be called from several threads at once; a dialect
// keeps the result in a function-local static.
#ifndef RETORT_CLIENT_LIBRARY_H_
#define RETORT_CLIENT_LIBRARY_H_

#include <string>

namespace retort {

// Opens `file_name` from the folder of the shared library that holds
// `own_symbol` (any function of the dialect's own library, which is built
// and installed beside its client), and returns the address of the
// client's extern "C" function `entry`, for the caller to cast to that
// function's type and call. The library is never closed:
// connections it made may live until the process ends. Throws ConfigError
// naming `dialect`, the file, the loader's reason and `needs` (what the
// client library needs installed) when it cannot be opened, and naming the
// file when it has no `entry`.
void* OpenClientLibrary(const void* own_symbol, const std::string& file_name, const char* entry,
                        const std::string& dialect, const std::string& needs);

}  // namespace retort

#endif  // RETORT_CLIENT_LIBRARY_H_
