# The retort executable carries the core, the SQLite dialect and the
# libraries only they use (yaml-cpp, libyaml, Nettle, Boost.Program_options,
# SOCI's SQLite backend, SQLite) inside it, linked from the static archives
# Debian's -dev packages ship. Loading a dozen shared libraries and binding
# their symbols was most of a short command's time: `retort current` starts
# in about half the time it took with all of them shared (bench/README.md,
# "Start-up").
#
# The program names itself libretort.so.<ABI> (its SONAME) and exports the
# core's symbols, and SQLite's, so that a dialect module that needs the core
# library, or SQLite, binds to the program's instead of a second copy
# (docs/architecture.md). libsoci_core stays shared: the PostgreSQL client
# library, loaded later, uses it too, and one process must have one SOCI.
#
# Each archive is looked for first beside the shared library its package
# was found with, so that headers and archive come from one install. When
# one is missing, the executable links the shared libraries instead (with
# a warning).
#
# Result: RETORT_STATIC_PROGRAM_LINKED (ON or OFF) and, when ON, the target
# retort::static_program_dependencies.

option(RETORT_STATIC_PROGRAM
       "Link the core and the SQLite dialect into the retort executable (faster start-up)" ON)

set(RETORT_STATIC_PROGRAM_LINKED OFF)
if(RETORT_STATIC_PROGRAM)
  # The folder of the shared library a package was found with.
  function(retort_library_folder out_var)
    set(folders "")
    foreach(library IN LISTS ARGN)
      if(TARGET ${library})
        get_target_property(type ${library} TYPE)
        if(NOT type STREQUAL "INTERFACE_LIBRARY")
          get_target_property(library ${library} LOCATION)
        endif()
      endif()
      if(library AND EXISTS "${library}")
        get_filename_component(folder "${library}" DIRECTORY)
        list(APPEND folders "${folder}")
      endif()
    endforeach()
    set(${out_var} "${folders}" PARENT_SCOPE)
  endfunction()
  retort_library_folder(soci_folders "${SOCI_CORE_LIBRARY}")
  retort_library_folder(sqlite_folders SQLite::SQLite3)
  retort_library_folder(yaml_cpp_folders yaml-cpp)
  retort_library_folder(boost_folders Boost::program_options)
  # In link order: each archive before the ones it uses; with where its
  # shared library was found.
  set(retort_static_archives
    "soci_sqlite3|${soci_folders}" "sqlite3|${sqlite_folders}" "yaml-cpp|${yaml_cpp_folders}"
    "yaml|${LIBYAML_LIBRARY_DIRS}" "nettle|${NETTLE_LIBRARY_DIRS}"
    "boost_program_options|${boost_folders}")
  set(retort_static_paths "")
  set(retort_static_missing "")
  foreach(entry IN LISTS retort_static_archives)
    string(REPLACE "|" ";" entry "${entry}")
    list(POP_FRONT entry archive)
    string(MAKE_C_IDENTIFIER "${archive}" variable)
    find_library(RETORT_STATIC_${variable} NAMES lib${archive}.a HINTS ${entry})
    mark_as_advanced(RETORT_STATIC_${variable})
    if(RETORT_STATIC_${variable})
      list(APPEND retort_static_paths "${RETORT_STATIC_${variable}}")
    else()
      list(APPEND retort_static_missing "lib${archive}.a")
    endif()
  endforeach()
  if(retort_static_missing)
    message(WARNING "RETORT_STATIC_PROGRAM: ${retort_static_missing} not found (Debian ships "
                    "them in the -dev packages scripts/install-deps.sh installs); the retort "
                    "executable links the shared libraries instead, and starts slower")
  else()
    set(RETORT_STATIC_PROGRAM_LINKED ON)
    add_library(retort_static_program_dependencies INTERFACE)
    target_link_libraries(retort_static_program_dependencies INTERFACE
      ${retort_static_paths} SOCI::core Boost::headers ${CMAKE_DL_LIBS} Threads::Threads)
    add_library(retort::static_program_dependencies ALIAS retort_static_program_dependencies)
  endif()
endif()
