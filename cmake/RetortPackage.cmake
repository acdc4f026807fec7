# What `cmake --install` makes of the build besides the binaries: the CMake
# package (find_package(retort)), retort.pc for pkg-config, and the Debian
# package `cpack -G DEB` writes. See RetortInstallLayout.cmake for the layout.
include(CMakePackageConfigHelpers)

install(EXPORT retortTargets NAMESPACE retort:: DESTINATION ${RETORT_INSTALL_CMAKEDIR}
        COMPONENT development)
configure_package_config_file(cmake/retortConfig.cmake.in
  ${PROJECT_BINARY_DIR}/package/retortConfig.cmake
  INSTALL_DESTINATION ${RETORT_INSTALL_CMAKEDIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR RETORT_INSTALL_MODULEDIR)
# Until 1.0 every minor release may break the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/package/retortConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/package/retortConfig.cmake
              ${PROJECT_BINARY_DIR}/package/retortConfigVersion.cmake
        DESTINATION ${RETORT_INSTALL_CMAKEDIR} COMPONENT development)

# pkg-config files whose prefix is found from their own folder, so that the
# installed tree can move.
file(RELATIVE_PATH RETORT_PC_PREFIX_FROM_PCDIR
     "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" RETORT_PC_PREFIX_FROM_PCDIR "${RETORT_PC_PREFIX_FROM_PCDIR}")
string(JOIN " " RETORT_PC_LINK_FLAGS ${RETORT_CONSUMER_LINK_FLAGS})
foreach(pc_file retort retort-builtin-dialects)
  configure_file(cmake/${pc_file}.pc.in ${PROJECT_BINARY_DIR}/package/${pc_file}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/package/${pc_file}.pc
          DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT development)
endforeach()

# The Debian package: everything, under /usr, depending on the packages of
# the shared libraries it links (dpkg-shlibdeps).
set(CPACK_PACKAGE_NAME retort)
set(CPACK_PACKAGE_VENDOR "retort")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "database schema migrations for C++ programs")
set(CPACK_PACKAGE_DESCRIPTION
    "retort plans and runs database schema migrations written as dialect-neutral YAML, SQL \
or C++ revisions, with Alembic's revision graph, on SQLite and PostgreSQL. The package holds \
the retort command, the library with its headers, CMake package and pkg-config files, and the \
dialect modules.")
set(CPACK_PACKAGE_CONTACT "retort developers <retort@invalid>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://invalid/retort")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
# retort's own libraries, which the package itself holds: the folders
# retort_shared_library built them in.
get_property(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS GLOBAL PROPERTY RETORT_LIBRARY_DIRS)
list(REMOVE_DUPLICATES CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS)
# Graphviz is opened only by `retort graph --format svg|png`, so
# dpkg-shlibdeps does not see it; pictures want it, DOT does not.
if(RETORT_GRAPHVIZ_FOUND)
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS ${RETORT_GRAPHVIZ_PACKAGE})
endif()
set(CPACK_STRIP_FILES OFF)
include(CPack)
