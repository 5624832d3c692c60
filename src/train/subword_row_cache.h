#pragma once
// Owns: a worker's subword input vectors by sentence position: composed once, trained in place, their change scattered once.
#include <cstddef>
#include <vector>

#include "base/matrix.h"
#include "base/word_id.h"
#include "text/word_ngrams.h"

namespace wordvec {

// With subwords a word's input vector is the mean of its own row and its
// n-gram rows (fastText), and the gradient of that mean goes in full to each
// of those rows. Composing it for every window that holds the word would
// read ~16 rows each time; instead a sentence position's vector is composed
// once, when a window first asks for it, and kept in a slot where the
// kernels train it in place like a plain input row. As every row of the mean
// gets the mean's gradient in full, the kept vector stays the mean of the
// updated rows (but for other positions' changes to rows they share, which
// land later, as in Hogwild). When the slot is needed for a later position,
// or the sentence ends, the position's change (trained - composed) is added
// once to each of its rows.
//
// Slot = position mod a power of two above 2 * window, so no position is
// evicted while a window still holds it (a window spans 2 * window + 1).
class SubwordRowCache {
 public:
  SubwordRowCache(Matrix& input, Matrix& buckets, const WordNgrams& ngrams, int window);

  // The trained input vector of sentence[position], composed on first use.
  float* at(const std::vector<WordId>& sentence, int position) {
    const std::size_t slot = static_cast<std::size_t>(position) & mask_;
    if (positions_[slot] != position) load(sentence, position, slot);
    return trained_.row(slot);
  }
  // Brings the rows that composing sentence[position] reads towards L1.
  void prefetch(const std::vector<WordId>& sentence, int position) const;
  // Scatters every held position's change and empties the slots: call when
  // a sentence ends, before the next one.
  void flush();

 private:
  void load(const std::vector<WordId>& sentence, int position, std::size_t slot);
  void store(std::size_t slot);

  Matrix* input_;
  Matrix* buckets_;
  const WordNgrams* ngrams_;
  std::size_t mask_;
  std::vector<int> positions_;  // by slot: the position held, or -1
  std::vector<WordId> words_;   // by slot: that position's word
  Matrix trained_, composed_;   // by slot: the vector the kernels train, and as it was composed
};

}  // namespace wordvec
