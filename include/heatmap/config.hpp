#pragma once
// How the library is compiled: header-only (the default), or its non-template code compiled once.
//
//   Header-only: #include <heatmap/heatmap.hpp> and nothing else. Every function is inline; each
//   unit that includes the library compiles it.
//
//   Compiled once (stb's IMPLEMENTATION way): every unit that uses the library is compiled with
//   HEATMAP_SEPARATE_COMPILATION defined and sees declarations only; exactly one unit defines
//   HEATMAP_IMPLEMENTATION before including <heatmap/heatmap.hpp> and holds the definitions. With
//   CMake, link heatmap::compiled instead of heatmap::heatmap and both are done for you.
//
// A header with heavy non-template code declares it with HEATMAP_FUNC and defines it after
// `#if HEATMAP_EMIT_DEFINITIONS`; templates and small inline functions stay as they are.

#if defined(HEATMAP_IMPLEMENTATION)
#define HEATMAP_FUNC
#define HEATMAP_EMIT_DEFINITIONS 1
#elif defined(HEATMAP_SEPARATE_COMPILATION)
#define HEATMAP_FUNC
#define HEATMAP_EMIT_DEFINITIONS 0
#else
#define HEATMAP_FUNC inline
#define HEATMAP_EMIT_DEFINITIONS 1
#endif
