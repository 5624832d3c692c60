#include "view/charts.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include <fmt/format.h>

#include "base/text.h"
#include "view/label_layout.h"
#include "view/svg.h"

namespace wordvec {

namespace {

constexpr double kTitleSize = 18, kLabelSize = 14, kTickSize = 11, kAxisTitleSize = 13, kCaptionSize = 11;
constexpr double kMarker = 5.5;
const char* const kInk = "#1a1a1a";    // text, axes, marker outlines
const char* const kMuted = "#595959";  // captions, tick labels (still 7:1 on white)
const char* const kGrid = "#e3e3e3";

// Group styles: Okabe-Ito colours ordered so that neighbours differ in
// lightness (dark blue, light orange, mid green, ...), each with its own
// marker shape, so that groups stay apart printed in grey.
struct Style {
  const char* fill;
  const char* shape;
};
constexpr Style kGroupStyles[] = {{"#0072B2", "circle"},  {"#E69F00", "square"},        {"#009E73", "triangle"},
                                  {"#F0E442", "diamond"}, {"#D55E00", "triangle-down"}, {"#56B4E9", "square"},
                                  {"#CC79A7", "circle"},  {"#000000", "diamond"}};
constexpr Style kNoGroup = {"#8c8c8c", "circle"};

Style group_style(int group) {
  if (group < 0) return kNoGroup;
  return kGroupStyles[static_cast<std::size_t>(group) % (sizeof kGroupStyles / sizeof kGroupStyles[0])];
}

void marker(Svg& svg, double x, double y, const Style& style, const std::string& cls) {
  const SvgAttributes paint = {{"class", cls}, {"fill", style.fill}, {"stroke", kInk}, {"stroke-width", "1"}};
  auto with = [&](SvgAttributes a) {
    a.insert(a.begin(), paint.begin(), paint.end());
    return a;
  };
  const std::string shape = style.shape;
  const double r = kMarker;
  if (shape == "circle") {
    svg.element("circle", with({{"cx", svg_number(x)}, {"cy", svg_number(y)}, {"r", svg_number(r)}}));
  } else if (shape == "square") {
    const double s = r * 0.9;
    svg.element("rect", with({{"x", svg_number(x - s)}, {"y", svg_number(y - s)}, {"width", svg_number(2 * s)},
                              {"height", svg_number(2 * s)}}));
  } else {
    const double s = r * 1.25;
    std::string d;
    if (shape == "triangle")
      d = fmt::format("M{} {}L{} {}L{} {}Z", svg_number(x), svg_number(y - s), svg_number(x + s), svg_number(y + s * 0.75),
                      svg_number(x - s), svg_number(y + s * 0.75));
    else if (shape == "triangle-down")
      d = fmt::format("M{} {}L{} {}L{} {}Z", svg_number(x), svg_number(y + s), svg_number(x + s), svg_number(y - s * 0.75),
                      svg_number(x - s), svg_number(y - s * 0.75));
    else
      d = fmt::format("M{} {}L{} {}L{} {}L{} {}Z", svg_number(x), svg_number(y - s), svg_number(x + s), svg_number(y),
                      svg_number(x), svg_number(y + s), svg_number(x - s), svg_number(y));
    svg.element("path", with({{"d", d}}));
  }
}

void line(Svg& svg, double x0, double y0, double x1, double y1, const char* colour, double width, const std::string& cls,
          bool dashed = false) {
  SvgAttributes a = {{"class", cls},          {"x1", svg_number(x0)},   {"y1", svg_number(y0)},
                     {"x2", svg_number(x1)},  {"y2", svg_number(y1)},   {"stroke", colour},
                     {"stroke-width", svg_number(width)}};
  if (dashed) a.push_back({"stroke-dasharray", "4 3"});
  svg.element("line", a);
}

// A tick value as text, with as many decimals as the step needs.
std::string tick_text(double value, double step) {
  const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  std::string s = fmt::format("{:.{}f}", value, decimals);
  if (s.find_first_not_of("-0.") == std::string::npos) s = "0";
  return s;
}

// [low, high] of the values, widened by `pad` of the span on each side (and
// to a unit span around a single value).
void padded_range(const std::vector<double>& values, double pad, double& low, double& high) {
  low = *std::min_element(values.begin(), values.end());
  high = *std::max_element(values.begin(), values.end());
  const double span = high - low;
  if (!(span > 1e-12)) {
    low -= 0.5, high += 0.5;
    return;
  }
  low -= pad * span, high += pad * span;
}

// The title, made smaller until it fits the width, and the caption at the
// bottom, in as many lines (up to 2) as it needs at the bottom, broken
// between words.
void title_and_caption(Svg& svg, const std::string& title, const std::string& caption) {
  const double room = kChartWidth - 32;
  double size = kTitleSize;
  while (size > 10 && text_width(title, size) * 1.08 > room) size -= 0.5;  // bold is ~8% wider
  svg.text(kChartWidth / 2, 30, title,
           {{"class", "title"}, {"font-size", svg_number(size)}, {"font-weight", "bold"}, {"text-anchor", "middle"},
            {"fill", kInk}});
  std::vector<std::string> lines(1);
  for (const std::string_view word : split_words(caption)) {
    const std::string wider = lines.back().empty() ? std::string(word) : lines.back() + " " + std::string(word);
    if (!lines.back().empty() && text_width(wider, kCaptionSize) > room && lines.size() < 2) lines.emplace_back(word);
    else lines.back() = wider;
  }
  for (std::size_t i = 0; i < lines.size(); ++i)
    svg.text(16, svg.height() - 14 - 14 * static_cast<double>(lines.size() - 1 - i), lines[i],
             {{"class", "caption"}, {"font-size", svg_number(kCaptionSize)}, {"fill", kMuted}});
}

// The title of an axis and its ends along a segment: horizontal from
// (x0, y) to (x1, y), or, rotated to read upwards, vertical from (x, y0)
// at the bottom to (x, y1) at the top.
void axis_titles(Svg& svg, const ChartAxis& axis, double a0, double a1, double across, bool vertical) {
  const SvgAttributes common = {{"font-size", svg_number(kAxisTitleSize)}, {"fill", kInk}};
  auto put = [&](double along, const std::string& text, const char* anchor, const std::string& cls) {
    SvgAttributes a = {{"class", cls}, {"text-anchor", anchor}};
    a.insert(a.end(), common.begin(), common.end());
    if (!vertical) {
      svg.text(along, across, text, a);
    } else {
      a.push_back({"transform", fmt::format("rotate(-90 {} {})", svg_number(across), svg_number(along))});
      svg.text(across, along, text, a);
    }
  };
  const double middle = (a0 + a1) / 2;
  // Horizontal: a0 left, a1 right; vertical: a0 bottom (larger y), a1 top.
  if (!axis.low.empty()) put(a0, "\u2190 " + axis.low, vertical ? "start" : "start", "axis-end");
  if (!axis.high.empty()) put(a1, axis.high + " \u2192", "end", "axis-end");
  if (!axis.title.empty()) put(middle, axis.title, "middle", "axis-title");
}

// The widest text among `texts` at `size`.
double widest(const std::vector<std::string>& texts, double size) {
  double w = 0;
  for (const std::string& t : texts) w = std::max(w, text_width(t, size));
  return w;
}

}  // namespace

std::vector<double> nice_ticks(double low, double high, int target) {
  std::vector<double> ticks;
  if (!(high > low) || target < 1) return ticks;
  const double raw = (high - low) / target, magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / magnitude;
  const double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * magnitude;
  for (double v = std::ceil(low / step - 1e-9) * step; v <= high + 1e-9 * step; v += step)
    ticks.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  return ticks;
}

namespace {

// The legend of a scatter chart: one row under the title. Returns where the plot can start.
double draw_legend(Svg& svg, const std::vector<std::string>& groups) {
  if (groups.empty()) return 56;
  double total = 0;
  for (const std::string& g : groups) total += 26 + text_width(g, kAxisTitleSize);
  double x = (kChartWidth - total) / 2;
  svg.open_group({{"class", "legend"}});
  for (std::size_t g = 0; g < groups.size(); ++g) {
    marker(svg, x + 8, 54, group_style(static_cast<int>(g)), "legend-marker");
    svg.text(x + 18, 54 + kAxisTitleSize * 0.35, groups[g],
             {{"class", "legend-label"}, {"font-size", svg_number(kAxisTitleSize)}, {"fill", kInk}});
    x += 26 + text_width(groups[g], kAxisTitleSize);
  }
  svg.close_group();
  return 74;
}

// A plot area in px and the data ranges it shows.
struct Plot {
  double left, right, top, bottom;
  double x_low = -1, x_high = 1, y_low = -1, y_high = 1;
  double px(double x) const { return left + (x - x_low) / (x_high - x_low) * (right - left); }
  double py(double y) const { return bottom - (y - y_low) / (y_high - y_low) * (bottom - top); }
};

Plot scatter_plot(const ScatterChart& chart, double top, double bottom) {
  Plot plot{78, kChartWidth - 24, top, bottom};
  std::vector<double> xs, ys;
  for (const auto& p : chart.points) xs.push_back(p.x), ys.push_back(p.y);
  if (chart.x.include_zero) xs.push_back(0);
  if (chart.y.include_zero) ys.push_back(0);
  if (!chart.points.empty()) {
    padded_range(xs, 0.06, plot.x_low, plot.x_high);
    padded_range(ys, 0.06, plot.y_low, plot.y_high);
  }
  return plot;
}

// Grid lines and tick values (0 dashed), and the frame.
void draw_grid(Svg& svg, const Plot& plot) {
  svg.open_group({{"class", "grid"}});
  const std::vector<double> x_ticks = nice_ticks(plot.x_low, plot.x_high, 7), y_ticks = nice_ticks(plot.y_low, plot.y_high, 6);
  const double x_step = x_ticks.size() > 1 ? x_ticks[1] - x_ticks[0] : 1, y_step = y_ticks.size() > 1 ? y_ticks[1] - y_ticks[0] : 1;
  for (double t : x_ticks) {
    line(svg, plot.px(t), plot.top, plot.px(t), plot.bottom, t == 0 ? "#9a9a9a" : kGrid, 1, "tick", t == 0);
    svg.text(plot.px(t), plot.bottom + 16, tick_text(t, x_step),
             {{"class", "tick"}, {"font-size", svg_number(kTickSize)}, {"text-anchor", "middle"}, {"fill", kMuted}});
  }
  for (double t : y_ticks) {
    line(svg, plot.left, plot.py(t), plot.right, plot.py(t), t == 0 ? "#9a9a9a" : kGrid, 1, "tick", t == 0);
    svg.text(plot.left - 6, plot.py(t) + kTickSize * 0.35, tick_text(t, y_step),
             {{"class", "tick"}, {"font-size", svg_number(kTickSize)}, {"text-anchor", "end"}, {"fill", kMuted}});
  }
  svg.element("rect", {{"class", "frame"}, {"x", svg_number(plot.left)}, {"y", svg_number(plot.top)},
                       {"width", svg_number(plot.right - plot.left)}, {"height", svg_number(plot.bottom - plot.top)},
                       {"fill", "none"}, {"stroke", kInk}, {"stroke-width", "1"}});
  svg.close_group();
}

// Labels beside their points, then leaders, points and labels on top.
void draw_points(Svg& svg, const ScatterChart& chart, const Plot& plot) {
  std::vector<LabelSpot> spots;
  for (const auto& p : chart.points)
    spots.push_back({plot.px(p.x), plot.py(p.y), text_width(p.label, kLabelSize), kLabelSize * 1.25});
  const std::vector<Box> boxes =
      place_labels(spots, kMarker, {plot.left + 2, plot.top + 2, plot.right - 2, plot.bottom - 2});
  svg.open_group({{"class", "points"}});
  for (std::size_t i = 0; i < spots.size(); ++i)
    if (leader_needed(boxes[i], spots[i].x, spots[i].y, kMarker)) {
      double ex, ey;
      nearest_edge_point(boxes[i], spots[i].x, spots[i].y, ex, ey);
      line(svg, spots[i].x, spots[i].y, ex, ey, "#7a7a7a", 0.8, "leader");
    }
  for (std::size_t i = 0; i < spots.size(); ++i) marker(svg, spots[i].x, spots[i].y, group_style(chart.points[i].group), "point");
  for (std::size_t i = 0; i < spots.size(); ++i)
    svg.text(boxes[i].cx(), boxes[i].cy() + kLabelSize * 0.35, chart.points[i].label,
             {{"class", "label"}, {"font-size", svg_number(kLabelSize)}, {"text-anchor", "middle"}, {"fill", kInk}});
  svg.close_group();
}

}  // namespace

std::string scatter_svg(const ScatterChart& chart) {
  const double height = 640;
  Svg svg(kChartWidth, height, chart.title);
  title_and_caption(svg, chart.title, chart.caption);
  const Plot plot = scatter_plot(chart, draw_legend(svg, chart.groups), height - 92);
  draw_grid(svg, plot);
  axis_titles(svg, chart.x, plot.left, plot.right, plot.bottom + 40, false);
  axis_titles(svg, chart.y, plot.bottom, plot.top, 22, true);
  draw_points(svg, chart, plot);
  return svg.finish();
}

namespace {

// Positions for labels wanted at `wanted` (ascending), at least `spacing`
// apart and within [low, high[i]]: overlapping runs are merged into
// clusters centred on their wanted positions (as close as the spacing
// allows, least squares), then kept inside the bounds. Order is kept, so
// lines from wanted to given positions never cross.
std::vector<double> spread(const std::vector<double>& wanted, double spacing, double low, const std::vector<double>& high) {
  struct Cluster {
    std::size_t first, count;
    double start;  // position of its first member
  };
  const std::size_t n = wanted.size();
  std::vector<Cluster> clusters;
  const auto place = [&](Cluster& c) {
    double sum = 0, upper = INFINITY;
    for (std::size_t k = 0; k < c.count; ++k) {
      sum += wanted[c.first + k] - static_cast<double>(k) * spacing;
      upper = std::min(upper, high[c.first + k] - static_cast<double>(k) * spacing);
    }
    c.start = std::max(low, std::min(sum / static_cast<double>(c.count), upper));
  };
  for (std::size_t i = 0; i < n; ++i) {
    clusters.push_back({i, 1, 0});
    place(clusters.back());
    // Merge with the cluster before while they overlap.
    while (clusters.size() > 1) {
      Cluster& last = clusters.back();
      const Cluster& before = clusters[clusters.size() - 2];
      if (before.start + static_cast<double>(before.count) * spacing <= last.start + 1e-9) break;
      Cluster merged{before.first, before.count + last.count, 0};
      clusters.pop_back();
      clusters.back() = merged;
      place(clusters.back());
    }
  }
  std::vector<double> out(n);
  for (const Cluster& c : clusters)
    for (std::size_t k = 0; k < c.count; ++k) out[c.first + k] = c.start + static_cast<double>(k) * spacing;
  return out;
}

// Where the labels of a line chart go: labels slant up to the right at 45
// degrees from the ends of leader lines, in the points' order and spread
// apart so that none overlaps the next (slanted, each needs only about its
// height of width); smaller type when there are many.
struct LineLabels {
  double size;                      // font size
  std::vector<std::size_t> order;   // the points from lowest value to highest
  std::vector<double> point_x, at;  // in that order: each point's x, and its label's
  double tallest = 0;               // the highest a label rises
};

LineLabels line_labels(const LineChart& chart, const std::function<double(double)>& px, double width) {
  const std::size_t n = chart.points.size();
  LineLabels labels;
  labels.size = kLabelSize;
  while (labels.size > 8 && static_cast<double>(n) * labels.size * 1.7 > width) labels.size -= 0.5;
  const double cos45 = std::sqrt(0.5);
  labels.order.resize(n);
  for (std::size_t i = 0; i < n; ++i) labels.order[i] = i;
  std::stable_sort(labels.order.begin(), labels.order.end(),
                   [&](std::size_t a, std::size_t b) { return chart.points[a].value < chart.points[b].value; });
  std::vector<double> bound;
  for (const std::size_t i : labels.order) {
    const double w = text_width(chart.points[i].label, labels.size);
    labels.point_x.push_back(px(chart.points[i].value));
    bound.push_back(kChartWidth - 8 - w * cos45);  // the slanted label ends inside the picture
    labels.tallest = std::max(labels.tallest, w * cos45);
  }
  labels.at = spread(labels.point_x, labels.size * 1.7, 8, bound);
  return labels;
}

}  // namespace

std::string line_svg(const LineChart& chart) {
  const double left = 50, right = kChartWidth - 50;
  double low = -1, high = 1;
  if (!chart.points.empty()) {
    std::vector<double> range;
    for (const auto& p : chart.points) range.push_back(p.value);
    if (chart.axis.include_zero) range.push_back(0);
    padded_range(range, 0.05, low, high);
  }
  const auto px = [&](double v) { return left + (v - low) / (high - low) * (right - left); };
  const LineLabels labels = line_labels(chart, px, right - left);

  const double stem = 30, line_y = 52 + labels.tallest + labels.size + stem;
  Svg svg(kChartWidth, line_y + 96, chart.title);
  title_and_caption(svg, chart.title, chart.caption);
  svg.open_group({{"class", "grid"}});
  line(svg, left, line_y, right, line_y, kInk, 1.2, "axis-line");
  const std::vector<double> ticks = nice_ticks(low, high, 8);
  const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1;
  for (double t : ticks) {
    line(svg, px(t), line_y, px(t), line_y + 6, kInk, 1, "tick");
    if (t == 0) line(svg, px(t), line_y - stem, px(t), line_y, "#9a9a9a", 1, "tick", true);
    svg.text(px(t), line_y + 20, tick_text(t, step),
             {{"class", "tick"}, {"font-size", svg_number(kTickSize)}, {"text-anchor", "middle"}, {"fill", kMuted}});
  }
  svg.close_group();
  axis_titles(svg, chart.axis, left, right, line_y + 46, false);
  svg.open_group({{"class", "points"}});
  const std::size_t n = labels.order.size();
  for (std::size_t r = 0; r < n; ++r)
    line(svg, labels.point_x[r], line_y - kMarker, labels.at[r], line_y - stem, "#7a7a7a", 0.8, "leader");
  for (std::size_t r = 0; r < n; ++r) marker(svg, labels.point_x[r], line_y, group_style(0), "point");
  for (std::size_t r = 0; r < n; ++r) {
    const double x = labels.at[r] + 1, y = line_y - stem - 3;
    svg.text(x, y, chart.points[labels.order[r]].label,
             {{"class", "label"},
              {"font-size", svg_number(labels.size)},
              {"fill", kInk},
              {"transform", fmt::format("rotate(-45 {} {})", svg_number(x), svg_number(y))}});
  }
  svg.close_group();
  return svg.finish();
}

namespace {

// The colour of a weight in [0, 1]: ColorBrewer's Blues, whose lightness
// falls steadily, so the order survives greyscale.
std::string blues(double t) {
  static const double stops[][3] = {{247, 251, 255}, {198, 219, 239}, {107, 174, 214}, {33, 113, 181}, {8, 48, 107}};
  t = std::clamp(t, 0.0, 1.0) * 4;
  const int i = std::min(3, static_cast<int>(t));
  const double f = t - i;
  int rgb[3];
  for (int c = 0; c < 3; ++c) rgb[c] = static_cast<int>(std::lround(stops[i][c] + f * (stops[i + 1][c] - stops[i][c])));
  return fmt::format("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]);
}

}  // namespace

namespace {

// The grid of a heatmap: cell size and where it starts.
struct Grid {
  double left, top, cell;
  std::size_t rows, columns;
  double bottom() const { return top + cell * static_cast<double>(rows); }
  double x(std::size_t j) const { return left + cell * static_cast<double>(j); }
  double y(std::size_t i) const { return top + cell * static_cast<double>(i); }
};

Grid heatmap_grid(const Heatmap& chart) {
  const std::size_t n_cols = chart.columns.size();
  const double col_label_height = widest(chart.columns, kLabelSize) * 0.71 + kLabelSize + 8;
  const double left = std::max(60.0, widest(chart.rows, kLabelSize) + 24);
  const double cell =
      std::clamp((kChartWidth - left - 40 - col_label_height * 0.71) / static_cast<double>(std::max<std::size_t>(1, n_cols)),
                 14.0, 56.0);
  return {left, 52 + col_label_height, cell, chart.rows.size(), n_cols};
}

// The cells (their values printed where they fit) and the frames of the marked ones.
void draw_cells(Svg& svg, const Heatmap& chart, const Grid& grid, double max_value) {
  const double value_size = std::min(12.0, grid.cell * 0.3);
  svg.open_group({{"class", "cells"}});
  for (std::size_t i = 0; i < grid.rows; ++i)
    for (std::size_t j = 0; j < grid.columns; ++j) {
      const double v = i < chart.values.size() && j < chart.values[i].size() ? chart.values[i][j] : NAN;
      const bool has = std::isfinite(v);
      svg.element("rect", {{"class", has ? "cell" : "cell-empty"}, {"x", svg_number(grid.x(j))}, {"y", svg_number(grid.y(i))},
                           {"width", svg_number(grid.cell)}, {"height", svg_number(grid.cell)},
                           {"fill", has ? blues(v / max_value) : "#f2f2f2"}, {"stroke", "#ffffff"}, {"stroke-width", "1"}});
      if (!has || grid.cell < 22) continue;
      std::string text = fmt::format("{:.2f}", v);
      if (text.rfind("0.", 0) == 0) text.erase(0, 1);
      SvgAttributes a = {{"class", "value"}, {"font-size", svg_number(value_size)}, {"text-anchor", "middle"},
                         {"fill", v / max_value > 0.55 ? "#ffffff" : kInk}};
      if (i < chart.marked.size() && chart.marked[i] == static_cast<int>(j)) a.push_back({"font-weight", "bold"});
      svg.text(grid.x(j) + grid.cell / 2, grid.y(i) + grid.cell / 2 + value_size * 0.35, text, a);
    }
  for (std::size_t i = 0; i < std::min(grid.rows, chart.marked.size()); ++i)
    if (chart.marked[i] >= 0)
      svg.element("rect", {{"class", "mark"}, {"x", svg_number(grid.x(static_cast<std::size_t>(chart.marked[i])) + 1.5)},
                           {"y", svg_number(grid.y(i) + 1.5)}, {"width", svg_number(grid.cell - 3)},
                           {"height", svg_number(grid.cell - 3)}, {"fill", "none"}, {"stroke", kInk}, {"stroke-width", "2.5"}});
  svg.close_group();
}

// Row labels on the left, column labels slanted above; missing ones greyed.
void draw_heatmap_labels(Svg& svg, const Heatmap& chart, const Grid& grid) {
  const auto paint = [](const char* cls, bool missing, SvgAttributes more) {
    SvgAttributes a = {{"class", cls}, {"font-size", svg_number(kLabelSize)}, {"fill", missing ? kMuted : kInk}};
    if (missing) a.push_back({"font-style", "italic"});
    a.insert(a.end(), more.begin(), more.end());
    return a;
  };
  svg.open_group({{"class", "labels"}});
  for (std::size_t i = 0; i < grid.rows; ++i)
    svg.text(grid.left - 8, grid.y(i) + grid.cell / 2 + kLabelSize * 0.35, chart.rows[i],
             paint("row-label", i < chart.row_missing.size() && chart.row_missing[i], {{"text-anchor", "end"}}));
  for (std::size_t j = 0; j < grid.columns; ++j) {
    const double x = grid.x(j) + grid.cell / 2 + kLabelSize * 0.3, y = grid.top - 8;
    svg.text(x, y, chart.columns[j],
             paint("column-label", j < chart.column_missing.size() && chart.column_missing[j],
                   {{"transform", fmt::format("rotate(-45 {} {})", svg_number(x), svg_number(y))}}));
  }
  svg.close_group();
}

// The colour scale from 0 to the largest value, under the grid.
void draw_scale(Svg& svg, const Heatmap& chart, const Grid& grid, double max_value) {
  const double x = grid.left, y = grid.bottom() + 22, width = std::min(240.0, grid.cell * static_cast<double>(grid.columns));
  svg.open_group({{"class", "scale"}});
  constexpr int kSteps = 24;
  for (int s = 0; s < kSteps; ++s)
    svg.element("rect", {{"class", "scale-step"}, {"x", svg_number(x + width * s / kSteps)}, {"y", svg_number(y)},
                         {"width", svg_number(width / kSteps + 0.6)}, {"height", "10"}, {"fill", blues((s + 0.5) / kSteps)}});
  svg.text(x, y + 24, "0", {{"class", "tick"}, {"font-size", svg_number(kTickSize)}, {"fill", kMuted}});
  svg.text(x + width, y + 24, fmt::format("{:.2f}", max_value),
           {{"class", "tick"}, {"font-size", svg_number(kTickSize)}, {"text-anchor", "end"}, {"fill", kMuted}});
  svg.text(x + width + 12, y + 9, chart.scale_title, {{"class", "axis-title"}, {"font-size", svg_number(kTickSize)}, {"fill", kInk}});
  svg.close_group();
}

}  // namespace

std::string heatmap_svg(const Heatmap& chart) {
  const Grid grid = heatmap_grid(chart);
  double max_value = 0;
  for (const auto& row : chart.values)
    for (double v : row)
      if (std::isfinite(v)) max_value = std::max(max_value, v);
  if (!(max_value > 0)) max_value = 1;
  Svg svg(kChartWidth, grid.bottom() + 96, chart.title);
  title_and_caption(svg, chart.title, chart.caption);
  draw_cells(svg, chart, grid, max_value);
  draw_heatmap_labels(svg, chart, grid);
  draw_scale(svg, chart, grid, max_value);
  return svg.finish();
}

}  // namespace wordvec
