# FindSOCI
# --------
# Debian's libsoci-dev ships neither a CMake package nor a pkg-config file, so
# this module finds the headers and libraries itself.
#
# Components: the backends to find (sqlite3, postgresql, ...).
# Imported targets: SOCI::core and SOCI::<component> (which links SOCI::core).
# Result variables: SOCI_FOUND, SOCI_INCLUDE_DIR, SOCI_VERSION.

find_path(SOCI_INCLUDE_DIR NAMES soci/soci.h)
find_library(SOCI_CORE_LIBRARY NAMES soci_core)

if(SOCI_INCLUDE_DIR AND EXISTS "${SOCI_INCLUDE_DIR}/soci/version.h")
  file(STRINGS "${SOCI_INCLUDE_DIR}/soci/version.h" _soci_version_line
       REGEX "^#define SOCI_LIB_VERSION \"[0-9_]+\"")
  string(REGEX REPLACE ".*\"([0-9_]+)\".*" "\\1" _soci_version "${_soci_version_line}")
  string(REPLACE "_" "." SOCI_VERSION "${_soci_version}")
endif()

set(_soci_required_vars SOCI_INCLUDE_DIR SOCI_CORE_LIBRARY)
foreach(_component IN LISTS SOCI_FIND_COMPONENTS)
  find_library(SOCI_${_component}_LIBRARY NAMES soci_${_component})
  if(SOCI_${_component}_LIBRARY)
    set(SOCI_${_component}_FOUND TRUE)
  endif()
endforeach()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(SOCI
  REQUIRED_VARS ${_soci_required_vars}
  VERSION_VAR SOCI_VERSION
  HANDLE_COMPONENTS)

if(SOCI_FOUND AND NOT TARGET SOCI::core)
  add_library(SOCI::core UNKNOWN IMPORTED)
  set_target_properties(SOCI::core PROPERTIES
    IMPORTED_LOCATION "${SOCI_CORE_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${SOCI_INCLUDE_DIR}")
  foreach(_component IN LISTS SOCI_FIND_COMPONENTS)
    if(SOCI_${_component}_FOUND AND NOT TARGET SOCI::${_component})
      add_library(SOCI::${_component} UNKNOWN IMPORTED)
      set_target_properties(SOCI::${_component} PROPERTIES
        IMPORTED_LOCATION "${SOCI_${_component}_LIBRARY}"
        INTERFACE_LINK_LIBRARIES SOCI::core)
    endif()
  endforeach()
endif()

mark_as_advanced(SOCI_INCLUDE_DIR SOCI_CORE_LIBRARY)
