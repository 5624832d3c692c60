#pragma once
// Owns: the row-major float matrix (rows padded to cache lines, or packed), and views of one.
#include <cstddef>

#include "base/aligned_buffer.h"

namespace wordvec {

// Rows of the matrices are padded to whole 64-byte cache lines so every row
// starts aligned and the kernels never need a scalar tail. Padding lanes
// start at zero and stay zero (their gradients are products with zero).
inline constexpr std::size_t kRowAlignFloats = 16;
inline std::size_t padded_dim(std::size_t dim) { return (dim + kRowAlignFloats - 1) / kRowAlignFloats * kRowAlignFloats; }

// A matrix of `rows` x `dim` floats whose rows are `stride` floats apart
// (training pads rows to whole cache lines; files do not).
struct MatrixView {
  const float* data = nullptr;
  std::size_t rows = 0, dim = 0, stride = 0;
  const float* row(std::size_t i) const { return data + i * stride; }
};

// A rows x dim float matrix whose rows are padded to whole cache lines and
// aligned to 64 bytes: the training weights, and vectors read from word2vec
// files. The memory is not initialised: whoever fills a row also writes its
// padding (with zeros). A packed matrix has no padding (stride == dim): for
// the subword bucket rows, millions of rows only ever added to, where the
// padding would cost 12% of the memory at dim 100 for no aligned access.
class Matrix {
 public:
  using Pages = AlignedBuffer::Pages;
  enum class Rows { kPadded, kPacked };

  Matrix() = default;
  Matrix(std::size_t rows, std::size_t dim, Pages pages = Pages::kNormal, Rows layout = Rows::kPadded)
      : rows_(rows), dim_(dim), stride_(layout == Rows::kPadded ? padded_dim(dim) : dim), data_(rows * stride_, pages) {}

  float* row(std::size_t i) { return data_.get() + i * stride_; }
  const float* row(std::size_t i) const { return data_.get() + i * stride_; }
  float* data() { return data_.get(); }
  std::size_t rows() const { return rows_; }
  std::size_t dim() const { return dim_; }
  std::size_t stride() const { return stride_; }
  MatrixView view() const { return MatrixView{data_.get(), rows_, dim_, stride_}; }

 private:
  std::size_t rows_ = 0, dim_ = 0, stride_ = 0;
  AlignedBuffer data_;
};

}  // namespace wordvec
