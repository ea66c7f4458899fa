// The library compiled once: what heatmap::compiled builds.
#define HEATMAP_IMPLEMENTATION
#include <heatmap/heatmap.hpp>
