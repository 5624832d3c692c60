#pragma once
// Owns: the skip-gram objective: which input rows predict which target word around each centre.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "base/random.h"
#include "base/word_id.h"
#include "train/input_rows.h"

namespace wordvec {

// Skip-gram: every word within a centre's window predicts the centre word.
// Each centre's reach is drawn uniformly from 1..window (word2vec's dynamic
// window, which weighs near words more than far ones). A CBOW objective would
// give the same inputs but predict from their mean.
class SkipGram {
 public:
  SkipGram(InputRows rows, int window) : rows_(rows), window_(window) {}

  // The word that the inputs around `centre` predict.
  WordId target(const std::vector<WordId>& sentence, int centre) const {
    return sentence[static_cast<std::size_t>(centre)];
  }

  // Draws the centre's reach, then writes the input rows of the words within
  // it, in sentence order (at most 2 * window); returns how many.
  int inputs(const std::vector<WordId>& sentence, int centre, Rng& rng, float** rows) const {
    const int n = static_cast<int>(sentence.size());
    const int reach = window_ - static_cast<int>(rng.below(static_cast<std::uint32_t>(window_)));
    int count = 0;
    for (int j = std::max(0, centre - reach); j <= std::min(n - 1, centre + reach); ++j)
      if (j != centre) rows[count++] = rows_.at(sentence, j);
    return count;
  }

  // Prefetches the input row that can first be an input at `centre`: the
  // word a full window to its right (the others were inputs before).
  void prefetch_inputs(const std::vector<WordId>& sentence, int centre) const {
    const int entering = centre + window_;
    if (static_cast<std::size_t>(entering) < sentence.size()) rows_.prefetch(sentence, entering);
  }

 private:
  InputRows rows_;
  int window_;
};

}  // namespace wordvec
