// The contract between retort and a dialect module: a shared object, loaded
// at run time, that makes one Dialect.
//
// A module exports one C function, retort_dialect_entry, which returns a
// RetortDialectEntry. Its first field is the ABI version the module was
// built with; retort checks it before touching anything else, so a module
// built against other headers is refused with a clear message instead of
// crashing. The version changes whenever dialect.h, operation.h, schema.h,
// revision.h, events.h, sql_renderer.h or error.h change in a way that
// breaks a built module.
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

#define RETORT_DIALECT_ABI_VERSION 11

extern "C" {

struct RetortDialectEntry {
  std::uint32_t abi_version;  // RETORT_DIALECT_ABI_VERSION of the module's headers
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
        RETORT_DIALECT_ABI_VERSION,                                            \
        []() -> retort::Dialect* { return (factory)().release(); }};           \
    return &entry;                                                             \
  }

#endif  // RETORT_DIALECT_MODULE_H_
