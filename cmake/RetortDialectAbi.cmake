# The dialect module ABI key's first half: a SHA-256 of the core's public
# headers, names and contents, so that a module built against other headers
# is refused by the loader instead of crashing the host (dialect_module.h
# adds the compiler's half when each side is compiled). Any change to a
# public header, a comment included, asks for modules to be rebuilt: safe
# rather than clever.
#
# retort_dialect_abi_hash(<out-var> <headers-dir>) sets <out-var> to the hash
# of every *.h directly in <headers-dir>. Run as a script
# (cmake -DHEADERS_DIR=<dir> -P RetortDialectAbi.cmake) it prints it.
function(retort_dialect_abi_hash out_var headers_dir)
  file(GLOB headers RELATIVE "${headers_dir}" "${headers_dir}/*.h")
  list(SORT headers)
  set(digest_input "")
  foreach(header IN LISTS headers)
    file(SHA256 "${headers_dir}/${header}" content_hash)
    string(APPEND digest_input "${header} ${content_hash}\n")
  endforeach()
  string(SHA256 digest "${digest_input}")
  set(${out_var} "${digest}" PARENT_SCOPE)
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  if(NOT HEADERS_DIR)
    message(FATAL_ERROR "RetortDialectAbi.cmake: set -DHEADERS_DIR=<folder of the headers>")
  endif()
  retort_dialect_abi_hash(hash "${HEADERS_DIR}")
  message("${hash}")
endif()
