#!/usr/bin/env bash
# Builds the benchmark in Release under build-bench/ and prints tools/bench.py's table: heatmap against
# Matplotlib (Debian's python3-matplotlib) for each case, in turns. Arguments go to bench.py:
#   tools/run_bench.sh            the full table (a few minutes; 10000^2 needs ~2 GB)
#   tools/run_bench.sh --quick    the small cases only
#   tools/run_bench.sh --process  the whole-process table only (issue 18.5: the tutorial against
#                                 /bin/true and Matplotlib with page faults; the 1000x1000 CSV)
#   tools/run_bench.sh --stream [--matplotlib]   tools/bench_stream.py: an 800 MB .npy against cat,
#                                 threads, and a 2 GiB one under ulimit -v (writes 3 GB, then deletes)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build-bench"
jobs=$(nproc 2>/dev/null || echo 2)

if grep -q "add_subdirectory(tools)" "$root/CMakeLists.txt"; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DHEATMAP_BUILD_BENCHMARKS=ON \
          -DHEATMAP_BUILD_TESTS=OFF -DHEATMAP_BUILD_EXAMPLES=ON -DHEATMAP_BUILD_CLI=ON >/dev/null
    bin="$build"
else
    # A checkout whose top CMakeLists.txt does not list tools/ yet: a two-line project around it.
    mkdir -p "$build/wrapper"
    printf 'cmake_minimum_required(VERSION 3.16)\nproject(heatmap_bench CXX)\nadd_subdirectory("%s" heatmap)\nadd_subdirectory("%s/tools" tools)\n' \
        "$root" "$root" >"$build/wrapper/CMakeLists.txt"
    cmake -S "$build/wrapper" -B "$build" -DCMAKE_BUILD_TYPE=Release -DHEATMAP_BUILD_CLI=ON >/dev/null
    bin="$build/heatmap"
fi
if [ "${1:-}" = "--stream" ]; then
    shift
    cmake --build "$build" -j "$jobs" --target heatmap_bench_stream >/dev/null
    exec /usr/bin/python3 "$root/tools/bench_stream.py" --bench "$build/tools/heatmap_bench_stream" "$@"
fi
targets=(heatmap_bench heatmap_bench_builtin heatmap_bench_stb)
[ -f "$root/examples/heatmap_cli.cpp" ] && targets+=(heatmap)
[ -d "$bin/examples" ] && targets+=(tutorial)
cmake --build "$build" -j "$jobs" --target "${targets[@]}" >/dev/null

cli=()
[ -x "$bin/heatmap" ] && cli=(--cli "$bin/heatmap")
[ -x "$bin/examples/tutorial" ] && cli+=(--tutorial "$bin/examples/tutorial")
exec /usr/bin/python3 "$root/tools/bench.py" --bench "$build/tools/heatmap_bench" \
    --bench-builtin "$build/tools/heatmap_bench_builtin" --bench-stb "$build/tools/heatmap_bench_stb" \
    "${cli[@]}" "$@"
