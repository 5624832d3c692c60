#pragma once
// Owns: unit vectors laid out in 16-row panels for the search kernels.
#include <algorithm>
#include <cstddef>
#include <vector>

#include "base/aligned_buffer.h"

namespace wordvec {

// Row vectors stored in panels of kWidth rows: panel p holds rows
// [kWidth p, kWidth p + kWidth) component by component, so component d of 16
// consecutive rows is 16 adjacent floats (one 64-byte cache line). A search
// kernel then multiplies a query's component into 16 candidates with one
// load and needs no horizontal sums. Rows past the last one are zero.
class PanelMatrix {
 public:
  static constexpr std::size_t kWidth = 16;

  PanelMatrix() = default;
  // Not on huge pages: they halve the time to fill a 1.2 GB matrix on a
  // quiet machine, but stalled loads for seconds in the kernel's compaction
  // when memory was busy.
  PanelMatrix(std::size_t rows, std::size_t dim)
      : rows_(rows), dim_(dim), panels_((rows + kWidth - 1) / kWidth),
        data_(panels_ * dim * kWidth, AlignedBuffer::Pages::kNormal) {
    if (panels_ > 0) std::fill(panel(panels_ - 1), panel(panels_ - 1) + dim * kWidth, 0.0f);
  }

  std::size_t rows() const { return rows_; }
  std::size_t dim() const { return dim_; }
  std::size_t panels() const { return panels_; }
  const float* panel(std::size_t p) const { return data_.get() + p * dim_ * kWidth; }
  float* panel(std::size_t p) { return data_.get() + p * dim_ * kWidth; }
  // Component 0 of row i; component d is at row(i)[d * kWidth].
  const float* row(std::size_t i) const { return panel(i / kWidth) + i % kWidth; }
  float* row(std::size_t i) { return panel(i / kWidth) + i % kWidth; }
  std::vector<float> copy_row(std::size_t i) const {
    std::vector<float> out(dim_);
    for (std::size_t d = 0; d < dim_; ++d) out[d] = row(i)[d * kWidth];
    return out;
  }

 private:
  std::size_t rows_ = 0, dim_ = 0, panels_ = 0;
  AlignedBuffer data_;
};

}  // namespace wordvec
