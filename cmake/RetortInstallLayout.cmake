# Where an installed retort puts its files, and the run paths that keep the
# installed tree relocatable: every path a binary follows is relative to the
# binary itself ($ORIGIN), never the prefix it was installed to.
#
#   bin/retort                          carries the core (or, built with
#                                       RETORT_STATIC_PROGRAM=OFF, finds lib/
#                                       through its RPATH)
#   lib/libretort.so.*                  the core
#   lib/libretort_<dialect>.so.*        the linkable dialects
#   lib/retort/dialects/*.so            the dialect modules, found from the
#                                       core's own location: the library's,
#                                       or the program's (dialect_loader)
#   lib/cmake/retort/, lib/pkgconfig/   the CMake package and retort.pc
#   include/retort/                     the public headers
#
# (lib/ is CMAKE_INSTALL_LIBDIR, lib/x86_64-linux-gnu for a /usr prefix.)

set(RETORT_MODULE_SUBDIR "retort/dialects"
    CACHE STRING "folder of the dialect modules, relative to the library folder")
set(RETORT_INSTALL_MODULEDIR "${CMAKE_INSTALL_LIBDIR}/${RETORT_MODULE_SUBDIR}")
set(RETORT_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/retort")

# The shared libraries' ABI version: every 0.x release may break it.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(RETORT_SOVERSION "${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}")
else()
  set(RETORT_SOVERSION "${PROJECT_VERSION_MAJOR}")
endif()

# "$ORIGIN/<path from `from_dir` to the library folder>", for INSTALL_RPATH.
function(retort_relative_rpath out_var from_dir)
  file(RELATIVE_PATH relative "/${from_dir}" "/${CMAKE_INSTALL_LIBDIR}")
  if(relative STREQUAL "")
    set(${out_var} "$ORIGIN" PARENT_SCOPE)
  else()
    set(${out_var} "$ORIGIN/${relative}" PARENT_SCOPE)
  endif()
endfunction()

# retort_shared_library(TARGET OUTPUT_NAME EXPORT_NAME): versions a shared
# library of retort, gives it its relative run path and the installed
# include folder, and adds it to the exported package; with an empty
# EXPORT_NAME, only installs it (a library that retort opens itself).
function(retort_shared_library target output_name export_name)
  retort_relative_rpath(rpath "${CMAKE_INSTALL_LIBDIR}")
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME ${output_name}
    VERSION ${PROJECT_VERSION}
    SOVERSION ${RETORT_SOVERSION}
    INSTALL_RPATH "${rpath}")
  # Where the package's dependency scan finds retort's own libraries
  # (RetortPackage.cmake), whichever folder builds them.
  set_property(GLOBAL APPEND PROPERTY RETORT_LIBRARY_DIRS ${CMAKE_CURRENT_BINARY_DIR})
  if(export_name STREQUAL "")
    # A library only retort itself opens: no name link, not in the package.
    install(TARGETS ${target}
      LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_SKIP)
    return()
  endif()
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name})
  target_include_directories(${target} INTERFACE
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  install(TARGETS ${target} EXPORT retortTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime
            NAMELINK_COMPONENT development)
endfunction()
