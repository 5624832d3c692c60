#pragma once
// Owns: the one way from a word to its input rows.
#include <cstddef>

#include "base/matrix.h"
#include "base/word_id.h"
#include "train/update_kernels.h"

namespace wordvec {

// A word's rows in the input matrix. Today that is its own row; subword
// n-gram rows (fastText) will come through here too, so nothing else reads
// the input matrix by word.
class InputRows {
 public:
  explicit InputRows(Matrix& input) : input_(&input) {}

  float* of(WordId id) const { return input_->row(id); }
  void prefetch(WordId id) const { prefetch_row(of(id), input_->stride()); }

 private:
  Matrix* input_;
};

}  // namespace wordvec
