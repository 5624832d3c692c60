#include "train/subword_row_cache.h"

#include <algorithm>

#include "train/update_kernels.h"

namespace wordvec {

namespace {
std::size_t slot_count(int window) {
  std::size_t slots = 1;
  while (slots <= 2 * static_cast<std::size_t>(window)) slots *= 2;
  return slots;
}
}  // namespace

SubwordRowCache::SubwordRowCache(Matrix& input, Matrix& buckets, const WordNgrams& ngrams, int window)
    : input_(&input), buckets_(&buckets), ngrams_(&ngrams), mask_(slot_count(window) - 1),
      positions_(slot_count(window), -1), words_(slot_count(window), 0),
      trained_(slot_count(window), input.dim()), composed_(slot_count(window), input.dim()) {}

// A word's ~16 rows are ~110 cache lines, random in an 800 MB matrix (on 2 MiB
// pages, so the TLB holds them): requested one centre before the window
// that first reads them, they arrive while that centre's kernel runs.
void SubwordRowCache::prefetch(const std::vector<WordId>& sentence, int position) const {
  const WordId word = sentence[static_cast<std::size_t>(position)];
  prefetch_row(input_->row(word), input_->stride());
  const std::uint32_t* ids = ngrams_->of(word);
  for (std::size_t i = 0, n = ngrams_->count(word); i < n; ++i) prefetch_row(buckets_->row(ids[i]), buckets_->stride());
}

void SubwordRowCache::load(const std::vector<WordId>& sentence, int position, std::size_t slot) {
  if (positions_[slot] >= 0) store(slot);
  const WordId word = sentence[static_cast<std::size_t>(position)];
  const std::size_t stride = input_->stride();
  compose_subword_rows(input_->row(word), buckets_->data(), ngrams_->of(word), ngrams_->count(word), buckets_->stride(),
                       stride, trained_.row(slot));
  std::copy(trained_.row(slot), trained_.row(slot) + stride, composed_.row(slot));
  positions_[slot] = position;
  words_[slot] = word;
}

void SubwordRowCache::store(std::size_t slot) {
  const WordId word = words_[slot];
  const std::size_t stride = input_->stride();
  const float* trained = trained_.row(slot);
  float* change = composed_.row(slot);
  for (std::size_t k = 0; k < stride; ++k) change[k] = trained[k] - change[k];
  spread_subword_change(change, input_->row(word), buckets_->data(), ngrams_->of(word), ngrams_->count(word),
                        buckets_->stride(), stride);
  positions_[slot] = -1;
}

void SubwordRowCache::flush() {
  for (std::size_t slot = 0; slot < positions_.size(); ++slot)
    if (positions_[slot] >= 0) store(slot);
}

}  // namespace wordvec
