#pragma once
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>

#include "model_file.h"

namespace wordvec {

// A rows x dim float matrix, 64-byte aligned, each row padded to a multiple
// of 16 floats (one cache line) so SIMD loops over `stride` floats need no
// scalar tail. The memory is not initialised: whoever fills a row also writes
// its padding (with zeros).
class RowMatrix {
 public:
  static constexpr std::size_t kAlignFloats = 16;

  RowMatrix() = default;
  RowMatrix(std::size_t rows, std::size_t dim)
      : rows_(rows), dim_(dim), stride_((dim + kAlignFloats - 1) / kAlignFloats * kAlignFloats) {
    const std::size_t bytes = rows * stride_ * sizeof(float);
    data_.reset(static_cast<float*>(std::aligned_alloc(64, bytes == 0 ? 64 : bytes)));
    if (!data_) throw std::bad_alloc();
  }

  float* row(std::size_t i) { return data_.get() + i * stride_; }
  const float* row(std::size_t i) const { return data_.get() + i * stride_; }
  std::size_t rows() const { return rows_; }
  std::size_t dim() const { return dim_; }
  std::size_t stride() const { return stride_; }
  MatrixView view() const { return MatrixView{data_.get(), rows_, dim_, stride_}; }

 private:
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  std::size_t rows_ = 0, dim_ = 0, stride_ = 0;
  std::unique_ptr<float, Free> data_;
};

}  // namespace wordvec
