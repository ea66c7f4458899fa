#include <heatmap/heatmap.hpp>
int main() { return 0; }
