# retort_add_dialect_module(TARGET NAME name SOURCES ... [LINK ...])
#
# Builds a dialect as a loadable module, retort_dialect_<name>.so, beside
# the retort executable in the build tree and in the module folder of an
# installed tree (RetortInstallLayout.cmake), from a file that defines its
# entry point (dialect_module.h) and the dialect's shared library in LINK,
# which brings the core's headers and C++20.
function(retort_add_dialect_module target)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;LINK" ${ARGN})
  add_library(${target} MODULE ${ARG_SOURCES})
  retort_relative_rpath(rpath "${RETORT_INSTALL_MODULEDIR}")
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME retort_dialect_${ARG_NAME}
    LIBRARY_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/cli
    INSTALL_RPATH "${rpath}")
  target_link_libraries(${target} PRIVATE retort_compiler_options ${ARG_LINK})
  install(TARGETS ${target} LIBRARY DESTINATION ${RETORT_INSTALL_MODULEDIR} COMPONENT runtime)
  # The executables that load modules depend on every one (cli/).
  set_property(GLOBAL APPEND PROPERTY RETORT_DIALECT_MODULES ${target})
endfunction()
