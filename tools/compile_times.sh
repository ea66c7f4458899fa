#!/usr/bin/env bash
# Compile times of a user's unit, for the README: a unit that only includes heatmap.hpp and the
# README's example, header-only and with HEATMAP_SEPARATE_COMPILATION (the library's code then
# compiled once, in implementation.cpp), by g++ and clang++ at -O0 and -O2. Best of 3, seconds of
# wall time and of CPU (user + sys: steadier on a shared machine).
#
#   bash tools/compile_times.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
src="$root/tools/compile"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
best() {  # best wall and cpu time of 3 runs of "$@"
    local w=999 c=999
    for _ in 1 2 3; do
        /usr/bin/time -f "%e %U %S" -o "$out/t" "$@" >/dev/null 2>&1
        read -r e u s < "$out/t"
        w=$(awk -v a="$w" -v b="$e" 'BEGIN{print (b<a)?b:a}')
        c=$(awk -v a="$c" -v b="$u" -v s="$s" 'BEGIN{print (b+s<a)?b+s:a}')
    done
    printf '%6.2f %6.2f' "$w" "$c"
}
printf '%-8s %-4s %-15s %-26s %-26s\n' compiler opt unit "header-only (wall cpu)" "separate (wall cpu)"
for cxx in g++ clang++; do
    for opt in -O0 -O2; do
        for unit in include_only readme_example; do
            flags=(-std=c++17 "$opt" -I"$root/include" -c -o "$out/u.o")
            printf '%-8s %-4s %-15s %s        %s\n' "$cxx" "$opt" "$unit" \
                "$(best "$cxx" "${flags[@]}" "$src/$unit.cpp")" \
                "$(best "$cxx" "${flags[@]}" -DHEATMAP_SEPARATE_COMPILATION "$src/$unit.cpp")"
        done
        printf '%-8s %-4s %-15s %s\n' "$cxx" "$opt" "implementation" \
            "$(best "$cxx" -std=c++17 "$opt" -I"$root/include" -DHEATMAP_SEPARATE_COMPILATION -c -o "$out/u.o" "$src/implementation.cpp")"
    done
done
