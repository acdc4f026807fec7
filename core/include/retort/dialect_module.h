// The contract between retort and a dialect module: a shared object, loaded
// at run time, that makes one Dialect.
//
// A module exports one C function, retort_dialect_entry, which returns a
// RetortDialectEntry. retort checks it before touching anything else, so a
// module built against other headers, or by another compiler, is refused
// with a clear message instead of crashing the host:
// - its first field is the entry's format (RETORT_DIALECT_ENTRY_FORMAT),
//   which changes only with the entry's own layout;
// - its ABI key (RETORT_DIALECT_ABI_KEY) must equal the host's. The key is
//   derived, never bumped by hand: a SHA-256 of all the core's public
//   headers, computed when retort is built (retort/dialect_abi.h), and the
//   compiler's and C++ standard library's versions, filled in by the
//   preprocessor wherever this header is compiled. Any change to a public
//   header, or another compiler, asks for modules to be rebuilt.
//
// The Dialect and everything it makes cross the module boundary as C++
// objects, so a module must be built with the same compiler family and C++
// standard library as the host, against the host's retort headers (an
// installed retort's CMake package: link retort::core, and no dialect
// library). The core's symbols (SqlRenderer, the errors, ...) then resolve
// to the host's core: the libretort.so the program has loaded, or the
// retort executable, which carries the core and stands for libretort.so by
// its SONAME. Module and host share one registry and one set of exception
// types.
//
// Writing one:
//
//   #include "retort/dialect_module.h"
//   std::unique_ptr<retort::Dialect> MakeMyDialect();
//   RETORT_DEFINE_DIALECT_MODULE(MakeMyDialect)
//
// Thread-safety: the loader calls the entry point and `create` on the thread
// that loads the module (LoadDialectModules: once per file and process,
// under a lock of its own); the Dialect made is then shared by every thread,
// as dialect.h requires.
#ifndef RETORT_DIALECT_MODULE_H_
#define RETORT_DIALECT_MODULE_H_

#include <cstdint>
#include <memory>

#include "retort/dialect.h"
#include "retort/dialect_abi.h"

#define RETORT_DIALECT_ENTRY_FORMAT 12

#define RETORT_DIALECT_STRINGIFY_(x) #x
#define RETORT_DIALECT_STRINGIFY(x) RETORT_DIALECT_STRINGIFY_(x)
#if defined(_LIBCPP_VERSION)
#define RETORT_DIALECT_ABI_LIBRARY "libc++ " RETORT_DIALECT_STRINGIFY(_LIBCPP_VERSION)
#elif defined(__GLIBCXX__)
#define RETORT_DIALECT_ABI_LIBRARY                       \
  "libstdc++ " RETORT_DIALECT_STRINGIFY(__GLIBCXX__) " " \
  "cxx11-abi " RETORT_DIALECT_STRINGIFY(_GLIBCXX_USE_CXX11_ABI)
#else
#define RETORT_DIALECT_ABI_LIBRARY "unknown C++ library"
#endif
#if defined(__GXX_RTTI) || defined(__cpp_rtti)
#define RETORT_DIALECT_ABI_RTTI " rtti"
#else
#define RETORT_DIALECT_ABI_RTTI " no-rtti"
#endif
#if defined(_GLIBCXX_DEBUG)
#define RETORT_DIALECT_ABI_CHECKED " debug-containers"
#else
#define RETORT_DIALECT_ABI_CHECKED ""
#endif
// What a module and its host must agree on: the headers, the compiler, the
// C++ standard and library, and the options that change the layout of
// library types or of the classes that cross (RTTI, debug containers).
// Compiled into both; compared as text.
#define RETORT_DIALECT_ABI_KEY                                                       \
  RETORT_DIALECT_ABI_HEADERS " " __VERSION__ " C++" RETORT_DIALECT_STRINGIFY(__cplusplus) \
      " " RETORT_DIALECT_ABI_LIBRARY RETORT_DIALECT_ABI_RTTI RETORT_DIALECT_ABI_CHECKED

extern "C" {

struct RetortDialectEntry {
  // RETORT_DIALECT_ENTRY_FORMAT of the module's headers. In the place older
  // modules kept their ABI version (11 and below), so that they are refused.
  std::uint32_t format;
  // RETORT_DIALECT_ABI_KEY of the module's headers and compiler.
  const char* abi_key;
  // A new dialect, owned by the caller. May throw a std::exception saying
  // why it cannot make one.
  retort::Dialect* (*create)();
};

// The entry point's name and type.
#define RETORT_DIALECT_ENTRY_NAME "retort_dialect_entry"
typedef const RetortDialectEntry* (*RetortDialectEntryFunction)();
}

// Defines retort_dialect_entry for a module whose dialect `factory()` makes,
// `factory` returning std::unique_ptr<retort::Dialect>.
#define RETORT_DEFINE_DIALECT_MODULE(factory)                                  \
  extern "C" __attribute__((visibility("default"))) const RetortDialectEntry* \
  retort_dialect_entry() {                                                     \
    static const RetortDialectEntry entry{                                     \
        RETORT_DIALECT_ENTRY_FORMAT, RETORT_DIALECT_ABI_KEY,                   \
        []() -> retort::Dialect* { return (factory)().release(); }};           \
    return &entry;                                                             \
  }

#endif  // RETORT_DIALECT_MODULE_H_
