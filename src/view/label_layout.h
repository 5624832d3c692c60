#pragma once
// Owns: placing text labels beside their points so that no two labels overlap and none covers a point.
#include <vector>

namespace wordvec {

struct Box {
  double x0, y0, x1, y1;
  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
  double cx() const { return (x0 + x1) / 2; }
  double cy() const { return (y0 + y1) / 2; }
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

struct LabelSpot {
  double x, y;           // the point the label belongs to
  double width, height;  // the label's box
};

// A box for each label, inside `bounds`, beside its point: first each label
// takes the free side nearest its point (right, left, above, below, the
// diagonals, then the same twice as far), in order; then overlaps still left
// are pushed apart (a repulsion pass: each overlapping pair moves apart
// along the axis where they overlap least; a label covering another's
// marker, of radius `marker`, moves off it), keeping each label within its
// bounds. Deterministic. Whether a label ended up away from its point (and
// wants a leader line) is leader_needed().
std::vector<Box> place_labels(const std::vector<LabelSpot>& spots, double marker, const Box& bounds);

// Whether `box` is far enough from (x, y) that a line should join them.
bool leader_needed(const Box& box, double x, double y, double marker);

// The point of `box`'s edge nearest to (x, y), where a leader line ends.
void nearest_edge_point(const Box& box, double x, double y, double& ex, double& ey);

}  // namespace wordvec
