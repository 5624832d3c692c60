#pragma once
#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>

#include "kernels.h"
#include "model_file.h"

namespace wordvec {

// A rows x dim float matrix whose rows are padded to whole cache lines and
// aligned to 64 bytes: the training weights, and vectors read from word2vec
// files. The memory is not initialised: whoever fills a row also writes its
// padding (with zeros).
class Matrix {
 public:
  Matrix() = default;
  // Training reads rows at random: on 4 KiB pages nearly every row costs a
  // TLB miss, so its matrices ask for 2 MiB pages. Not the default: for a
  // one-off GB-sized load, the kernel's compaction to find huge pages was
  // seen to stall for seconds on a busy machine.
  enum class Pages { kNormal, kHuge };

  Matrix(std::size_t rows, std::size_t dim, Pages pages = Pages::kNormal)
      : rows_(rows), dim_(dim), stride_(padded_dim(dim)) {
    constexpr std::size_t kHugePage = std::size_t{2} << 20;
    const std::size_t bytes = std::max<std::size_t>(rows * stride_ * sizeof(float), 64);
    const std::size_t alignment = pages == Pages::kHuge && bytes >= kHugePage ? kHugePage : 64;
    data_.reset(static_cast<float*>(std::aligned_alloc(alignment, (bytes + alignment - 1) / alignment * alignment)));
    if (!data_) throw std::bad_alloc();
    if (alignment == kHugePage) ::madvise(data_.get(), bytes, MADV_HUGEPAGE);
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
  std::size_t rows_ = 0, dim_ = 0, stride_ = 0;
  std::unique_ptr<float, Free> data_;
};

}  // namespace wordvec
