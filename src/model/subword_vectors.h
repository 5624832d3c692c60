#pragma once
// Owns: composing a subword model's word vectors from its rows, as fastText does.
#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "base/matrix.h"
#include "base/word_id.h"
#include "text/subwords.h"

namespace wordvec {

// A subword model's input side: one row per vocabulary word and one per
// n-gram bucket. A word's vector is the mean of its own row and its n-gram
// rows (fastText's getWordVector); a word outside the vocabulary has only
// its n-gram rows. The same composition serves wordvec models trained with
// --maxn > 0 and fastText .bin models.
class SubwordVectors {
 public:
  SubwordVectors(MatrixView word_rows, MatrixView bucket_rows, SubwordOptions options)
      : words_(word_rows), buckets_(bucket_rows), options_(options) {}

  std::size_t dim() const { return words_.dim; }
  const SubwordOptions& options() const { return options_; }
  MatrixView word_rows() const { return words_; }

  // Vocabulary word `id`, whose bytes are `word`: writes dim() floats.
  void word_vector(WordId id, std::string_view word, float* out) const {
    const float* own = words_.row(id);
    std::copy(own, own + dim(), out);
    mean_with_ngrams(word, out, 1);
  }

  // A word outside the vocabulary: writes the mean of its n-gram rows and
  // returns how many there were (0: the vector is zero, as in fastText).
  std::size_t oov_vector(std::string_view word, float* out) const {
    std::fill(out, out + dim(), 0.0f);
    return mean_with_ngrams(word, out, 0);
  }

 private:
  // Adds the word's n-gram rows to `out`, which already holds the sum of
  // `rows_in` rows, and divides by the total count; returns the n-gram count.
  std::size_t mean_with_ngrams(std::string_view word, float* out, std::size_t rows_in) const {
    buckets_of_.clear();
    subword_buckets(word, options_, buckets_of_);
    for (std::uint32_t b : buckets_of_) {
      const float* row = buckets_.row(b);
      for (std::size_t d = 0; d < dim(); ++d) out[d] += row[d];
    }
    // fastText scales the sum by the reciprocal, rounded to float.
    const std::size_t total = rows_in + buckets_of_.size();
    const auto scale = static_cast<float>(1.0 / static_cast<double>(std::max<std::size_t>(total, 1)));
    for (std::size_t d = 0; d < dim(); ++d) out[d] *= scale;
    return buckets_of_.size();
  }

  MatrixView words_, buckets_;
  SubwordOptions options_;
  mutable std::vector<std::uint32_t> buckets_of_;  // scratch: not for concurrent use
};

}  // namespace wordvec
