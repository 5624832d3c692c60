#pragma once
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>

#include "kernels.h"
#include "model_file.h"

namespace wordvec {

// A rows x dim float matrix whose rows are padded to whole cache lines and
// aligned to 64 bytes; the training weights.
class Matrix {
 public:
  Matrix(std::size_t rows, std::size_t dim)
      : rows_(rows), dim_(dim), stride_(padded_dim(dim)),
        data_(static_cast<float*>(std::aligned_alloc(64, rows * stride_ * sizeof(float) + 64))) {
    if (!data_) throw std::bad_alloc();
  }
  float* row(std::size_t i) { return data_.get() + i * stride_; }
  const float* row(std::size_t i) const { return data_.get() + i * stride_; }
  float* data() { return data_.get(); }
  std::size_t rows() const { return rows_; }
  std::size_t dim() const { return dim_; }
  std::size_t stride() const { return stride_; }
  MatrixView view() const { return MatrixView{data_.get(), rows_, dim_, stride_}; }

 private:
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  std::size_t rows_, dim_, stride_;
  std::unique_ptr<float, Free> data_;
};

}  // namespace wordvec
