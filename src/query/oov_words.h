#pragma once
// Owns: the words outside a subword model's vocabulary that queries have used, with their unit vectors built from n-grams.
#include <cmath>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/word_id.h"
#include "model/subword_vectors.h"

namespace wordvec {

// A word outside the vocabulary is given the id first_id + n the first time
// it is looked up (n: how many such words came before), so that every
// command can treat it as a word id: its vector is the mean of its n-gram
// rows (SubwordVectors::oov_vector) scaled to unit length. Those ids are
// never search candidates, so such a word is never anyone's neighbour.
// Lookups may come from several threads; the table only grows (by dim
// floats per distinct word).
class OovWords {
 public:
  OovWords(SubwordVectors subwords, std::size_t first_id) : subwords_(std::move(subwords)), first_id_(first_id) {}

  // The word's id, or kNoWord if it has no n-gram (fastText gives it a zero vector).
  WordId find_or_add(std::string_view word) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (const auto it = ids_.find(std::string(word)); it != ids_.end()) return it->second;
    std::vector<float> v(subwords_.dim());
    if (subwords_.oov_vector(word, v.data()) == 0) return kNoWord;
    // Unit length as the vocabulary's vectors get it (a float sum of squares).
    float sum = 0;
    for (float x : v) sum += x * x;
    const float length = std::sqrt(sum);
    if (length > 0)
      for (float& x : v) x /= length;
    const auto id = static_cast<WordId>(first_id_ + units_.size());
    const auto inserted = ids_.emplace(std::string(word), id).first;
    words_.push_back(&inserted->first);  // map keys do not move
    units_.push_back(std::move(v));
    return id;
  }
  std::string_view word(WordId id) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return *words_[id - first_id_];
  }
  std::vector<float> unit_vector(WordId id) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return units_[id - first_id_];
  }

 private:
  SubwordVectors subwords_;  // its scratch is used under the mutex only
  std::size_t first_id_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, WordId> ids_;
  std::vector<const std::string*> words_;
  std::vector<std::vector<float>> units_;
};

}  // namespace wordvec
