#include "word_index.h"

#include <xxhash.h>

#include <limits>

#include "error.h"

namespace wordvec {

namespace {
char fold(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

std::string ascii_lowercase(std::string_view word) {
  std::string folded(word);
  for (char& c : folded) c = fold(c);
  return folded;
}

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (fold(a[i]) != fold(b[i])) return false;
  return true;
}

WordIndex::WordIndex(const std::vector<std::string_view>& words, Case mode) : words_(words.data()), mode_(mode) {
  if (words.size() >= std::numeric_limits<std::uint32_t>::max()) throw Error("vocabulary too large to index");
  // Load factor at most 1/2 keeps probe sequences short.
  std::size_t capacity = 16;
  while (capacity < 2 * words.size()) capacity *= 2;
  slots_.assign(capacity, 0);
  const std::size_t mask = capacity - 1;
  for (std::size_t i = 0; i < words.size(); ++i) {
    for (std::size_t s = hash(words[i]) & mask;; s = (s + 1) & mask) {
      if (slots_[s] == 0) {
        slots_[s] = static_cast<std::uint32_t>(i + 1);
        break;
      }
      if (same(words[slots_[s] - 1], words[i])) break;  // a later duplicate: the first one stays
    }
  }
}

std::int64_t WordIndex::find(std::string_view word) const {
  if (slots_.empty()) return -1;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t s = hash(word) & mask; slots_[s] != 0; s = (s + 1) & mask)
    if (same(words_[slots_[s] - 1], word)) return static_cast<std::int64_t>(slots_[s]) - 1;
  return -1;
}

std::uint64_t WordIndex::hash(std::string_view word) const {
  if (mode_ == Case::Sensitive) return XXH3_64bits(word.data(), word.size());
  const std::string folded = ascii_lowercase(word);
  return XXH3_64bits(folded.data(), folded.size());
}

bool WordIndex::same(std::string_view a, std::string_view b) const {
  return mode_ == Case::Sensitive ? a == b : equal_ignoring_ascii_case(a, b);
}

}  // namespace wordvec
