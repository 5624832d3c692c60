#include "view/label_layout.h"

#include <algorithm>
#include <cmath>

namespace wordvec {

namespace {

constexpr double kGap = 3;  // px between a marker and its label

double overlap_area(const Box& a, const Box& b) {
  const double w = std::min(a.x1, b.x1) - std::max(a.x0, b.x0), h = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
  return w > 0 && h > 0 ? w * h : 0;
}

Box marker_box(const LabelSpot& s, double r) { return {s.x - r, s.y - r, s.x + r, s.y + r}; }

Box centred(double cx, double cy, double w, double h) { return {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2}; }

// Moves `b` inside `bounds` (as far as it fits).
void clamp(Box& b, const Box& bounds) {
  const double w = b.width(), h = b.height();
  if (b.x0 < bounds.x0) b.x0 = bounds.x0, b.x1 = b.x0 + w;
  if (b.x1 > bounds.x1) b.x1 = bounds.x1, b.x0 = b.x1 - w;
  if (b.y0 < bounds.y0) b.y0 = bounds.y0, b.y1 = b.y0 + h;
  if (b.y1 > bounds.y1) b.y1 = bounds.y1, b.y0 = b.y1 - h;
}

void shift(Box& b, double dx, double dy) {
  b.x0 += dx, b.x1 += dx, b.y0 += dy, b.y1 += dy;
}

// Pushes a and b apart along the axis where they overlap least: both move,
// half each, or only a when b_moves is null (a on top or left of b when
// their centres coincide).
void separate(Box& a, const Box& b, Box* b_moves) {
  const double ox = std::min(a.x1, b.x1) - std::max(a.x0, b.x0), oy = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
  const double share = b_moves ? 0.5 : 1.0;
  if (oy <= ox) {
    const double d = (oy + 0.5) * share * (a.cy() <= b.cy() ? -1 : 1);
    shift(a, 0, d);
    if (b_moves) shift(*b_moves, 0, -d);
  } else {
    const double d = (ox + 0.5) * share * (a.cx() <= b.cx() ? -1 : 1);
    shift(a, d, 0);
    if (b_moves) shift(*b_moves, -d, 0);
  }
}

}  // namespace

std::vector<Box> place_labels(const std::vector<LabelSpot>& spots, double marker, const Box& bounds) {
  const std::size_t n = spots.size();
  std::vector<Box> boxes;
  boxes.reserve(n);
  // 1. Greedy: the cheapest of 16 spots beside the point.
  for (std::size_t i = 0; i < n; ++i) {
    const LabelSpot& s = spots[i];
    const double w = s.width, h = s.height;
    constexpr int kDirections[8][2] = {{1, 0}, {-1, 0}, {0, -1}, {0, 1}, {1, -1}, {-1, -1}, {1, 1}, {-1, 1}};
    Box best{};
    double best_cost = INFINITY;
    for (int far = 0; far < 2; ++far)
      for (int c = 0; c < 8; ++c) {
        const double reach = marker + kGap + far * 1.5 * h;
        const Box b = centred(s.x + kDirections[c][0] * (reach + w / 2), s.y + kDirections[c][1] * (reach + h / 2), w, h);
        double cost = c + 10.0 * far;  // prefer the right side, then near spots
        const Box inside = {std::max(b.x0, bounds.x0), std::max(b.y0, bounds.y0), std::min(b.x1, bounds.x1),
                            std::min(b.y1, bounds.y1)};
        cost += 1e4 * (w * h - std::max(0.0, inside.width()) * std::max(0.0, inside.height()));
        for (const Box& placed : boxes) cost += 1e3 * overlap_area(b, placed);
        for (std::size_t j = 0; j < n; ++j) cost += 5e2 * overlap_area(b, marker_box(spots[j], marker + 1));
        if (cost < best_cost) best_cost = cost, best = b;
      }
    clamp(best, bounds);
    boxes.push_back(best);
  }
  // 2. Repulsion until nothing overlaps: first labels and markers, then,
  // if that did not settle (a dense cluster has no room beside every
  // point), labels alone: a label over a point is better than two labels
  // over each other.
  for (int iteration = 0; iteration < 2000; ++iteration) {
    const bool markers = iteration < 300;
    bool moved = false;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = i + 1; j < n; ++j)
        if (boxes[i].overlaps(boxes[j])) {
          separate(boxes[i], boxes[j], &boxes[j]);
          moved = true;
        }
      for (std::size_t j = 0; markers && j < n; ++j) {
        const Box m = marker_box(spots[j], marker);
        if (boxes[i].overlaps(m)) {
          separate(boxes[i], m, nullptr);
          moved = true;
        }
      }
    }
    for (Box& b : boxes) clamp(b, bounds);
    if (!moved) break;
  }
  return boxes;
}

bool leader_needed(const Box& box, double x, double y, double marker) {
  double ex, ey;
  nearest_edge_point(box, x, y, ex, ey);
  return std::hypot(ex - x, ey - y) > marker + kGap + 4;
}

void nearest_edge_point(const Box& box, double x, double y, double& ex, double& ey) {
  ex = std::clamp(x, box.x0, box.x1);
  ey = std::clamp(y, box.y0, box.y1);
}

}  // namespace wordvec
