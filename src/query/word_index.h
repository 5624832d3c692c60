#pragma once
// Owns: looking up a word of a loaded embedding file, exactly or ignoring ASCII case.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/hash_index.h"
#include "base/word_id.h"

namespace wordvec {

// Index from a word to the position of its first occurrence in a list
// (embedding files are sorted by frequency, so the first occurrence is the
// most frequent spelling). Holds on to the vector's buffer: the words must
// outlive the index, and the vector must not grow.
class WordIndex {
 public:
  enum class Case { Sensitive, Insensitive };

  WordIndex() = default;
  WordIndex(const std::vector<std::string_view>& words, Case mode);

  // Position of `word`, or kNoWord.
  WordId find(std::string_view word) const;

 private:
  std::size_t slot_of(std::string_view word) const;

  const std::string_view* words_ = nullptr;  // the vector's buffer, which survives moving the vector
  Case mode_ = Case::Sensitive;
  HashIndex index_;
};

}  // namespace wordvec
