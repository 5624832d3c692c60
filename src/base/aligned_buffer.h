#pragma once
// Owns: a 64-byte-aligned float allocation, optionally on 2 MiB pages.
#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>

namespace wordvec {

// Uninitialised floats aligned to a cache line, the storage under Matrix and
// PanelMatrix. Training reads rows at random: on 4 KiB pages nearly every row
// costs a TLB miss, so its matrices ask for 2 MiB pages. Not the default: for
// a one-off GB-sized load, the kernel's compaction to find huge pages was
// seen to stall for seconds on a busy machine.
class AlignedBuffer {
 public:
  enum class Pages { kNormal, kHuge };

  AlignedBuffer() = default;
  AlignedBuffer(std::size_t floats, Pages pages) {
    constexpr std::size_t kHugePage = std::size_t{2} << 20;
    const std::size_t bytes = std::max<std::size_t>(floats * sizeof(float), 64);
    const std::size_t alignment = pages == Pages::kHuge && bytes >= kHugePage ? kHugePage : 64;
    data_.reset(static_cast<float*>(std::aligned_alloc(alignment, (bytes + alignment - 1) / alignment * alignment)));
    if (!data_) throw std::bad_alloc();
    if (alignment == kHugePage) ::madvise(data_.get(), bytes, MADV_HUGEPAGE);
  }
  float* get() const { return data_.get(); }

 private:
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  std::unique_ptr<float, Free> data_;
};

}  // namespace wordvec
