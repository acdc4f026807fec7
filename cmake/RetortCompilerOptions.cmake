# Compiler settings shared by every retort target: warnings on, and the
# sanitizers when RETORT_SANITIZE is set (the test build uses them).

option(RETORT_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" OFF)
option(RETORT_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

add_library(retort_compiler_options INTERFACE)
target_compile_features(retort_compiler_options INTERFACE cxx_std_20)
target_compile_options(retort_compiler_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
# GCC 12 at -O2 reports std::string concatenation inside libstdc++ as
# overlapping memcpy (GCC bug 105651): a false positive in system headers.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(retort_compiler_options INTERFACE -Wno-restrict)
endif()
# Relative relocations packed (DT_RELR, binutils 2.38 and glibc 2.36, as
# Debian 12 has them): the executable's 4,700 of them took a 113 KB table the
# loader read at every start; packed, it is under a kilobyte, and a short
# command starts in about 0.92 of the time (bench/README.md, "Start-up").
include(CheckLinkerFlag)
check_linker_flag(CXX "LINKER:-z,pack-relative-relocs" RETORT_LINKER_PACKS_RELOCATIONS)
if(RETORT_LINKER_PACKS_RELOCATIONS)
  target_link_options(retort_compiler_options INTERFACE "LINKER:-z,pack-relative-relocs")
endif()
if(RETORT_WARNINGS_AS_ERRORS)
  target_compile_options(retort_compiler_options INTERFACE -Werror)
endif()

if(RETORT_SANITIZE)
  # vptr is left out: its checks need the typeinfo of every polymorphic class
  # a pointer is cast to, and SOCI's shared backends do not export theirs
  # (a dialect reaches its native handle through SOCI's backend classes).
  set(_retort_sanitizers -fsanitize=address,undefined -fno-sanitize=vptr
      -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_compile_options(retort_compiler_options INTERFACE ${_retort_sanitizers})
  target_link_options(retort_compiler_options INTERFACE ${_retort_sanitizers})
  # A program that links the sanitized libraries must load the sanitizer
  # runtimes first: the installed package and retort.pc pass the flags on.
  set(RETORT_CONSUMER_LINK_FLAGS -fsanitize=address,undefined)
endif()
