#pragma once
// Owns: a flat hash table from an ordered pair of word ids to a number (a pair's count, or the id of the phrase it makes).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/word_id.h"

namespace wordvec {

// Pairs are keyed by their two ids packed in 64 bits; each slot holds the
// key and its value side by side, so a lookup costs one cache miss (an index
// of ids beside a key array, as HashIndex is, would cost two: on the 8
// million distinct pairs of wiki100m that is most of the counting time).
// Linear probing, load factor at most 1/2.
class PairTable {
 public:
  static std::uint64_t key(WordId first, WordId second) {
    return (static_cast<std::uint64_t>(first) << 32) | second;
  }
  static WordId first(std::uint64_t key) { return static_cast<WordId>(key >> 32); }
  static WordId second(std::uint64_t key) { return static_cast<WordId>(key); }
  // A multiplicative mix: ids are small and dense, so the high bits of the
  // product spread them over the table.
  static std::uint64_t hash(std::uint64_t key) {
    const std::uint64_t h = key * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
  }

  // Adds `n` to the value of `key` (inserting it at 0), given hash(key).
  void add(std::uint64_t key, std::uint64_t hash, std::uint64_t n) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    Slot& s = slots_[probe(key, hash)];
    if (s.key == kEmpty) {
      s.key = key;
      ++size_;
    }
    s.value += n;
  }
  void add(std::uint64_t key, std::uint64_t n) { add(key, hash(key), n); }
  // The value of `key`, or 0 when it is absent.
  std::uint64_t find(std::uint64_t key) const {
    if (slots_.empty()) return 0;
    const Slot& s = slots_[probe(key, hash(key))];
    return s.key == kEmpty ? 0 : s.value;
  }
  std::size_t size() const { return size_; }
  // Makes room for `pairs` without growing (growing moves every pair).
  void reserve(std::size_t pairs) {
    std::size_t capacity = slots_.empty() ? 1024 : slots_.size();
    while (capacity < 2 * (pairs + 1)) capacity *= 2;
    if (capacity > slots_.size()) rehash(capacity);
  }

  // Removes every pair whose value is at most `most` (word2vec's
  // ReduceVocab, applied to pairs).
  void remove_at_most(std::uint64_t most);

  // Calls visit(key, value) for every pair, in table order.
  template <class Visit>
  void for_each(Visit&& visit) const {
    for (const Slot& s : slots_)
      if (s.key != kEmpty) visit(s.key, s.value);
  }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};  // ids are below 2^31, so no key is this
  struct Slot {
    std::uint64_t key = kEmpty;
    std::uint64_t value = 0;
  };
  std::size_t probe(std::uint64_t key, std::uint64_t hash) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t s = static_cast<std::size_t>(hash) & mask;
    while (slots_[s].key != kEmpty && slots_[s].key != key) s = (s + 1) & mask;
    return s;
  }
  void rehash(std::size_t capacity);
  void grow() { rehash(slots_.empty() ? 1024 : 2 * slots_.size()); }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace wordvec
