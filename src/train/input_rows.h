#pragma once
// Owns: the one way from a sentence position to its input row.
#include <cstddef>
#include <vector>

#include "base/matrix.h"
#include "base/word_id.h"
#include "train/subword_row_cache.h"
#include "train/update_kernels.h"

namespace wordvec {

// The input row of a sentence position, which the kernels update in place.
// Without subwords that is the word's own row of the input matrix; with
// them, the position's composed vector in the worker's SubwordRowCache.
// Objectives ask by position, so any objective trains subwords alike.
class InputRows {
 public:
  explicit InputRows(Matrix& input, SubwordRowCache* subwords = nullptr) : input_(&input), subwords_(subwords) {}

  float* at(const std::vector<WordId>& sentence, int position) const {
    if (subwords_) return subwords_->at(sentence, position);
    return input_->row(sentence[static_cast<std::size_t>(position)]);
  }
  void prefetch(const std::vector<WordId>& sentence, int position) const {
    if (subwords_) subwords_->prefetch(sentence, position);
    else prefetch_row(input_->row(sentence[static_cast<std::size_t>(position)]), input_->stride());
  }

 private:
  Matrix* input_;
  SubwordRowCache* subwords_;
};

}  // namespace wordvec
