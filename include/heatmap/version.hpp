#pragma once
// heatmap's version: the one place it is written. CMakeLists.txt reads the three numbers below for
// the project and its package, so the two cannot disagree.

#define HEATMAP_VERSION_MAJOR 0
#define HEATMAP_VERSION_MINOR 1
#define HEATMAP_VERSION_PATCH 0

#define HEATMAP_VERSION_TEXT_(x) #x
#define HEATMAP_VERSION_TEXT(x) HEATMAP_VERSION_TEXT_(x)
// "0.1.0", spelled from the numbers above.
#define HEATMAP_VERSION_STRING                                                \
    HEATMAP_VERSION_TEXT(HEATMAP_VERSION_MAJOR)                               \
    "." HEATMAP_VERSION_TEXT(HEATMAP_VERSION_MINOR) "." HEATMAP_VERSION_TEXT( \
        HEATMAP_VERSION_PATCH)

namespace heatmap {
inline constexpr const char* version = HEATMAP_VERSION_STRING;
}  // namespace heatmap
