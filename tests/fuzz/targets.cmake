# The fuzz targets as a library (targets.hpp), shared by the libFuzzer executables of this folder
# and by the regression test of tests/CMakeLists.txt; included from both, defined once.
if(NOT TARGET iwmo_fuzz_targets)
  find_package(Boost 1.81.0 EXACT REQUIRED CONFIG COMPONENTS json)
  add_library(iwmo_fuzz_targets STATIC "${CMAKE_CURRENT_LIST_DIR}/targets.cpp")
  target_include_directories(iwmo_fuzz_targets PUBLIC "${PROJECT_SOURCE_DIR}/tests")
  # The targets read the repository's mappings/ and fixtures/; the regression test its files.
  target_compile_definitions(iwmo_fuzz_targets PUBLIC IWMO_FUZZ_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  target_link_libraries(iwmo_fuzz_targets
    PUBLIC iwmo_app iwmo_http iwmo_config iwmo_mappings iwmo_store iwmo_xml Boost::headers Boost::json)
endif()
