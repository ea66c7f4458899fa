# Issue 20.12: `cmake --install` right after configuring (nothing built, as after the README's
# first line, which builds only the tutorial) must install the library whole, LICENSE included,
# leave out the command it never built, and fail on nothing; the command's target is `heatmap`.
#
#   cmake -DSOURCE=<checkout> -DBINARY=<scratch> -DGENERATOR=<gen> -DCOMPILER=<c++> -P install_unbuilt.cmake
file(REMOVE_RECURSE ${BINARY})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${BINARY}/build -G ${GENERATOR}
                        -DCMAKE_CXX_COMPILER=${COMPILER} -DHEATMAP_BUILD_TESTS=OFF
                        -DHEATMAP_BUILD_EXAMPLES=OFF
                RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE errors)
if(status)
    message(FATAL_ERROR "configuring failed: ${errors}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BINARY}/build --prefix ${BINARY}/prefix
                RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE errors)
if(status)
    message(FATAL_ERROR "cmake --install failed: ${errors}")
endif()
foreach(file include/heatmap/heatmap.hpp include/heatmap/version.hpp share/doc/heatmap/LICENSE
             share/cmake/heatmap/heatmapConfig.cmake share/cmake/heatmap/heatmapConfigVersion.cmake
             share/cmake/heatmap/heatmapTargets.cmake)
    if(NOT EXISTS ${BINARY}/prefix/${file})
        message(FATAL_ERROR "cmake --install left out ${file}")
    endif()
endforeach()
if(EXISTS ${BINARY}/prefix/bin/heatmap)
    message(FATAL_ERROR "cmake --install installed a command that was never built")
endif()
# The package's version is version.hpp's.
file(STRINGS ${SOURCE}/include/heatmap/version.hpp lines REGEX "^#define HEATMAP_VERSION_(MAJOR|MINOR|PATCH) ")
set(version "")
foreach(part MAJOR MINOR PATCH)
    string(REGEX MATCH "HEATMAP_VERSION_${part} +([0-9]+)" found "${lines}")
    list(APPEND version ${CMAKE_MATCH_1})
endforeach()
list(JOIN version "." version)
file(READ ${BINARY}/prefix/share/cmake/heatmap/heatmapConfigVersion.cmake config)
if(NOT config MATCHES "set\\(PACKAGE_VERSION \"${version}\"\\)")
    message(FATAL_ERROR "the package's version is not version.hpp's ${version}")
endif()
# `cmake --build build --target heatmap` names the command.
file(READ ${BINARY}/build/CMakeFiles/TargetDirectories.txt targets)
if(NOT targets MATCHES "/CMakeFiles/heatmap\\.dir")
    message(FATAL_ERROR "no target named heatmap (the command): ${targets}")
endif()
