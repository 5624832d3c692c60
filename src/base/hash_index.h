#pragma once
// Owns: the open-addressing hash table of word ids under Vocabulary and WordIndex.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include <xxhash.h>

#include "base/word_id.h"

namespace wordvec {

// A power-of-two table of word ids probed linearly. It stores ids only: the
// caller keeps the words and says, through `same(id)`, whether the word it
// looks for is the one stored under an id, so one core serves an exact
// vocabulary and a case-folded index alike. The load factor is kept at most
// 1/2, so probe sequences stay short.
class HashIndex {
 public:
  static std::uint64_t hash(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

  // Empties the table and sizes it for `entries` ids.
  void reset(std::size_t entries) {
    std::size_t capacity = 16;
    while (capacity < 2 * entries + 2) capacity *= 2;
    slots_.assign(capacity, 0);
  }
  // True when one more id would push the load factor over 1/2.
  bool full(std::size_t entries) const { return 2 * (entries + 1) > slots_.size(); }

  // The slot holding an id for which same(id) is true, or else the empty
  // slot where such an id would go. The table must not be empty.
  template <class Same>
  std::size_t probe(std::uint64_t hash, const Same& same) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t s = static_cast<std::size_t>(hash) & mask;
    while (slots_[s] != 0 && !same(slots_[s] - 1)) s = (s + 1) & mask;
    return s;
  }
  // The id in `slot`, or kNoWord when it is empty.
  WordId at(std::size_t slot) const { return slots_[slot] - 1; }
  void set(std::size_t slot, WordId id) { slots_[slot] = id + 1; }
  bool empty() const { return slots_.empty(); }

 private:
  std::vector<WordId> slots_;  // id + 1; 0 is an empty slot (so kNoWord + 1 == 0 never collides)
};

}  // namespace wordvec
