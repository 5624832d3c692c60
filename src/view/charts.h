#pragma once
// Owns: the pictures wv-query draws (labelled points on a plane, words on a line, a heatmap), as SVG from plain data.
#include <cmath>
#include <string>
#include <vector>

namespace wordvec {

// Pictures are 800 px wide (a page, or a screen beside text), with a title,
// a caption (what the picture was drawn from), text in a generic sans-serif
// font, colours that stay apart in greyscale (and a marker shape per group,
// so groups do not need colour at all), and labels that do not overlap.
inline constexpr double kChartWidth = 800;

// What an axis of a chart means: its title, and optionally what its two
// ends mean ("small", "large"), drawn at the ends with arrows.
struct ChartAxis {
  std::string title;
  std::string low, high;
  bool include_zero = false;  // stretch the range to show 0 (where the sign means something)
};

// Labelled points on a plane (map).
struct ScatterChart {
  struct Point {
    std::string label;
    double x = 0, y = 0;
    int group = -1;  // index into groups; -1: none
  };
  std::string title, caption;
  ChartAxis x, y;
  std::vector<std::string> groups;  // the legend, in order
  std::vector<Point> points;
};
std::string scatter_svg(const ScatterChart& chart);

// Labelled points on one line (axis): a number line with ticks, the
// labels stacked above it where they would overlap.
struct LineChart {
  struct Point {
    std::string label;
    double value = 0;
  };
  std::string title, caption;
  ChartAxis axis;
  std::vector<Point> points;
};
std::string line_svg(const LineChart& chart);

// A matrix of weights in [0, 1] with a label for each row and column
// (attend). Cells without a value (NaN) are drawn empty; rows and columns
// flagged missing have greyed labels; marked[i] is the column of row i
// drawn with a heavy border (-1: none).
struct Heatmap {
  std::string title, caption, scale_title;
  std::vector<std::string> rows, columns;
  std::vector<bool> row_missing, column_missing;
  std::vector<std::vector<double>> values;
  std::vector<int> marked;
};
std::string heatmap_svg(const Heatmap& chart);

// Round tick values covering [low, high], about `target` of them
// (steps of 1, 2 or 5 times a power of ten).
std::vector<double> nice_ticks(double low, double high, int target);

}  // namespace wordvec
