# iwmo_embed_files(<target> NAMESPACE <c++ namespace> FUNCTION <name> BASE_DIR <dir> FILES <f>...)
#
# Generates a C++ source that holds the bytes of each file and a function
#   std::span<const iwmo::embedded_file> <namespace>::<name>()
# listing them by their path relative to BASE_DIR. The source is regenerated when a file
# changes.
set(_IWMO_EMBED_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/embed_files_script.cmake")

function(iwmo_embed_files target)
  cmake_parse_arguments(ARG "" "NAMESPACE;FUNCTION;BASE_DIR" "FILES" ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cpp")
  set(abs_files "")
  foreach(f IN LISTS ARG_FILES)
    list(APPEND abs_files "${ARG_BASE_DIR}/${f}")
  endforeach()
  string(REPLACE ";" "|" files_arg "${ARG_FILES}")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND}
      "-DOUT=${out}" "-DBASE_DIR=${ARG_BASE_DIR}" "-DFILES=${files_arg}"
      "-DNAMESPACE=${ARG_NAMESPACE}" "-DFUNCTION=${ARG_FUNCTION}"
      -P "${_IWMO_EMBED_SCRIPT}"
    DEPENDS ${abs_files} "${_IWMO_EMBED_SCRIPT}"
    COMMENT "Embedding ${target} files"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
endfunction()
