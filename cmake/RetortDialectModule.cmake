# retort_add_dialect_module(TARGET NAME name SOURCES ... [LINK ...])
#
# Builds a dialect as a loadable module, retort_dialect_<name>.so, beside
# the retort executable, from the same sources as the dialect's linked-in
# library plus a file that defines its entry point (dialect_module.h). The
# module does not link the core: its symbols come from the host program,
# which exports them (see the retort target in cli/).
function(retort_add_dialect_module target)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;LINK" ${ARGN})
  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME retort_dialect_${ARG_NAME}
    LIBRARY_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/cli)
  target_include_directories(${target} PRIVATE
    $<TARGET_PROPERTY:retort_core,INTERFACE_INCLUDE_DIRECTORIES>
    ${CMAKE_CURRENT_SOURCE_DIR}/include ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(${target} PRIVATE retort_compiler_options SOCI::core ${ARG_LINK})
endfunction()
