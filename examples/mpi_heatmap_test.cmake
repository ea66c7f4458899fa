# examples/mpi_heatmap on 2 and 3 ranks against the heatmap command in one process: the same PNG
# bytes. Run by CTest: cmake -DMPIEXEC=... -DMPI_HEATMAP=... -DHEATMAP=... -DOUT=... -P this file.
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
# Open MPI refuses to start as root unless told (CI's containers run as root).
execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
set(launch ${MPIEXEC} --oversubscribe)
if(uid STREQUAL "0")
    list(APPEND launch --allow-run-as-root)
endif()

function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        string(REPLACE ";" " " line "${ARGN}")
        message(FATAL_ERROR "${line} failed (${rc}):\n${out}\n${err}")
    endif()
endfunction()

function(same a b)
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${a} ${b} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${a} and ${b} differ: the distributed reduction is not the "
                            "single-process figure")
    endif()
endfunction()

# Each of 2 ranks computes its rows of a 1300x1100 field (blocks of 650 rows: edges inside the
# aggregate's 64-row groups, so the merge completes units) and writes them into one .npy.
run(${launch} -np 2 ${MPI_HEATMAP} --field 1300x1100 --save-npy ${OUT}/field.npy
    -o ${OUT}/mpi-field.png)
run(${HEATMAP} ${OUT}/field.npy -o ${OUT}/single.png)
same(${OUT}/mpi-field.png ${OUT}/single.png)
# The file read back by 2 and by 3 ranks, mean and max.
run(${launch} -np 2 ${MPI_HEATMAP} ${OUT}/field.npy -o ${OUT}/mpi-file.png)
same(${OUT}/mpi-file.png ${OUT}/single.png)
run(${launch} -np 3 ${MPI_HEATMAP} ${OUT}/field.npy --reduce max --cmap magma -o ${OUT}/mpi-max.png)
run(${HEATMAP} ${OUT}/field.npy --reduce max --cmap magma -o ${OUT}/single-max.png)
same(${OUT}/mpi-max.png ${OUT}/single-max.png)
file(REMOVE ${OUT}/field.npy)
