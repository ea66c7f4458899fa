#!/usr/bin/env bash
# Builds tools/bench_cluster.cpp in Release under build-bench/ and prints tools/bench_cluster.py's table:
# heatmap's linkage of a 10,000 x 20 matrix beside scipy 1.10's and fastcluster 1.2.3's (Debian's
# python3-scipy and python3-fastcluster), run in turns, with each one's peak memory and whether its Z is
# scipy's. Arguments go to bench_cluster.py:
#   tools/run_bench_cluster.sh                        average, complete, ward, single; 3 runs each
#   tools/run_bench_cluster.sh --rows 2000 --repeat 1  a quick look
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build-bench"

if grep -q "add_subdirectory(tools)" "$root/CMakeLists.txt"; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DHEATMAP_BUILD_BENCHMARKS=ON \
          -DHEATMAP_BUILD_TESTS=OFF -DHEATMAP_BUILD_EXAMPLES=OFF -DHEATMAP_BUILD_CLI=ON >/dev/null
    bin="$build/tools"
else
    mkdir -p "$build/wrapper"
    printf 'cmake_minimum_required(VERSION 3.16)\nproject(heatmap_bench CXX)\nadd_subdirectory("%s" heatmap)\nadd_subdirectory("%s/tools" tools)\n' \
        "$root" "$root" >"$build/wrapper/CMakeLists.txt"
    cmake -S "$build/wrapper" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    bin="$build/tools"
fi
cmake --build "$build" --target heatmap_bench_cluster >/dev/null

exec /usr/bin/python3 "$root/tools/bench_cluster.py" --bench "$bin/heatmap_bench_cluster" \
    --work "$build/cluster" "$@"
