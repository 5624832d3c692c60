#pragma once
// Owns: drawing negative samples (alias table) and frequent-word subsampling.
#include <cstdint>
#include <vector>

#include "base/random.h"
#include "base/word_id.h"

namespace wordvec {

// Draws negative samples from counts^power (word2vec: power 0.75) with
// Walker's alias method: O(1) per draw from two arrays of vocabulary size
// (a 68k vocabulary takes 0.5 MB and stays in L2, unlike word2vec's 400 MB
// table).
class NoiseSampler {
 public:
  NoiseSampler(const std::vector<std::uint64_t>& counts, double power = 0.75);

  WordId sample(Rng& rng) const {
    const std::uint32_t bucket = rng.below(static_cast<std::uint32_t>(prob_.size()));
    return rng.next() < prob_[bucket] ? static_cast<WordId>(bucket) : alias_[bucket];
  }

  // The exact probability of drawing `id`, for tests.
  double probability(WordId id) const { return weights_[id]; }

 private:
  std::vector<std::uint32_t> prob_;  // keep-bucket threshold scaled to 2^32
  std::vector<WordId> alias_;
  std::vector<double> weights_;
};

// Frequent-word subsampling with word2vec's formula: a word of frequency f
// (count / total) is kept with probability (sqrt(f / t) + 1) * t / f, capped
// at 1, where t is the --sample threshold. t <= 0 keeps every word.
class Subsampler {
 public:
  Subsampler(const std::vector<std::uint64_t>& counts, double threshold);

  bool keep(WordId id, Rng& rng) const {
    return rng.next() < keep_[id];
  }
  double keep_probability(WordId id) const;

 private:
  std::vector<std::uint64_t> keep_;  // probability scaled to 2^32 (2^32 = always)
};

}  // namespace wordvec
