#pragma once
// Owns: every vocabulary word's n-gram bucket rows, computed once for training (one array, offsets by word).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/word_id.h"
#include "text/subwords.h"

namespace wordvec {

// Training needs a word's n-gram rows at every occurrence; hashing its
// n-grams there would cost more than reading the rows. So each word's list
// (subword_buckets: fastText's order, repeats kept) is computed once and the
// lists are stored back to back, with each word's start.
class WordNgrams {
 public:
  WordNgrams() = default;  // no words, no n-grams
  WordNgrams(const std::vector<std::string>& words, const SubwordOptions& options) : starts_{0} {
    starts_.reserve(words.size() + 1);
    for (const std::string& word : words) {
      subword_buckets(word, options, buckets_);
      starts_.push_back(buckets_.size());
    }
  }

  const std::uint32_t* of(WordId id) const { return buckets_.data() + starts_[id]; }
  std::size_t count(WordId id) const { return starts_[id + 1] - starts_[id]; }
  std::size_t total() const { return buckets_.size(); }

 private:
  std::vector<std::size_t> starts_;
  std::vector<std::uint32_t> buckets_;
};

}  // namespace wordvec
