# Installs the build into a fresh prefix and asks the installed program where it finds its shipped files: the data
# folder must be the installed one (PREFIX/share/waternet/data), not the source tree it was built from
# (core/install_paths.hpp). Run by CTest: cmake -DBUILD_DIR=... -DPREFIX=... -P install_finds_data.cmake
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
                RESULT_VARIABLE installed OUTPUT_QUIET)
if(NOT installed EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${installed})")
endif()
execute_process(COMMAND ${PREFIX}/bin/waternet --version OUTPUT_VARIABLE version RESULT_VARIABLE ran)
if(NOT ran EQUAL 0)
  message(FATAL_ERROR "the installed waternet --version failed (${ran})")
endif()
file(REAL_PATH ${PREFIX}/share/waternet/data expected)
string(FIND "${version}" "data: ${expected}\n" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the installed program does not take its installed data folder ${expected}:\n${version}")
endif()
if(NOT EXISTS ${PREFIX}/share/waternet/data/rain/design_storms_rioned_bui01-10_deltaprogramma.csv)
  message(FATAL_ERROR "the storm table was not installed")
endif()
# The program finds its storms there: `waternet storms` reads the table from the data folder.
execute_process(COMMAND ${PREFIX}/bin/waternet storms OUTPUT_VARIABLE storms RESULT_VARIABLE ran)
if(NOT ran EQUAL 0 OR NOT storms MATCHES "T100")
  message(FATAL_ERROR "the installed waternet storms failed (${ran}):\n${storms}")
endif()
file(REMOVE_RECURSE ${PREFIX})
message(STATUS "installed program reads ${expected}")
