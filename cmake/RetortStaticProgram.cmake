# The retort executable carries the core, the SQLite dialect and the
# libraries only they use (yaml-cpp, libyaml, Nettle, Boost.Program_options,
# SOCI's SQLite backend, SQLite) inside it, linked from the static archives
# Debian's -dev packages ship. Loading a dozen shared libraries and binding
# their symbols was most of a short command's time: `retort current` starts
# in about 0.6 of the time it took with all of them shared (bench/README.md,
# "Start-up").
#
# The program names itself libretort.so.<ABI> (its SONAME) and exports the
# core's symbols, so that a dialect module that needs the core library gets
# the program instead of a second copy of the core (docs/architecture.md).
# libsoci_core stays shared: the PostgreSQL client library, loaded later,
# uses it too, and one process must have one SOCI.
#
# Result: the imported target retort::static_program_dependencies, or, with
# RETORT_STATIC_PROGRAM off, nothing (the executable links the libraries).

option(RETORT_STATIC_PROGRAM
       "Link the core and the SQLite dialect into the retort executable (faster start-up)" ON)

if(RETORT_STATIC_PROGRAM)
  # In link order: each archive before the ones it uses.
  set(retort_static_archives
    soci_sqlite3 sqlite3 yaml-cpp yaml nettle boost_program_options)
  set(retort_static_paths "")
  foreach(archive IN LISTS retort_static_archives)
    string(MAKE_C_IDENTIFIER "${archive}" variable)
    find_library(RETORT_STATIC_${variable} NAMES lib${archive}.a)
    if(NOT RETORT_STATIC_${variable})
      message(FATAL_ERROR "RETORT_STATIC_PROGRAM needs lib${archive}.a (from its -dev "
                          "package; scripts/install-deps.sh installs them all), or turn it "
                          "off: -DRETORT_STATIC_PROGRAM=OFF")
    endif()
    mark_as_advanced(RETORT_STATIC_${variable})
    list(APPEND retort_static_paths "${RETORT_STATIC_${variable}}")
  endforeach()
  add_library(retort_static_program_dependencies INTERFACE)
  target_link_libraries(retort_static_program_dependencies INTERFACE
    ${retort_static_paths} SOCI::core ${CMAKE_DL_LIBS} Threads::Threads)
  add_library(retort::static_program_dependencies ALIAS retort_static_program_dependencies)
endif()
